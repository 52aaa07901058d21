// Small helpers for store tests: a feed and its articles written straight
// into a real (in-memory) database through the repositories.
import * as articles from '../store/articles-repo.ts';
import type { IncomingArticle } from '../store/articles-repo.ts';
import type { Database } from '../store/database.ts';
import * as sources from '../store/sources-repo.ts';

export const NOW = '2026-11-24T12:00:00.000Z';

let counter = 0;

export function addFeed(db: Database, title: string): number {
  counter += 1;
  return sources.insertSource(db, {
    title,
    feedUrl: `https://feed${counter}.example/rss`,
    siteUrl: null,
    description: null,
    etag: null,
    lastModified: null,
    lastFetchedAt: null,
    createdAt: NOW,
  });
}

/** Adds one article to the feed and returns its id. */
export function addArticle(db: Database, sourceId: number, fields: Partial<IncomingArticle> & { title: string }): number {
  counter += 1;
  const item: IncomingArticle = {
    guid: `g${counter}`,
    url: `https://news.example/${counter}`,
    author: null,
    contentHtml: `<p>${fields.text ?? 'Body'}</p>`,
    text: 'Body',
    excerpt: 'Body',
    contentHash: `h${counter}`,
    publishedAt: '2026-11-24T10:00:00.000Z',
    ...fields,
  };
  const [id] = articles.mergeArticles(db, sourceId, [item], NOW).insertedIds;
  if (id === undefined) throw new Error('not inserted');
  return id;
}

/** Adds a page saved to read later (no feed) and returns its id. */
export function addSavedPage(db: Database, fields: { title: string; text?: string; siteName?: string; savedAt?: string }): number {
  counter += 1;
  const text = fields.text ?? 'Saved body';
  return articles.insertSavedArticle(
    db,
    {
      dedupeKey: `url:https://saved.example/${counter}`,
      url: `https://saved.example/${counter}`,
      title: fields.title,
      author: null,
      publishedAt: fields.savedAt ?? NOW,
      contentHash: `s${counter}`,
      content: {
        state: 'done',
        title: null,
        author: null,
        excerpt: text.slice(0, 100),
        contentHtml: `<p>${text}</p>`,
        text,
        siteName: fields.siteName ?? null,
        lang: 'en',
        dir: null,
        leadImage: null,
        thumbnail: null,
        wordCount: text.split(/\s+/).length,
        readingMinutes: 1,
        canonicalUrl: null,
        assets: [],
      },
    },
    fields.savedAt ?? NOW,
  );
}
