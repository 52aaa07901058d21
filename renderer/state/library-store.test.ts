import { describe, expect, it } from 'vitest';
import type { Api, EventName, EventPayload } from '../../electron/shared/api.ts';
import type { ArticleQuery, ArticleSummary, Folder, MarkAllRead, RefreshResult, Settings, Source } from '../../electron/shared/models.ts';
import { ApiCallError } from '../api/errors.ts';
import { LibraryStore } from './library-store.ts';
import { sampleSource } from './sample-source.ts';

// A small library kept in memory behind the Api contract: enough behaviour
// (views, cursors, counts, events) to exercise the store's own logic.
class MemoryLibrary {
  sources: Source[] = [];
  folders: Folder[] = [];
  articles: Array<ArticleSummary & { contentHtml: string }> = [];
  settings: Settings = {
    theme: 'system',
    readingFont: 'serif',
    fontSize: 19,
    lineHeight: 1.6,
    contentWidth: 'medium',
    justify: false,
    articleOrder: 'newest',
    downloadFullArticles: 'new',
    refreshIntervalMinutes: 30,
    markReadOnOpen: true,
    retentionDays: 0,
  };
  refreshResult: RefreshResult = { sources: 1, newArticles: 0, failed: 0, offline: false };
  listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  /** Delays per method, to let tests reorder replies. */
  delays: Partial<Record<keyof Api, number>> = {};
  /** Delays after the work is done, so a reply can describe an older library than the one it arrives in. */
  replyDelays: Partial<Record<keyof Api, number>> = {};
  failNext: Partial<Record<keyof Api, ApiCallError>> = {};
  calls: Array<[string, unknown[]]> = [];

  /** The feeds filed in a folder or in the folders inside it. */
  inFolder(folderId: number): Set<number | null> {
    const folders = new Set([folderId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const f of this.folders) if (f.parentId !== null && folders.has(f.parentId) && !folders.has(f.id)) grew = !!folders.add(f.id);
    }
    return new Set(this.sources.filter((s) => s.folderId !== null && folders.has(s.folderId)).map((s) => s.id));
  }

