// The facade every front end calls: it implements the contract's Api over the
// store, the feed fetcher and the settings, and is the only place that knows
// how those parts fit together.
import PQueue from 'p-queue';
import type { Api, EventName, EventPayload, Unsubscribe } from '../shared/api.ts';
import { ApiError } from '../shared/errors.ts';
import {
  ArticleQuerySchema,
  SettingsPatchSchema,
  type Article,
  type ArticlePage,
  type ArticleQuery,
  type RefreshResult,
  type Settings,
  type SettingsPatch,
  type Source,
} from '../shared/models.ts';
import { prepareArticle } from './articles/prepare.ts';
import { fetchFeed, parseWebAddress } from './feeds/fetch-feed.ts';
import { parseFeed } from './feeds/parse-feed.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { SettingsStore } from './settings.ts';
import * as articles from './store/articles-repo.ts';
import { openDatabase, type Database } from './store/database.ts';
import * as sources from './store/sources-repo.ts';

export interface LibraryOptions {
  /** The library's folder; the database is <dataDir>/library.db. */
  dataDir: string;
  settings: SettingsStore;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
  logger?: Logger;
}

/** How many feeds are downloaded at once during a refresh. */
const REFRESH_CONCURRENCY = 4;
/** The first automatic refresh waits at least this long after start, so start-up stays quick. */
const AUTO_REFRESH_FIRST_DELAY_MS = 10_000;

type Listener = (payload: never) => void;

