// Broadsheet's main window as a reader sees it: the sources on the left, the
// article list in the middle, the reader on the right, and a toolbar. Every
// locator uses the roles and names a screen reader would announce.
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { AddFeedDialog } from './add-feed-dialog.ts';
import { FeedSettingsDialog } from './feed-settings-dialog.ts';
import { FolderDialog } from './folder-dialog.ts';
import { startsWith } from './names.ts';
import { SavePageDialog } from './save-page-dialog.ts';
import { SettingsScreen } from './settings-screen.ts';
import { SearchPanel } from './search-panel.ts';
import { ShortcutsOverlay } from './shortcuts-overlay.ts';

export type BuiltInView = 'All articles' | 'Unread' | 'Bookmarks' | 'Saved' | 'Archive';

export interface LaunchOptions {
  /** Start with no network: only Broadsheet's own address answers. */
  offline?: boolean;
  /** Runs on the new window before Broadsheet loads in it (to watch its very first frames). */
  beforeLoad?: (page: Page) => Promise<void>;
}

/** Where an article's full text stands, as the list marks it. */
export type DownloadState = 'none' | 'queued' | 'downloading' | 'done' | 'failed' | 'not_article';

export class BroadsheetApp {
  #page: Page;
  readonly #relaunch: (options?: LaunchOptions) => Promise<Page>;
  readonly #blocked: () => string[];
  readonly addFeedDialog: AddFeedDialog;
  readonly savePageDialog: SavePageDialog;
  readonly feedSettings: FeedSettingsDialog;
  readonly folderDialog: FolderDialog;

