import { expect, test } from '../fixtures/app.ts';
import { FIELD_NOTES, articlePageFor } from '../fixtures/news-site.ts';

const TECHNICAL = /fetch_failed|internal|Error:|ECONNREFUSED|\bat .+\.(ts|js):\d+/;

test('With downloads turned off, an article can still be downloaded by hand, and a failure says why and offers to try again', async ({
  app,
  ownNewsSite,
}, testInfo) => {
  const title = FIELD_NOTES.articles[0];

  await test.step('In Settings the reader chooses never to download full articles, then subscribes to Field Notes', async () => {
    await app.setDownloadPolicy('Never');
    await app.subscribeTo(ownNewsSite.atomUrl);
    await expect(app.articles).toHaveCount(FIELD_NOTES.articleCount);
    expect(await app.downloadStates()).toEqual(['none', 'none', 'none']);
  });

  await test.step('An article shows what the feed sent, with an offer to download the rest', async () => {
    await app.openArticle(title);
    await expect(app.readerText).toContainText('A grey heron stood in the shallows');
    await expect(app.readerText).not.toContainText(articlePageFor(title).pageOnly);
  });

  await test.step('With the site gone, downloading fails: the reader says so in plain words, with a way to try again', async () => {
    await ownNewsSite.close();
    await app.reader.getByRole('button', { name: 'Download the full article' }).click();
    const problem = app.reader.getByRole('alert');
    await expect(problem).toContainText('The full article could not be downloaded.', { timeout: 30_000 });
    await expect(problem).not.toContainText(TECHNICAL);
    await expect(app.readerText).toContainText('A grey heron stood in the shallows'); // what the feed sent is still there
    await expect(app.article(title)).toHaveAttribute('data-download', 'failed');
    await app.captureScreen(testInfo, 'Download failed, with Try again');
  });

  await test.step('Trying again while the site is still gone fails the same calm way; nothing is lost', async () => {
    // The first failure's note is on screen already: it must go (the retry is under way) before a new one counts.
    const firstFailure = await app.reader.getByRole('alert').elementHandle();
    await app.reader.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => firstFailure?.evaluate((note) => note.isConnected), { message: 'the retry replaces the first failure' }).toBe(false);
    await expect(app.reader.getByRole('alert')).toContainText('could not be downloaded', { timeout: 30_000 });
    await expect(app.article(title)).toHaveAttribute('data-download', 'failed');
    await expect(app.readerText).toContainText('A grey heron stood in the shallows');
  });
});
