import { expect, test } from '../fixtures/app.ts';
import { HARBOUR_GAZETTE } from '../fixtures/news-site.ts';

test('Views: every view lists its articles, newest or oldest first, and "Mark all read" can be undone', async ({ app, newsSite }, testInfo) => {
  const gazette = HARBOUR_GAZETTE.title;
  const [newest, second] = HARBOUR_GAZETTE.articles;
  await app.subscribeTo(newsSite.rssUrl);
  await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount);

  await test.step('All articles says how many there are and how many are unread', async () => {
    await app.selectSource('All articles');
    await expect(app.listSummary).toHaveText(`${HARBOUR_GAZETTE.articleCount} unread · ${HARBOUR_GAZETTE.articleCount} articles`);
  });

  await test.step('Oldest first turns the list around, and the choice is kept', async () => {
    const newestFirst = await app.articleTitles();
    expect(newestFirst[0]).toBe(newest);
    await app.showOrder('oldest');
    await expect.poll(() => app.articleTitles()).toEqual([...newestFirst].reverse());
    await app.restart();
    await expect(app.orderButton).toHaveAccessibleName('Order: oldest first');
    await expect.poll(() => app.articleTitles()).toEqual([...newestFirst].reverse());
    await app.showOrder('newest');
    await expect.poll(() => app.articleTitles()).toEqual(newestFirst);
  });

  await test.step('Previous and next article step through the list', async () => {
    await app.openArticle(newest);
    await expect(app.previousArticleButton).toBeDisabled();
    await app.nextArticleButton.click();
    await expect(app.readerTitle).toHaveText(second);
    await app.previousArticleButton.click();
    await expect(app.readerTitle).toHaveText(newest);
  });

  await test.step('Bookmarks, Unread, Saved and Archive each show their own articles', async () => {
    await app.bookmarkOpenArticle();
    await app.selectSource('Bookmarks');
    await expect(app.articles).toHaveCount(1);
    await expect(app.article(newest)).toBeVisible();
    await app.selectSource('Unread');
    await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount - 2);
    await expect(app.listSummary).toHaveText(`${HARBOUR_GAZETTE.articleCount - 2} unread`);
    await app.selectSource('Saved');
    await expect(app.status(/Nothing saved yet/)).toBeVisible();
    await app.selectSource('Archive');
    await expect(app.status(/archive is empty/)).toBeVisible();
  });

  await test.step('Mark all read in a feed marks every article read, and the counts follow', async () => {
    await app.selectSource(gazette);
    await app.markAllReadButton.click();
    await expect(app.undoToast).toContainText(`Marked ${HARBOUR_GAZETTE.articleCount - 2} articles read`);
    await testInfo.attach('Mark all read, with Undo', { body: await app.page.screenshot(), contentType: 'image/png' });
    await expect(app.articles.and(app.page.locator('[data-unread="true"]'))).toHaveCount(0);
    await app.expectUnreadCount(gazette, 0);
    await expect(app.markAllReadButton).toBeDisabled();
  });

  await test.step('Undo brings back exactly the articles that were unread', async () => {
    await app.undoToast.getByRole('button', { name: 'Undo' }).click();
    await expect(app.undoToast).toBeHidden();
    await app.expectUnreadCount(gazette, HARBOUR_GAZETTE.articleCount - 2);
    await expect(app.articles.and(app.page.locator('[data-unread="true"]'))).toHaveCount(HARBOUR_GAZETTE.articleCount - 2);
    await app.selectSource('Unread');
    await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount - 2);
  });
});
