import { beforeEach, describe, expect, it } from 'vitest';
import { addArticle, addFeed, addSavedPage } from '../testing/library-rows.ts';
import * as articles from './articles-repo.ts';
import { openMemoryDatabase, type Database } from './database.ts';
import * as sources from './sources-repo.ts';

let db: Database;
let feedA: number;
let feedB: number;

beforeEach(() => {
  db = openMemoryDatabase();
  feedA = addFeed(db, 'A');
  feedB = addFeed(db, 'B');
});

/** Walks every page of a view and returns the ids in order. */
function walk(query: Omit<Parameters<typeof articles.listArticles>[1], 'limit' | 'cursor'>, limit = 2): number[] {
  const seen: number[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = articles.listArticles(db, { ...query, limit, ...(cursor ? { cursor } : {}) });
    seen.push(...page.items.map((i) => i.id));
    if (page.nextCursor === null) return seen;
    cursor = page.nextCursor;
  }
}

describe('article order', () => {
  it('pages newest first and oldest first, each row exactly once, ties broken by id', () => {
    const same = '2026-11-22T00:00:00.000Z';
    const ids = [
      addArticle(db, feedA, { title: 'one', publishedAt: '2026-11-20T00:00:00.000Z' }),
      addArticle(db, feedA, { title: 'two', publishedAt: same }),
      addArticle(db, feedB, { title: 'three', publishedAt: same }),
      addArticle(db, feedA, { title: 'four', publishedAt: same }),
      addArticle(db, feedB, { title: 'five', publishedAt: '2026-11-23T00:00:00.000Z' }),
    ];
    const [one, two, three, four, five] = ids as [number, number, number, number, number];
    expect(walk({ view: 'all' })).toEqual([five, four, three, two, one]);
    expect(walk({ view: 'all', order: 'newest' })).toEqual([five, four, three, two, one]);
    expect(walk({ view: 'all', order: 'oldest' })).toEqual([one, two, three, four, five]);
    expect(walk({ view: 'all', order: 'oldest', sourceId: feedA }, 1)).toEqual([one, two, four]);
  });

  it('pages saved pages by when they were saved, both ways', () => {
    const first = addSavedPage(db, { title: 'first', savedAt: '2026-11-01T00:00:00.000Z' });
    const second = addSavedPage(db, { title: 'second', savedAt: '2026-11-02T00:00:00.000Z' });
    const third = addSavedPage(db, { title: 'third', savedAt: '2026-11-03T00:00:00.000Z' });
    expect(walk({ view: 'saved' }, 1)).toEqual([third, second, first]);
    expect(walk({ view: 'saved', order: 'oldest' }, 1)).toEqual([first, second, third]);
  });

  it('refuses a cursor made for the other order or another kind of view', () => {
    for (let i = 0; i < 3; i += 1) addArticle(db, feedA, { title: `n${i}`, publishedAt: `2026-11-2${i}T00:00:00.000Z` });
    addSavedPage(db, { title: 's1' });
    addSavedPage(db, { title: 's2' });
    const newest = articles.listArticles(db, { view: 'all', limit: 1 }).nextCursor ?? '';
    const oldest = articles.listArticles(db, { view: 'all', order: 'oldest', limit: 1 }).nextCursor ?? '';
    const saved = articles.listArticles(db, { view: 'saved', limit: 1 }).nextCursor ?? '';
    expect(() => articles.listArticles(db, { view: 'all', order: 'oldest', limit: 1, cursor: newest })).toThrow(/not available/);
    expect(() => articles.listArticles(db, { view: 'all', limit: 1, cursor: oldest })).toThrow(/not available/);
    expect(() => articles.listArticles(db, { view: 'saved', order: 'oldest', limit: 1, cursor: saved })).toThrow(/not available/);
    expect(() => articles.listArticles(db, { view: 'all', limit: 1, cursor: saved })).toThrow(/not available/);
  });
});

