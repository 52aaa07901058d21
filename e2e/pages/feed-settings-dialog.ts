// "Feed settings", as a person uses it: rename the feed, file it in a folder,
// choose how often it is refreshed, read how it stands, check it again, or
// unsubscribe (after a confirmation that says what goes).
import { expect, type Locator, type Page } from '@playwright/test';

export type IntervalChoice =
  | 'Use the global setting'
  | 'Every 15 minutes'
  | 'Every 30 minutes'
  | 'Every hour'
  | 'Every 3 hours'
  | 'Every 12 hours'
  | 'Once a day'
  | 'Never (refresh by hand)';

export class FeedSettingsDialog {
  readonly #page: () => Page;

  constructor(page: () => Page) {
    this.#page = page;
  }

  get dialog(): Locator {
    return this.#page().getByRole('dialog', { name: 'Feed settings' });
  }

  get nameField(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Name' });
  }

  get folderField(): Locator {
    return this.dialog.getByRole('combobox', { name: 'Folder' });
  }

  get intervalField(): Locator {
    return this.dialog.getByRole('combobox', { name: 'Refresh' });
  }

  /** "Last updated 5 min ago · Next check at 14:05". */
  get status(): Locator {
    return this.dialog.getByRole('status');
  }

  /** The last failure, or the stopped state, in plain words. */
  get problem(): Locator {
    return this.dialog.locator('.problem');
  }

  get checkAgainButton(): Locator {
    return this.dialog.getByRole('button', { name: /^(Check again|Try again)$/ });
  }

  /** The feed's own address, as shown. */
  get address(): Locator {
    return this.dialog.getByRole('definition').first();
  }

  get confirmation(): Locator {
    return this.#page().getByRole('alertdialog', { name: /^Unsubscribe from / });
  }

  async rename(name: string): Promise<void> {
    await this.nameField.fill(name);
  }

  /** Files the feed in a folder by its name, or "No folder". */
  async chooseFolder(name: string): Promise<void> {
    const option = this.folderField.getByRole('option').filter({ hasText: new RegExp(`^\\s*${escape(name)}\\s*$`) });
    const value = await option.getAttribute('value');
    await this.folderField.selectOption(value ?? '');
  }

  async chooseInterval(choice: IntervalChoice): Promise<void> {
    const option = this.intervalField.getByRole('option').filter({ hasText: new RegExp(`^\\s*${escape(choice)}`) });
    await this.intervalField.selectOption((await option.getAttribute('value')) ?? '');
  }

  /** The interval chosen, as its label says it. */
  async interval(): Promise<string> {
    return this.intervalField.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent?.trim() ?? '');
  }

  async save(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Save' }).click();
    await expect(this.dialog).toBeHidden();
  }

  async cancel(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** Asks to unsubscribe; the confirmation is left open to read. */
  async askToUnsubscribe(): Promise<Locator> {
    await this.dialog.getByRole('button', { name: 'Unsubscribe…' }).click();
    await expect(this.confirmation).toBeVisible();
    return this.confirmation;
  }

  async confirmUnsubscribe(): Promise<void> {
    await this.confirmation.getByRole('button', { name: 'Unsubscribe', exact: true }).click();
    await expect(this.confirmation).toBeHidden();
    await expect(this.dialog).toBeHidden();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
