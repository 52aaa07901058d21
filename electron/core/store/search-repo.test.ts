import { beforeEach, describe, expect, it } from 'vitest';
import { addArticle, addFeed, addSavedPage } from '../testing/library-rows.ts';
import * as articles from './articles-repo.ts';
import { openMemoryDatabase, type Database } from './database.ts';
import { RANKED_MATCHES, search } from './search-repo.ts';

let db: Database;
let gazette: number;
let moor: number;
const ids: Record<string, number> = {};

beforeEach(() => {
  db = openMemoryDatabase();
  gazette = addFeed(db, 'Coastal Gazette');
  moor = addFeed(db, 'Moorland Post');
  ids.lifeboat = addArticle(db, gazette, {
    title: 'Lifeboat launched at dawn',
    author: 'Ann Pryce',
    text: 'The lifeboat crew launched at dawn to help a fishing boat near the harbour wall.',
    publishedAt: '2026-11-20T08:00:00.000Z',
  });
  ids.harbourTitle = addArticle(db, gazette, {
    title: 'Harbour board meets',
    text: 'The board discussed the old fish market and the roof repairs.',
    publishedAt: '2026-11-21T08:00:00.000Z',
  });
  ids.curlew = addArticle(db, moor, {
    title: 'Curlews return',
    text: 'Birdwatchers counted curlews on the high moor; none near any harbour.',
    publishedAt: '2026-11-22T08:00:00.000Z',
  });
  ids.saved = addSavedPage(db, { title: 'A long read about tides', text: 'Spring tides and neap tides explained.', siteName: 'Tide Weekly' });
});

const titles = (query: Parameters<typeof search>[1]) => search(db, query).items.map((i) => i.title);

describe('search', () => {
  it('finds words by their beginning, while typing', () => {
    expect(titles({ query: 'lifeb', limit: 20 })).toEqual(['Lifeboat launched at dawn']);
    expect(titles({ query: 'curl', limit: 20 })).toEqual(['Curlews return']);
  });

  it('ranks a match in the title above matches in the text', () => {
    expect(titles({ query: 'harbour', limit: 20 })[0]).toBe('Harbour board meets');
    expect(search(db, { query: 'harbour', limit: 20 }).total).toBe(3);
  });

  it('ANDs words and keeps quoted phrases together', () => {
    expect(titles({ query: 'harbour dawn', limit: 20 })).toEqual(['Lifeboat launched at dawn']);
    expect(titles({ query: '"fish market"', limit: 20 })).toEqual(['Harbour board meets']);
    expect(titles({ query: '"market fish"', limit: 20 })).toEqual([]);
  });

  it('finds articles by author and by the feed or site name', () => {
    expect(titles({ query: 'pryce', limit: 20 })).toEqual(['Lifeboat launched at dawn']);
    expect(titles({ query: 'moorland', limit: 20 })).toEqual(['Curlews return']);
    expect(titles({ query: 'tide weekly', limit: 20 })).toEqual(['A long read about tides']);
  });

  it('follows a feed being renamed', () => {
    db.sql.prepare('UPDATE sources SET custom_title = ? WHERE id = ?').run('Upland Courier', moor);
    expect(titles({ query: 'upland', limit: 20 })).toEqual(['Curlews return']);
    expect(titles({ query: 'moorland', limit: 20 })).toEqual([]);
  });

  it('is scoped to a view, a feed, or everywhere', () => {
    expect(search(db, { query: 'harbour', view: 'all', sourceId: gazette, limit: 20 }).total).toBe(2);
    expect(titles({ query: 'harbour', view: 'all', sourceId: moor, limit: 20 })).toEqual(['Curlews return']);
    articles.setRead(db, [ids.lifeboat as number], true);
    expect(search(db, { query: 'harbour', view: 'unread', limit: 20 }).total).toBe(2);
    expect(titles({ query: 'tides', view: 'saved', limit: 20 })).toEqual(['A long read about tides']);
    expect(titles({ query: 'tides', view: 'bookmarked', limit: 20 })).toEqual([]);
    articles.setArchived(db, ids.saved as number, true, '2026-11-25T00:00:00.000Z');
    expect(titles({ query: 'tides', view: 'saved', limit: 20 })).toEqual([]);
    expect(titles({ query: 'tides', view: 'archive', limit: 20 })).toEqual(['A long read about tides']);
    expect(titles({ query: 'tides', limit: 20 })).toEqual(['A long read about tides']);
  });

  it('returns at most `limit` items and the total that match', () => {
    const result = search(db, { query: 'the', limit: 1 });
    expect(result.items).toHaveLength(1);
    expect(result.total).toBe(3);
  });

  it('returns highlighted snippets and title highlights with exact offsets', () => {
    const [hit] = search(db, { query: 'lifeboat harb', limit: 20 }).items;
    expect(hit?.id).toBe(ids.lifeboat);
    const cut = (text: string, ranges: Array<[number, number]>) => ranges.map(([s, e]) => text.slice(s, e));
    expect(cut(hit?.title ?? '', hit?.titleHighlights ?? [])).toEqual(['Lifeboat']);
    expect(cut(hit?.snippet.text ?? '', hit?.snippet.highlights ?? [])).toEqual(['lifeboat', 'harbour']);
    expect(hit).toMatchObject({ sourceTitle: 'Coastal Gazette', read: false, bookmarked: false });
  });

  it('for a broad search, ranks the newest matches and still counts them all', () => {
    const old = addArticle(db, gazette, { title: 'Seagulls over the quay', text: 'gulls', publishedAt: '2020-01-01T00:00:00.000Z' });
    db.transaction(() => {
      for (let i = 0; i < RANKED_MATCHES + 50; i += 1) addArticle(db, moor, { title: `Note ${i}`, text: `seagulls seen today, number ${i}` });
    });
    const newest = addArticle(db, gazette, { title: 'Seagulls nest on the roof', text: 'gulls' });
    const result = search(db, { query: 'seagull', limit: 5 });
    expect(result.total).toBe(RANKED_MATCHES + 52);
    expect(result.items[0]?.id).toBe(newest);
    expect(result.items.map((i) => i.id)).not.toContain(old);
    // Few matches in the feed: all of them are ranked, the old one included.
    expect(search(db, { query: 'seagull', view: 'all', sourceId: gazette, limit: 5 }).items.map((i) => i.id).sort()).toEqual([old, newest].sort());
  });

  it('never lets hostile input reach the user as a syntax error', () => {
    for (const query of ['"', '*', 'NEAR(', '-', ':', 'title:', '🙂', 'harbour"', '((harbour', 'a OR', 'AND', '^', '"unclosed harb', '\\', "'; DROP TABLE articles; --"]) {
      expect(() => search(db, { query, limit: 20 }), query).not.toThrow();
    }
    expect(search(db, { query: '*', limit: 20 })).toEqual({ items: [], total: 0 });
    expect(search(db, { query: '🙂', limit: 20 })).toEqual({ items: [], total: 0 });
    expect(titles({ query: 'NEAR(harbour', limit: 20 })).toEqual([]);
    expect(titles({ query: '-harbour: dawn!', limit: 20 })).toEqual(['Lifeboat launched at dawn']);
    // An FTS operator typed alone is just the word.
    expect(titles({ query: 'AND', limit: 20 }).sort()).toEqual(['A long read about tides', 'Harbour board meets']);
  });
});
