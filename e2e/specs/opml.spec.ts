import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/app.ts';
import { SUBSCRIPTIONS_OPML } from '../fixtures/news-site.ts';

interface Listed {
  title: string;
  xmlUrl: string;
  /** The folders it sits in, joined with "/"; '' at the top level. */
  folder: string;
}

test('Subscriptions come in from an OPML file with their folders, and go out again in a file that round-trips', async ({
  app,
  newsSite,
}, testInfo) => {
  const settings = app.settings;
  const feeds = Object.entries(SUBSCRIPTIONS_OPML.folderOf);

  await test.step('Importing the file reports what it did: feeds added, folders created, the duplicate skipped, the unusable entry and why', async () => {
    await settings.open();
    await settings.importOpml({ name: 'saltmarsh-quay.opml', text: newsSite.subscriptionsOpml() });
    await expect(settings.opmlProblem).toHaveCount(0);
    await expect(settings.importFigure('Feeds added')).toHaveText(String(SUBSCRIPTIONS_OPML.feedsAdded));
    await expect(settings.importFigure('Folders created')).toHaveText(String(SUBSCRIPTIONS_OPML.foldersCreated));
    await expect(settings.importFigure('Duplicates skipped')).toHaveText(String(SUBSCRIPTIONS_OPML.duplicates));
    await expect(settings.importFigure('Not usable')).toHaveText(String(SUBSCRIPTIONS_OPML.invalid.length));
    await expect(settings.opmlOutcome).toHaveText(/^Added 5 feeds in 2 new folders/);
    await expect(settings.unusableEntries).toHaveCount(SUBSCRIPTIONS_OPML.invalid.length);
    await expect(settings.unusableEntries.first()).toContainText(SUBSCRIPTIONS_OPML.invalid[0].title);
    await app.captureScreen(testInfo, 'OPML import summary');
    await settings.close();
  });

  await test.step('The folders appear in the sources pane, nested as in the file, each feed in its folder', async () => {
    const folder = (name: string) => app.sources.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) });
    await expect(folder('Nature')).toBeVisible({ timeout: 20_000 });
    await expect(folder('Nature').getByRole('treeitem', { name: /^Coast\b/ })).toBeVisible();
    for (const [title, path] of feeds) {
      const where = path === '' ? app.sources : path.split('/').reduce((scope, name) => scope.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) }), app.sources);
      await expect(where.getByRole('treeitem', { name: new RegExp(`^${title}`) })).toBeVisible();
    }
  });

  let exported: Listed[] = [];
  let exportedText = '';
  await test.step('Exporting downloads an OPML file that lists every feed in its folder', async () => {
    await settings.open();
    const download = await settings.exportOpml();
    expect(download.suggestedFilename()).toMatch(/\.opml$/);
    exportedText = await readFile(await download.path(), 'utf8');
    exported = await outlinesOf(app.page, exportedText);
    expect(exported.map(({ title, folder }) => [title, folder]).sort()).toEqual(feeds.map(([title, folder]) => [title, folder]).sort());
    const addresses = new Map(exported.map((feed) => [feed.title, feed.xmlUrl]));
    expect(addresses.get('Night Ferry Log')).toBe(newsSite.jsonFeedUrl);
    expect(addresses.get('Pier Notices')).toBe(newsSite.faultyFeedUrl);
  });

  await test.step('Importing the exported file again adds nothing: every feed is already followed', async () => {
    await settings.importOpml({ name: 'broadsheet-export.opml', text: exportedText });
    await expect(settings.importFigure('Feeds added')).toHaveText('0');
    await expect(settings.importFigure('Folders created')).toHaveText('0');
    await expect(settings.importFigure('Duplicates skipped')).toHaveText(String(feeds.length));
    await settings.close();
  });
});

test('A file that is not a subscription list is refused in plain words, and nothing changes', async ({ app }) => {
  await app.settings.open();
  await app.settings.importOpml({ name: 'notes.opml', text: '<html><body><p>Shopping: bread, milk</p></body></html>' });
  await expect(app.settings.opmlProblem).toBeVisible();
  await expect(app.settings.opmlProblem).not.toContainText(/invalid_input|Error:|\bat .+\.(ts|js):\d+/);
  await app.settings.close();
  await expect(app.status(/no feeds/i)).toBeVisible();
});

test('How long articles are kept is “Forever” until the reader chooses; a shorter period asks first, and the setting shows when on', async ({
  app,
}) => {
  const settings = app.settings;
  await settings.open();
  await expect(settings.retention).toHaveValue('0');
  await expect(settings.dialog).toContainText('Bookmarked and saved articles are always kept.');

  await test.step('Choosing a period asks first, in plain words; Cancel keeps everything', async () => {
    await settings.keepArticlesFor('3 months');
    await expect(settings.retentionConfirmation).toContainText(
      'Articles older than 3 months that are not bookmarked or saved will be removed from your library.',
    );
    await settings.retentionConfirmation.getByRole('button', { name: 'Cancel' }).click();
    await expect(settings.retentionConfirmation).toBeHidden();
    await expect(settings.retention).toHaveValue('0');
  });

  await test.step('Confirmed, the period is kept; a longer one needs no question', async () => {
    await settings.keepArticlesFor('3 months');
    await settings.retentionConfirmation.getByRole('button', { name: 'Remove older articles' }).click();
    await expect(settings.retention).toHaveValue('90');
    await settings.keepArticlesFor('1 year');
    await expect(settings.retention).toHaveValue('365');
    await expect(settings.retentionConfirmation).toBeHidden();
    await settings.close();
    await settings.open();
    await expect(settings.retention).toHaveValue('365');
    await expect(settings.dialog).toContainText('Older articles are removed when feeds refresh.');
    await settings.close();
  });

  await test.step('While on, the sources pane says how long articles are kept', async () => {
    await expect(app.page.locator('bs-sidebar footer').getByText('Keeping articles for 1 year')).toBeVisible();
  });
});

test('An OPML file dropped on the window is imported, with the summary in Settings', async ({ app, newsSite }) => {
  const page = app.page;
  const files = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'saltmarsh-quay.opml', { type: '' }));
    return transfer;
  }, newsSite.subscriptionsOpml());
  await page.dispatchEvent('bs-app', 'dragenter', { dataTransfer: files });
  await page.dispatchEvent('bs-app', 'drop', { dataTransfer: files });
  await expect(app.settings.dialog).toBeVisible();
  await expect(app.settings.opmlOutcome).toHaveText(/^Added 5 feeds in 2 new folders/, { timeout: 30_000 });
  await expect(app.savePageDialog.dialog).toBeHidden();
});

/** The feeds an OPML file lists, with the folders around each, read the way a browser reads XML. */
async function outlinesOf(page: Page, opml: string): Promise<Listed[]> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.querySelector('parsererror')) throw new Error('The exported file is not well-formed XML.');
    return Array.from(doc.querySelectorAll('outline[xmlUrl]')).map((outline) => {
      const folders: string[] = [];
      for (let parent = outline.parentElement; parent && parent.tagName === 'outline'; parent = parent.parentElement) {
        folders.unshift(parent.getAttribute('text') ?? parent.getAttribute('title') ?? '');
      }
      return {
        title: outline.getAttribute('text') ?? outline.getAttribute('title') ?? '',
        xmlUrl: outline.getAttribute('xmlUrl') ?? '',
        folder: folders.join('/'),
      };
    });
  }, opml);
}
