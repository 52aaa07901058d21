import { expect, test } from '../fixtures/app.ts';
import { HARBOUR_GAZETTE } from '../fixtures/news-site.ts';

test('A new reader subscribes to a feed, and the article they open is marked as read', async ({ app, newsSite }, testInfo) => {
  const gazette = HARBOUR_GAZETTE.title;
  const opened = HARBOUR_GAZETTE.articles[1];

  await test.step('Broadsheet opens on an empty library that says what to do first', async () => {
    await expect(app.status(/no feeds/i)).toBeVisible();
    await expect(app.source('All articles')).toBeVisible();
    await expect(app.source('Unread')).toBeVisible();
    await expect(app.source('Bookmarks')).toBeVisible();
    await app.captureScreen(testInfo, 'Empty library');
  });

  await test.step('The reader opens "Add feed" and types the Harbour Gazette’s feed address', async () => {
    const dialog = await app.openAddFeedDialog();
    await dialog.enterAddress(newsSite.rssUrl);
    await app.captureScreen(testInfo, 'Add-feed dialog');
  });

  await test.step('They subscribe: the dialog closes and the new feed is selected in the sources', async () => {
    await app.addFeedDialog.subscribe();
    await expect(app.addFeedDialog.dialog).toBeHidden({ timeout: 20_000 });
    await expect(app.source(gazette)).toBeVisible();
    await app.expectSelected(gazette);
  });

  await test.step('All five articles appear, newest first, all unread', async () => {
    await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount);
    for (const [index, title] of HARBOUR_GAZETTE.articles.entries()) {
      await expect(app.articles.nth(index)).toHaveAccessibleName(new RegExp(`^\\s*${escape(title)}`));
      await expect(app.article(title)).toHaveAttribute('data-unread', 'true');
    }
    await app.expectUnreadCount(gazette, 5);
  });

  await test.step('They open the lifeboat story: it shows in the reader with its full text', async () => {
    await app.openArticle(opened);
    await expect(app.readerText).toContainText('Penhallow Point');
    await expect(app.readerText).toContainText('new volunteers are always welcome');
    await expect(app.openOriginalLink).toHaveAttribute('href', `${newsSite.origin}/2026/11/20/lifeboat-tide-rescue`);
  });

  await test.step('The story is now marked as read and the feed has one unread article fewer', async () => {
    await expect(app.article(opened)).toHaveAttribute('data-unread', 'false');
    await app.expectUnreadCount(gazette, 4);
    await expect(app.article(HARBOUR_GAZETTE.articles[0])).toHaveAttribute('data-unread', 'true');
    await app.captureScreen(testInfo, 'Article list and reader');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
