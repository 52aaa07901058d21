import { expect, test } from '../fixtures/app.ts';
import { FIELD_NOTES, HARBOUR_GAZETTE, NIGHT_FERRY_LOG, TIDE_TABLES, type NewsSite } from '../fixtures/news-site.ts';

interface FormatCase {
  format: string;
  address: (site: NewsSite) => string;
  feed: { title: string; articleCount: number; articles: readonly [string, ...string[]] };
  /** An item to open, and words from its body and byline. */
  open: { title: string; text: string; byline: string };
}

const FORMATS: readonly FormatCase[] = [
  {
    format: 'RSS 2.0',
    address: (site) => site.rssUrl,
    feed: HARBOUR_GAZETTE,
    open: { title: HARBOUR_GAZETTE.articles[1], text: 'Penhallow Point', byline: 'Tomos Rowe' },
  },
  {
    format: 'Atom',
    address: (site) => site.atomUrl,
    feed: FIELD_NOTES,
    open: { title: FIELD_NOTES.articles[0], text: 'forty thousand', byline: 'Isaac Penrose' },
  },
  {
    format: 'RSS 1.0 (RDF)',
    address: (site) => site.rdfUrl,
    feed: TIDE_TABLES,
    open: { title: TIDE_TABLES.articles[0], text: '5.9 metres', byline: 'The Harbour Office' },
  },
  {
    format: 'JSON Feed',
    address: (site) => site.jsonFeedUrl,
    feed: NIGHT_FERRY_LOG,
    open: { title: NIGHT_FERRY_LOG.articles[0], text: 'leading lights on the island', byline: 'Demelza Hocking' },
  },
];

test('Feeds in each of the four formats are subscribed to and read the same way', async ({ app, newsSite }) => {
  for (const { format, address, feed, open } of FORMATS) {
    await test.step(`${format}: ${feed.title} is added with all its items, newest first`, async () => {
      await app.subscribeTo(address(newsSite));
      await app.expectSelected(feed.title);
      await expect(app.articles).toHaveCount(feed.articleCount);
      await expect(app.articles.first()).toHaveAccessibleName(new RegExp(`^\\s*${escape(feed.articles[0])}`));
    });

    await test.step(`${format}: an item opens in the reader with its text and author`, async () => {
      await app.openArticle(open.title);
      await expect(app.readerText).toContainText(open.text);
      await expect(app.readerByline).toContainText(open.byline);
    });
  }

  await test.step('All articles holds every item of the four feeds, once', async () => {
    await app.selectSource('All articles');
    await expect(app.articles).toHaveCount(FORMATS.reduce((sum, { feed }) => sum + feed.articleCount, 0));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
