import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/app.ts';
import { HARBOUR_GAZETTE, articlePageFor } from '../fixtures/news-site.ts';
import { SAVED_PAGE } from '../fixtures/site-pages.ts';

// Messages must be sentences for people: no error codes, no stack traces.
const TECHNICAL = /invalid_url|fetch_failed|internal|Error:|\bat .+\.(ts|js):\d+/;

test('Pages saved to read later, by address or from a file, read offline and move to the Archive when done', async ({
  app,
  ownNewsSite,
}, testInfo) => {
  const story = HARBOUR_GAZETTE.articles[2];
  const page = articlePageFor(story);

  await test.step('Saved is empty at first and says how to fill it', async () => {
    await app.selectSource('Saved');
    await expect(app.status(/nothing saved/i)).toBeVisible();
  });

  await test.step('Pasting a web address anywhere outside a text field opens “Save a page” with it filled in', async () => {
    await app.pasteFromClipboard(ownNewsSite.url(page.path));
    await expect(app.savePageDialog.dialog).toBeVisible();
    await expect(app.savePageDialog.addressField).toHaveValue(ownNewsSite.url(page.path));
    await app.savePageDialog.cancelButton.click();
    await expect(app.savePageDialog.dialog).toBeHidden();
  });

  await test.step('Something that is not a web address gets a plain explanation in the dialog', async () => {
    const dialog = await app.openSavePageDialog();
    await dialog.enterAddress('harbour wall story');
    await dialog.save();
    await expect(dialog.problem).toContainText(/address/i, { timeout: 15_000 });
    await expect(dialog.problem).not.toContainText(TECHNICAL);
    await expect(dialog.addressField).toHaveValue('harbour wall story');
    await app.captureScreen(testInfo, 'Save a page: a problem in plain words');
  });

  await test.step('The reader saves a news story by its address: it opens, clean, in Saved', async () => {
    const dialog = app.savePageDialog;
    await dialog.enterAddress(ownNewsSite.url(page.path));
    await dialog.save();
    await dialog.expectClosed();
    await expect(app.readerTitle).toHaveText(story);
    await expect(app.readerText).toContainText(page.pageOnly);
    await app.expectSelected('Saved');
  });

  await test.step('They import a page they had saved from their browser as an HTML file', async () => {
    await app.importPage(fileURLToPath(SAVED_PAGE.file), SAVED_PAGE.title);
    await expect(app.readerText).toContainText(SAVED_PAGE.keySentence);
    await expect(app.readerByline).toContainText(SAVED_PAGE.siteName);
    // Its address comes from the page's canonical link.
    await expect(app.openOriginalLink).toHaveAttribute('href', SAVED_PAGE.canonicalUrl);
    // The file's pictures were not saved with it: a neat placeholder stands in, never a broken image.
    await expect(app.missingImagePlaceholders.first()).toBeVisible();
    await app.captureScreen(testInfo, 'Imported page with a missing picture');
  });

  await test.step('A page that is not an article is kept as a link, with a note saying so', async () => {
    await app.savePage(ownNewsSite.webcamUrl, /webcam/i);
    await expect(app.readerNote(/isn’t an article/)).toBeVisible();
    await app.captureScreen(testInfo, 'Saved page that is not an article');
  });

  await test.step('Saved lists all three', async () => {
    await expect(app.articles).toHaveCount(3);
    await expect(app.article(story)).toBeVisible();
    await expect(app.article(SAVED_PAGE.title)).toBeVisible();
    await app.captureScreen(testInfo, 'Saved view');
    // Saved pages belong to no feed, yet Unread counts them: m marks the open one unread again.
    await app.expectUnreadCount('Unread', 0);
    await app.pressShortcut('m');
    await app.expectUnreadCount('Unread', 1);
  });

  await test.step('Offline (the news site stopped, Broadsheet restarted able to reach only itself) both read in full', async () => {
    await ownNewsSite.close();
    await app.restart({ offline: true });
    await app.selectSource('Saved');
    await expect(app.articles).toHaveCount(3);
    await app.openArticle(SAVED_PAGE.title);
    await expect(app.readerText).toContainText(SAVED_PAGE.keySentence);
    await app.openArticle(story);
    await expect(app.readerText).toContainText(page.pageOnly);
    await app.expectImagesLoaded(1);
  });

  await test.step('Done with the harbour story, they archive it: it leaves Saved and waits in the Archive', async () => {
    await expect(app.archiveToggle).toHaveText('Archive');
    await app.archiveToggle.click();
    await expect(app.article(story)).toHaveCount(0);
    await expect(app.articles).toHaveCount(2);
    await app.selectSource('Archive');
    await expect(app.articles).toHaveCount(1);
    await app.openArticle(story);
    await expect(app.archiveToggle).toHaveText('Unarchive');
    await app.captureScreen(testInfo, 'Archive view');
    expect(app.requestsOffTheApp()).toEqual([]);
  });
});
