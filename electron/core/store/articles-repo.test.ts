import { beforeEach, describe, expect, it } from 'vitest';
import * as articles from './articles-repo.ts';
import type { IncomingArticle } from './articles-repo.ts';
import { openMemoryDatabase, type Database } from './database.ts';
import * as sources from './sources-repo.ts';

const NOW = '2026-11-24T12:00:00.000Z';

function item(overrides: Partial<IncomingArticle>): IncomingArticle {
  return {
    guid: null,
    url: null,
    title: 'Title',
    author: null,
    contentHtml: '<p>Body</p>',
    text: 'Body',
    excerpt: 'Body',
    contentHash: 'hash-body',
    publishedAt: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

function addSource(db: Database, feedUrl = 'https://a.example/feed'): number {
  return sources.insertSource(db, {
    title: 'A',
    feedUrl,
    siteUrl: null,
    description: null,
    etag: null,
    lastModified: null,
    lastFetchedAt: null,
    createdAt: NOW,
  });
}

function count(db: Database): number {
  return (db.sql.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
}

function ftsMatches(db: Database, query: string): number[] {
  return articles.searchArticleIds(db, query, 100);
}

let db: Database;
let source: number;
beforeEach(() => {
  db = openMemoryDatabase();
  source = addSource(db);
});

describe('mergeArticles: deduplication', () => {
  it('recognises an item by guid across refreshes, even when its link changes', () => {
    expect(articles.mergeArticles(db, source, [item({ guid: 'g1', url: 'https://a.example/1' })], NOW)).toEqual({ inserted: 1, updated: 0 });
    expect(articles.mergeArticles(db, source, [item({ guid: 'g1', url: 'https://a.example/1' })], NOW)).toEqual({ inserted: 0, updated: 0 });
    expect(articles.mergeArticles(db, source, [item({ guid: 'g1', url: 'https://a.example/one' })], NOW)).toEqual({ inserted: 0, updated: 1 });
    expect(count(db)).toBe(1);
  });

  it('without a guid, recognises an item by its link', () => {
    articles.mergeArticles(db, source, [item({ url: 'https://a.example/2', contentHash: 'h1' })], NOW);
    articles.mergeArticles(db, source, [item({ url: 'https://a.example/2', contentHash: 'h2', title: 'Edited' })], NOW);
    expect(count(db)).toBe(1);
    expect(articles.listArticles(db, { view: 'all', limit: 10 }).items[0]?.title).toBe('Edited');
  });

  it('without guid or link, recognises an item by its content hash', () => {
    articles.mergeArticles(db, source, [item({ contentHash: 'same' })], NOW);
    articles.mergeArticles(db, source, [item({ contentHash: 'same' })], NOW);
    articles.mergeArticles(db, source, [item({ contentHash: 'other' })], NOW);
    expect(count(db)).toBe(2);
  });

  it('recognises by content hash an item that lost its link, keeping the link it had', () => {
    articles.mergeArticles(db, source, [item({ url: 'https://a.example/3', contentHash: 'h3' })], NOW);
    expect(articles.mergeArticles(db, source, [item({ url: null, contentHash: 'h3' })], NOW)).toEqual({ inserted: 0, updated: 0 });
    expect(count(db)).toBe(1);
    expect(articles.listArticles(db, { view: 'all', limit: 1 }).items[0]?.url).toBe('https://a.example/3');
  });

  it('keeps items with different guids apart even when they share a link', () => {
    const shared = 'https://a.example/';
    articles.mergeArticles(db, source, [item({ guid: 'x', url: shared }), item({ guid: 'y', url: shared, contentHash: 'h-y' })], NOW);
    expect(count(db)).toBe(2);
  });

  it('keeps link-only items apart when several share one link in a delivery', () => {
    const shared = 'https://a.example/home';
    const delivery = [item({ url: shared, contentHash: 'a', title: 'A' }), item({ url: shared, contentHash: 'b', title: 'B' })];
    expect(articles.mergeArticles(db, source, delivery, NOW).inserted).toBe(2);
    expect(articles.mergeArticles(db, source, delivery, NOW)).toEqual({ inserted: 0, updated: 0 });
  });

  it('stores a repeated guid in one delivery once', () => {
    expect(articles.mergeArticles(db, source, [item({ guid: 'dup' }), item({ guid: 'dup', title: 'Again' })], NOW).inserted).toBe(1);
  });

  it('treats the same guid in two sources as two articles', () => {
    const other = addSource(db, 'https://b.example/feed');
    articles.mergeArticles(db, source, [item({ guid: 'g' })], NOW);
    articles.mergeArticles(db, other, [item({ guid: 'g' })], NOW);
    expect(count(db)).toBe(2);
  });

  it('updates a changed item in place without resetting read or bookmark state', () => {
    articles.mergeArticles(db, source, [item({ guid: 'g', title: 'First' })], NOW);
    const id = articles.listArticles(db, { view: 'all', limit: 1 }).items[0]?.id ?? 0;
    articles.setRead(db, [id], true);
    articles.setBookmarked(db, id, true, NOW);
    articles.mergeArticles(db, source, [item({ guid: 'g', title: 'Corrected', contentHash: 'new', text: 'new words' })], NOW);
    const after = articles.getArticle(db, id);
    expect(after).toMatchObject({ id, title: 'Corrected', read: true, bookmarked: true });
  });

  it('uses first-seen time for undated items and keeps it on later refreshes', () => {
    articles.mergeArticles(db, source, [item({ guid: 'u', publishedAt: null })], NOW);
    articles.mergeArticles(db, source, [item({ guid: 'u', publishedAt: null, title: 'Changed' })], '2026-12-01T00:00:00.000Z');
    expect(articles.listArticles(db, { view: 'all', limit: 1 }).items[0]?.publishedAt).toBe(NOW);
  });
});

describe('full-text index', () => {
  it('follows inserts, updates and deletes', () => {
    articles.mergeArticles(db, source, [item({ guid: 'f', title: 'Harbour news', text: 'the lifeboat launched' })], NOW);
    const id = articles.listArticles(db, { view: 'all', limit: 1 }).items[0]?.id;
    expect(ftsMatches(db, 'lifeboat')).toEqual([id]);
    expect(ftsMatches(db, 'harbour')).toEqual([id]);

    articles.mergeArticles(db, source, [item({ guid: 'f', title: 'Moorland news', text: 'the curlew called', contentHash: 'x' })], NOW);
    expect(ftsMatches(db, 'lifeboat')).toEqual([]);
    expect(ftsMatches(db, 'harbour')).toEqual([]);
    expect(ftsMatches(db, 'curlew')).toEqual([id]);

    // Read state changes must not disturb the index.
    articles.setRead(db, [id ?? 0], true);
    expect(ftsMatches(db, 'curlew')).toEqual([id]);

    sources.deleteSource(db, source);
    expect(ftsMatches(db, 'curlew')).toEqual([]);
    db.sql.exec("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')");
  });

  it('matches without diacritics', () => {
    articles.mergeArticles(db, source, [item({ guid: 'c', title: 'Café culture' })], NOW);
    expect(ftsMatches(db, 'cafe')).toHaveLength(1);
  });
});

describe('listArticles: views and keyset pages', () => {
  function seed(n: number, publishedAt: (i: number) => string | null) {
    const items = Array.from({ length: n }, (_, i) => item({ guid: `g${i}`, title: `Item ${i}`, contentHash: `h${i}`, publishedAt: publishedAt(i) }));
    articles.mergeArticles(db, source, items, NOW);
  }

  it('pages newest first through every article exactly once, ties broken by id', () => {
    // Half of them share a timestamp to exercise the tie-breaker.
    seed(25, (i) => (i % 2 === 0 ? '2026-11-20T00:00:00.000Z' : `2026-11-${String(1 + (i % 19)).padStart(2, '0')}T00:00:00.000Z`));
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = articles.listArticles(db, { view: 'all', limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(25);
    const all = articles.listArticles(db, { view: 'all', limit: 100 }).items;
    expect(seen).toEqual(all.map((a) => a.id));
    for (let i = 1; i < all.length; i += 1) {
      const [a, b] = [all[i - 1], all[i]];
      expect(a && b && (a.publishedAt > b.publishedAt || (a.publishedAt === b.publishedAt && a.id > b.id))).toBe(true);
    }
  });

  it('gives no next cursor on an exact last page', () => {
    seed(4, () => NOW);
    expect(articles.listArticles(db, { view: 'all', limit: 4 }).nextCursor).toBeNull();
  });

  it('filters unread, bookmarked and by source, and reports source names', () => {
    seed(5, (i) => `2026-11-1${i}T00:00:00.000Z`);
    const ids = articles.listArticles(db, { view: 'all', limit: 10 }).items.map((a) => a.id);
    articles.setRead(db, ids.slice(0, 2), true);
    articles.setBookmarked(db, ids[4] ?? 0, true, NOW);
    expect(articles.listArticles(db, { view: 'unread', limit: 10 }).items).toHaveLength(3);
    expect(articles.listArticles(db, { view: 'bookmarked', limit: 10 }).items.map((a) => a.id)).toEqual([ids[4]]);
    const other = addSource(db, 'https://b.example/feed');
    expect(articles.listArticles(db, { view: 'all', sourceId: other, limit: 10 }).items).toEqual([]);
    expect(articles.listArticles(db, { view: 'all', sourceId: source, limit: 1 }).items[0]?.sourceTitle).toBe('A');
  });

  it('rejects a cursor that was not made here', () => {
    for (const cursor of ['garbage', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["x",-1]').toString('base64url')]) {
      expect(() => articles.listArticles(db, { view: 'all', limit: 5, cursor })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
  });
});

describe('read and bookmark state, counts', () => {
  it('marks read and unread, reporting only the sources that changed', () => {
    articles.mergeArticles(db, source, [item({ guid: 'a' }), item({ guid: 'b', contentHash: 'b' })], NOW);
    const ids = articles.listArticles(db, { view: 'all', limit: 10 }).items.map((a) => a.id);
    expect(sources.getSource(db, source)).toMatchObject({ unreadCount: 2, articleCount: 2 });
    expect(articles.setRead(db, ids, true)).toEqual([source]);
    expect(articles.setRead(db, ids, true)).toEqual([]);
    expect(sources.getSource(db, source)).toMatchObject({ unreadCount: 0, articleCount: 2 });
    expect(articles.setRead(db, [ids[0] ?? 0, 999_999], false)).toEqual([source]);
    expect(sources.getSource(db, source)?.unreadCount).toBe(1);
  });

  it('bookmarks and unbookmarks, null for a missing article', () => {
    articles.mergeArticles(db, source, [item({ guid: 'a' })], NOW);
    const id = articles.listArticles(db, { view: 'all', limit: 1 }).items[0]?.id ?? 0;
    expect(articles.setBookmarked(db, id, true, NOW)).toBe(source);
    expect(articles.getArticle(db, id)?.bookmarked).toBe(true);
    expect(articles.setBookmarked(db, id, false, NOW)).toBe(source);
    expect(articles.getArticle(db, id)?.bookmarked).toBe(false);
    expect(articles.setBookmarked(db, 424242, true, NOW)).toBeNull();
  });

  it('deleting a source deletes its articles', () => {
    articles.mergeArticles(db, source, [item({ guid: 'a' })], NOW);
    expect(sources.deleteSource(db, source)).toBe(true);
    expect(count(db)).toBe(0);
    expect(sources.deleteSource(db, source)).toBe(false);
  });

  it('uses an index for unread counts', () => {
    const plan = db.sql
      .prepare('EXPLAIN QUERY PLAN SELECT COUNT(*) FROM articles a WHERE a.source_id = ? AND a.read = 0')
      .all(1) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX articles_source_read/);
  });
});
