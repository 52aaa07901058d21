// A damaged library file, as a reader meets it. Broadsheet is used as anyone
// would (a feed followed, an article bookmarked, a backup made), then stopped,
// and the library file is overwritten with noise. On the next start the app
// still opens: it says in plain words that the library could not be read,
// where the damaged file was kept, and offers the backup by its date; one
// click brings the feed and the bookmark back and the notice goes. Or the
// reader keeps the empty library: asked first, in plain words, and the
// backups stay in Settings for later.
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

/** Uses Broadsheet as anyone would (a feed, a bookmark, a backup), then overwrites the library file with noise while it is closed. */
async function useThenDamage(browser: Browser, dataDir: string, rssUrl: string): Promise<void> {
  const [first] = HARBOUR_GAZETTE.articles;
  await test.step('Broadsheet is used: a feed, a bookmark, a backup', async () => {
    const run = await start(browser, dataDir);
    try {
      await run.app.subscribeTo(rssUrl);
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
}

test('A damaged library opens empty, says so plainly, and one click restores the backup', async ({ webBrowser, dataDir, newsSite }, testInfo) => {
  test.skip(testInfo.project.name !== 'web' || webBrowser === null, 'Starts the web host on a library folder it damages between two runs.');
  test.setTimeout(120_000);
  const [first] = HARBOUR_GAZETTE.articles;

  await useThenDamage(webBrowser!, dataDir, newsSite.rssUrl);

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

test('Keeping the empty library instead asks first, in plain words; the notice then goes for good and the backups stay', async ({ webBrowser, dataDir, newsSite }, testInfo) => {
  test.skip(testInfo.project.name !== 'web' || webBrowser === null, 'Starts the web host on a library folder it damages between two runs.');
  test.setTimeout(120_000);
  await useThenDamage(webBrowser!, dataDir, newsSite.rssUrl);

  const run = await start(webBrowser!, dataDir);
  /** A picture of the window, kept with the test's results and attached to its report. */
  const shoot = async (name: string) => {
    const file = testInfo.outputPath(`${name}.png`);
    await run.page.screenshot({ path: file });
    await testInfo.attach(name, { path: file, contentType: 'image/png' });
  };
  try {
    const notices = run.page.getByRole('region', { name: 'Notices' });
    const keep = notices.getByRole('button', { name: 'Keep the empty library' });
    const question = run.page.getByRole('alertdialog', { name: 'Keep the empty library?' });
    const kept = (await readdir(path.join(dataDir, 'damaged'))).find((name) => name.endsWith('.db')) ?? '';

    await test.step('The notice offers the backup, or keeping the empty library', async () => {
      await expect(notices.getByRole('alert')).toContainText('Broadsheet could not read your library file');
      await expect(notices.getByRole('button', { name: /^Restore backup from / })).toBeVisible();
      await expect(keep).toBeVisible();
      await expect(notices.getByRole('button', { name: /^Dismiss/ })).toHaveCount(0);
      for (const scheme of ['light', 'dark'] as const) {
        await run.page.emulateMedia({ colorScheme: scheme });
        await expect(run.page.locator('html')).toHaveAttribute('data-theme', scheme);
        await shoot(`notice-${scheme}`);
      }
    });

    await test.step('Keeping it asks first, says where the damaged file and the backups stay, and Cancel changes nothing', async () => {
      await keep.click();
      await expect(question).toBeVisible();
      await expect(question).toContainText(
        `Your damaged file stays in ${path.join(dataDir, 'damaged', kept)}, and your backups stay in Settings \u2192 Backups, where you can restore one later.`,
      );
      for (const scheme of ['dark', 'light'] as const) {
        await run.page.emulateMedia({ colorScheme: scheme });
        await expect(run.page.locator('html')).toHaveAttribute('data-theme', scheme);
        await shoot(`keep-empty-question-${scheme}`);
      }
      await question.getByRole('button', { name: 'Cancel' }).click();
      await expect(question).toBeHidden();
      await expect(keep).toBeVisible();
    });

    await test.step('Saying yes keeps the empty library: the notice goes, even after a reload, and the backup is still in Settings', async () => {
      await keep.click();
      await question.getByRole('button', { name: 'Keep the empty library' }).click();
      await expect(notices).toHaveCount(0);
      await run.page.reload();
      await run.app.waitUntilReady();
      await expect(run.page.getByRole('region', { name: 'Notices' })).toHaveCount(0);
      await expect(run.app.source(HARBOUR_GAZETTE.title)).toHaveCount(0);
      await run.app.settings.open();
      await expect(run.app.settings.backups).toHaveCount(1);
      await run.app.settings.close();
    });
  } finally {
    await run.stop();
  }
});
