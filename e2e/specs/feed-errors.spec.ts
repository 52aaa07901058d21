import { expect, test } from '../fixtures/app.ts';
import { FIELD_NOTES, HARBOUR_GAZETTE, PIER_NOTICES } from '../fixtures/news-site.ts';

// Messages must be sentences for people: no error codes, no stack traces.
const TECHNICAL = /fetch_failed|ECONN|internal|Error:|\bat .+\.(ts|js):\d+/;

// The news site is shared by the worker's tests: whatever happens here, Pier Notices is served normally again after.
test.afterEach(({ newsSite }) => newsSite.setFault('none'));

test('A feed that fails shows its error calmly in the sources, the list and its settings; the others carry on; it recovers, or stops when removed', async ({
  app,
  newsSite,
}, testInfo) => {
  const pier = PIER_NOTICES.title;
  const everything = HARBOUR_GAZETTE.articleCount + FIELD_NOTES.articleCount + PIER_NOTICES.articleCount;
  newsSite.setFault('none');

  await test.step('The reader follows three feeds, Pier Notices among them', async () => {
    await app.subscribeTo(newsSite.rssUrl);
    await app.subscribeTo(newsSite.atomUrl);
    await app.subscribeTo(newsSite.faultyFeedUrl);
    await app.selectSource('All articles');
    await expect(app.articles).toHaveCount(everything);
  });

  await test.step('Its server starts answering 500: after "Refresh all" only Pier Notices is marked, with the server’s answer', async () => {
    newsSite.setFault('500');
    await app.refreshAllButton.click();
    await expect(app.feedProblem(pier)).toBeVisible({ timeout: 20_000 });
    await expect(app.feedProblem(pier)).toHaveAccessibleName(/^Last refresh failed: .*500/);
    await expect(app.feedProblem(pier)).not.toHaveAccessibleName(TECHNICAL);
    await expect(app.feedProblem(HARBOUR_GAZETTE.title)).toHaveCount(0);
    await expect(app.feedProblem(FIELD_NOTES.title)).toHaveCount(0);
  });

  await test.step('Every article is still there, Pier Notices’ included', async () => {
    await expect(app.articles).toHaveCount(everything);
  });

  await test.step('Its list says what went wrong, calmly, and its settings say when', async () => {
    await app.selectSource(pier);
    await expect(app.listProblem).toContainText(/500/);
    await expect(app.listProblem).toContainText('What you already have is still here.');
    await expect(app.articles).toHaveCount(PIER_NOTICES.articleCount);
    await app.captureScreen(testInfo, 'A feed whose last refresh failed');
    const settings = await app.openFeedSettings(pier);
    await expect(settings.problem).toContainText(/Last refresh failed (just now|\d+ min ago): .*500/);
    await expect(settings.checkAgainButton).toHaveText('Try again');
    await settings.cancel();
  });

  await test.step('Once the server is fixed, "Try again" clears the error', async () => {
    newsSite.setFault('none');
    await app.listProblem.getByRole('button', { name: 'Try again' }).click();
    await expect(app.listProblem).toBeHidden({ timeout: 20_000 });
    await expect(app.feedProblem(pier)).toHaveCount(0);
    await expect(app.articles).toHaveCount(PIER_NOTICES.articleCount);
  });

  await test.step('When the publisher removes the feed (410), it is shown as stopped, with "Check again"', async () => {
    newsSite.setFault('gone');
    await app.page.getByRole('button', { name: 'Refresh this feed' }).click();
    await expect(app.feedProblem(pier)).toHaveAccessibleName(/^Stopped: the publisher removed this feed/, { timeout: 20_000 });
    await expect(app.listProblem).toContainText('Stopped: the publisher removed this feed (410)');
    await expect(app.listProblem.getByRole('button', { name: 'Check again' })).toBeVisible();
    const settings = await app.openFeedSettings(pier);
    await expect(settings.problem).toContainText('Stopped: the publisher removed this feed (410)');
    await expect(settings.checkAgainButton).toHaveText('Check again');
    await app.captureScreen(testInfo, 'Feed settings of a stopped feed');
    await settings.cancel();
    await expect(app.articles).toHaveCount(PIER_NOTICES.articleCount);
  });

  await test.step('If the feed comes back, "Check again" brings it back to life', async () => {
    newsSite.setFault('none');
    await app.listProblem.getByRole('button', { name: 'Check again' }).click();
    await expect(app.listProblem).toBeHidden({ timeout: 20_000 });
    await expect(app.feedProblem(pier)).toHaveCount(0);
  });
});
