import { expect, test } from '../fixtures/app.ts';
import { FIELD_NOTES, HARBOUR_GAZETTE, articlePageFor } from '../fixtures/news-site.ts';

// How many real pictures each story's page has (lead image, figures, the lazily loaded one);
// the tracking pixel is not a picture and must not be among them.
const PICTURES: Record<string, number> = {
  [HARBOUR_GAZETTE.articles[0]]: 2, // a srcset figure and a lazy data-src figure, with an og:image as well
  [HARBOUR_GAZETTE.articles[1]]: 1, // only an og:image: shown as the lead image
  [HARBOUR_GAZETTE.articles[2]]: 1, // one JPEG figure
  [FIELD_NOTES.articles[1]]: 1, // one PNG figure
};

test('Articles downloaded while online read completely offline, pictures included, and refreshing says "offline" once', async ({
  app,
  ownNewsSite,
}, testInfo) => {
  const everyArticle = [...HARBOUR_GAZETTE.articles, ...FIELD_NOTES.articles];

  await test.step('The reader subscribes to the Harbour Gazette and to Field Notes', async () => {
    await app.subscribeTo(ownNewsSite.rssUrl);
    await app.subscribeTo(ownNewsSite.atomUrl);
  });

  await test.step('Broadsheet downloads every article’s full page and pictures in the background', async () => {
    await app.selectSource('All articles');
    await app.expectAllDownloaded(everyArticle.length);
  });

  await test.step('The network goes away: the news site stops, and Broadsheet restarts able to reach only itself', async () => {
    await ownNewsSite.close();
    // The window is cut off from every address but the app's own (see cutOffFromNetwork in fixtures/app.ts).
    await app.restart({ offline: true });
    await app.selectSource('All articles');
    await expect(app.articles).toHaveCount(everyArticle.length);
  });

  await test.step('Every article opens with its full text, and every picture in it has loaded', async () => {
    for (const title of everyArticle) {
      await app.openArticle(title);
      await expect(app.readerText).toContainText(articlePageFor(title).pageOnly);
      const pictures = PICTURES[title] ?? 0;
      if (pictures > 0) {
        expect(await app.readerImages.count(), `pictures in “${title}”`).toBeGreaterThanOrEqual(pictures);
        await app.expectImagesLoaded();
      }
      await expect(app.missingImagePlaceholders, `no picture is missing from “${title}”`).toHaveCount(0);
      // The tracking pixel was left behind: every picture shown is a real one.
      const sizes = await app.readerImages.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
      expect(sizes.every((width) => width > 2), `no tracking pixel in “${title}”`).toBe(true);
      // The page's clutter did not come along.
      await expect(app.readerText).not.toContainText(/Accept all|LIVE NOW|Share this article|Follow us|Related stories/);
    }
  });

  await test.step('Reading a story with a lead image and figures, offline', async () => {
    await app.openArticle(HARBOUR_GAZETTE.articles[0]);
    await expect(app.readerByline).toContainText(/min read/);
    await app.captureScreen(testInfo, 'Reader offline: lead image and figures');
  });

  await test.step('Refresh all: one calm line says Broadsheet is offline, instead of an error for each feed', async () => {
    await app.refreshAllButton.click();
    await expect(app.offlineIndicator).toContainText('Offline — showing what’s saved', { timeout: 30_000 });
    await expect(app.page.getByRole('alert')).toHaveCount(0);
    await expect(app.page.getByText(/Could not update/)).toHaveCount(0);
    await expect(app.sources.getByText(/could not update/i)).toHaveCount(0);
    await app.captureScreen(testInfo, 'Offline indicator after Refresh all');
  });

  await test.step('While offline, the window never tried to reach anything but Broadsheet itself', async () => {
    expect(app.requestsOffTheApp()).toEqual([]);
  });
});
