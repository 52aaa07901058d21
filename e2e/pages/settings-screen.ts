// The Settings screen as a reader sees it: a dialog named "Settings" with
// Appearance, Reading, Downloads and refresh, Subscriptions (OPML, how long
// articles are kept), and Library (export, backups).
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export type ThemeChoice = 'System' | 'Light' | 'Sepia' | 'Dark';
export type ExportScope = 'Bookmarks' | 'Saved pages' | 'Bookmarks and saved pages';
export type ExportFormat = 'Markdown' | 'HTML' | 'JSON';
export type Retention = 'Forever' | '1 week' | '2 weeks' | '1 month' | '3 months' | '6 months' | '1 year';

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

  /** Imports an OPML file through the file chooser, as a person picks one, and waits for the outcome. */
  async importOpml(file: { name: string; text: string }): Promise<void> {
    const chooser = this.#page().waitForEvent('filechooser');
    await this.dialog.getByRole('button', { name: 'Import OPML…' }).click();
    await (await chooser).setFiles({ name: file.name, mimeType: 'text/x-opml', buffer: Buffer.from(file.text, 'utf8') });
    await expect(this.opmlOutcome.or(this.opmlProblem).first()).toBeVisible({ timeout: 30_000 });
  }

  /** The sentence saying what the last import or export did. */
  get opmlOutcome(): Locator {
    return this.dialog.getByRole('status').filter({ hasText: /^(Added|No new feeds|Exported)/ });
  }

  get opmlProblem(): Locator {
    return this.dialog.getByRole('alert');
  }

  /** One figure of the import's summary: "Feeds added", "Folders created", "Duplicates skipped", "Not usable". */
  importFigure(label: 'Feeds added' | 'Folders created' | 'Duplicates skipped' | 'Not usable'): Locator {
    return this.dialog.locator('dl > div').filter({ has: this.#page().getByRole('term').getByText(label, { exact: true }) }).getByRole('definition');
  }

  /** The entries of the imported file that could not be used, each with its reason. */
  get unusableEntries(): Locator {
    return this.dialog.getByRole('list', { name: 'Entries that could not be used' }).getByRole('listitem');
  }

  /** Exports every subscription as OPML and returns the file the browser downloads. */
  async exportOpml(): Promise<Download> {
    const download = this.#page().waitForEvent('download');
    await this.dialog.getByRole('button', { name: 'Export OPML' }).click();
    return download;
  }

  get retention(): Locator {
    return this.dialog.getByRole('combobox', { name: 'Keep articles for' });
  }

  /** Chooses a period; a shorter one than before asks first (see retentionConfirmation). */
  async keepArticlesFor(choice: Retention): Promise<void> {
    await this.retention.selectOption({ label: choice });
  }

  /** "Keep articles for 1 month?", asked before a shorter period removes articles for good. */
  get retentionConfirmation(): Locator {
    return this.#page().getByRole('alertdialog', { name: /^Keep articles for / });
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
