import { expect, test } from '../fixtures/app.ts';
import { FIELD_NOTES, HARBOUR_GAZETTE, NIGHT_FERRY_LOG } from '../fixtures/news-site.ts';

// Messages must be sentences for people: no error codes, no stack traces.
const TECHNICAL = /invalid_url|not_a_feed|fetch_failed|internal|Error:|\bat .+\.(ts|js):\d+/;

test('The add dialog finds the feeds behind a site, an article or a feed, previews them, and says plainly when there are none', async ({
  app,
  newsSite,
}, testInfo) => {
  const dialog = app.addFeedDialog;

  await test.step('The reader has a folder for the crossings', async () => {
    await app.createFolder('Crossings');
  });

  await test.step('From the blog’s home page it lists the four feeds the page declares, the comments feed last', async () => {
    await app.openAddFeedDialog();
    await dialog.enterAddress(newsSite.blogUrl);
    await dialog.findFeeds();
    await expect(dialog.found).toHaveText(/^Found 4 feeds/);
    await expect(dialog.candidates).toHaveCount(4);
    const titles = await dialog.candidates.evaluateAll((radios) => radios.map((radio) => radio.getAttribute('aria-label')));
    expect(titles).toEqual([HARBOUR_GAZETTE.title, FIELD_NOTES.title, NIGHT_FERRY_LOG.title, 'Comments']);
    // The first is chosen, and the keyboard is on it.
    await expect(dialog.candidate(HARBOUR_GAZETTE.title)).toBeChecked();
    await expect(dialog.candidate(HARBOUR_GAZETTE.title)).toBeFocused();
  });

  await test.step('Each feed shows its format; the preview shows the newest items of the one chosen', async () => {
    await expect(dialog.candidate(NIGHT_FERRY_LOG.title)).toHaveAccessibleDescription(/JSON Feed.*3 items/);
    await expect(dialog.candidate(FIELD_NOTES.title)).toHaveAccessibleDescription(/Atom/);
    await expect(dialog.preview).toHaveAccessibleName(`Latest in ${HARBOUR_GAZETTE.title}`);
    await expect(dialog.previewItems.first()).toContainText(HARBOUR_GAZETTE.articles[0]);
    // Arrow keys move the choice, as in any radio group.
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('ArrowDown');
    await expect(dialog.candidate(NIGHT_FERRY_LOG.title)).toBeChecked();
    await expect(dialog.preview).toHaveAccessibleName(`Latest in ${NIGHT_FERRY_LOG.title}`);
    await expect(dialog.previewItems).toHaveCount(NIGHT_FERRY_LOG.articleCount);
    for (const [index, title] of NIGHT_FERRY_LOG.articles.entries()) {
      await expect(dialog.previewItems.nth(index)).toContainText(title);
      await expect(dialog.previewItems.nth(index).locator('time')).not.toBeEmpty();
    }
    await app.captureScreen(testInfo, 'Feeds found on the blog');
  });

  await test.step('Subscribing to the JSON Feed, in the folder and under a name of the reader’s own, shows it selected with its items', async () => {
    await dialog.folderField.selectOption({ label: 'Crossings' });
    await dialog.nameField.fill('The ferry log');
    await dialog.subscribeButton.click();
    await expect(dialog.dialog).toBeHidden({ timeout: 20_000 });
    await app.expectSelected('The ferry log');
    expect(await app.feedsIn('Crossings')).toEqual(['The ferry log']);
    await expect(app.articles).toHaveCount(NIGHT_FERRY_LOG.articleCount);
  });

  await test.step('From an article page that declares no feed, it falls back to the site’s home page', async () => {
    await app.openAddFeedDialog();
    await dialog.enterAddress(newsSite.blogArticleUrl);
    await dialog.findFeeds();
    await expect(dialog.found).toHaveText(/^Found one feed/);
    await expect(dialog.candidates).toHaveCount(0);
    await expect(dialog.preview).toHaveAccessibleName(`Latest in ${HARBOUR_GAZETTE.title}`);
    await expect(dialog.previewItems.first()).toContainText(HARBOUR_GAZETTE.articles[0]);
    await expect(dialog.subscribeButton).toBeEnabled();
  });

  await test.step('A feed’s own address gives just that feed, ready to subscribe', async () => {
    await dialog.enterAddress(newsSite.atomUrl);
    // A new address puts the search back: the old results are gone.
    await expect(dialog.findFeedsButton).toBeVisible();
    await dialog.findFeeds();
    await expect(dialog.found).toHaveText(/^Found one feed/);
    await expect(dialog.preview).toHaveAccessibleName(`Latest in ${FIELD_NOTES.title}`);
    await expect(dialog.previewItems).toHaveCount(FIELD_NOTES.articleCount);
  });

  await test.step('A feed the reader already follows is marked, and cannot be subscribed to twice', async () => {
    await dialog.enterAddress(newsSite.jsonFeedUrl);
    await dialog.findFeeds();
    await expect(dialog.alreadyFollowed).toContainText(NIGHT_FERRY_LOG.title);
    await expect(dialog.subscribeButton).toBeDisabled();
    await dialog.enterAddress(newsSite.blogUrl);
    await dialog.findFeeds();
    await expect(dialog.candidate(NIGHT_FERRY_LOG.title)).toHaveAccessibleDescription(/already subscribed/);
    await expect(dialog.candidate(HARBOUR_GAZETTE.title)).toBeChecked();
    await dialog.choose(NIGHT_FERRY_LOG.title);
    await expect(dialog.subscribeButton).toBeDisabled();
    await app.captureScreen(testInfo, 'A feed already followed');
  });

  await test.step('A page with no feed anywhere gets a plain explanation, with the address kept to edit', async () => {
    await dialog.enterAddress(newsSite.aboutUrl);
    await dialog.findFeeds();
    await expect(dialog.problem).toContainText(/feed/i);
    await expect(dialog.problem).not.toContainText(TECHNICAL);
    await expect(dialog.addressField).toHaveValue(newsSite.aboutUrl);
    await expect(dialog.addressField).toBeFocused();
    await dialog.cancel();
    await expect(dialog.dialog).toBeHidden();
    await expect(app.source(HARBOUR_GAZETTE.title)).toHaveCount(0);
  });
});
