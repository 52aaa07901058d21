import { expect, test } from '../fixtures/app.ts';
import { HARBOUR_GAZETTE } from '../fixtures/news-site.ts';

// Messages must be sentences for people: no error codes, no stack traces.
const TECHNICAL = /invalid_url|not_a_feed|fetch_failed|internal|Error:|\bat .+\.(ts|js):\d+/;

test('Addresses that are not feeds are refused with a clear message, and nothing else changes', async ({ app, newsSite }, testInfo) => {
  let before: string[] = [];

  await test.step('The reader already follows the Harbour Gazette', async () => {
    await app.subscribeTo(newsSite.rssUrl);
    await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount);
    before = await app.sourceNames();
  });

  const dialog = app.addFeedDialog;

  await test.step('Typing something that is not a web address gets a plain explanation in the dialog', async () => {
    await app.openAddFeedDialog();
    await dialog.enterAddress('harbour gazette news');
    await dialog.subscribe();
    await expect(dialog.problem).toBeVisible({ timeout: 15_000 });
    await expect(dialog.problem).toContainText(/address/i);
    await expect(dialog.problem).not.toContainText(TECHNICAL);
    await expect(dialog.dialog).toBeVisible();
    await expect(dialog.addressField).toHaveValue('harbour gazette news');
  });

  await test.step('The address of an ordinary web page (not a feed) is refused, saying it is not a feed', async () => {
    await dialog.enterAddress(newsSite.aboutUrl);
    await dialog.subscribe();
    await expect(dialog.problem).toContainText(/feed/i, { timeout: 15_000 });
    await expect(dialog.problem).not.toContainText(TECHNICAL);
    await expect(dialog.dialog).toBeVisible();
    await app.captureScreen(testInfo, 'Problem shown in the add-feed dialog');
  });

  await test.step('An address that does not exist (404) is refused with the server’s answer', async () => {
    await dialog.enterAddress(newsSite.missingUrl);
    await dialog.subscribe();
    await expect(dialog.problem).toContainText(/404|not found/i, { timeout: 15_000 });
    await expect(dialog.problem).not.toContainText(TECHNICAL);
  });

  await test.step('Cancelling closes the dialog; the sources and articles are exactly as before', async () => {
    await dialog.cancel();
    await expect(dialog.dialog).toBeHidden();
    expect(await app.sourceNames()).toEqual(before);
    await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount);
  });
});
