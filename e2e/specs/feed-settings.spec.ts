import { expect, test } from '../fixtures/app.ts';
import { FIELD_NOTES, HARBOUR_GAZETTE, TIDE_TABLES } from '../fixtures/news-site.ts';

test('Feed settings: rename a feed and go back to its own title, choose its refresh interval, unsubscribe after a confirmation', async ({
  app,
  newsSite,
}, testInfo) => {
  const gazette = HARBOUR_GAZETTE.title;

  await test.step('The reader follows three feeds', async () => {
    await app.subscribeTo(newsSite.rssUrl);
    await app.subscribeTo(newsSite.atomUrl);
    await app.subscribeTo(newsSite.rdfUrl);
    await expect(app.source(TIDE_TABLES.title)).toBeVisible();
  });

  await test.step('The settings show where the feed lives and how it stands', async () => {
    const settings = await app.openFeedSettings(gazette);
    await expect(settings.nameField).toHaveValue('');
    await expect(settings.nameField).toHaveAttribute('placeholder', gazette);
    await expect(settings.dialog).toContainText(newsSite.rssUrl);
    await expect(settings.status).toContainText(/Last updated (just now|\d+ min ago)/);
    await expect(settings.problem).toHaveCount(0);
    await app.captureScreen(testInfo, 'Feed settings');
  });

  await test.step('A new name shows in the sources and over the list', async () => {
    await app.feedSettings.rename('Quay News');
    await app.feedSettings.save();
    await expect(app.source('Quay News')).toBeVisible();
    await app.selectSource('Quay News');
    await expect(app.page.locator('bs-article-list h2')).toHaveText('Quay News');
  });

  await test.step('An empty name goes back to the feed’s own title', async () => {
    const settings = await app.openFeedSettings('Quay News');
    await expect(settings.nameField).toHaveValue('Quay News');
    await settings.rename('');
    await settings.save();
    await expect(app.source(gazette)).toBeVisible();
    await expect(app.source('Quay News')).toHaveCount(0);
  });

  await test.step('The E key opens the selected feed’s settings; the refresh interval chosen is kept after a restart', async () => {
    await app.selectSource(gazette);
    await app.page.locator('body').press('e');
    await expect(app.feedSettings.dialog).toBeVisible();
    expect(await app.feedSettings.interval()).toMatch(/^Use the global setting \(every 30 minutes\)/);
    await app.feedSettings.chooseInterval('Every 3 hours');
    await app.feedSettings.save();
    await app.restart();
    const settings = await app.openFeedSettings(gazette);
    expect(await settings.interval()).toBe('Every 3 hours');
    await settings.cancel();
  });

  await test.step('Unsubscribing asks first and says what goes; keeping it changes nothing', async () => {
    const settings = await app.openFeedSettings(FIELD_NOTES.title);
    const confirm = await settings.askToUnsubscribe();
    await expect(confirm).toContainText(`Its ${FIELD_NOTES.articleCount} articles leave your library, except bookmarked ones, which stay in Bookmarks.`);
    await app.captureScreen(testInfo, 'Unsubscribe confirmation');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await expect(confirm).toBeHidden();
    await settings.cancel();
    await expect(app.source(FIELD_NOTES.title)).toBeVisible();
  });

  await test.step('Unsubscribing removes the feed and its articles; the other feeds stay', async () => {
    const settings = await app.openFeedSettings(FIELD_NOTES.title);
    await settings.askToUnsubscribe();
    await settings.confirmUnsubscribe();
    await expect(app.source(FIELD_NOTES.title)).toHaveCount(0);
    await app.selectSource('All articles');
    await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount + TIDE_TABLES.articleCount);
  });
});

test('Dialogs opened from a feed’s menu give the keyboard back to it; "Unsubscribe…" there asks only that', async ({ app, newsSite }) => {
  const page = app.page;
  const notes = FIELD_NOTES.title;
  const gazette = HARBOUR_GAZETTE.title;
  await app.subscribeTo(newsSite.rssUrl);
  await app.subscribeTo(newsSite.atomUrl);
  const fromMenu = async (title: string, item: string) => {
    await app.source(title).focus();
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menu').getByRole('menuitem', { name: item }).focus();
    await page.keyboard.press('Enter');
  };

  await test.step('Feed settings, closed with Escape: the keyboard is back on the feed', async () => {
    await fromMenu(notes, 'Feed settings…');
    await expect(app.feedSettings.dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(app.feedSettings.dialog).toBeHidden();
    await expect(app.source(notes)).toBeFocused();
  });

  await test.step('"Unsubscribe…" shows only the question; "Keep it" closes it and goes back to the feed', async () => {
    await fromMenu(notes, 'Unsubscribe…');
    await expect(app.feedSettings.confirmation).toBeVisible();
    await expect(app.feedSettings.confirmation).toContainText(`Unsubscribe from “${notes}”?`);
    await expect(app.feedSettings.dialog).toBeHidden();
    await app.feedSettings.confirmation.getByRole('button', { name: 'Keep it' }).click();
    await expect(app.feedSettings.confirmation).toBeHidden();
    await expect(app.feedSettings.dialog).toBeHidden();
    await expect(app.source(notes)).toBeFocused();
  });

  await test.step('Once unsubscribed, the keyboard goes to the feed that took its place', async () => {
    await fromMenu(notes, 'Unsubscribe…');
    await app.feedSettings.confirmUnsubscribe();
    await expect(app.source(notes)).toHaveCount(0);
    await expect(app.source(gazette)).toBeFocused();
  });
});