  constructor(page: Page, relaunch: (options?: LaunchOptions) => Promise<Page>, blocked: () => string[] = () => []) {
    this.#page = page;
    this.#relaunch = relaunch;
    this.#blocked = blocked;
    this.addFeedDialog = new AddFeedDialog(() => this.#page);
    this.savePageDialog = new SavePageDialog(() => this.#page);
    this.feedSettings = new FeedSettingsDialog(() => this.#page);
    this.folderDialog = new FolderDialog(() => this.#page);
  }

  get page(): Page {
    return this.#page;
  }

  // ── Sources ────────────────────────────────────────────────────────────

  get sources(): Locator {
    return this.#page.getByRole('navigation', { name: 'Sources' });
  }

  /** A feed, a folder or a built-in view ("All articles", "Unread", "Bookmarks") in the sources pane. */
  source(title: string): Locator {
    const name = startsWith(title);
    return this.sources
      .getByRole('treeitem', { name })
      .or(this.sources.getByRole('button', { name }))
      .or(this.sources.getByRole('link', { name }))
      .first();
  }

  /** The names of every entry in the sources pane, in order (views, then folders and feeds as they are shown). */
  async sourceNames(): Promise<string[]> {
    return accessibleNames(this.sources.locator('.smart button, [role="treeitem"]'));
  }

  async selectSource(title: string): Promise<void> {
    // A folder's item holds its feeds too: its own row is what a person clicks.
    const entry = this.source(title);
    const row = entry.locator(':scope > .entry');
    await ((await row.count()) > 0 ? row : entry).click();
    await this.expectSelected(title);
  }

  /** The source or view on screen: a selected tree item (a feed or folder), or the current view. */
  async expectSelected(title: string): Promise<void> {
    const entry = this.source(title);
    await expect(entry).toBeVisible();
    const inTree = (await entry.getAttribute('role')) === 'treeitem';
    await expect(entry).toHaveAttribute(inTree ? 'aria-selected' : 'aria-current', 'true');
  }

  /** The unread count shown next to a source or folder; no number shown means none unread. Throws when the entry is not there. */
  async unreadCount(title: string): Promise<number> {
    if ((await this.source(title).count()) === 0) throw new Error(`There is no “${title}” in the sources pane.`);
    const [label = ''] = await accessibleNames(this.source(title));
    const match = /([\d,]+) unread/.exec(label.slice(label.indexOf(title) + title.length));
    return match?.[1] ? Number(match[1].replace(/,/g, '')) : 0;
  }

  async expectUnreadCount(title: string, count: number): Promise<void> {
    await expect.poll(() => this.unreadCount(title), { message: `unread count of ${title}` }).toBe(count);
  }

  // ── Folders and feed settings ─────────────────────────────────────────

  /** The feeds and folders, as a tree (folders open and close with the arrow keys). */
  get feedTree(): Locator {
    return this.sources.getByRole('tree', { name: 'Feeds' });
  }

  folder(name: string): Locator {
    return this.feedTree.getByRole('treeitem', { name: startsWith(name) }).and(this.#page.locator('.folder')).first();
  }

  /** The feeds shown directly inside a folder, by name, in order. */
  async feedsIn(folder: string): Promise<string[]> {
    return this.folder(folder)
      .locator(':scope > [role="group"] > [role="treeitem"]:not(.folder)')
      .evaluateAll((els) => els.map((el) => el.querySelector('.title')?.textContent?.trim() ?? ''));
  }

  /** The feeds outside any folder, by name, in order. */
  async topLevelFeeds(): Promise<string[]> {
    return this.feedTree
      .locator(':scope > [role="treeitem"]:not(.folder)')
      .evaluateAll((els) => els.map((el) => el.querySelector('.title')?.textContent?.trim() ?? ''));
  }

  get newFolderButton(): Locator {
    return this.#page.getByRole('button', { name: 'New folder', exact: true });
  }

  async createFolder(name: string): Promise<void> {
    await this.newFolderButton.click();
    await this.folderDialog.submitName(name);
    await expect(this.folder(name)).toBeVisible();
  }

  /** Opens a feed's or folder's menu with its menu button and picks an item. */
  async chooseFromMenu(title: string, item: string): Promise<void> {
    const entry = this.source(title);
    await entry.locator('.entry').first().hover();
    await entry.getByRole('button', { name: new RegExp(`^(Feed|Folder) options for `) }).first().click();
    await this.#page.getByRole('menu').getByRole('menuitem', { name: item }).click();
  }

  async renameFolder(name: string, to: string): Promise<void> {
    await this.chooseFromMenu(name, 'Rename…');
    await this.folderDialog.submitName(to);
    await expect(this.folder(to)).toBeVisible();
  }

  /** Asks to delete a folder; the confirmation is left open to read. */
  async askToDeleteFolder(name: string): Promise<Locator> {
    await this.chooseFromMenu(name, 'Delete folder…');
    await expect(this.folderDialog.deleteConfirmation).toBeVisible();
    return this.folderDialog.deleteConfirmation;
  }

  async openFeedSettings(title: string): Promise<FeedSettingsDialog> {
    await this.chooseFromMenu(title, 'Feed settings…');
    await expect(this.feedSettings.dialog).toBeVisible();
    return this.feedSettings;
  }

  /** Files a feed in a folder through its settings. */
  async moveFeedToFolder(title: string, folder: string): Promise<void> {
    const settings = await this.openFeedSettings(title);
    await settings.chooseFolder(folder);
    await settings.save();
  }

  /** The quiet mark on a feed whose last refresh failed or which has stopped, named by what happened. */
  feedProblem(title: string): Locator {
    return this.source(title).getByRole('img', { name: /^(Last refresh failed|Stopped)/ });
  }

  /** The calm note above a feed's articles when it could not be updated, with "Try again" or "Check again". */
  get listProblem(): Locator {
    return this.#page.locator('bs-article-list .feed-problem');
  }

  // ── Toolbar ────────────────────────────────────────────────────────────

  get addFeedButton(): Locator {
    return this.#page.getByRole('button', { name: 'Add feed', exact: true }).first();
  }

  get refreshAllButton(): Locator {
    return this.#page.getByRole('button', { name: 'Refresh all', exact: true }).first();
  }

  get settingsButton(): Locator {
    return this.#page.getByRole('button', { name: 'Settings', exact: true }).first();
  }

  /** Settings → "Download full articles": new articles, bookmarked only, or never. */
  async setDownloadPolicy(choice: 'New articles' | 'Bookmarked only' | 'Never'): Promise<void> {
    await this.settingsButton.click();
    const policy = this.#page.getByRole('combobox', { name: 'Download full articles' });
    await policy.selectOption({ label: choice });
    await expect(policy).toHaveValue(choice === 'New articles' ? 'new' : choice === 'Never' ? 'never' : 'bookmarked');
    await this.settings.close();
  }

  /** The Settings screen (opened with the Settings button). */
  get settings(): SettingsScreen {
    return new SettingsScreen(() => this.#page);
  }

  // ── List header: order and mark all read ───────────────────────────────

  /** The list's heading line under the title: "7 unread · 8 articles". */
  get listSummary(): Locator {
    return this.#page.locator('bs-article-list header .sub');
  }

  get orderButton(): Locator {
    return this.#page.getByRole('button', { name: /^Order: / });
  }

  async showOrder(order: 'newest' | 'oldest'): Promise<void> {
    if (!(await this.orderButton.getAttribute('aria-label'))?.includes(order)) await this.orderButton.click();
    await expect(this.orderButton).toHaveAccessibleName(`Order: ${order} first`);
  }

  get markAllReadButton(): Locator {
    return this.#page.getByRole('button', { name: 'Mark all read', exact: true });
  }

  /** The toast after "Mark all read", with its Undo button. */
  get undoToast(): Locator {
    return this.#page.getByRole('status').filter({ has: this.#page.getByRole('button', { name: 'Undo' }) });
  }

  /** The titles of the listed articles, in order. */
  async articleTitles(): Promise<string[]> {
    return this.articles.evaluateAll((els) => els.map((el) => el.querySelector('.title')?.textContent?.trim() ?? ''));
  }

  get previousArticleButton(): Locator {
    return this.reader.getByRole('button', { name: 'Previous article' });
  }

  get nextArticleButton(): Locator {
    return this.reader.getByRole('button', { name: 'Next article' });
  }

  get savePageButton(): Locator {
    return this.#page.getByRole('button', { name: 'Save page', exact: true }).first();
  }

  async openSavePageDialog(): Promise<SavePageDialog> {
    await this.savePageButton.click();
    await expect(this.savePageDialog.dialog).toBeVisible();
    await expect(this.savePageDialog.addressField).toBeFocused();
    return this.savePageDialog;
  }

  /** Puts `text` on the clipboard and presses Ctrl+V (⌘V on a Mac) with no text field focused. */
  async pasteFromClipboard(text: string): Promise<void> {
    const origin = new URL(this.#page.url()).origin;
    await this.#page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await this.#page.evaluate((value) => navigator.clipboard.writeText(value), text);
    await this.#page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.#page.keyboard.press('ControlOrMeta+V');
  }

  /** Saves a page by its address through the dialog; the saved page then opens in the reader. */
  async savePage(address: string, title: string | RegExp): Promise<void> {
    const dialog = await this.openSavePageDialog();
    await dialog.enterAddress(address);
    await dialog.save();
    await dialog.expectClosed();
    await expect(this.readerTitle).toHaveText(title);
  }

  /** Imports an HTML file through "Save a page" → "Import HTML file"; the page then opens in the reader. */
  async importPage(file: string, title: string | RegExp): Promise<void> {
    const dialog = await this.openSavePageDialog();
    await dialog.importFile(file);
    await dialog.expectClosed();
    await expect(this.readerTitle).toHaveText(title);
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

  /** How far each listed article's full text has got, in list order. */
  async downloadStates(): Promise<DownloadState[]> {
    return this.articles.evaluateAll((els) => els.map((el) => (el.getAttribute('data-download') ?? 'none') as DownloadState));
  }

  /** Waits until every listed article has its full text and images stored. */
  async expectAllDownloaded(count: number): Promise<void> {
    await expect(this.articles).toHaveCount(count);
    await expect
      .poll(() => this.downloadStates(), { message: 'every article downloaded', timeout: 60_000 })
      .toEqual(Array.from({ length: count }, () => 'done'));
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

  get archiveToggle(): Locator {
    return this.reader.getByRole('button', { name: /^(Archive|Unarchive)$/ });
  }

  /** The article's site, byline, date and reading time, under its title. */
  get readerByline(): Locator {
    return this.reader.locator('article header');
  }

  /** Every picture in the open article: stored images, and placeholders for images that could not be saved. */
  get readerImages(): Locator {
    return this.reader.locator('article img');
  }

  get missingImagePlaceholders(): Locator {
    return this.reader.locator('article').getByRole('img').and(this.reader.locator('.bs-missing-image'));
  }

  /** The calm line in the reader about the article's download (in progress, failed, not an article). */
  readerNote(text: RegExp): Locator {
    return this.reader.getByText(text);
  }

  /** Checks that the open article shows `count` images (at least one) and that each really loaded. */
  async expectImagesLoaded(count?: number): Promise<void> {
    const images = this.readerImages;
    if (count !== undefined) await expect(images).toHaveCount(count);
    else await expect(images.first()).toBeAttached();
    for (const image of await images.all()) {
      await image.scrollIntoViewIfNeeded();
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), {
          message: `image ${await image.getAttribute('src')} loaded`,
        })
        .toBe(true);
    }
  }

  async bookmarkOpenArticle(): Promise<void> {
    await expect(this.bookmarkToggle).toHaveAttribute('aria-pressed', 'false');
    await this.bookmarkToggle.click();
    await expect(this.bookmarkToggle).toHaveAttribute('aria-pressed', 'true');
  }

  // ── Search and the keyboard ────────────────────────────────────────────

  /** The "Search articles" field and the results that stand in for the list. */
  get search(): SearchPanel {
    return new SearchPanel(() => this.#page);
  }

  get shortcutsOverlay(): ShortcutsOverlay {
    return new ShortcutsOverlay(() => this.#page);
  }

  /** The hidden link at the very top of the page that jumps to the article list. */
  get skipLink(): Locator {
    return this.#page.getByRole('link', { name: 'Skip to the article list' });
  }

  /** Presses a shortcut key with nothing typed-into in focus (as after clicking the page). */
  async pressShortcut(key: string): Promise<void> {
    await this.#page.keyboard.press(key);
  }

  /** The pane (landmark) that holds keyboard focus: "Sources", "Articles", "Reader", or null. */
  async focusedPane(): Promise<string | null> {
    return this.#page.evaluate(() => {
      let node: Element | null = document.activeElement;
      while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
      for (let at: Node | null = node; at; at = at instanceof ShadowRoot ? at.host : at.parentNode) {
        if (at instanceof HTMLElement && /^(NAV|MAIN|SECTION)$/.test(at.tagName) && at.getAttribute('aria-label')) {
          return at.getAttribute('aria-label');
        }
      }
      return null;
    });
  }

  /** How the focused element's focus ring is drawn (the element inside shadow roots included). */
  async focusRing(): Promise<{ name: string; style: string; width: number; color: string; accent: string }> {
    return this.#page.evaluate(() => {
      let node: Element | null = document.activeElement;
      while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
      if (!node) return { name: '', style: 'none', width: 0, color: '', accent: '' };
      // A list that keeps focus itself draws the ring on its active option.
      const active = node.getAttribute('aria-activedescendant');
      const root = node.getRootNode() as Document | ShadowRoot;
      if (active && root.getElementById(active)) node = root.getElementById(active) as Element;
      // A tree item draws the ring on its own row, not around the folder's contents below it.
      if (node.getAttribute('role') === 'treeitem') node = node.querySelector(':scope > .entry') ?? node;
      const style = getComputedStyle(node);
      // The accent, resolved to the same rgb() form the outline colour takes.
      const probe = document.createElement('i');
      probe.style.color = 'var(--focus)';
      document.body.append(probe);
      const accent = getComputedStyle(probe).color;
      probe.remove();
      const name = node.getAttribute('aria-label') ?? node.textContent?.trim().slice(0, 60) ?? node.tagName;
      if (style.outlineStyle === 'none' && node.getAttribute('role') === 'separator') {
        // A pane splitter shows focus as a bar in the accent colour instead of an outline.
        const bar = getComputedStyle(node, '::after');
        return { name, style: 'bar', width: parseFloat(bar.width), color: bar.backgroundColor, accent };
      }
      return { name, style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor, accent };
    });
  }

  async expectVisibleFocus(): Promise<void> {
    const ring = await this.focusRing();
    expect(ring.style, `focus ring on ${ring.name}`).not.toBe('none');
    expect(ring.width, `focus ring width on ${ring.name}`).toBeGreaterThanOrEqual(2);
    expect(ring.color, `focus ring colour on ${ring.name}`).toBe(ring.accent);
  }

  // ── Whole window ───────────────────────────────────────────────────────

  /** The one quiet line the sources pane shows when nothing could be reached. */
  get offlineIndicator(): Locator {
    return this.#page.getByRole('status').filter({ hasText: /offline/i });
  }

  /** Requests the window made to anywhere but Broadsheet itself while it was started offline. */
  requestsOffTheApp(): string[] {
    return this.#blocked();
  }

  /** Something that announces an empty state, such as "No feeds yet". */
  status(text: RegExp): Locator {
    return this.#page.getByRole('status').filter({ hasText: text }).first();
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.#page.locator('bs-app')).toBeAttached();
    await expect(this.sources).toBeVisible();
  }

  /** Quits and starts Broadsheet again on the same library (a new host, a new address and key on the web). */
  async restart(options: LaunchOptions = {}): Promise<void> {
    this.#page = await this.#relaunch(options);
    await this.waitUntilReady();
  }

  /** Attaches a screenshot of the window in the light, dark and sepia themes to the test report. */
  async captureScreen(testInfo: TestInfo, name: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await this.#page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await expect(this.#page.locator('html')).toHaveAttribute('data-theme', scheme);
      const body = await this.#page.screenshot({ animations: 'disabled' });
      await testInfo.attach(`${name} (${scheme})`, { body, contentType: 'image/png' });
    }
    await this.#page.emulateMedia({ colorScheme: 'light' });
    const html = this.#page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'light');
    // Sepia is chosen, not followed from the system: the page is shown in its colours for the picture
    // (the same tokens the Sepia setting applies) and put back, so a dialog on screen stays open.
    await html.evaluate((el) => (el.dataset['theme'] = 'sepia'));
    const sepia = await this.#page.screenshot({ animations: 'disabled' });
    await testInfo.attach(`${name} (sepia)`, { body: sepia, contentType: 'image/png' });
    await html.evaluate((el) => (el.dataset['theme'] = 'light'));
  }
}

/** The names a screen reader gives elements named by aria-labelledby, aria-label or their text. */
function accessibleNames(elements: Locator): Promise<string[]> {
  return elements.evaluateAll((els) =>
    els.map((el) => {
      const root = el.getRootNode() as Document | ShadowRoot;
      const ids = el.getAttribute('aria-labelledby');
      const text = ids
        ? ids
            .split(/\s+/)
            .map((id) => root.getElementById(id))
            .map((part) => part?.getAttribute('aria-label') ?? part?.textContent ?? '')
            .join(' ')
        : (el.getAttribute('aria-label') ?? el.textContent ?? '');
      return text.replace(/\s+/g, ' ').trim();
    }),
  );
}
