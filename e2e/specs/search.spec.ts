import { expect, test } from '../fixtures/app.ts';
import { FIELD_NOTES, HARBOUR_GAZETTE } from '../fixtures/news-site.ts';

const [, LIFEBOAT, HARBOUR_WALL] = HARBOUR_GAZETTE.articles;
const [, , WADERS] = FIELD_NOTES.articles;

test('A reader finds articles by typing: prefixes, phrases, this view or everywhere, and opens what they find', async ({ app, newsSite }, testInfo) => {
  const search = app.search;

  await test.step('They subscribe to the Harbour Gazette and Field Notes', async () => {
    await app.subscribeTo(newsSite.rssUrl);
    await app.subscribeTo(newsSite.atomUrl);
    await app.selectSource('All articles');
    await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount + FIELD_NOTES.articleCount);
  });

  await test.step('Typing the start of a word shows matching articles at once, the word marked', async () => {
    await search.type('harb');
    // No Enter: results follow the typing.
    await expect(search.hit(HARBOUR_WALL)).toBeVisible();
    await expect(search.count).toContainText('“harb”');
    const marked = await search.markedWords();
    expect(marked.length).toBeGreaterThan(0);
    for (const word of marked) expect(word).toMatch(/^harb/);
    // Field Notes never mentions a harbour.
    for (const title of FIELD_NOTES.articles) await expect(search.hit(title)).toHaveCount(0);
    await app.captureScreen(testInfo, 'Search results');
  });

  await test.step('Words in quotes must appear together and in that order', async () => {
    await search.search('"rising tide"');
    await search.expectResults('"rising tide"', [LIFEBOAT]);
    expect(await search.markedWords()).toContain('rising tide');

    await search.search('"tide rising"');
    await expect(search.nothingFound).toContainText('No articles match “"tide rising"”');
    await expect(search.hits).toHaveCount(0);

    // Without quotes the same words match in any order.
    await search.search('tide rising');
    await search.expectResults('tide rising', [LIFEBOAT]);
  });

  await test.step('Escape empties the search and brings the view back', async () => {
    await search.field.press('Escape');
    await expect(search.field).toHaveValue('');
    await expect(search.results).toBeHidden();
    await expect(app.articles).toHaveCount(HARBOUR_GAZETTE.articleCount + FIELD_NOTES.articleCount);
  });

  await test.step('In a feed, the search looks only in that feed, until they ask for everywhere', async () => {
    await app.selectSource(FIELD_NOTES.title);
    await search.type('tide');
    await expect(search.scope('This view')).toBeChecked();
    await search.expectResults('tide', [WADERS]);
    await expect(search.count).toContainText('1 article matches “tide”');

    await search.scope('Everywhere').check();
    await expect(search.hit(LIFEBOAT)).toBeVisible();
    await expect(search.hit(WADERS)).toBeVisible();
    for (const title of [FIELD_NOTES.articles[0], FIELD_NOTES.articles[1]]) await expect(search.hit(title)).toHaveCount(0);

    await search.scope('This view').check();
    await search.expectResults('tide', [WADERS]);
  });

  await test.step('Opening a result shows the article in the reader, the results staying beside it', async () => {
    await search.scope('Everywhere').check();
    await search.hit(LIFEBOAT).click();
    await expect(app.readerTitle).toHaveText(LIFEBOAT);
    await expect(app.readerText).toContainText('new volunteers are always welcome');
    await expect(search.hit(LIFEBOAT)).toHaveAttribute('aria-selected', 'true');
    await expect(search.hit(WADERS)).toBeVisible();
  });

  await test.step('j and k move through the results, not the view behind them', async () => {
    const titles = await search.titles();
    expect(titles.length).toBeGreaterThan(1);
    // From the lifeboat story one step on (or back, when it is the last result) and back again.
    const last = titles.indexOf(LIFEBOAT) === titles.length - 1;
    const neighbour = titles[titles.indexOf(LIFEBOAT) + (last ? -1 : 1)] ?? '';
    await app.pressShortcut(last ? 'k' : 'j');
    await expect(app.readerTitle).toHaveText(neighbour);
    await expect(search.hit(neighbour)).toHaveAttribute('aria-selected', 'true');
    await app.pressShortcut(last ? 'j' : 'k');
    await expect(app.readerTitle).toHaveText(LIFEBOAT);
  });

  await test.step('Words no article has lead to a calm "No articles match"', async () => {
    await search.search('zeppelin');
    await expect(search.nothingFound).toContainText('No articles match “zeppelin”');
    await app.captureScreen(testInfo, 'Search with no results');
  });

  await test.step('Characters that mean something to a search engine are just characters', async () => {
    for (const text of ['"', 'NEAR(', '-', 'title:', '*', '🌊']) {
      await search.search(text);
      await expect(search.results.or(search.nothingFound)).toBeVisible();
      await expect(app.page.getByRole('alert')).toHaveCount(0);
    }
  });
});
