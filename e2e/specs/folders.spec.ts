import { expect, test } from '../fixtures/app.ts';
import { FIELD_NOTES, HARBOUR_GAZETTE, NIGHT_FERRY_LOG } from '../fixtures/news-site.ts';

test('Folders: create, rename, file feeds, count and read them together, open and close them, delete them', async ({ app, newsSite }, testInfo) => {
  const gazette = HARBOUR_GAZETTE.title;
  const notes = FIELD_NOTES.title;
  const ferry = NIGHT_FERRY_LOG.title;
  const both = HARBOUR_GAZETTE.articleCount + FIELD_NOTES.articleCount;

  await test.step('The reader follows three feeds, all at the top level', async () => {
    await app.subscribeTo(newsSite.rssUrl);
    await app.subscribeTo(newsSite.atomUrl);
    await app.subscribeTo(newsSite.jsonFeedUrl);
    await expect.poll(() => app.topLevelFeeds()).toEqual(expect.arrayContaining([gazette, notes, ferry]));
  });

  await test.step('"New folder" makes an empty folder in the sources pane', async () => {
    await app.createFolder('Coast');
    await expect(app.folder('Coast')).toHaveAttribute('aria-level', '1');
    expect(await app.feedsIn('Coast')).toEqual([]);
    // Nothing to open or close: an empty folder is an end node of the tree.
    await expect(app.folder('Coast')).not.toHaveAttribute('aria-expanded', /.*/);
  });

  await test.step('Selected, the empty folder says it holds no feeds and offers no refresh', async () => {
    await app.selectSource('Coast');
    await expect(app.folder('Coast')).toHaveAttribute('aria-selected', 'true');
    await expect(app.source(gazette)).toHaveAttribute('aria-selected', 'false');
    await expect(app.status(/No feeds in this folder/)).toBeVisible();
    await expect(app.page.locator('bs-article-list').getByRole('button', { name: 'Refresh' })).toHaveCount(0);
  });

  await test.step('The folder is renamed from its menu', async () => {
    await app.renameFolder('Coast', 'Saltmarsh Quay');
    await expect(app.folder('Coast')).toHaveCount(0);
  });

  await test.step('Two feeds are filed in it through their settings; its unread count is the sum of theirs', async () => {
    await app.moveFeedToFolder(gazette, 'Saltmarsh Quay');
    await app.moveFeedToFolder(notes, 'Saltmarsh Quay');
    await expect.poll(() => app.feedsIn('Saltmarsh Quay')).toEqual(expect.arrayContaining([gazette, notes]));
    expect(await app.topLevelFeeds()).toEqual([ferry]);
    await app.expectUnreadCount(gazette, HARBOUR_GAZETTE.articleCount);
    await app.expectUnreadCount(notes, FIELD_NOTES.articleCount);
    await app.expectUnreadCount('Saltmarsh Quay', both);
    await expect(app.source(gazette)).toHaveAttribute('aria-level', '2');
  });

  await test.step('Selecting the folder lists the articles of both its feeds, and only theirs', async () => {
    await app.selectSource('Saltmarsh Quay');
    await expect(app.articles).toHaveCount(both);
    await expect(app.page.locator('bs-article-list .sub')).toHaveText(`${both} unread · ${both} articles`);
    await expect(app.article(HARBOUR_GAZETTE.articles[0])).toBeVisible();
    await expect(app.article(FIELD_NOTES.articles[0])).toBeVisible();
    await expect(app.article(NIGHT_FERRY_LOG.articles[0])).toHaveCount(0);
    await app.captureScreen(testInfo, 'A folder selected in the sources pane');
  });

  await test.step('The folder closes and opens with the arrow keys, and stays closed when the window is reloaded', async () => {
    const folder = app.folder('Saltmarsh Quay');
    await folder.focus();
    await app.page.keyboard.press('ArrowLeft');
    await expect(folder).toHaveAttribute('aria-expanded', 'false');
    await expect(app.source(gazette)).toBeHidden();
    await app.expectUnreadCount('Saltmarsh Quay', both);
    // Which folders are open belongs to the window (like pane widths), kept in its local storage.
    await app.page.reload();
    await app.waitUntilReady();
    await expect(app.folder('Saltmarsh Quay')).toHaveAttribute('aria-expanded', 'false');
    await app.folder('Saltmarsh Quay').focus();
    await app.page.keyboard.press('ArrowRight');
    await expect(app.folder('Saltmarsh Quay')).toHaveAttribute('aria-expanded', 'true');
    await app.page.keyboard.press('ArrowDown');
    await expect(app.source(gazette).or(app.source(notes)).first()).toBeFocused();
    await app.page.keyboard.press('ArrowLeft');
    await expect(app.folder('Saltmarsh Quay')).toBeFocused();
  });

  await test.step('"Move to…" puts a folder inside another; the choices leave out the folder and everything in it', async () => {
    await app.createFolder('Moorings');
    await app.chooseFromMenu('Moorings', 'Move to…');
    await expect(app.folderDialog.moveField).toBeFocused();
    await expect(app.folderDialog.moveField.getByRole('option')).toHaveText(['The top level', 'Saltmarsh Quay']);
    await app.folderDialog.moveInto('Saltmarsh Quay');
    await expect(app.folder('Moorings')).toHaveAttribute('aria-level', '2');
    await expect(app.folder('Moorings')).toBeFocused();
    await app.chooseFromMenu('Saltmarsh Quay', 'Move to…');
    await expect(app.folderDialog.moveField.getByRole('option')).toHaveText(['The top level']);
    await app.folderDialog.cancel();
    await app.chooseFromMenu('Moorings', 'Delete folder…');
    await app.folderDialog.confirmDelete();
    await expect(app.folder('Moorings')).toHaveCount(0);
  });

  await test.step('"Mark all read" in the folder reads both feeds and leaves the third alone', async () => {
    await app.selectSource('Saltmarsh Quay');
    await app.markAllReadButton.click();
    await expect(app.undoToast).toContainText(`Marked ${both} articles read`);
    await app.expectUnreadCount('Saltmarsh Quay', 0);
    await app.expectUnreadCount(gazette, 0);
    await app.expectUnreadCount(notes, 0);
    await app.expectUnreadCount(ferry, NIGHT_FERRY_LOG.articleCount);
  });

  await test.step('A feed dragged onto the folder is filed in it too', async () => {
    await app.source(ferry).locator('.entry').dragTo(app.folder('Saltmarsh Quay').locator(':scope > .entry'));
    await expect.poll(() => app.feedsIn('Saltmarsh Quay')).toEqual(expect.arrayContaining([gazette, notes, ferry]));
    expect(await app.topLevelFeeds()).toEqual([]);
    await app.expectUnreadCount('Saltmarsh Quay', NIGHT_FERRY_LOG.articleCount);
  });

  await test.step('Deleting the folder asks first, says its feeds move up, and keeps them subscribed', async () => {
    const confirm = await app.askToDeleteFolder('Saltmarsh Quay');
    await expect(confirm).toContainText('Its 3 feeds move to the top level');
    await expect(confirm).toContainText('Nothing is unsubscribed');
    await app.captureScreen(testInfo, 'Deleting a folder asks first');
    await app.folderDialog.confirmDelete();
    await expect(app.folder('Saltmarsh Quay')).toHaveCount(0);
    await expect.poll(() => app.topLevelFeeds()).toEqual(expect.arrayContaining([gazette, notes, ferry]));
    await app.selectSource('All articles');
    await expect(app.articles).toHaveCount(both + NIGHT_FERRY_LOG.articleCount);
  });
});

test('The selected feed is never hidden: subscribing into a closed folder opens it and shows the new feed', async ({ app, newsSite }) => {
  await app.subscribeTo(newsSite.rssUrl);
  await app.createFolder('Coast');
  await app.moveFeedToFolder(HARBOUR_GAZETTE.title, 'Coast');
  await app.folder('Coast').focus();
  await app.page.keyboard.press('ArrowLeft');
  await expect(app.folder('Coast')).toHaveAttribute('aria-expanded', 'false');

  const dialog = await app.openAddFeedDialog();
  await dialog.enterAddress(newsSite.atomUrl);
  await dialog.findFeeds();
  // A name longer than a feed's name may be cannot be typed, rather than refused later in technical words.
  await expect(dialog.nameField).toHaveAttribute('maxlength', '500');
  await dialog.folderField.selectOption({ label: 'Coast' });
  await dialog.subscribeButton.click();
  await expect(dialog.dialog).toBeHidden();
  await expect(app.folder('Coast')).toHaveAttribute('aria-expanded', 'true');
  await expect(app.source(FIELD_NOTES.title)).toBeInViewport();
  await app.expectSelected(FIELD_NOTES.title);
});