describe('mark all read', () => {
  it('marks only the unread articles of the view and feed, and returns exactly those ids', () => {
    const a1 = addArticle(db, feedA, { title: 'a1' });
    const a2 = addArticle(db, feedA, { title: 'a2' });
    const b1 = addArticle(db, feedB, { title: 'b1' });
    articles.setRead(db, [a2], true);
    const changed = articles.markAllRead(db, 'all', feedA);
    expect(changed).toEqual({ ids: [a1], sourceIds: [feedA] });
    expect(articles.getSummary(db, b1)?.read).toBe(false);
    // Undo is setRead(ids, false): only what mark-all-read changed comes back unread.
    articles.setRead(db, changed.ids, false);
    expect([a1, a2, b1].map((id) => articles.getSummary(db, id)?.read)).toEqual([false, true, false]);
  });

  it('in Bookmarks marks only bookmarks; in Saved only saved pages not archived', () => {
    const a1 = addArticle(db, feedA, { title: 'a1' });
    const a2 = addArticle(db, feedA, { title: 'a2' });
    articles.setBookmarked(db, a2, true, '2026-11-24T00:00:00.000Z');
    const s1 = addSavedPage(db, { title: 's1' });
    const s2 = addSavedPage(db, { title: 's2' });
    articles.setArchived(db, s2, true, '2026-11-24T00:00:00.000Z');
    expect(articles.markAllRead(db, 'bookmarked').ids).toEqual([a2]);
    expect(articles.markAllRead(db, 'saved')).toEqual({ ids: [s1], sourceIds: [] });
    expect(articles.getSummary(db, a1)?.read).toBe(false);
    expect(articles.getSummary(db, s2)?.read).toBe(false);
    expect(articles.markAllRead(db, 'archive').ids).toEqual([s2]);
    expect(articles.markAllRead(db, 'unread').ids).toEqual([a1]);
    expect(articles.markAllRead(db, 'all').ids).toEqual([]);
  });
});

describe('view counts', () => {
  it('stay right after every kind of change', () => {
    const counts = () => articles.getCounts(db);
    expect(counts()).toEqual({ all: 0, unread: 0, bookmarked: 0, saved: 0, archive: 0 });
    const a1 = addArticle(db, feedA, { title: 'a1' });
    const a2 = addArticle(db, feedA, { title: 'a2' });
    addArticle(db, feedB, { title: 'b1' });
    expect(counts()).toEqual({ all: 3, unread: 3, bookmarked: 0, saved: 0, archive: 0 });
    articles.setRead(db, [a1], true);
    expect(counts()).toMatchObject({ all: 3, unread: 2 });
    articles.setBookmarked(db, a2, true, '2026-11-24T00:00:00.000Z');
    expect(counts()).toMatchObject({ bookmarked: 1 });
    const s1 = addSavedPage(db, { title: 's1' });
    expect(counts()).toEqual({ all: 4, unread: 3, bookmarked: 1, saved: 1, archive: 0 });
    articles.setArchived(db, s1, true, '2026-11-24T00:00:00.000Z');
    // Archived pages leave All and Unread.
    expect(counts()).toEqual({ all: 3, unread: 2, bookmarked: 1, saved: 0, archive: 1 });
    articles.markAllRead(db, 'all');
    expect(counts()).toMatchObject({ unread: 0 });
    articles.setRead(db, [a2], false);
    expect(counts()).toMatchObject({ unread: 1 });
    sources.deleteSource(db, feedA);
    expect(counts()).toEqual({ all: 1, unread: 0, bookmarked: 0, saved: 0, archive: 1 });
  });

  it('read small indexes, never the articles table', () => {
    for (const sql of [
      'SELECT COUNT(*) AS n FROM articles INDEXED BY articles_listed WHERE archived = 0',
      'SELECT COUNT(*) AS n FROM articles INDEXED BY articles_listed_unread WHERE read = 0 AND archived = 0',
    ]) {
      const plan = (db.sql.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' ');
      expect(plan).toMatch(/COVERING INDEX/);
    }
  });
});

describe('reading progress', () => {
  it('starts at 0, is remembered, kept between 0 and 1, and says when the article is gone', () => {
    const id = addArticle(db, feedA, { title: 'a1' });
    expect(articles.getArticle(db, id)?.readingProgress).toBe(0);
    expect(articles.setReadingProgress(db, id, 0.42)).toBe(true);
    expect(articles.getArticle(db, id)?.readingProgress).toBe(0.42);
    articles.setReadingProgress(db, id, 7);
    expect(articles.getArticle(db, id)?.readingProgress).toBe(1);
    expect(articles.setReadingProgress(db, 9999, 0.5)).toBe(false);
  });
});
