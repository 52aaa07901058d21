import { beforeEach, describe, expect, it } from 'vitest';
import * as articles from './articles-repo.ts';
import type { IncomingArticle } from './articles-repo.ts';
import { openMemoryDatabase, type Database } from './database.ts';
import { pruneOldArticles } from './retention.ts';
import * as sources from './sources-repo.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function item(guid: string, publishedAt: string | null = null): IncomingArticle {
  return {
    guid,
    url: `https://a.example/${guid}`,
    title: guid,
    author: null,
    contentHtml: `<p>${guid}</p>`,
    text: guid,
    excerpt: guid,
    contentHash: `hash-${guid}`,
    publishedAt,
  };
}

let db: Database;
let source: number;

/** Stores `guid` as first seen `days` ago; returns its id. */
function seen(guid: string, days: number, publishedAt: string | null = null): number {
  const [id] = articles.mergeArticles(db, source, [item(guid, publishedAt)], daysAgo(days)).insertedIds;
  if (id === undefined) throw new Error('not inserted');
  return id;
}

function titles(): string[] {
  return (db.sql.prepare('SELECT title FROM articles ORDER BY title').all() as Array<{ title: string }>).map((r) => r.title);
}

beforeEach(() => {
  db = openMemoryDatabase();
  source = sources.insertSource(db, {
    title: 'A',
    feedUrl: 'https://a.example/feed',
    siteUrl: null,
    description: null,
    etag: null,
    lastModified: null,
    lastFetchedAt: null,
    createdAt: daysAgo(100),
  });
});

describe('pruneOldArticles', () => {
  it('does nothing when retention is off', () => {
    seen('ancient', 90);
    expect(pruneOldArticles(db, 0, NOW)).toEqual({ removed: 0, sourceIds: [], images: [] });
    expect(titles()).toEqual(['ancient']);
  });

  it('removes articles first seen too long ago, keeping bookmarked ones, saved pages and what the feed still lists', () => {
    seen('old', 40);
    const bookmarked = seen('old-bookmarked', 40);
    articles.setBookmarked(db, bookmarked, true, NOW.toISOString());
    const listed = seen('old-still-listed', 40);
    // Dated long ago by its publisher, but first seen yesterday: it stays.
    seen('new-with-old-date', 1, daysAgo(400));
    seen('recent', 5);
    articles.insertSavedArticle(
      db,
      {
        dedupeKey: 'url:https://saved.example/x',
        url: 'https://saved.example/x',
        title: 'saved',
        author: null,
        publishedAt: daysAgo(90),
        contentHash: 'saved',
        content: {
          state: 'done', title: null, author: null, excerpt: 's', contentHtml: '<p>s</p>', text: 's', siteName: null,
          lang: null, dir: null, leadImage: null, thumbnail: null, wordCount: 1, readingMinutes: 1, canonicalUrl: null, assets: [],
        },
      },
      daysAgo(90),
    );
    sources.recordFetchSuccess(db, source, {
      title: null, siteUrl: null, description: null, etag: null, lastModified: null, fetchedAt: NOW.toISOString(),
      bodyHash: 'h', freshUntil: null, nextRefreshAt: null,
    });
    sources.recordLatestArticles(db, source, [listed]);

    expect(pruneOldArticles(db, 30, NOW)).toMatchObject({ removed: 1, sourceIds: [source] });
    expect(titles()).toEqual(['new-with-old-date', 'old-bookmarked', 'old-still-listed', 'recent', 'saved']);
  });

  it('remembers what it removed, so the feed listing it again does not bring it back', () => {
    seen('old', 40);
    pruneOldArticles(db, 30, NOW);
    expect(articles.mergeArticles(db, source, [item('old'), item('brand-new')], NOW.toISOString())).toMatchObject({ inserted: 1 });
    expect(titles()).toEqual(['brand-new']);
  });

  it('keeps it removed when its guid changes scheme (http to https) and its link changes too', () => {
    const id = seen('x', 40);
    db.sql.prepare("UPDATE articles SET guid = 'http://a.example/x' WHERE id = ?").run(id);
    pruneOldArticles(db, 30, NOW);
    const moved = { ...item('x'), guid: 'https://a.example/x', url: 'https://a.example/x?from=feed' };
    expect(articles.mergeArticles(db, source, [moved], NOW.toISOString())).toMatchObject({ inserted: 0 });
    expect(titles()).toEqual([]);
  });

  it('forgets what it removed after twice the retention period, or a year once retention is off', () => {
    const remembered = () => (db.sql.prepare('SELECT dedupe_key FROM pruned_articles').all() as Array<{ dedupe_key: string }>).map((r) => r.dedupe_key);
    seen('old', 40);
    pruneOldArticles(db, 30, NOW);
    expect(remembered()).toEqual(['guid:old']);
    const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);
    pruneOldArticles(db, 30, later(59));
    expect(remembered()).toEqual(['guid:old']);
    pruneOldArticles(db, 30, later(61));
    expect(remembered()).toEqual([]);

    seen('older', 40);
    pruneOldArticles(db, 30, NOW);
    pruneOldArticles(db, 0, later(364));
    expect(remembered()).toEqual(['guid:older']);
    pruneOldArticles(db, 0, later(366));
    expect(remembered()).toEqual([]);
  });

  it('reports the images of what it removed', () => {
    const id = seen('old-with-image', 40);
    db.sql.prepare("INSERT INTO article_assets (article_id, asset_name) VALUES (?, 'ab/cdef.jpg')").run(id);
    expect(pruneOldArticles(db, 30, NOW).images).toEqual(['ab/cdef.jpg']);
    expect(db.sql.prepare('SELECT COUNT(*) AS n FROM article_assets').get()).toEqual({ n: 0 });
  });
});
