// Broadsheet's main window as a reader sees it: the sources on the left, the
// article list in the middle, the reader on the right, and a toolbar. Every
// locator uses the roles and names a screen reader would announce.
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { AddFeedDialog } from './add-feed-dialog.ts';
import { startsWith } from './names.ts';

export type BuiltInView = 'All articles' | 'Unread' | 'Bookmarks';

export class BroadsheetApp {
  #page: Page;
  readonly #relaunch: () => Promise<Page>;
  readonly addFeedDialog: AddFeedDialog;

  constructor(page: Page, relaunch: () => Promise<Page>) {
    this.#page = page;
    this.#relaunch = relaunch;
    this.addFeedDialog = new AddFeedDialog(() => this.#page);
  }

  get page(): Page {
    return this.#page;
  }

  // ── Sources ────────────────────────────────────────────────────────────

  get sources(): Locator {
    return this.#page.getByRole('navigation', { name: 'Sources' });
  }

  /** A feed or a built-in view ("All articles", "Unread", "Bookmarks") in the sources pane. */
  source(title: string): Locator {
    const name = startsWith(title);
    return this.sources.getByRole('button', { name }).or(this.sources.getByRole('link', { name })).first();
  }

  /** The names of every entry in the sources pane, in order. */
  async sourceNames(): Promise<string[]> {
    const entries = this.sources.getByRole('button').or(this.sources.getByRole('link'));
    return (await entries.evaluateAll((els) => els.map((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim())));
  }

  async selectSource(title: string): Promise<void> {
    await this.source(title).click();
    await expect(this.source(title)).toHaveAttribute('aria-current', /^(true|page)$/);
  }

  /** The unread count shown next to a source; no number shown means none unread. */
  async unreadCount(title: string): Promise<number> {
    const entry = this.source(title);
    const label = await entry.evaluate((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim());
    const rest = label.slice(label.indexOf(title) + title.length);
    const match = /\d+/.exec(rest);
    return match ? Number(match[0]) : 0;
  }

  async expectUnreadCount(title: string, count: number): Promise<void> {
    await expect.poll(() => this.unreadCount(title), { message: `unread count of ${title}` }).toBe(count);
  }

  // ── Toolbar ────────────────────────────────────────────────────────────

  get addFeedButton(): Locator {
    return this.#page.getByRole('button', { name: 'Add feed', exact: true }).first();
  }

  get refreshAllButton(): Locator {
    return this.#page.getByRole('button', { name: 'Refresh all', exact: true }).first();
  }

  async openAddFeedDialog(): Promise<AddFeedDialog> {
    await this.addFeedButton.click();
    await expect(this.addFeedDialog.dialog).toBeVisible();
    await expect(this.addFeedDialog.addressField).toBeFocused();
    return this.addFeedDialog;
  }

  /** Subscribes through the dialog, the way a person would, and waits for the dialog to close. */
  async subscribeTo(address: string): Promise<void> {
    const dialog = await this.openAddFeedDialog();
    await dialog.enterAddress(address);
    await dialog.subscribe();
    await expect(dialog.dialog).toBeHidden({ timeout: 20_000 });
  }

  // ── Article list ───────────────────────────────────────────────────────

  get articleList(): Locator {
    return this.#page.getByRole('listbox', { name: 'Articles' }).or(this.#page.getByRole('list', { name: 'Articles' }));
  }

  get articles(): Locator {
    return this.articleList.getByRole('option').or(this.articleList.getByRole('listitem'));
  }

  article(title: string): Locator {
    const name = startsWith(title);
    return this.articleList.getByRole('option', { name }).or(this.articleList.getByRole('listitem', { name })).first();
  }

  async openArticle(title: string): Promise<void> {
    await this.article(title).click();
    await expect(this.readerTitle).toHaveText(title);
  }

  // ── Reader ─────────────────────────────────────────────────────────────

  get reader(): Locator {
    return this.#page.getByRole('region', { name: 'Reader' });
  }

  get readerTitle(): Locator {
    return this.reader.locator('article').getByRole('heading', { level: 1 });
  }

  get readerText(): Locator {
    return this.reader.locator('article');
  }

  get bookmarkToggle(): Locator {
    return this.reader.getByRole('button', { name: 'Bookmark' });
  }

  get openOriginalLink(): Locator {
    return this.reader.getByRole('link', { name: 'Open original' });
  }

  async bookmarkOpenArticle(): Promise<void> {
    await expect(this.bookmarkToggle).toHaveAttribute('aria-pressed', 'false');
    await this.bookmarkToggle.click();
    await expect(this.bookmarkToggle).toHaveAttribute('aria-pressed', 'true');
  }

  // ── Whole window ───────────────────────────────────────────────────────

  /** Something that announces an empty state, such as "No feeds yet". */
  status(text: RegExp): Locator {
    return this.#page.getByRole('status').filter({ hasText: text }).first();
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.#page.locator('bs-app')).toBeAttached();
    await expect(this.sources).toBeVisible();
  }

  /** Quits and starts Broadsheet again on the same library (a new host, a new address and key on the web). */
  async restart(): Promise<void> {
    this.#page = await this.#relaunch();
    await this.waitUntilReady();
  }

  /** Attaches a screenshot of the window in the light and the dark theme to the test report. */
  async captureScreen(testInfo: TestInfo, name: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await this.#page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await expect(this.#page.locator('html')).toHaveAttribute('data-theme', scheme);
      const body = await this.#page.screenshot({ animations: 'disabled' });
      await testInfo.attach(`${name} (${scheme})`, { body, contentType: 'image/png' });
    }
    await this.#page.emulateMedia({ colorScheme: 'light' });
  }
}
