import { describe, expect, it } from 'vitest';
import type { Api, EventName, EventPayload } from '../../electron/shared/api.ts';
import type { ArticleQuery, ArticleSummary, Settings, Source } from '../../electron/shared/models.ts';
import { ApiCallError } from '../api/errors.ts';
import { LibraryStore } from './library-store.ts';

// A small library kept in memory behind the Api contract: enough behaviour
// (views, cursors, counts, events) to exercise the store's own logic.
class MemoryLibrary {
  sources: Source[] = [];
  articles: Array<ArticleSummary & { contentHtml: string }> = [];
  settings: Settings = { theme: 'system', refreshIntervalMinutes: 30, markReadOnOpen: true };
  listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  /** Delays per method, to let tests reorder replies. */
  delays: Partial<Record<keyof Api, number>> = {};
  failNext: Partial<Record<keyof Api, ApiCallError>> = {};
  calls: Array<[string, unknown[]]> = [];

  addSource(title: string, count: number): Source {
    const id = this.sources.length + 1;
    for (let i = 0; i < count; i += 1) {
      const articleId = this.articles.length + 1;
      this.articles.push({
        id: articleId,
        sourceId: id,
        sourceTitle: title,
        title: `${title} story ${i + 1}`,
        url: `https://example.com/${articleId}`,
        author: null,
        publishedAt: new Date(Date.UTC(2026, 10, 20, 12, 0) - articleId * 60_000).toISOString(),
        excerpt: '',
        read: false,
        bookmarked: false,
        contentHtml: '<p>Text</p>',
      });
    }
    const source: Source = {
      id,
      kind: 'feed',
      title,
      feedUrl: `https://example.com/${id}.xml`,
      siteUrl: null,
      description: null,
      unreadCount: 0,
      articleCount: count,
      lastFetchedAt: null,
      lastError: null,
      createdAt: new Date().toISOString(),
    };
    this.sources.push(source);
    return source;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  async #step<T>(method: keyof Api, args: unknown[], work: () => T): Promise<T> {
    this.calls.push([method, args]);
    const delay = this.delays[method];
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const failure = this.failNext[method];
    if (failure) {
      delete this.failNext[method];
      throw failure;
    }
    return work();
  }

  #summary(a: ArticleSummary & { contentHtml: string }): ArticleSummary {
    const { contentHtml: _content, ...summary } = a;
    return summary;
  }

  readonly api: Api = {
    listSources: () =>
      this.#step('listSources', [], () =>
        this.sources.map((s) => ({ ...s, unreadCount: this.articles.filter((a) => a.sourceId === s.id && !a.read).length })),
      ),
    addFeed: (url) =>
      this.#step('addFeed', [url], () => {
        if (!url.startsWith('https://')) throw new ApiCallError('invalid_url', 'That is not a web address.');
        return this.addSource('New feed', 2);
      }),
    removeSource: (id) => this.#step('removeSource', [id], () => null),
    listArticles: (query: ArticleQuery) =>
      this.#step('listArticles', [query], () => {
        const matching = this.articles.filter(
          (a) =>
            (query.sourceId === undefined || a.sourceId === query.sourceId) &&
            (query.view !== 'unread' || !a.read) &&
            (query.view !== 'bookmarked' || a.bookmarked),
        );
        const start = query.cursor ? Number(query.cursor) : 0;
        const page = matching.slice(start, start + query.limit);
        const next = start + query.limit < matching.length ? String(start + query.limit) : null;
        return { items: page.map((a) => this.#summary(a)), nextCursor: next };
      }),
    getArticle: (id) =>
      this.#step('getArticle', [id], () => {
        const found = this.articles.find((a) => a.id === id);
        if (!found) throw new ApiCallError('not_found', 'That article is no longer in your library.');
        return { ...found, sourceSiteUrl: null };
      }),
    setRead: (ids, read) =>
      this.#step('setRead', [ids, read], () => {
        for (const a of this.articles) if (ids.includes(a.id)) a.read = read;
        return null;
      }),
    setBookmarked: (id, on) =>
      this.#step('setBookmarked', [id, on], () => {
        const found = this.articles.find((a) => a.id === id);
        if (found) found.bookmarked = on;
        return null;
      }),
    refresh: (sourceId) => this.#step('refresh', [sourceId], () => ({ sources: 1, newArticles: 0, failed: 0 })),
    getSettings: () => this.#step('getSettings', [], () => this.settings),
    updateSettings: (patch) => this.#step('updateSettings', [patch], () => (this.settings = { ...this.settings, ...patch })),
    on: (event, listener) => {
      let set = this.listeners.get(event);
      if (!set) this.listeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}

const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

