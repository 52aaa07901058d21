import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/app.ts';
import { axeProblems, describeProblems, type AxeProblem } from '../fixtures/axe.ts';
import { FIELD_NOTES, HARBOUR_GAZETTE, PIER_NOTICES } from '../fixtures/news-site.ts';
import { SAVED_PAGE } from '../fixtures/site-pages.ts';
import type { ThemeChoice } from '../pages/settings-screen.ts';

// axe-core checks every screen against WCAG 2.1 A and AA. Any serious or
// critical problem fails the test; all of them are collected first, so one
// run shows everything there is to fix.
const THEMES: ReadonlyArray<Exclude<ThemeChoice, 'System'>> = ['Light', 'Dark', 'Sepia'];

for (const theme of THEMES) {
  test(`Every screen passes axe's WCAG 2.1 AA checks in the ${theme.toLowerCase()} theme`, async ({ app, newsSite }) => {
    // Many screens, each checked by axe: more than the default time on a busy 2-core machine.
    test.slow();
    const problems: AxeProblem[] = [];
    const check = async (screen: string) => {
      // Let entrance animations and pending renders settle before measuring contrast.
      await app.page.waitForTimeout(200);
      problems.push(...(await axeProblems(app.page, `${screen} (${theme.toLowerCase()})`)));
    };

    await test.step(`Settings, in the ${theme.toLowerCase()} theme`, async () => {
      await app.settings.open();
      await app.settings.chooseTheme(theme);
      await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
      await check('Settings');
      await app.settings.close();
    });

    await test.step('The empty library', async () => {
      await expect(app.status(/no feeds/i)).toBeVisible();
      await check('Empty library');
    });

    await test.step('Add a feed, with a problem shown, then subscribed', async () => {
      const dialog = await app.openAddFeedDialog();
      await check('Add feed dialog');
      await dialog.enterAddress(newsSite.aboutUrl);
      await dialog.subscribe();
      await expect(dialog.problem).toBeVisible({ timeout: 20_000 });
      await check('Add feed dialog with a problem');
      await dialog.enterAddress(newsSite.rssUrl);
      await dialog.subscribe();
      await expect(dialog.dialog).toBeHidden({ timeout: 20_000 });
      await app.subscribeTo(newsSite.atomUrl);
    });

    await test.step('Add a feed, with the feeds found on a site listed (two of them followed already)', async () => {
      const dialog = await app.openAddFeedDialog();
      await dialog.enterAddress(newsSite.blogUrl);
      await dialog.findFeeds();
      await expect(dialog.candidates).toHaveCount(4);
      await expect(dialog.previewItems.first()).toBeVisible();
      await check('Add feed dialog with feeds found');
      await dialog.cancel();
      await expect(dialog.dialog).toBeHidden();
    });

    await test.step('The article list and the reader', async () => {
      await app.selectSource('All articles');
      await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount + FIELD_NOTES.articleCount);
      await app.openArticle(HARBOUR_GAZETTE.articles[0]);
      await app.bookmarkOpenArticle();
      await check('List and reader');
      await app.selectSource(HARBOUR_GAZETTE.title);
      await check('A feed');
    });

    await test.step('Save a page, then each view', async () => {
      const dialog = await app.openSavePageDialog();
      await check('Save page dialog');
      await dialog.cancelButton.click();
      await expect(dialog.dialog).toBeHidden();
      await app.importPage(fileURLToPath(SAVED_PAGE.file), SAVED_PAGE.title);
      for (const view of ['Saved', 'Unread', 'Bookmarks', 'Archive', 'All articles'] as const) {
        await app.selectSource(view);
        await check(`${view} view`);
      }
    });

    await test.step('Settings with a backup listed, and the restore confirmation', async () => {
      await app.settings.open();
      await app.settings.backUpNow();
      await check('Settings with a backup');
      await app.settings.backups.first().getByRole('button', { name: /^Restore/ }).click();
      const confirm = app.page.getByRole('alertdialog', { name: 'Restore this backup?' });
      await expect(confirm).toBeVisible();
      await check('Restore confirmation');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toBeHidden();
      await app.settings.close();
    });

    await test.step('Mark all read, with its undo', async () => {
      await app.markAllReadButton.click();
      await expect(app.undoToast).toBeVisible();
      await check('Undo after mark all read');
      await app.undoToast.getByRole('button', { name: 'Undo' }).click();
    });

    await test.step('Search results, and a search that finds nothing', async () => {
      await app.search.type('tide');
      await expect(app.search.hits.first()).toBeVisible();
      await app.search.hits.first().click();
      await expect(app.readerTitle).toBeVisible();
      await check('Search results');
      await app.search.search('zeppelin');
      await expect(app.search.nothingFound).toBeVisible();
      await check('Search with no results');
      await app.search.field.press('Escape');
    });

    await test.step('The keyboard shortcuts overlay', async () => {
      await app.page.locator('body').press('?');
      await expect(app.shortcutsOverlay.dialog).toBeVisible();
      await check('Keyboard shortcuts');
      await app.page.keyboard.press('Escape');
    });

    await test.step('Folders in the sources pane, a feed’s menu and settings, a feed in error', async () => {
      await app.createFolder('Saltmarsh Quay');
      await app.moveFeedToFolder(HARBOUR_GAZETTE.title, 'Saltmarsh Quay');
      await app.selectSource('Saltmarsh Quay');
      await check('Sources with a folder');
      await app.source(FIELD_NOTES.title).locator('.entry').first().hover();
      await app.source(FIELD_NOTES.title).getByRole('button', { name: /^Feed options for / }).click();
      await expect(app.page.getByRole('menu')).toBeVisible();
      await check('A feed’s menu');
      await app.page.keyboard.press('Escape');
      const settings = await app.openFeedSettings(HARBOUR_GAZETTE.title);
      await check('Feed settings');
      const confirm = await settings.askToUnsubscribe();
      await check('Unsubscribe confirmation');
      await confirm.getByRole('button', { name: 'Keep it' }).click();
      await settings.cancel();
      await app.subscribeTo(newsSite.faultyFeedUrl);
      newsSite.setFault('500');
      try {
        await app.refreshAllButton.click();
        await expect(app.feedProblem(PIER_NOTICES.title)).toBeVisible({ timeout: 20_000 });
        await app.selectSource(PIER_NOTICES.title);
        await expect(app.listProblem).toBeVisible();
        await check('A feed in error');
        await app.openFeedSettings(PIER_NOTICES.title);
        await check('Feed settings of a feed in error');
        await app.feedSettings.cancel();
      } finally {
        newsSite.setFault('none');
      }
    });

    await test.step('Settings with the summary of an OPML import', async () => {
      await app.settings.open();
      await app.settings.importOpml({ name: 'saltmarsh-quay.opml', text: newsSite.subscriptionsOpml() });
      await expect(app.settings.unusableEntries.first()).toBeVisible();
      await check('Settings with an OPML import summary');
      await app.settings.close();
    });

    expect(problems, describeProblems(problems)).toEqual([]);
  });
}
