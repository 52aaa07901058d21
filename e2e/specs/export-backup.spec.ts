import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures/app.ts';
import { HARBOUR_GAZETTE } from '../fixtures/news-site.ts';

test('Bookmarks export as Markdown, HTML and JSON, each a downloaded file with the article in it', async ({ app, newsSite }) => {
  const kept = HARBOUR_GAZETTE.articles[1];
  await app.subscribeTo(newsSite.rssUrl);
  await app.openArticle(kept);
  await app.bookmarkOpenArticle();
  await app.settings.open();

  for (const [format, extension] of [
    ['Markdown', /\.md$/],
    ['HTML', /\.html$/],
    ['JSON', /\.json$/],
  ] as const) {
    await test.step(`${format}`, async () => {
      const download = await app.settings.export('Bookmarks', format);
      expect(download.suggestedFilename()).toMatch(extension);
      const text = await readFile(await download.path(), 'utf8');
      if (format === 'JSON') {
        const parsed = JSON.parse(text) as unknown;
        expect(JSON.stringify(parsed)).toContain(kept);
      } else {
        expect(text).toContain(kept);
      }
      // Only the bookmarked article: another one's title is not in it.
      expect(text).not.toContain(HARBOUR_GAZETTE.articles[0]);
    });
  }
});

test('A backup brings the library back: bookmark, back up, change things, restore', async ({ app, newsSite }, testInfo) => {
  const [first, second] = HARBOUR_GAZETTE.articles;
  await app.subscribeTo(newsSite.rssUrl);
  await app.openArticle(first);
  await app.bookmarkOpenArticle();

  await test.step('Back up now adds a backup to the list, with its date and size', async () => {
    await app.settings.open();
    await app.settings.backUpNow();
    await expect(app.settings.backups.first()).toContainText(/\d+ articles? · [\d.,]+ (bytes|KB|MB)/);
    await testInfo.attach('Backups', { body: await app.page.screenshot(), contentType: 'image/png' });
    await app.settings.close();
  });

  await test.step('Then the bookmark is removed and another article bookmarked', async () => {
    await app.bookmarkToggle.click();
    await expect(app.bookmarkToggle).toHaveAttribute('aria-pressed', 'false');
    await app.openArticle(second);
    await app.bookmarkOpenArticle();
    await app.selectSource('Bookmarks');
    await expect(app.articles).toHaveCount(1);
    await expect(app.article(second)).toBeVisible();
  });

  await test.step('Restoring (after a confirmation) puts the bookmarks back as they were', async () => {
    await app.settings.open();
    await app.settings.restoreNewestBackup();
    await app.settings.close();
    await app.selectSource('Bookmarks');
    await expect(app.articles).toHaveCount(1);
    await expect(app.article(first)).toBeVisible();
  });
});