async function started(library: MemoryLibrary): Promise<LibraryStore> {
  const store = new LibraryStore(library.api);
  store.start();
  await settle();
  return store;
}

describe('LibraryStore', () => {
  it('loads settings, sources with counts, and the first page of all articles', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 3);
    library.addSource('Notes', 2);
    const store = await started(library);
    expect(store.state.sources.map((s) => [s.title, s.unreadCount])).toEqual([
      ['Gazette', 3],
      ['Notes', 2],
    ]);
    expect(store.state.list.status).toBe('ready');
    expect(store.state.list.items).toHaveLength(5);
    expect(store.state.settings?.theme).toBe('system');
  });

  it('opening an article marks it read and lowers the unread count at once', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 3);
    const store = await started(library);
    await store.open(2);
    expect(store.state.reader.article?.title).toBe('Gazette story 2');
    expect(store.state.reader.article?.read).toBe(true);
    expect(store.state.list.items.find((a) => a.id === 2)?.read).toBe(true);
    expect(store.state.sources[0]?.unreadCount).toBe(2);
    expect(library.articles[1]?.read).toBe(true);
  });

  it('leaves articles unread on open when the setting says so', async () => {
    const library = new MemoryLibrary();
    library.settings.markReadOnOpen = false;
    library.addSource('Gazette', 2);
    const store = await started(library);
    await store.open(1);
    expect(store.state.reader.article?.read).toBe(false);
    expect(library.calls.some(([method]) => method === 'setRead')).toBe(false);
  });

  it('shows only the latest selection when replies arrive out of order', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 3);
    library.addSource('Notes', 2);
    const store = await started(library);
    library.delays.listArticles = 60;
    store.select({ kind: 'source', sourceId: 1 });
    library.delays.listArticles = 5;
    store.select({ kind: 'source', sourceId: 2 });
    await settle(100);
    expect(store.state.list.items.map((a) => a.sourceTitle)).toEqual(['Notes', 'Notes']);
  });

  it('puts a bookmark back and says why when saving it fails', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 1);
    const store = await started(library);
    await store.open(1);
    library.failNext.setBookmarked = new ApiCallError('storage_failed', 'Broadsheet could not save that change.');
    await store.setBookmarked(1, true);
    expect(store.state.reader.article?.bookmarked).toBe(false);
    expect(store.state.list.items[0]?.bookmarked).toBe(false);
    expect(store.state.notice).toBe('Broadsheet could not save that change.');
    await store.setBookmarked(1, true);
    expect(store.state.reader.article?.bookmarked).toBe(true);
    expect(library.articles[0]?.bookmarked).toBe(true);
  });

  it('j past the end of a page loads the next page and moves on', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 60);
    const store = await started(library);
    expect(store.state.list.items).toHaveLength(50);
    await store.open(50);
    await store.step(1);
    expect(store.state.list.items).toHaveLength(60);
    expect(store.state.reader.id).toBe(51);
    await store.step(-1);
    expect(store.state.reader.id).toBe(50);
  });

  it('reloads what is visible once per burst of library changes', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 1);
    const store = await started(library);
    library.addSource('Notes', 2);
    const before = library.calls.filter(([m]) => m === 'listArticles').length;
    library.emit('libraryChanged', { reason: 'articles', sourceIds: [2] });
    library.emit('libraryChanged', { reason: 'sources', sourceIds: [2] });
    await settle(250);
    expect(library.calls.filter(([m]) => m === 'listArticles').length - before).toBe(1);
    expect(store.state.sources).toHaveLength(2);
    expect(store.state.list.items).toHaveLength(3);
  });

  it('subscribing selects the new feed; a refused address rejects with the plain message', async () => {
    const library = new MemoryLibrary();
    const store = await started(library);
    await expect(store.addFeed('ftp://nope')).rejects.toThrow('That is not a web address.');
    expect(store.state.sources).toHaveLength(0);
    const source = await store.addFeed('https://example.com/feed.xml');
    await settle();
    expect(store.state.selection).toEqual({ kind: 'source', sourceId: source.id });
    expect(store.state.list.items).toHaveLength(2);
  });

  it('forwards menu commands and tracks refresh progress', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 1);
    const store = await started(library);
    const commands: string[] = [];
    store.addEventListener('command', (e) => commands.push((e as CustomEvent<string>).detail));
    library.emit('appCommand', { command: 'refresh-all' });
    library.emit('refreshProgress', { done: 1, total: 4, running: true, sourceId: 1, error: null });
    expect(commands).toEqual(['refresh-all']);
    expect(store.state.refresh).toMatchObject({ running: true, done: 1, total: 4 });
    library.emit('refreshProgress', { done: 4, total: 4, running: false, sourceId: null, error: null });
    expect(store.state.refresh.running).toBe(false);
    store.stop();
  });
});