  #inScope(a: ArticleSummary, scope: Pick<MarkAllRead, 'sourceId' | 'folderId'>): boolean {
    if (scope.sourceId !== undefined && a.sourceId !== scope.sourceId) return false;
    return scope.folderId === undefined || this.inFolder(scope.folderId).has(a.sourceId);
  }

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
        saved: false,
        archived: false,
        download: 'none',
        readingMinutes: null,
        thumbnailUrl: null,
        contentHtml: '<p>Text</p>',
      });
    }
    const source = sampleSource({ id, title, articleCount: count, createdAt: new Date().toISOString() });
    this.sources.push(source);
    return source;
  }

  addSaved(url: string | null): ArticleSummary & { contentHtml: string } {
    const article = {
      id: this.articles.length + 1,
      sourceId: null,
      sourceTitle: 'Example News',
      title: 'A saved page',
      url,
      author: null,
      publishedAt: new Date(Date.UTC(2026, 10, 21)).toISOString(),
      excerpt: '',
      read: false,
      bookmarked: false,
      saved: true,
      archived: false,
      download: 'done' as const,
      readingMinutes: 4,
      thumbnailUrl: null,
      contentHtml: '<p>Saved text</p>',
    };
    this.articles.push(article);
    return article;
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
    const result = work();
    const late = this.replyDelays[method];
    if (late) await new Promise((resolve) => setTimeout(resolve, late));
    return result;
  }

  #withCounts(s: Source): Source {
    return { ...s, unreadCount: this.articles.filter((a) => a.sourceId === s.id && !a.read).length };
  }

  #summary(a: ArticleSummary & { contentHtml: string }): ArticleSummary {
    const { contentHtml: _content, ...summary } = a;
    return summary;
  }

  readonly api: Api = {
    listSources: () => this.#step('listSources', [], () => this.sources.map((s) => this.#withCounts(s))),
    addFeed: (url, options) =>
      this.#step('addFeed', [url, options], () => {
        if (!url.startsWith('https://')) throw new ApiCallError('invalid_url', 'That is not a web address.');
        return this.addSource('New feed', 2);
      }),
    removeSource: (id) =>
      this.#step('removeSource', [id], () => {
        this.sources = this.sources.filter((s) => s.id !== id);
        this.articles = this.articles.filter((a) => a.sourceId !== id);
        return null;
      }),
    discoverFeeds: (address) =>
      this.#step('discoverFeeds', [address], () => {
        throw new ApiCallError('not_a_feed', `No feed found at ${address}.`);
      }),
    updateSource: (id, patch) =>
      this.#step('updateSource', [id, patch], () => {
        const found = this.sources.find((s) => s.id === id);
        if (!found) throw new ApiCallError('not_found', 'That feed is no longer in your library.');
        if (patch.title !== undefined) found.title = patch.title || found.feedTitle;
        if (patch.folderId !== undefined) found.folderId = patch.folderId;
        if (patch.refreshIntervalMinutes !== undefined) found.refreshIntervalMinutes = patch.refreshIntervalMinutes;
        return this.#withCounts(found);
      }),
    listFolders: () => this.#step('listFolders', [], () => this.folders.map((f) => ({ ...f }))),
    createFolder: (input) =>
      this.#step('createFolder', [input], () => {
        if (input.name.trim() === '') throw new ApiCallError('invalid_input', 'Give the folder a name.');
        const folder: Folder = { id: this.folders.length + 1, name: input.name.trim(), parentId: input.parentId ?? null, unreadCount: 0 };
        this.folders.push(folder);
        return folder;
      }),
    updateFolder: (id, patch) =>
      this.#step('updateFolder', [id, patch], () => {
        const found = this.folders.find((f) => f.id === id);
        if (!found) throw new ApiCallError('not_found', 'That folder is no longer in your library.');
        if (patch.name !== undefined) found.name = patch.name;
        if (patch.parentId !== undefined) found.parentId = patch.parentId;
        return { ...found };
      }),
    deleteFolder: (id) =>
      this.#step('deleteFolder', [id], () => {
        const found = this.folders.find((f) => f.id === id);
        if (!found) throw new ApiCallError('not_found', 'That folder is no longer in your library.');
        for (const s of this.sources) if (s.folderId === id) s.folderId = found.parentId;
        for (const f of this.folders) if (f.parentId === id) f.parentId = found.parentId;
        this.folders = this.folders.filter((f) => f.id !== id);
        return null;
      }),
    importOpml: () =>
      this.#step('importOpml', [], () => ({ feedsAdded: 0, foldersCreated: 0, duplicates: 0, invalid: [], invalidCount: 0 })),
    exportOpml: () =>
      this.#step('exportOpml', [], () => ({ fileName: 'broadsheet.opml', mimeType: 'text/x-opml', content: '<opml/>', articles: 0 })),
    listArticles: (query: ArticleQuery) =>
      this.#step('listArticles', [query], () => {
        const matching = this.articles.filter(
          (a) =>
            this.#inScope(a, query) &&
            (query.view !== 'unread' || !a.read) &&
            (query.view !== 'bookmarked' || a.bookmarked) &&
            (query.view !== 'saved' || (a.saved && !a.archived)) &&
            (query.view !== 'archive' || (a.saved && a.archived)),
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
        return {
          ...found,
          sourceSiteUrl: null,
          siteName: null,
          lang: null,
          dir: null,
          leadImageUrl: null,
          readingProgress: 0,
          wordCount: null,
          downloadError: found.download === 'failed' ? 'The site did not answer.' : null,
        };
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
    refresh: (sourceId) => this.#step('refresh', [sourceId], () => this.refreshResult),
    saveUrl: (address) =>
      this.#step('saveUrl', [address], () => {
        if (!address.startsWith('https://')) throw new ApiCallError('invalid_url', 'That is not a web address.');
        return this.#summary(this.addSaved(address));
      }),
    importHtml: (input) => this.#step('importHtml', [input], () => this.#summary(this.addSaved(input.url ?? null))),
    setArchived: (id, on) =>
      this.#step('setArchived', [id, on], () => {
        const found = this.articles.find((a) => a.id === id);
        if (found) found.archived = on;
        return null;
      }),
    downloadArticle: (id) =>
      this.#step('downloadArticle', [id], () => {
        const found = this.articles.find((a) => a.id === id);
        if (!found) throw new ApiCallError('not_found', 'That article is no longer in your library.');
        found.download = 'done';
        found.contentHtml = '<p>The full article.</p>';
        return this.#summary(found);
      }),
    markAllRead: (scope) =>
      this.#step('markAllRead', [scope], () => {
        const changed = this.articles.filter(
          (a) =>
            !a.read &&
            this.#inScope(a, scope) &&
            (scope.view !== 'bookmarked' || a.bookmarked) &&
            (scope.view !== 'saved' || (a.saved && !a.archived)) &&
            (scope.view !== 'archive' || (a.saved && a.archived)),
        );
        for (const a of changed) a.read = true;
        return { ids: changed.map((a) => a.id) };
      }),
    getCounts: () =>
      this.#step('getCounts', [], () => ({
        all: this.articles.filter((a) => !a.archived).length,
        unread: this.articles.filter((a) => !a.read && !a.archived).length,
        bookmarked: this.articles.filter((a) => a.bookmarked).length,
        saved: this.articles.filter((a) => a.saved && !a.archived).length,
        archive: this.articles.filter((a) => a.saved && a.archived).length,
      })),
    search: (query) =>
      this.#step('search', [query], () => {
        const hits = this.articles.filter((a) => a.title.toLowerCase().includes(query.query.toLowerCase()));
        return {
          items: hits.slice(0, query.limit).map((a) => ({ ...this.#summary(a), snippet: { text: a.excerpt, highlights: [] }, titleHighlights: [] })),
          total: hits.length,
        };
      }),
    setReadingProgress: (id, progress) => this.#step('setReadingProgress', [id, progress], () => null),
    exportArticles: (request) =>
      this.#step('exportArticles', [request], () => ({ fileName: 'broadsheet-export.json', mimeType: 'application/json', content: '[]', articles: 0 })),
    createBackup: () =>
      this.#step('createBackup', [], () => ({ name: 'broadsheet-backup.tar.gz', kind: 'manual', createdAt: new Date(0).toISOString(), bytes: 0, articles: this.articles.length })),
    listBackups: () => this.#step('listBackups', [], () => []),
    restoreBackup: (name) => this.#step('restoreBackup', [name], () => null),
    getNotices: () => this.#step('getNotices', [], () => []),
    dismissNotice: (id) => this.#step('dismissNotice', [id], () => null),
    getDiagnostics: () => this.#step('getDiagnostics', [], () => ({
        generatedAt: new Date(0).toISOString(),
        versions: { broadsheet: '0.1.0' },
        data: { databaseBytes: 0, imagesBytes: 0, backupsBytes: 0, sources: 0, articles: this.articles.length, bookmarked: 0, saved: 0, images: 0, schemaVersion: 5 },
        recentErrors: [],
        text: 'Broadsheet 0.1.0\n',
      })),
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
  it('keeps the latest settings change when an older settings reply arrives after it', async () => {
    const library = new MemoryLibrary();
    const store = await started(library);
    library.replyDelays.getSettings = 40;
    const reload = store.loadSettings(); // snapshot taken now: font size 19
    await store.updateSettings({ fontSize: 22 });
    await reload;
    expect(store.state.settings?.fontSize).toBe(22);

    library.replyDelays.updateSettings = 30;
    const steps = [store.updateSettings({ fontSize: 20 }), store.updateSettings({ fontSize: 21 })];
    library.replyDelays.updateSettings = 0;
    await store.updateSettings({ fontSize: 23 });
    await Promise.all(steps);
    expect(store.state.settings?.fontSize).toBe(23);
  });

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

  it('n skips read articles, loads further pages to find an unread one, and says when none is left', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 60);
    for (const article of library.articles) if (article.id !== 3 && article.id !== 57) article.read = true;
    const store = await started(library);
    await store.open(1);
    expect(await store.nextUnread()).toBe(true);
    expect(store.state.reader.id).toBe(3);
    expect(await store.nextUnread()).toBe(true);
    expect(store.state.reader.id).toBe(57);
    expect(await store.nextUnread()).toBe(false);
    expect(store.state.reader.id).toBe(57);
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
    library.emit('refreshProgress', { done: 1, total: 4, running: true, sourceId: 1, error: null, offline: false });
    expect(commands).toEqual(['refresh-all']);
    expect(store.state.refresh).toMatchObject({ running: true, done: 1, total: 4 });
    library.emit('refreshProgress', { done: 4, total: 4, running: false, sourceId: null, error: null, offline: false });
    expect(store.state.refresh.running).toBe(false);
    store.stop();
  });

  it('saving a page shows it open in the Saved view; a refused address rejects with the plain message', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    const store = await started(library);
    await expect(store.saveUrl('ftp://nope')).rejects.toThrow('That is not a web address.');
    expect(store.state.selection).toEqual({ kind: 'view', view: 'all' });
    const saved = await store.saveUrl('https://example.com/story');
    await settle();
    expect(store.state.selection).toEqual({ kind: 'view', view: 'saved' });
    expect(store.state.list.items.map((a) => a.id)).toEqual([saved.id]);
    expect(store.state.reader.article?.id).toBe(saved.id);
    const imported = await store.importHtml({ html: '<p>x</p>', fileName: 'page.html' });
    await settle();
    expect(store.state.list.items.map((a) => a.id).sort()).toEqual([saved.id, imported.id].sort());
    expect(store.state.reader.article?.id).toBe(imported.id);
  });

  it('archiving moves a saved article from Saved to Archive, and a failure puts it back', async () => {
    const library = new MemoryLibrary();
    const first = library.addSaved('https://example.com/a');
    library.addSaved('https://example.com/b');
    const store = await started(library);
    store.select({ kind: 'view', view: 'saved' });
    await settle();
    expect(store.state.list.items).toHaveLength(2);
    library.failNext.setArchived = new ApiCallError('storage_failed', 'Broadsheet could not save that change.');
    await store.setArchived(first.id, true);
    expect(store.state.list.items.find((a) => a.id === first.id)?.archived).toBe(false);
    expect(store.state.notice).toBe('Broadsheet could not save that change.');
    await store.setArchived(first.id, true);
    expect(store.state.list.items.map((a) => a.id)).not.toContain(first.id);
    store.select({ kind: 'view', view: 'archive' });
    await settle();
    expect(store.state.list.items.map((a) => a.id)).toEqual([first.id]);
  });

  it('download progress updates the list, the pending count, and the open article once stored', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    const store = await started(library);
    await store.open(1);
    library.emit('downloadProgress', { articleId: 1, state: 'downloading', error: null, pending: 2 });
    expect(store.state.downloads.pending).toBe(2);
    expect(store.state.list.items.find((a) => a.id === 1)?.download).toBe('downloading');
    expect(store.state.reader.article?.download).toBe('downloading');
    const stored = library.articles[0];
    if (stored) Object.assign(stored, { download: 'done', contentHtml: '<p>The whole story.</p>' });
    library.emit('downloadProgress', { articleId: 1, state: 'done', error: null, pending: 1 });
    await settle();
    expect(store.state.downloads.pending).toBe(1);
    expect(store.state.reader.article?.contentHtml).toBe('<p>The whole story.</p>');
    expect(store.state.reader.status).toBe('ready');
  });

  it('a failed download can be tried again and the open article then shows the full text', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 1);
    const stored = library.articles[0];
    if (stored) stored.download = 'failed';
    const store = await started(library);
    await store.open(1);
    expect(store.state.reader.article?.downloadError).toBe('The site did not answer.');
    await store.downloadArticle(1);
    expect(store.state.list.items[0]?.download).toBe('done');
    expect(store.state.reader.article?.contentHtml).toBe('<p>The full article.</p>');
    expect(store.state.reader.article?.downloadError).toBeNull();
  });

  it('remembers when the last refresh found the computer offline, and forgets once a refresh gets through', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 1);
    const store = await started(library);
    library.refreshResult = { sources: 1, newArticles: 0, failed: 1, offline: true };
    await store.refresh();
    expect(store.state.refresh.offline).toBe(true);
    library.refreshResult = { sources: 1, newArticles: 0, failed: 0, offline: false };
    await store.refresh();
    expect(store.state.refresh.offline).toBe(false);
    library.emit('refreshProgress', { done: 1, total: 1, running: false, sourceId: null, error: null, offline: true });
    expect(store.state.refresh.offline).toBe(true);
  });

  it('mark all read, its undo and changes from elsewhere reach the open article too, so m then acts on what is shown', async () => {
    const library = new MemoryLibrary();
    library.settings.markReadOnOpen = false;
    library.addSource('Gazette', 3);
    const store = await started(library);
    await store.open(1);
    expect(store.state.reader.article?.read).toBe(false);
    await store.markAllRead();
    expect(store.state.reader.article?.read).toBe(true);
    // m right after: marks it unread again.
    store.setOpenRead(!store.state.reader.article?.read);
    await settle();
    expect(store.state.reader.article?.read).toBe(false);
    expect(library.articles[0]?.read).toBe(false);

    await store.markAllRead();
    await store.undoMarkAllRead();
    expect(store.state.reader.article?.read).toBe(false);

    const stored = library.articles[0];
    if (stored) Object.assign(stored, { read: true, bookmarked: true });
    library.emit('libraryChanged', { reason: 'read', sourceIds: [1] });
    await settle(250);
    expect(store.state.reader.article).toMatchObject({ read: true, bookmarked: true });
  });

  it('a background reload keeps the open article in its place, even when it has left the view', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 4);
    const store = await started(library);
    store.select({ kind: 'view', view: 'unread' });
    await settle();
    await store.open(2); // now read, so no longer in Unread
    library.emit('libraryChanged', { reason: 'articles', sourceIds: [1] });
    await settle(250);
    expect(store.state.list.items.map((a) => a.id)).toEqual([1, 2, 3, 4]);
    await store.step(1);
    expect(store.state.reader.id).toBe(3);
    // Once another article is open, the read one is gone on the next reload.
    library.emit('libraryChanged', { reason: 'articles', sourceIds: [1] });
    await settle(250);
    expect(store.state.list.items.map((a) => a.id)).toEqual([1, 3, 4]);
  });

  it('a background reload of a long list, cut back to 500 articles, keeps the open one beyond them', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 600);
    const store = await started(library);
    while (store.state.list.nextCursor) await store.loadMore();
    expect(store.state.list.items).toHaveLength(600);
    await store.open(580);
    library.emit('libraryChanged', { reason: 'articles', sourceIds: [1] });
    await settle(250);
    expect(store.state.list.items).toHaveLength(501);
    expect(store.state.list.items.at(-1)?.id).toBe(580);
    await store.step(-1);
    expect(store.state.reader.id).toBe(500);
  });

  it('archiving the open article in Saved takes it out of the list although it stays open', async () => {
    const library = new MemoryLibrary();
    const first = library.addSaved('https://example.com/a');
    library.addSaved('https://example.com/b');
    const store = await started(library);
    store.select({ kind: 'view', view: 'saved' });
    await settle();
    await store.open(first.id);
    await store.setArchived(first.id, true);
    library.emit('libraryChanged', { reason: 'saved', sourceIds: [] });
    await settle(250);
    expect(store.state.list.items.map((a) => a.id)).not.toContain(first.id);
  });

  it('the views’ unread count follows reading at once and counts saved pages too', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    library.addSaved('https://example.com/a');
    const store = await started(library);
    expect(store.state.counts?.unread).toBe(3);
    library.delays.getCounts = 100;
    await store.open(1);
    expect(store.state.counts?.unread).toBe(2);
  });

  it('a reloaded open article does not undo a flag changed while it was on its way', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    const store = await started(library);
    await store.open(1);
    library.replyDelays.getArticle = 60;
    library.emit('downloadProgress', { articleId: 1, state: 'done', error: null, pending: 0 });
    await store.setBookmarked(1, true);
    store.setOpenRead(false);
    await settle(120);
    expect(store.state.reader.article).toMatchObject({ bookmarked: true, read: false });
    // With nothing changed meanwhile, a reload shows what is stored.
    const stored = library.articles[0];
    if (stored) stored.bookmarked = false;
    library.emit('downloadProgress', { articleId: 1, state: 'done', error: null, pending: 0 });
    await settle(120);
    expect(store.state.reader.article?.bookmarked).toBe(false);
  });

  it('the list and merged marks do not undo a flag changed while they were on their way', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    const store = await started(library);
    library.replyDelays.listArticles = 60;
    library.emit('libraryChanged', { reason: 'articles', sourceIds: [1] });
    await settle(170);
    await store.setBookmarked(2, true);
    await settle(120);
    expect(store.state.list.items.find((a) => a.id === 2)?.bookmarked).toBe(true);
    library.emit('libraryChanged', { reason: 'bookmarks', sourceIds: [1] });
    await settle(170);
    await store.setBookmarked(2, false);
    await settle(120);
    expect(store.state.list.items.find((a) => a.id === 2)?.bookmarked).toBe(false);
  });

  it('"Loading more" ends when a reload that overtook it fails', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 60);
    const store = await started(library);
    library.delays.listArticles = 300;
    const more = store.loadMore();
    library.delays.listArticles = 0;
    library.emit('libraryChanged', { reason: 'articles', sourceIds: [1] });
    library.failNext.listArticles = new ApiCallError('storage_failed', 'Broadsheet could not read the library.');
    await more;
    expect(store.state.notice).toBe('Broadsheet could not read the library.');
    expect(store.state.list.loadingMore).toBe(false);
    await store.loadMore();
    expect(store.state.list.items).toHaveLength(60);
  });

  it('a folder lists the articles of every feed in it and the folders inside it, and marks them all read', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    library.addSource('Notes', 3);
    library.addSource('Wire', 4);
    const store = await started(library);
    const news = await store.createFolder('News');
    const local = await store.createFolder('Local', news.id);
    expect(store.state.folders.map((f) => [f.name, f.parentId])).toEqual([
      ['News', null],
      ['Local', news.id],
    ]);
    await store.updateSource(1, { folderId: news.id });
    await store.updateSource(2, { folderId: local.id });
    expect(store.state.sources.map((s) => s.folderId)).toEqual([news.id, local.id, null]);

    store.select({ kind: 'folder', folderId: news.id });
    await settle();
    expect(library.calls.filter(([m]) => m === 'listArticles').at(-1)?.[1][0]).toMatchObject({ view: 'all', folderId: news.id });
    expect(new Set(store.state.list.items.map((a) => a.sourceTitle))).toEqual(new Set(['Gazette', 'Notes']));

    await store.markAllRead();
    expect(library.calls.filter(([m]) => m === 'markAllRead').at(-1)?.[1][0]).toEqual({ view: 'all', folderId: news.id });
    expect(store.state.undo?.message).toBe('Marked 5 articles read');
    expect(store.state.sources.map((s) => s.unreadCount)).toEqual([0, 0, 4]);
    expect(store.state.list.items.every((a) => a.read)).toBe(true);
  });

  it('renaming and deleting a folder; deleting the folder on screen goes back to all articles and keeps its feeds', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    const store = await started(library);
    const folder = await store.createFolder('News');
    await store.updateSource(1, { folderId: folder.id });
    await expect(store.createFolder('   ')).rejects.toThrow('Give the folder a name.');
    await store.renameFolder(folder.id, 'Morning papers');
    expect(store.state.folders.map((f) => f.name)).toEqual(['Morning papers']);
    store.select({ kind: 'folder', folderId: folder.id });
    await settle();
    await store.deleteFolder(folder.id);
    expect(store.state.folders).toEqual([]);
    expect(store.state.sources.map((s) => [s.title, s.folderId])).toEqual([['Gazette', null]]);
    expect(store.state.selection).toEqual({ kind: 'view', view: 'all' });
    await expect(store.deleteFolder(folder.id)).rejects.toThrow('That folder is no longer in your library.');
  });

  it('a folder deleted elsewhere stops being the selection when the library says so', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    const store = await started(library);
    const folder = await store.createFolder('News');
    store.select({ kind: 'folder', folderId: folder.id });
    library.folders = [];
    library.emit('libraryChanged', { reason: 'folders', sourceIds: [] });
    await settle(250);
    expect(store.state.selection).toEqual({ kind: 'view', view: 'all' });
  });

  it('renames a feed and back to its own title; a failed move is a passing notice', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 1);
    const store = await started(library);
    await store.updateSource(1, { title: 'The Paper' });
    expect(store.state.sources[0]?.title).toBe('The Paper');
    await store.updateSource(1, { title: null, refreshIntervalMinutes: 60 });
    expect(store.state.sources[0]).toMatchObject({ title: 'Gazette', refreshIntervalMinutes: 60 });
    library.failNext.updateSource = new ApiCallError('not_found', 'That folder is no longer in your library.');
    await store.moveSource(1, 9);
    expect(store.state.notice).toBe('That folder is no longer in your library.');
    expect(store.state.sources[0]?.folderId).toBeNull();
  });

  it('unsubscribing from the feed on screen goes back to all articles; a failure rejects with the plain words', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    library.addSource('Notes', 1);
    const store = await started(library);
    store.select({ kind: 'source', sourceId: 1 });
    await settle();
    await store.removeSource(1);
    expect(store.state.selection).toEqual({ kind: 'view', view: 'all' });
    expect(store.state.sources.map((s) => s.title)).toEqual(['Notes']);
    library.failNext.removeSource = new ApiCallError('storage_failed', 'Broadsheet could not change the library.');
    await expect(store.removeSource(2)).rejects.toThrow('Broadsheet could not change the library.');
    expect(store.state.sources.map((s) => s.title)).toEqual(['Notes']);
  });

  it('a page saved after the reader cancelled is kept but not shown', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 2);
    const store = await started(library);
    const cancel = new AbortController();
    library.delays.saveUrl = 30;
    library.delays.importHtml = 30;
    const saving = store.saveUrl('https://example.com/story', cancel.signal);
    cancel.abort();
    const saved = await saving;
    const imported = await store.importHtml({ html: '<p>x</p>', fileName: 'page.html' }, cancel.signal);
    await settle();
    expect(library.articles.map((a) => a.id)).toEqual(expect.arrayContaining([saved.id, imported.id]));
    expect(store.state.selection).toEqual({ kind: 'view', view: 'all' });
    expect(store.state.reader.id).toBeNull();
  });

  it('an older reply of the feeds and folders never replaces a newer one', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 1);
    const store = await started(library);
    library.replyDelays.listSources = 40;
    const older = store.loadSources();
    delete library.replyDelays.listSources;
    library.addSource('Notes', 1);
    await store.loadSources();
    await older;
    expect(store.state.sources.map((s) => s.title)).toEqual(['Gazette', 'Notes']);
  });

  it('a feed subscribed after the reader cancelled is kept but not shown', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 1);
    const store = await started(library);
    const cancel = new AbortController();
    library.delays.addFeed = 30;
    const adding = store.addFeed('https://example.com/feed.xml', {}, cancel.signal);
    cancel.abort();
    const source = await adding;
    await settle();
    expect(store.state.sources.map((s) => s.id)).toContain(source.id);
    expect(store.state.selection).toEqual({ kind: 'view', view: 'all' });
  });

  it('asking to refresh a feed while a refresh runs says so instead of doing nothing', async () => {
    const library = new MemoryLibrary();
    library.addSource('Gazette', 1);
    const store = await started(library);
    library.emit('refreshProgress', { done: 0, total: 3, running: true, sourceId: null, error: null, offline: false });
    await store.refresh(1);
    expect(store.state.notice).toBe('Feeds are being refreshed; try this one again when that has finished.');
    expect(library.calls.filter(([m]) => m === 'refresh')).toHaveLength(0);
    store.stop();
  });

  it('moves a folder into another and back to the top level', async () => {
    const library = new MemoryLibrary();
    const store = await started(library);
    const news = await store.createFolder('News');
    const local = await store.createFolder('Local');
    await store.moveFolder(local.id, news.id);
    expect(store.state.folders.find((f) => f.id === local.id)?.parentId).toBe(news.id);
    await store.moveFolder(local.id, null);
    expect(store.state.folders.find((f) => f.id === local.id)?.parentId).toBeNull();
  });
});
