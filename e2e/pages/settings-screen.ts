// The Settings screen as a reader sees it: a dialog named "Settings" with
// Appearance, Reading, Downloads and refresh, and Library (export, backups).
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export type ThemeChoice = 'System' | 'Light' | 'Sepia' | 'Dark';
export type ExportScope = 'Bookmarks' | 'Saved pages' | 'Bookmarks and saved pages';
export type ExportFormat = 'Markdown' | 'HTML' | 'JSON';

export class SettingsScreen {
  readonly #page: () => Page;

  constructor(page: () => Page) {
    this.#page = page;
  }

  get dialog(): Locator {
    return this.#page().getByRole('dialog', { name: 'Settings' });
  }

  /** The paragraph set in the reading font, size, spacing and width as they are now. */
  get preview(): Locator {
    return this.dialog.getByRole('figure', { name: 'Preview' }).locator('p');
  }

  async open(): Promise<void> {
    await this.#page().getByRole('button', { name: 'Settings', exact: true }).first().click();
    await expect(this.dialog).toBeVisible();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close settings' }).click();
    await expect(this.dialog).toBeHidden();
  }

  async chooseTheme(theme: ThemeChoice): Promise<void> {
    await this.dialog.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: theme }).check();
  }

  async chooseFont(font: 'Serif' | 'Sans serif'): Promise<void> {
    await this.dialog.getByRole('group', { name: 'Reading font' }).getByRole('radio', { name: font }).check();
  }

  async chooseWidth(width: 'Narrow' | 'Medium' | 'Wide'): Promise<void> {
    await this.dialog.getByRole('group', { name: 'Text width' }).getByRole('radio', { name: width }).check();
  }

  get textSize(): Locator {
    return this.dialog.getByRole('slider', { name: 'Text size' });
  }

  get lineSpacing(): Locator {
    return this.dialog.getByRole('slider', { name: 'Line spacing' });
  }

  get justify(): Locator {
    return this.dialog.getByRole('checkbox', { name: /Justify text/ });
  }

  get articleOrder(): Locator {
    return this.dialog.getByRole('combobox', { name: 'Article order' });
  }

  /** Moves a slider with the keyboard, as a person without a mouse would. */
  async nudge(slider: Locator, steps: number): Promise<void> {
    await slider.focus();
    for (let i = 0; i < Math.abs(steps); i += 1) await slider.press(steps > 0 ? 'ArrowRight' : 'ArrowLeft');
  }

  /** Exports and returns the file the browser downloads. */
  async export(scope: ExportScope, format: ExportFormat): Promise<Download> {
    await this.dialog.getByRole('combobox', { name: 'Export', exact: true }).selectOption({ label: scope });
    await this.dialog.getByRole('combobox', { name: 'Export format' }).selectOption({ label: format });
    const download = this.#page().waitForEvent('download');
    await this.dialog.getByRole('button', { name: 'Export', exact: true }).click();
    return download;
  }

  get backups(): Locator {
    return this.dialog.getByRole('list', { name: 'Backups' }).getByRole('listitem');
  }

  async backUpNow(): Promise<void> {
    const before = await this.backups.count();
    await this.dialog.getByRole('button', { name: 'Back up now' }).click();
    await expect(this.dialog.getByRole('status').filter({ hasText: /Backed up/ })).toBeVisible({ timeout: 30_000 });
    await expect(this.backups).toHaveCount(before + 1);
  }

  /** Restores the newest backup, confirming in the dialog that explains what happens. */
  async restoreNewestBackup(): Promise<void> {
    await this.backups.first().getByRole('button', { name: /^Restore/ }).click();
    const confirm = this.#page().getByRole('alertdialog', { name: 'Restore this backup?' });
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText('kept aside');
    await confirm.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(this.dialog.getByRole('status').filter({ hasText: /Restored/ })).toBeVisible({ timeout: 30_000 });
  }
}