export class Library implements Api {
  readonly #db: Database;
  readonly #settings: SettingsStore;
  readonly #fetch: typeof globalThis.fetch;
  readonly #now: () => Date;
  readonly #logger: Logger;
  readonly #listeners = new Map<EventName, Set<Listener>>();
  readonly #closing = new AbortController();
  #refreshAll: Promise<RefreshResult> | null = null;
  readonly #refreshOne = new Map<number, Promise<RefreshResult>>();
  #autoRefreshOn = false;
  #autoRefreshTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(db: Database, options: Omit<LibraryOptions, 'dataDir'>) {
    this.#db = db;
    this.#settings = options.settings;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#now = options.now ?? (() => new Date());
    this.#logger = options.logger ?? silentLogger;
  }

  // Events --------------------------------------------------------------------

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  #emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.#closed) return;
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as (p: EventPayload<E>) => void)(payload);
      } catch (error) {
        // One broken subscriber must not stop the others or the operation that emitted.
        this.#logger.error('An event listener failed', { event, error: String(error) });
      }
    }
  }

  // Sources -------------------------------------------------------------------

  async listSources(): Promise<Source[]> {
    this.#assertOpen();
    return sources.listSources(this.#db);
  }

  async addFeed(address: string): Promise<Source> {
    this.#assertOpen();
    const feedUrl = parseWebAddress(address).href;
    this.#assertNotFollowed(feedUrl);

    const fetched = await fetchFeed(feedUrl, { fetch: this.#fetch, signal: this.#closing.signal });
    this.#assertOpen();
    if (fetched.status !== 'ok') throw new ApiError('fetch_failed', 'The server sent no feed.');
    const parsed = parseFeed(fetched.body, fetched.finalUrl);
    if (fetched.finalUrl !== feedUrl) this.#assertNotFollowed(fetched.finalUrl);

    const now = this.#now();
    const nowIso = now.toISOString();
    // Newest items usually come first in a feed; inserting oldest first gives
    // undated items ids that keep the feed's own order in "newest first" lists.
    const items = parsed.items.map((item) => prepareArticle(item, fetched.finalUrl, now)).reverse();
    let id: number;
    try {
      id = this.#db.transaction(() => {
        this.#assertNotFollowed(feedUrl);
        const sourceId = sources.insertSource(this.#db, {
          title: parsed.title ?? new URL(feedUrl).hostname,
          feedUrl,
          siteUrl: parsed.siteUrl,
          description: parsed.description,
          etag: fetched.etag,
          lastModified: fetched.lastModified,
          lastFetchedAt: nowIso,
          createdAt: nowIso,
        });
        articles.mergeArticles(this.#db, sourceId, items, nowIso);
        return sourceId;
      });
    } catch (error) {
      throw storageError(error, 'Broadsheet could not save this feed.');
    }
    this.#logger.info('Subscribed', { feedUrl, items: items.length });
    this.#emit('libraryChanged', { reason: 'sources', sourceIds: [id] });
    return this.#sourceOrNotFound(id);
  }

  async removeSource(id: number): Promise<null> {
    this.#assertOpen();
    const removed = this.#db.transaction(() => sources.deleteSource(this.#db, id));
    if (!removed) throw new ApiError('not_found', 'That feed is no longer in your library.');
    this.#emit('libraryChanged', { reason: 'sources', sourceIds: [id] });
    return null;
  }

  // Articles ------------------------------------------------------------------

  async listArticles(query: ArticleQuery): Promise<ArticlePage> {
    this.#assertOpen();
    return articles.listArticles(this.#db, ArticleQuerySchema.parse(query));
  }

  async getArticle(id: number): Promise<Article> {
    this.#assertOpen();
    const article = articles.getArticle(this.#db, id);
    if (!article) throw new ApiError('not_found', 'That article is no longer in your library.');
    return article;
  }

  async setRead(ids: number[], read: boolean): Promise<null> {
    this.#assertOpen();
    if (ids.length === 0) return null;
    const changed = this.#db.transaction(() => articles.setRead(this.#db, ids, read));
    if (changed.length > 0) this.#emit('libraryChanged', { reason: 'read', sourceIds: changed });
    return null;
  }

  async setBookmarked(id: number, on: boolean): Promise<null> {
    this.#assertOpen();
    const sourceId = articles.setBookmarked(this.#db, id, on, this.#now().toISOString());
    if (sourceId === null) throw new ApiError('not_found', 'That article is no longer in your library.');
    this.#emit('libraryChanged', { reason: 'bookmarks', sourceIds: [sourceId] });
    return null;
  }

  // Refreshing ----------------------------------------------------------------

  /** Refreshes one source or all of them; a call while a covering refresh runs shares it. */
  async refresh(sourceId?: number): Promise<RefreshResult> {
    this.#assertOpen();
    if (sourceId === undefined) {
      if (!this.#refreshAll) {
        const run = this.#runRefresh(sources.listFetchStates(this.#db));
        this.#refreshAll = run;
        void run.finally(() => {
          if (this.#refreshAll === run) this.#refreshAll = null;
        });
      }
      return this.#refreshAll;
    }
    const state = sources.getFetchState(this.#db, sourceId);
    if (!state) throw new ApiError('not_found', 'That feed is no longer in your library.');
    if (this.#refreshAll) return this.#refreshAll;
    let run = this.#refreshOne.get(sourceId);
    if (!run) {
      const started = this.#runRefresh([state]);
      this.#refreshOne.set(sourceId, started);
      void started.finally(() => this.#refreshOne.delete(sourceId));
      run = started;
    }
    return run;
  }

  async #runRefresh(states: readonly sources.SourceFetchState[]): Promise<RefreshResult> {
    const total = states.length;
    let done = 0;
    let newArticles = 0;
    let failed = 0;
    this.#emit('refreshProgress', { done, total, running: true, sourceId: null, error: null });
    const queue = new PQueue({ concurrency: REFRESH_CONCURRENCY });
    await Promise.all(
      states.map((state) =>
        queue.add(async () => {
          let error: string | null = null;
          try {
            newArticles += await this.#refreshSource(state);
          } catch (caught) {
            failed += 1;
            error = plainError(caught);
            if (!(caught instanceof ApiError)) {
              this.#logger.error('Refreshing a feed failed', { feedUrl: state.feedUrl, error: String(caught) });
            }
            this.#recordFailure(state.id, error);
          }
          done += 1;
          this.#emit('refreshProgress', { done, total, running: true, sourceId: state.id, error });
        }),
      ),
    );
    this.#emit('refreshProgress', { done, total, running: false, sourceId: null, error: null });
    if (total > 0) this.#emit('libraryChanged', { reason: 'articles', sourceIds: states.map((s) => s.id) });
    return { sources: total, newArticles, failed };
  }

  /** Fetches one source and stores what is new; returns how many articles were new. */
  async #refreshSource(state: sources.SourceFetchState): Promise<number> {
    const fetched = await fetchFeed(state.feedUrl, {
      fetch: this.#fetch,
      etag: state.etag,
      lastModified: state.lastModified,
      signal: this.#closing.signal,
    });
    this.#assertOpen();
    const now = this.#now();
    const nowIso = now.toISOString();
    if (fetched.status === 'unchanged') {
      sources.recordNotModified(this.#db, state.id, nowIso);
      return 0;
    }
    const parsed = parseFeed(fetched.body, fetched.finalUrl);
    const items = parsed.items.map((item) => prepareArticle(item, fetched.finalUrl, now)).reverse();
    return this.#db.transaction(() => {
      // Removed while its download was under way: nothing to store.
      if (!sources.getFetchState(this.#db, state.id)) return 0;
      sources.recordFetchSuccess(this.#db, state.id, {
        title: parsed.title,
        siteUrl: parsed.siteUrl,
        description: parsed.description,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        fetchedAt: nowIso,
      });
      return articles.mergeArticles(this.#db, state.id, items, nowIso).inserted;
    });
  }

  #recordFailure(sourceId: number, message: string): void {
    if (this.#closed) return;
    try {
      sources.recordFetchFailure(this.#db, sourceId, message);
    } catch (error) {
      this.#logger.error('Could not record a refresh failure', { sourceId, error: String(error) });
    }
  }

  /** Refreshes every source on the interval in settings; follows changes to that setting. */
  startAutoRefresh(): void {
    this.#assertOpen();
    this.#autoRefreshOn = true;
    this.#scheduleAutoRefresh(true);
  }

  #scheduleAutoRefresh(first: boolean): void {
    if (this.#autoRefreshTimer) clearTimeout(this.#autoRefreshTimer);
    this.#autoRefreshTimer = null;
    if (!this.#autoRefreshOn || this.#closed) return;
    const minutes = this.#settings.get().refreshIntervalMinutes;
    if (minutes <= 0) return;
    const interval = minutes * 60_000;
    let delay = interval;
    if (first) {
      // Catch up soon after start when the library has been closed for longer than the interval.
      const fetched = sources.listFetchStates(this.#db).map((s) => (s.lastFetchedAt ? Date.parse(s.lastFetchedAt) : 0));
      if (fetched.length > 0) {
        const due = Math.min(...fetched) + interval;
        delay = Math.min(interval, Math.max(AUTO_REFRESH_FIRST_DELAY_MS, due - this.#now().getTime()));
      }
    }
    const timer = setTimeout(() => {
      this.#autoRefreshTimer = null;
      this.refresh()
        .catch((error: unknown) => this.#logger.warn('Automatic refresh failed', { error: String(error) }))
        .finally(() => this.#scheduleAutoRefresh(false));
    }, delay);
    // Timers must never keep a CLI or a test process alive.
    timer.unref();
    this.#autoRefreshTimer = timer;
  }

  // Settings ------------------------------------------------------------------

  async getSettings(): Promise<Settings> {
    return this.#settings.get();
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const before = this.#settings.get();
    const after = this.#settings.update(SettingsPatchSchema.parse(patch));
    if (after.refreshIntervalMinutes !== before.refreshIntervalMinutes && this.#autoRefreshOn) {
      this.#scheduleAutoRefresh(false);
    }
    this.#emit('libraryChanged', { reason: 'settings', sourceIds: [] });
    return after;
  }

  // Lifecycle -----------------------------------------------------------------

  /** Stops timers and downloads and closes the database. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#autoRefreshOn = false;
    if (this.#autoRefreshTimer) clearTimeout(this.#autoRefreshTimer);
    this.#autoRefreshTimer = null;
    this.#closing.abort();
    this.#listeners.clear();
    this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new ApiError('storage_failed', 'The library has been closed.');
  }

  #assertNotFollowed(feedUrl: string): void {
    const existing = sources.findSourceIdByFeedUrl(this.#db, feedUrl);
    if (existing === null) return;
    const title = sources.getSource(this.#db, existing)?.title;
    throw new ApiError('already_exists', title ? `You already follow “${title}”.` : 'You already follow this feed.');
  }

  #sourceOrNotFound(id: number): Source {
    const source = sources.getSource(this.#db, id);
    if (!source) throw new ApiError('not_found', 'That feed is no longer in your library.');
    return source;
  }
}

/** Opens (creating if needed) the library in `dataDir` and brings its schema up to date. */
export function openLibrary(options: LibraryOptions): Library {
  const db = openDatabase(options.dataDir);
  return new Library(db, options);
}

function plainError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong while refreshing this feed.';
}

function storageError(error: unknown, message: string): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('storage_failed', message);
}
