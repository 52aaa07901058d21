import { expect, test } from '../fixtures/app.ts';
import { HARBOUR_GAZETTE } from '../fixtures/news-site.ts';

const GAZETTE = HARBOUR_GAZETTE.title;
const [FERRY, LIFEBOAT, HARBOUR_WALL] = HARBOUR_GAZETTE.articles;

test('Every shortcut works from the keyboard alone, with focus always visible', async ({ app, newsSite }, testInfo) => {
  const page = app.page;

  await test.step('From the top of the page, Tab reaches a skip link with a visible focus ring', async () => {
    await page.keyboard.press('Tab');
    await expect(app.skipLink).toBeFocused();
    await expect(app.skipLink).toBeInViewport();
    await app.expectVisibleFocus();
  });

  await test.step('a opens "Add a feed"; keys typed there are the address, not shortcuts', async () => {
    await page.locator('body').press('a');
    await expect(app.addFeedDialog.dialog).toBeVisible();
    await expect(app.addFeedDialog.addressField).toBeFocused();
    await page.keyboard.type(newsSite.rssUrl);
    await expect(app.addFeedDialog.addressField).toHaveValue(newsSite.rssUrl);
    // Enter finds the feed and shows its preview, with the keyboard on Subscribe; Enter again subscribes.
    await page.keyboard.press('Enter');
    await expect(app.addFeedDialog.subscribeButton).toBeFocused({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await expect(app.addFeedDialog.dialog).toBeHidden({ timeout: 20_000 });
    await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount);
  });

  await test.step('j and k move through the articles, opening each', async () => {
    await app.pressShortcut('j');
    await expect(app.readerTitle).toHaveText(FERRY);
    await app.pressShortcut('j');
    await expect(app.readerTitle).toHaveText(LIFEBOAT);
    await app.pressShortcut('k');
    await expect(app.readerTitle).toHaveText(FERRY);
  });

  await test.step('m marks the open article unread and read again', async () => {
    await expect(app.article(FERRY)).toHaveAttribute('data-unread', 'false');
    await app.pressShortcut('m');
    await expect(app.article(FERRY)).toHaveAttribute('data-unread', 'true');
    await app.pressShortcut('m');
    await expect(app.article(FERRY)).toHaveAttribute('data-unread', 'false');
  });

  await test.step('s bookmarks the open article and takes the bookmark off again', async () => {
    await app.pressShortcut('s');
    await expect(app.bookmarkToggle).toHaveAttribute('aria-pressed', 'true');
    await expect(app.article(FERRY)).toHaveAttribute('data-bookmarked', 'true');
    await app.pressShortcut('s');
    await expect(app.bookmarkToggle).toHaveAttribute('aria-pressed', 'false');
  });

  await test.step('n skips what was read and opens the next unread article', async () => {
    await expect(app.article(LIFEBOAT)).toHaveAttribute('data-unread', 'false');
    await app.pressShortcut('n');
    await expect(app.readerTitle).toHaveText(HARBOUR_WALL);
  });

  await test.step('v opens the original page in the browser', async () => {
    // The desktop app hands the address to the system browser, which a test cannot watch; the web host opens a tab.
    if (testInfo.project.name === 'electron') return;
    const opened = page.context().waitForEvent('page');
    await app.pressShortcut('v');
    const tab = await opened;
    await expect.poll(() => tab.url()).toBe(`${newsSite.origin}/2026/11/16/harbour-wall-repairs`);
    await tab.close();
  });

  await test.step('Escape closes the article and puts the keyboard back in the list, its focus visible', async () => {
    await app.pressShortcut('Escape');
    await expect(app.reader.getByText('Select an article')).toBeVisible();
    await expect.poll(() => app.focusedPane()).toBe('Articles');
    await expect(app.articleList).toBeFocused();
  });

  await test.step('o and Enter open the article chosen in the list', async () => {
    await app.pressShortcut('o');
    await expect(app.readerTitle).toHaveText(FERRY);
    await app.pressShortcut('Escape');
    await expect(app.reader.getByText('Select an article')).toBeVisible();
    await app.pressShortcut('Enter');
    await expect(app.readerTitle).toHaveText(FERRY);
  });

  await test.step('/ goes to the search field; there j is a letter, and Escape comes back', async () => {
    await app.pressShortcut('/');
    await expect(app.search.field).toBeFocused();
    await app.expectVisibleFocus();
    await page.keyboard.type('j');
    await expect(app.search.field).toHaveValue('j');
    await expect(app.readerTitle).toHaveText(FERRY);
    await page.keyboard.press('Escape');
    await expect(app.search.field).toHaveValue('');
    await expect(app.search.results).toBeHidden();
    await expect.poll(() => app.focusedPane()).toBe('Articles');
  });

  await test.step('r refreshes every feed', async () => {
    const feedPath = new URL(newsSite.rssUrl).pathname;
    const before = newsSite.requests().filter((p) => p === feedPath).length;
    await app.pressShortcut('r');
    await expect.poll(() => newsSite.requests().filter((p) => p === feedPath).length).toBeGreaterThan(before);
  });

  await test.step('Shift+A marks everything in the view read, and Undo puts it back', async () => {
    await app.expectUnreadCount(GAZETTE, 2);
    await app.pressShortcut('Shift+A');
    await app.expectUnreadCount(GAZETTE, 0);
    await expect(app.undoToast).toBeVisible();
    await app.undoToast.getByRole('button', { name: 'Undo' }).click();
    await app.expectUnreadCount(GAZETTE, 2);
  });

  await test.step('? shows every shortcut; Escape closes the overlay', async () => {
    await page.locator('body').press('?');
    const overlay = app.shortcutsOverlay;
    await expect(overlay.dialog).toBeVisible();
    const listed = await overlay.descriptions();
    for (const description of [
      'Next article',
      'Previous article',
      'Next unread article',
      'Open the chosen article',
      'Open the original page in your browser',
      'Bookmark, or remove the bookmark',
      'Mark read or unread',
      'Mark everything in this view read (with undo)',
      'Search articles',
      'Refresh all feeds',
      'Add a feed',
      'Go back: close a dialog or the search, then the article',
      'Show these shortcuts',
    ]) {
      expect(listed).toContain(description);
    }
    await expect(overlay.closeButton).toBeFocused();
    await app.expectVisibleFocus();
    await app.captureScreen(testInfo, 'Keyboard shortcuts');
    // Shortcuts rest while the overlay is open.
    await page.keyboard.press('j');
    await expect(app.readerTitle).toHaveText(FERRY);
    await page.keyboard.press('Escape');
    await expect(overlay.dialog).toBeHidden();
  });

  await test.step('Tab walks the three panes in order — sources, articles, reader — each stop visibly focused', async () => {
    await app.skipLink.focus();
    const panes: string[] = [];
    for (let i = 0; i < 40 && !panes.includes('Reader'); i += 1) {
      await page.keyboard.press('Tab');
      await app.expectVisibleFocus();
      const pane = await app.focusedPane();
      if (pane && pane !== panes.at(-1)) panes.push(pane);
    }
    expect(panes).toEqual(['Sources', 'Articles', 'Reader']);
  });

  await test.step('The skip link jumps straight to the article list', async () => {
    await app.skipLink.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => app.focusedPane()).toBe('Articles');
    await expect(app.articleList).toBeFocused();
  });
});
