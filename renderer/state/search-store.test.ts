import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload } from '../../electron/shared/api.ts';
import type { SearchQuery, SearchResult } from '../../electron/shared/models.ts';
import { ApiCallError } from '../api/errors.ts';
import { SearchStore, type SearchHit } from './search-store.ts';

// A search that answers when the test says so, so replies can arrive out of order.
class ScriptedSearch {
  asked: SearchQuery[] = [];
  #pending: Array<{ query: SearchQuery; resolve: (r: SearchResult) => void; reject: (e: unknown) => void }> = [];

  #changed: Array<() => void> = [];

  on = <E extends EventName>(_event: E, listener: (payload: EventPayload<E>) => void): (() => void) => {
    const fire = () => listener({ reason: 'read', sourceIds: [1] } as EventPayload<E>);
    this.#changed.push(fire);
    return () => {
      this.#changed = this.#changed.filter((l) => l !== fire);
    };
  };

  libraryChanged(): void {
    for (const listener of this.#changed) listener();
  }

  search = (query: SearchQuery): Promise<SearchResult> =>
    new Promise((resolve, reject) => {
      this.asked.push(query);
      this.#pending.push({ query, resolve, reject });
    });

  answer(text: string, titles: string[]): void {
    const index = this.#pending.findIndex((p) => p.query.query === text);
    if (index === -1) throw new Error(`nobody asked for ${text}`);
    const [call] = this.#pending.splice(index, 1);
    call?.resolve({ items: titles.map(hit), total: titles.length });
  }

  fail(text: string, message: string): void {
    const index = this.#pending.findIndex((p) => p.query.query === text);
    const [call] = this.#pending.splice(index, 1);
    call?.reject(new ApiCallError('invalid_input', message));
  }
}

let nextId = 1;
function hit(title: string): SearchHit {
  return {
    id: nextId++,
    sourceId: 1,
    sourceTitle: 'The Harbour Gazette',
    title,
    url: null,
    author: null,
    publishedAt: '2026-11-20T10:00:00.000Z',
    excerpt: '',
    read: false,
    bookmarked: false,
    saved: false,
    archived: false,
    download: 'none',
    readingMinutes: null,
    thumbnailUrl: null,
    snippet: { text: title, highlights: [] },
    titleHighlights: [],
  };
}

describe('SearchStore', () => {
  let api: ScriptedSearch;
  let store: SearchStore;

  beforeEach(() => {
    vi.useFakeTimers();
    api = new ScriptedSearch();
    store = new SearchStore(api, 120);
  });
  afterEach(() => vi.useRealTimers());

  it('waits for a pause in typing, then asks once for the latest words', async () => {
    store.setQuery('h');
    store.setQuery('ha');
    store.setQuery('harb');
    expect(store.state.status).toBe('loading');
    await vi.advanceTimersByTimeAsync(119);
    expect(api.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.asked).toEqual([{ query: 'harb', view: 'all', limit: 100 }]);
    api.answer('harb', ['Harbour wall']);
    await vi.runAllTimersAsync();
    expect(store.state).toMatchObject({ status: 'ready', total: 1, answered: 'harb' });
    expect(store.state.items.map((i) => i.title)).toEqual(['Harbour wall']);
  });

  it('drops an answer that arrives after a newer question was asked', async () => {
    store.setQuery('tide');
    await vi.advanceTimersByTimeAsync(120);
    store.setQuery('tides');
    await vi.advanceTimersByTimeAsync(120);
    api.answer('tides', ['Spring tides']);
    await vi.runAllTimersAsync();
    api.answer('tide', ['An older answer']);
    await vi.runAllTimersAsync();
    expect(store.state.answered).toBe('tides');
    expect(store.state.items.map((i) => i.title)).toEqual(['Spring tides']);
  });

  it('searches the feed or view the reader is in, or everywhere when asked', async () => {
    store.setWhere({ kind: 'source', sourceId: 7 });
    store.setQuery('volunteers');
    await vi.advanceTimersByTimeAsync(120);
    expect(api.asked.at(-1)).toEqual({ query: 'volunteers', view: 'all', sourceId: 7, limit: 100 });
    store.setScope('everywhere');
    await vi.advanceTimersByTimeAsync(0);
    expect(api.asked.at(-1)).toEqual({ query: 'volunteers', limit: 100 });
    store.setScope('view');
    store.setWhere({ kind: 'view', view: 'bookmarked' });
    await vi.advanceTimersByTimeAsync(0);
    expect(api.asked.at(-1)).toEqual({ query: 'volunteers', view: 'bookmarked', limit: 100 });
    store.setWhere({ kind: 'folder', folderId: 3 });
    await vi.advanceTimersByTimeAsync(0);
    expect(api.asked.at(-1)).toEqual({ query: 'volunteers', view: 'all', folderId: 3, limit: 100 });
  });

  it('clearing returns to the view and ignores the answer still on its way', async () => {
    store.setQuery('ferry');
    await vi.advanceTimersByTimeAsync(120);
    store.clear();
    api.answer('ferry', ['Ferry timetable']);
    await vi.runAllTimersAsync();
    expect(store.active).toBe(false);
    expect(store.state).toMatchObject({ query: '', status: 'idle', items: [] });
  });

  it('asks again after the library changes, once per burst, and not after it stopped listening', async () => {
    store.start();
    store.setQuery('ferry');
    await vi.advanceTimersByTimeAsync(120);
    api.answer('ferry', ['Ferry timetable']);
    await vi.runAllTimersAsync();
    api.libraryChanged();
    api.libraryChanged();
    await vi.advanceTimersByTimeAsync(300);
    expect(api.asked.map((q) => q.query)).toEqual(['ferry', 'ferry']);
    api.answer('ferry', ['Ferry timetable', 'Ferry fares']);
    await vi.runAllTimersAsync();
    expect(store.state.items.map((i) => i.title)).toEqual(['Ferry timetable', 'Ferry fares']);
    store.stop();
    api.libraryChanged();
    await vi.runAllTimersAsync();
    expect(api.asked).toHaveLength(2);
  });

  it('blank text is no search at all', async () => {
    store.setQuery('   ');
    await vi.runAllTimersAsync();
    expect(api.asked).toEqual([]);
    expect(store.active).toBe(false);
  });

  it('shows a refusal in the core’s own words', async () => {
    store.setQuery('x'.repeat(600));
    await vi.advanceTimersByTimeAsync(120);
    api.fail('x'.repeat(600), 'That search is too long.');
    await vi.runAllTimersAsync();
    expect(store.state).toMatchObject({ status: 'error', error: 'That search is too long.' });
  });
});
