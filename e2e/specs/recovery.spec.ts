// A damaged library file, as a reader meets it. Broadsheet is used as anyone
// would (a feed followed, an article bookmarked, a backup made), then stopped,
// and the library file is overwritten with noise. On the next start the app
// still opens: it says in plain words that the library could not be read,
// where the damaged file was kept, and offers the backup by its date; one
// click brings the feed and the bookmark back and the notice goes.
import { randomBytes } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../fixtures/app.ts';
import { startHostProcess, type HostProcess } from '../fixtures/host-process.ts';
import { HARBOUR_GAZETTE } from '../fixtures/news-site.ts';
import { BroadsheetApp } from '../pages/broadsheet-app.ts';

/** The web host on `dataDir`, and Broadsheet in a fresh window on it. */
async function start(browser: Browser, dataDir: string): Promise<{ host: HostProcess; page: Page; app: BroadsheetApp; stop(): Promise<void> }> {
  const host = await startHostProcess(dataDir);
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(host.url);
  const app = new BroadsheetApp(page, () => Promise.reject(new Error('This spec starts Broadsheet itself.')));
  await app.waitUntilReady();
  return {
    host,
    page,
    app,
    async stop() {
      await context.close();
      await host.stop();
    },
  };
}

test('A damaged library opens empty, says so plainly, and one click restores the backup', async ({ webBrowser, dataDir, newsSite }, testInfo) => {
  test.skip(testInfo.project.name !== 'web' || webBrowser === null, 'Starts the web host on a library folder it damages between two runs.');
  test.setTimeout(120_000);
  const [first] = HARBOUR_GAZETTE.articles;

  await test.step('Broadsheet is used: a feed, a bookmark, a backup', async () => {
    const run = await start(webBrowser!, dataDir);
    try {
      await run.app.subscribeTo(newsSite.rssUrl);
      await run.app.openArticle(first);
      await run.app.bookmarkOpenArticle();
      await run.app.settings.open();
      await run.app.settings.backUpNow();
      await run.app.settings.close();
    } finally {
      await run.stop();
    }
  });

  await test.step('The library file is overwritten with noise while Broadsheet is closed', async () => {
    await writeFile(path.join(dataDir, 'library.db'), randomBytes(64 * 1024));
    for (const file of ['library.db-wal', 'library.db-shm']) await rm(path.join(dataDir, file), { force: true });
  });

  const run = await start(webBrowser!, dataDir);
  try {
    const notices = run.page.getByRole('region', { name: 'Notices' });
    const notice = notices.getByRole('alert');
    // Dated in the reader's own locale (here the browser's).
    const restore = notices.getByRole('button', { name: /^Restore backup from .*2\d{3}/ });

    await test.step('It opens, empty, and says what happened and where the damaged file is', async () => {
      await expect(notice).toContainText('Broadsheet could not read your library file, so it started with an empty one.');
      const kept = (await readdir(path.join(dataDir, 'damaged'))).find((name) => name.endsWith('.db'));
      expect(kept).toMatch(/^library-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.db$/);
      await expect(notice).toContainText(`The damaged file was kept in ${path.join(dataDir, 'damaged', kept ?? '')}.`);
      await expect(notice).toContainText(/You can restore the backup from \d{1,2} \w+ \d{4}, \d\d:\d\d\./);
      await expect(restore).toBeVisible();
      await expect(run.app.source(HARBOUR_GAZETTE.title)).toHaveCount(0);
      await testInfo.attach('Damaged library notice', { body: await run.page.screenshot(), contentType: 'image/png' });
    });

    await test.step('Restoring brings the feed and the bookmark back, and the notice goes', async () => {
      await restore.click();
      await expect(notices).toHaveCount(0, { timeout: 30_000 });
      await expect(run.app.source(HARBOUR_GAZETTE.title)).toBeVisible();
      await run.app.selectSource('Bookmarks');
      await expect(run.app.articles).toHaveCount(1);
      await expect(run.app.article(first)).toBeVisible();
    });

    await test.step('The notice stays gone after a reload: it was answered in the library, not only on the page', async () => {
      await run.page.reload();
      await run.app.waitUntilReady();
      await expect(run.app.source(HARBOUR_GAZETTE.title)).toBeVisible();
      await expect(run.page.getByRole('region', { name: 'Notices' })).toHaveCount(0);
    });
  } finally {
    await run.stop();
  }
});
