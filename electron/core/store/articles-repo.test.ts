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
  const rows = db.sql
    .prepare('SELECT rowid AS id FROM articles_search WHERE articles_search MATCH ? ORDER BY rank LIMIT 100')
    .all(query) as unknown as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

let db: Database;
let source: number;
beforeEach(() => {
  db = openMemoryDatabase();
  source = addSource(db);
});

describe('mergeArticles: deduplication', () => {
  it('recognises an item by guid across refreshes, even when its link changes', () => {
    expect(articles.mergeArticles(db, source, [item({ guid: 'g1', url: 'https://a.example/1' })], NOW)).toMatchObject({ inserted: 1, updated: 0, insertedIds: [expect.any(Number)] });
    expect(articles.mergeArticles(db, source, [item({ guid: 'g1', url: 'https://a.example/1' })], NOW)).toMatchObject({ inserted: 0, updated: 0, insertedIds: [] });
    expect(articles.mergeArticles(db, source, [item({ guid: 'g1', url: 'https://a.example/one' })], NOW)).toMatchObject({ inserted: 0, updated: 1, insertedIds: [] });
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
    expect(articles.mergeArticles(db, source, [item({ url: null, contentHash: 'h3' })], NOW)).toMatchObject({ inserted: 0, updated: 0, insertedIds: [] });
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
    expect(articles.mergeArticles(db, source, delivery, NOW)).toMatchObject({ inserted: 0, updated: 0, insertedIds: [] });
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

  it('reports every article the delivery lists, new or stored, in documentIds', () => {
    const first = articles.mergeArticles(db, source, [item({ guid: 'a' }), item({ guid: 'b', contentHash: 'b' })], NOW);
    const second = articles.mergeArticles(db, source, [item({ guid: 'c', contentHash: 'c' }), item({ guid: 'a' })], NOW);
    expect(second.documentIds).toEqual([second.insertedIds[0], first.insertedIds[0]]);
  });

  it('keeps one article when the guid changes form: the other scheme, or a new spelling with the same link and content', () => {
    const id = articles.mergeArticles(db, source, [item({ guid: 'http://a.example/?p=1', url: 'http://a.example/one' })], NOW).insertedIds[0] ?? 0;
    articles.setRead(db, [id], true);
    articles.mergeArticles(db, source, [item({ guid: 'https://a.example/?p=1', url: 'https://a.example/one' })], NOW);
    articles.mergeArticles(db, source, [item({ guid: 'tag:a.example,2026:one', url: 'https://a.example/one', title: 'Retitled' })], NOW);
    // Reordered and repeated: still the same article.
    articles.mergeArticles(db, source, [item({ guid: 'new', url: 'https://a.example/two', contentHash: 'two' }), item({ guid: 'tag:a.example,2026:one', url: 'https://a.example/one', title: 'Retitled' })], NOW);
    expect(count(db)).toBe(2);
    expect(articles.getArticle(db, id)).toMatchObject({ title: 'Retitled', read: true });
  });

  it('does not merge different stories that share a link and a title but not content or date', () => {
    articles.mergeArticles(db, source, [item({ guid: 'd1', url: 'https://a.example/', title: 'Daily update', contentHash: 'd1', publishedAt: '2026-11-23T10:00:00.000Z' })], NOW);
    articles.mergeArticles(db, source, [item({ guid: 'd2', url: 'https://a.example/', title: 'Daily update', contentHash: 'd2', publishedAt: '2026-11-24T10:00:00.000Z' })], NOW);
    expect(count(db)).toBe(2);
  });

  it('does not bring back an article retention removed', () => {
    db.sql.prepare("INSERT INTO pruned_articles (source_id, dedupe_key, pruned_at) VALUES (?, 'guid:old', ?)").run(source, NOW);
    expect(articles.mergeArticles(db, source, [item({ guid: 'old' })], NOW)).toMatchObject({ inserted: 0, documentIds: [] });
    expect(count(db)).toBe(0);
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
    db.sql.exec("INSERT INTO articles_search (articles_search) VALUES ('integrity-check')");
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
    expect(articles.setBookmarked(db, id, true, NOW)).toMatchObject({ sourceId: source, download: 'none' });
    expect(articles.getArticle(db, id)?.bookmarked).toBe(true);
    expect(articles.setBookmarked(db, id, false, NOW)).toMatchObject({ sourceId: source });
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

function downloaded(overrides: Partial<articles.DownloadedContent> = {}): articles.DownloadedContent {
  return {
    state: 'done',
    title: null,
    author: 'Byline Person',
    excerpt: 'Full excerpt',
    contentHtml: '<p>The whole story, with the seaweed harvest.</p><img src="/asset/ab/x.jpg">',
    text: 'The whole story, with the seaweed harvest.',
    siteName: 'The Site',
    lang: 'en',
    dir: 'ltr',
    leadImage: '/asset/ab/lead.jpg',
    thumbnail: '/asset/ab/thumb.jpg',
    wordCount: 7,
    readingMinutes: 1,
    canonicalUrl: 'https://a.example/story',
    assets: ['ab/x.jpg', 'ab/lead.jpg'],
    ...overrides,
  };
}

function saved(db: Database, key: string, savedAt: string, overrides: Partial<articles.SavedArticle> = {}): number {
  return articles.insertSavedArticle(
    db,
    {
      dedupeKey: `url:${key}`,
      url: key,
      title: `Saved ${key}`,
      author: null,
      publishedAt: null,
      contentHash: `hash-${key}`,
      content: downloaded({ assets: [], canonicalUrl: null }),
      ...overrides,
    },
    savedAt,
  );
}

describe('saved pages and the archive', () => {
  it('stores a saved page with no source; lists it in Saved newest-saved first, then in the Archive when archived', () => {
    articles.mergeArticles(db, source, [item({ guid: 'feed', publishedAt: '2026-11-30T00:00:00.000Z' })], NOW);
    const first = saved(db, 'https://x.example/1', '2026-11-01T00:00:00.000Z');
    const second = saved(db, 'https://x.example/2', '2026-11-02T00:00:00.000Z', { publishedAt: '2020-01-01T00:00:00.000Z' });
    const summary = articles.getSummary(db, second);
    expect(summary).toMatchObject({
      sourceId: null,
      sourceTitle: 'The Site',
      saved: true,
      archived: false,
      download: 'done',
      readingMinutes: 1,
      thumbnailUrl: '/asset/ab/thumb.jpg',
      publishedAt: '2020-01-01T00:00:00.000Z',
    });
    expect(articles.listArticles(db, { view: 'saved', limit: 10 }).items.map((a) => a.id)).toEqual([second, first]);
    // Saved pages read like any article in All.
    expect(articles.listArticles(db, { view: 'all', limit: 10 }).items).toHaveLength(3);

    expect(articles.setArchived(db, first, true, NOW)).toBe('ok');
    expect(articles.listArticles(db, { view: 'saved', limit: 10 }).items.map((a) => a.id)).toEqual([second]);
    expect(articles.listArticles(db, { view: 'archive', limit: 10 }).items).toMatchObject([{ id: first, archived: true }]);
    expect(articles.listArticles(db, { view: 'all', limit: 10 }).items.map((a) => a.id)).not.toContain(first);
    expect(articles.setArchived(db, first, false, NOW)).toBe('ok');
    expect(articles.listArticles(db, { view: 'archive', limit: 10 }).items).toEqual([]);

    const feedId = articles.listArticles(db, { view: 'all', sourceId: source, limit: 1 }).items[0]?.id ?? 0;
    expect(articles.setArchived(db, feedId, true, NOW)).toBe('not_saved');
    expect(articles.setArchived(db, 999_999, true, NOW)).toBe('not_found');
  });

  it('names a saved page by its host when the page names no site', () => {
    const id = saved(db, 'https://www.quiet.example/a', NOW, { content: downloaded({ siteName: null, assets: [] }) });
    expect(articles.getSummary(db, id)?.sourceTitle).toBe('quiet.example');
  });

  it('pages through Saved by saved time with its own cursors, refusing a cursor from another ordering', () => {
    for (let i = 0; i < 9; i += 1) saved(db, `https://x.example/${i}`, `2026-11-0${1 + (i % 3)}T00:00:00.000Z`);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = articles.listArticles(db, { view: 'saved', limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(articles.listArticles(db, { view: 'saved', limit: 100 }).items.map((a) => a.id));
    expect(new Set(seen).size).toBe(9);

    const savedCursor = articles.listArticles(db, { view: 'saved', limit: 2 }).nextCursor ?? '';
    expect(() => articles.listArticles(db, { view: 'all', limit: 2, cursor: savedCursor })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    seed2();
    const feedCursor = articles.listArticles(db, { view: 'all', limit: 1 }).nextCursor ?? '';
    expect(() => articles.listArticles(db, { view: 'archive', limit: 2, cursor: feedCursor })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('finds a saved page by its address, its canonical address or its key', () => {
    const id = saved(db, 'https://x.example/a?utm=1', NOW, {
      content: downloaded({ canonicalUrl: 'https://x.example/a', assets: [] }),
    });
    expect(articles.findSavedArticle(db, ['https://x.example/a?utm=1'])).toBe(id);
    expect(articles.findSavedArticle(db, ['https://nope.example/', 'https://x.example/a'])).toBe(id);
    expect(articles.findSavedArticle(db, [], 'url:https://x.example/a?utm=1')).toBe(id);
    expect(articles.findSavedArticle(db, ['https://x.example/b'])).toBeNull();
    // Feed articles are not saved pages.
    articles.mergeArticles(db, source, [item({ guid: 'f', url: 'https://x.example/f' })], NOW);
    expect(articles.findSavedArticle(db, ['https://x.example/f'])).toBeNull();
  });
});

function seed2() {
  articles.mergeArticles(db, source, [item({ guid: 's1', contentHash: 's1' }), item({ guid: 's2', contentHash: 's2' })], NOW);
}

describe('downloaded articles and their images', () => {
  it('stores the full article over the feed text, with its images, and search finds the full text', () => {
    articles.mergeArticles(db, source, [item({ guid: 'g', url: 'https://a.example/story', title: 'Feed title', text: 'short teaser' })], NOW);
    const id = articles.listArticles(db, { view: 'all', limit: 1 }).items[0]?.id ?? 0;
    expect(articles.getDownloadTarget(db, id)).toEqual({
      id,
      sourceId: source,
      url: 'https://a.example/story',
      saved: false,
      download: 'none',
      hasFullText: false,
    });
    expect(articles.setDownloadState(db, id, 'downloading', null)).toBe(true);
    expect(articles.storeDownloadedContent(db, id, downloaded(), NOW)).toBe(true);
    expect(articles.getDownloadTarget(db, id)).toMatchObject({ download: 'done', hasFullText: true });

    expect(articles.getArticle(db, id)).toMatchObject({
      title: 'Feed title', // a feed article keeps the feed's title
      author: 'Byline Person',
      excerpt: 'Body', // and the feed's excerpt
      contentHtml: expect.stringContaining('seaweed harvest'),
      download: 'done',
      downloadError: null,
      siteName: 'The Site',
      lang: 'en',
      dir: 'ltr',
      leadImageUrl: '/asset/ab/lead.jpg',
      thumbnailUrl: '/asset/ab/thumb.jpg',
      wordCount: 7,
      readingMinutes: 1,
    });
    expect(ftsMatches(db, 'seaweed')).toEqual([id]);
    expect(ftsMatches(db, 'teaser')).toEqual([]);
    expect(articles.assetsOfArticle(db, id).sort()).toEqual(['ab/lead.jpg', 'ab/x.jpg']);

    // The feed edits the item: title follows, the stored full text stays.
    articles.mergeArticles(db, source, [item({ guid: 'g', url: 'https://a.example/story', title: 'Edited', contentHash: 'e', text: 'new teaser' })], NOW);
    expect(articles.getArticle(db, id)).toMatchObject({ title: 'Edited', download: 'done', contentHtml: expect.stringContaining('seaweed') });
    expect(ftsMatches(db, 'seaweed')).toEqual([id]);

    // Downloaded again with different images: the list of images is replaced.
    articles.storeDownloadedContent(db, id, downloaded({ assets: ['cd/y.png'] }), NOW);
    expect(articles.assetsOfArticle(db, id)).toEqual(['cd/y.png']);
    expect(articles.unreferencedAssets(db, ['ab/x.jpg', 'cd/y.png', 'ab/x.jpg'])).toEqual(['ab/x.jpg']);
  });

  it('keeps stored full text through a feed edit while a re-download is queued, running, failed or found no article', () => {
    articles.mergeArticles(db, source, [item({ guid: 'g', url: 'https://a.example/story', text: 'short teaser' })], NOW);
    const id = articles.listArticles(db, { view: 'all', limit: 1 }).items[0]?.id ?? 0;
    articles.storeDownloadedContent(db, id, downloaded(), NOW);
    let edit = 0;
    const editedInFeed = () => {
      edit += 1;
      articles.mergeArticles(db, source, [item({ guid: 'g', url: 'https://a.example/story', title: `Edited ${edit}`, contentHash: `e${edit}`, text: 'new teaser', contentHtml: '<p>new teaser</p>' })], NOW);
    };
    for (const state of ['queued', 'downloading', 'failed'] as const) {
      articles.setDownloadState(db, id, state, null);
      editedInFeed();
      expect(articles.getArticle(db, id)).toMatchObject({ title: `Edited ${edit}`, download: state, contentHtml: expect.stringContaining('seaweed') });
    }
    // A re-download that found only a paywall keeps the article it had.
    articles.storeDownloadedContent(db, id, downloaded({ state: 'not_article', contentHtml: '', text: '' }), NOW);
    editedInFeed();
    expect(articles.getArticle(db, id)).toMatchObject({ download: 'not_article', wordCount: 7, contentHtml: expect.stringContaining('seaweed') });
    expect(ftsMatches(db, 'seaweed')).toEqual([id]);
    expect(ftsMatches(db, 'teaser')).toEqual([]);
  });

  it('keeps the feed text of a page that is not an article, and records failures', () => {
    articles.mergeArticles(db, source, [item({ guid: 'v', url: 'https://a.example/video', text: 'watch this' })], NOW);
    const id = articles.listArticles(db, { view: 'all', limit: 1 }).items[0]?.id ?? 0;
    articles.setDownloadState(db, id, 'failed', 'The server answered 500.');
    expect(articles.getArticle(db, id)).toMatchObject({ download: 'failed', downloadError: 'The server answered 500.' });
    articles.storeDownloadedContent(db, id, downloaded({ state: 'not_article', contentHtml: '', text: '' }), NOW);
    expect(articles.getArticle(db, id)).toMatchObject({ download: 'not_article', downloadError: null, contentHtml: '<p>Body</p>' });
    expect(ftsMatches(db, 'watch')).toEqual([id]);
    expect(articles.assetsOfArticle(db, id)).toEqual([]);
  });

  it('reports an article deleted meanwhile, and lists downloads that were interrupted', () => {
    expect(articles.storeDownloadedContent(db, 424242, downloaded(), NOW)).toBe(false);
    expect(articles.setDownloadState(db, 424242, 'queued', null)).toBe(false);
    articles.mergeArticles(db, source, [item({ guid: 'a' }), item({ guid: 'b', contentHash: 'b' }), item({ guid: 'c', contentHash: 'c' })], NOW);
    const [a, b] = articles.listArticles(db, { view: 'all', limit: 10 }).items.map((x) => x.id);
    articles.setDownloadState(db, a ?? 0, 'queued', null);
    articles.setDownloadState(db, b ?? 0, 'downloading', null);
    expect(articles.listInterruptedDownloads(db).sort()).toEqual([a, b].sort());
  });

  it('knows the images of a source, and forgets them when the source goes; saved pages keep theirs', () => {
    articles.mergeArticles(db, source, [item({ guid: 'a', url: 'https://a.example/a' })], NOW);
    const id = articles.listArticles(db, { view: 'all', limit: 1 }).items[0]?.id ?? 0;
    articles.storeDownloadedContent(db, id, downloaded({ assets: ['ab/shared.jpg', 'ab/only.jpg'] }), NOW);
    saved(db, 'https://x.example/s', NOW, { content: downloaded({ assets: ['ab/shared.jpg'] }) });
    const images = articles.assetsOfSource(db, source);
    expect(images.sort()).toEqual(['ab/only.jpg', 'ab/shared.jpg']);
    sources.deleteSource(db, source);
    expect(articles.unreferencedAssets(db, images)).toEqual(['ab/only.jpg']);
    expect([...articles.referencedAssets(db)]).toEqual(['ab/shared.jpg']);
  });

  it('uses the indexes for the saved and archive views', () => {
    const plan = (view: 'saved' | 'archive') => {
      const where = view === 'saved' ? 'a.saved = 1 AND a.archived = 0' : 'a.archived = 1';
      return (
        db.sql
          .prepare(`EXPLAIN QUERY PLAN SELECT a.id FROM articles a WHERE ${where} ORDER BY a.saved_at DESC, a.id DESC LIMIT 10`)
          .all() as Array<{ detail: string }>
      )
        .map((p) => p.detail)
        .join(' ');
    };
    expect(plan('saved')).toMatch(/INDEX articles_saved_newest/);
    expect(plan('archive')).toMatch(/INDEX articles_archive_newest/);
  });
});
