import { expect, test } from '../fixtures/app.ts';
import { FIELD_NOTES } from '../fixtures/news-site.ts';

test('A bookmarked article is still there, bookmarked, after Broadsheet is restarted', async ({ app, newsSite }, testInfo) => {
  const saved = FIELD_NOTES.articles[1];

  await test.step('The reader subscribes to Field Notes (an Atom feed)', async () => {
    await app.subscribeTo(newsSite.atomUrl);
    await expect(app.articles).toHaveCount(FIELD_NOTES.articleCount);
  });

  await test.step('They open "Why the ivy matters in November" and bookmark it', async () => {
    await app.openArticle(saved);
    await app.bookmarkOpenArticle();
    await expect(app.article(saved)).toHaveAttribute('data-bookmarked', 'true');
  });

  await test.step('They quit Broadsheet and start it again on the same library', async () => {
    await app.restart();
    await expect(app.source(FIELD_NOTES.title)).toBeVisible();
  });

  await test.step('The Bookmarks view lists the article, and only that one', async () => {
    await app.selectSource('Bookmarks');
    await expect(app.articles).toHaveCount(1);
    await expect(app.article(saved)).toHaveAttribute('data-bookmarked', 'true');
  });

  await test.step('Opening it shows the whole article, still bookmarked', async () => {
    await app.openArticle(saved);
    await expect(app.readerText).toContainText('late ivy bee');
    await expect(app.bookmarkToggle).toHaveAttribute('aria-pressed', 'true');
    await app.captureScreen(testInfo, 'Bookmarks view');
  });
});
