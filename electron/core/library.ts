// The facade every front end calls: it implements the contract's Api over the
// store, the feed fetcher, the article downloader and the settings, and is the
// only place that knows how those parts fit together.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import PQueue from 'p-queue';
import { methodNames, type Api, type EventName, type EventPayload, type Unsubscribe } from '../shared/api.ts';
import { ApiError } from '../shared/errors.ts';
import {
  ArticleQuerySchema,
  ExportRequestSchema,
  ImportHtmlSchema,
  MarkAllReadSchema,
  SearchQuerySchema,
  SettingsPatchSchema,
  AddFeedOptionsSchema,
  FolderPatchSchema,
  NewFolderSchema,
  OpmlImportSchema,
  SourcePatchSchema,
  type AddFeedOptions,
  type Folder,
  type FolderPatch,
  type NewFolder,
  type OpmlImport,
  type OpmlImportSummary,
  type SourcePatch,
  type Article,
  type BackupInfo,
  type Diagnostics,
  type Notice,
  type ExportFile,
  type ExportRequest,
  type MarkAllRead,
  type SearchQuery,
  type SearchResult,
  type ViewCounts,
  type ArticlePage,
  type ArticleQuery,
  type ArticleSummary,
  type DownloadState,
  type DiscoveryResult,
  type ImportHtml,
  type RefreshResult,
  type Settings,
  type SettingsPatch,
  type Source,
} from '../shared/models.ts';
import { createAssetStore, isAssetName, isTemporaryAssetFile, type AssetStore } from './articles/asset-store.ts';
import {
  createBackupArchive,
  createDailyBackup,
  dailyBackupDue,
  isBackupName,
  listBackupArchives,
  newestBackupSync,
  removeFolder,
  removeLeftovers,
  unpackBackup,
} from './backup/backup-archive.ts';
import { putBack, recoverInterruptedRestore, RESTORE_MARKER, swapInRestored, verifyUnpacked } from './backup/restore-files.ts';
import { exportArticles } from './export/export-articles.ts';
import type { ExtractedArticle } from './articles/extract.ts';
import { ArticleExtractorPool } from './articles/extractor-pool.ts';
import { fetchPage } from './articles/fetch-page.ts';
import { storeArticleImages } from './articles/images.ts';
import { contentHashOf, prepareDownloaded } from './articles/prepare.ts';
import { DownloadQueue, PRIORITY_BACKGROUND, PRIORITY_NOW } from './download-queue.ts';
import { FeedReaderPool } from './feeds/feed-reader-pool.ts';
import type { ReadFeed } from './feeds/read-feed.ts';
import { FeedHttpError, fetchFeed, parseWebAddress } from './feeds/fetch-feed.ts';
import { describeTime, effectiveIntervalMinutes, nextAutomaticRefresh } from './feeds/refresh-policy.ts';
import { hostKey, RefreshQueue } from './feeds/refresh-queue.ts';
import { siteHost } from './feeds/web-address.ts';
import { discoverFeeds } from './feeds/discover.ts';
import { findSiteIcon } from './feeds/site-icon.ts';
import { guardFetch, networkFetch, systemLookup, type FetchOrigin, type LookupAll } from './net/address-guard.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { SettingsStore } from './settings.ts';
import * as articles from './store/articles-repo.ts';
import { ReadWriteLock } from './read-write-lock.ts';
import { NoticeBoard } from './notices.ts';
import { collectDiagnostics } from './diagnostics/diagnostics.ts';
import type { RecentErrors } from './diagnostics/recent-log.ts';
import { acquireLibraryLock, type LibraryLock, type LibraryProgram } from './library-lock.ts';
import type { PreparedLibrary } from './library-update.ts';
import { DATABASE_FILE, openDatabase, type Database } from './store/database.ts';
import { runTask } from './store/database-thread.ts';
import { checkAtNextStart, openOrRecover, replaceDamaged } from './store/open-or-recover.ts';
import { articlesMissingImages } from './store/missing-images.ts';
import { clearPendingDamage, damagePending } from './store/pending-damage.ts';
import { DAMAGED_IN_USE_MESSAGE, damagedInUseError, isDamaged, isDiskFull, storageError } from './store/storage-errors.ts';
import { openDatabaseToRead } from './store/read-only-database.ts';
import { listExportArticles } from './store/export-repo.ts';
import { pruneOldArticles, type PruneResult } from './store/retention.ts';
import { schemaVersion } from './store/migrations.ts';
import { search } from './store/search-repo.ts';
import * as sources from './store/sources-repo.ts';
import * as folders from './store/folders-repo.ts';
import { applyOpml, subscriptionTree } from './store/subscriptions-opml.ts';
import { OPML_MIME_TYPE, opmlFileName, readOpml, writeOpml } from './feeds/opml.ts';

export interface LibraryOptions {
  /** The library's folder; the database is <dataDir>/library.db, images are in <dataDir>/assets. */
  dataDir: string;
  settings: SettingsStore;
  fetch?: typeof globalThis.fetch;
  /** Resolves host names before automatic fetches are allowed out (tests answer without DNS). */
  lookup?: LookupAll;
  now?: () => Date;
  logger?: Logger;
  /** Limits on each feed download (tests shorten them; the defaults suit the open web). */
  feedLimits?: FeedLimits;
  /** Notices posted before the library opened (damaged settings, a library set aside); one is made when absent. */
  notices?: NoticeBoard;
  /** Broadsheet's version, for diagnostics (the app's, or package.json's in the host and CLI). */
  appVersion?: string;
  /** The recent warnings and errors diagnostics report (usually the RecordingLogger also given as `logger`). */
  recentLog?: RecentErrors;
  /** Who is opening the library, named in the message another program gets while this one has it open. */
  program?: LibraryProgram;
  /** What prepareLibraryUpdate returned: its lock is kept (not taken again) and its backup counts as the one before the update. */
  prepared?: PreparedLibrary;
}

export interface FeedLimits {
  /** The whole download's deadline. */
  timeoutMs?: number;
  /** How long a server may send nothing. */
  idleTimeoutMs?: number;
  maxBytes?: number;
}

interface LibraryParts extends LibraryOptions {
  assets: AssetStore;
  /** Held until close(); none for a library opened only to read. */
  lock?: LibraryLock;
  /** The file was too big to check page by page before it opened: startAutoRefresh checks it in the background. */
  checkLater?: boolean;
  /** The library was made by this open: its first daily backup waits an hour rather than a minute. */
  createdNow?: boolean;
}

/** How many full articles (each with its images) are downloaded at once. */
const DOWNLOAD_CONCURRENCY = 3;
/** Site icons looked for at once, in the background. */
const ICON_CONCURRENCY = 2;
/** A site that had no icon is asked again after this long. */
const ICON_RECHECK_MS = 30 * 24 * 60 * 60 * 1000;
/** The first automatic refresh waits at least this long after start, so start-up stays quick. */
const AUTO_REFRESH_FIRST_DELAY_MS = 10_000;
/** The refresh timer never sleeps longer than this (a clock change or a sleeping laptop is noticed) ... */
const AUTO_REFRESH_MAX_SLEEP_MS = 60 * 60_000;
/** ... nor shorter, so a feed that stays due cannot spin it. */
const AUTO_REFRESH_MIN_SLEEP_MS = 1_000;
/** The first look for a due daily backup waits this long after start, so start-up stays quick ... */
const DAILY_BACKUP_FIRST_DELAY_MS = 60_000;
/** ... then looks every hour. */
const DAILY_BACKUP_CHECK_MS = 60 * 60_000;
/** Posted (once while it shows) when a write fails for lack of room; each failed call also says so itself. */
export const DISK_FULL_NOTICE =
  'Your disk is full, so Broadsheet could not save everything it was asked to. Nothing already in your library was changed. ' +
  'Free some space and try again.';
/** Why a feed from an OPML file on this computer or the LAN is not fetched (see #feedFetch). */
export const IMPORTED_LOCAL_MESSAGE =
  'This feed is on this computer or your local network, which Broadsheet does not reach for feeds imported from a file. ' +
  'Add it by typing its address to allow it.';
/** Why a typed feed that moved to another site is not followed onto this computer or the LAN. */
export const MOVED_LOCAL_MESSAGE =
  'This feed moved to another site, which now points to this computer or your local network; Broadsheet does not follow it there. ' +
  'Add it by typing its new address to allow it.';

/** What a refresh is for: `all` and `one` the reader asked for; `auto` the timer started. */
type RefreshMode = 'all' | 'one' | 'auto';

/** How one feed's refresh went. */
interface FeedOutcome {
  newArticles: number;
  /** In plain words; null when it worked. */
  error: string | null;
  /** It failed before any server answered. */
  unreachable: boolean;
}

type Listener = (payload: never) => void;

export class Library implements Api {
  /** Replaced only by a restore. */
  #db: Database;
  readonly #dataDir: string;
  readonly #settings: SettingsStore;
  readonly #fetch: typeof globalThis.fetch;
  readonly #imageFetch: typeof globalThis.fetch;
  readonly #lookup: LookupAll;
  readonly #now: () => Date;
  readonly #logger: Logger;
  readonly #listeners = new Map<EventName, Set<Listener>>();
  readonly #notices: NoticeBoard;
  readonly #appVersion: string;
  readonly #program: LibraryProgram | null;
  readonly #recentLog: RecentErrors | null;
  readonly #lock: LibraryLock | null;
  /** Aborted on close, and to stop refreshes and downloads before a restore (then replaced). */
  #closing = new AbortController();
  #refreshAll: Promise<RefreshResult> | null = null;
  readonly #refreshOne = new Map<number, Promise<RefreshResult>>();
  readonly #assets: AssetStore;
  #downloads: DownloadQueue;
  /** Shared while a download writes images and commits the row that uses them; exclusive to delete unused images. */
  readonly #assetLock = new ReadWriteLock();
  /** Image clean-ups running in the background. */
  readonly #background = new Set<Promise<void>>();
  /** Site icons are looked for a few at a time, behind everything else. */
  readonly #iconQueue = new PQueue({ concurrency: ICON_CONCURRENCY });
  /** Sources whose icon is being looked for, so a second refresh does not ask twice. */
  readonly #iconChecks = new Set<number>();
  /** Every refresh under way (all, one, automatic), so a restore can wait for them. */
  readonly #refreshRuns = new Set<Promise<RefreshResult>>();
  /** Feed downloads under way, so two refreshes never fetch one feed at once. */
  readonly #inFlight = new Map<number, Promise<FeedOutcome>>();
  /** At most a few feed downloads at once, and fewer per host. */
  readonly #refreshQueue = new RefreshQueue();
  /** Threads that read fetched feeds (parse, sanitise, prepare), started by the first refresh that needs one. */
  #feedReaders: FeedReaderPool | null = null;
  /** Threads that extract articles from pages (seconds of CPU for a large one), started by the first page saved or downloaded. */
  #extractors: ArticleExtractorPool | null = null;
  readonly #feedLimits: FeedLimits;
  #autoRefreshOn = false;
  #autoRefreshTimer: ReturnType<typeof setTimeout> | null = null;
  #watchingSources = false;
  #replanPending = false;
  #closed = false;
  /**
   * From the start of a restore to its end, every other call (a second restore
   * too) is refused rather than reaching a closed or replaced database.
   */
  #restoring = false;
  /** The restore under way, so close() can close the database it leaves open. */
  #restore: Promise<null> | null = null;
  /** The file was too big to check before opening; startAutoRefresh checks it in the background. */
  #checkLater: boolean;
  /** Damage was met while the library was open (see #damageInUse). */
  #damageSeen = false;
  readonly #createdNow: boolean;
  /** Wakes to make the daily backup when one is due. */
  #backupTimer: ReturnType<typeof setTimeout> | null = null;
  /** The daily backup under way, so two never run at once. */
  #dailyBackup: Promise<BackupInfo | null> | null = null;

  constructor(db: Database, options: LibraryParts) {
    this.#db = db;
    this.#dataDir = options.dataDir;
    this.#settings = options.settings;
    // undici's fetch, so each guarded fetch connects to the addresses it checked (see address-guard.ts).
    this.#fetch = options.fetch ?? networkFetch;
    this.#now = options.now ?? (() => new Date());
    this.#logger = options.logger ?? silentLogger;
    this.#assets = options.assets;
    this.#imageFetch = refusingImportedFileHost(this.#fetch);
    this.#lookup = options.lookup ?? systemLookup;
    this.#feedLimits = options.feedLimits ?? {};
    this.#downloads = this.#newDownloadQueue();
    this.#notices = options.notices ?? new NoticeBoard(this.#now);
    this.#appVersion = options.appVersion ?? 'unknown';
    this.#program = options.program ?? null;
    this.#recentLog = options.recentLog ?? null;
    this.#lock = options.lock ?? null;
    this.#checkLater = options.checkLater ?? false;
    this.#createdNow = options.createdNow ?? false;
    this.#notices.onChange((notices) => this.#emit('noticesChanged', { notices }));
    this.#answerDamageInUse();
  }

  /**
   * Every call of the contract, whatever it reads or writes: damage SQLite
   * meets on the way (a page that does not read) is the plain storage_failed
   * error, not an internal one, and is answered by #damageInUse.
   */
  #answerDamageInUse(): void {
    for (const name of methodNames) {
      const call = this[name] as (...args: unknown[]) => Promise<unknown>;
      const guarded = (...args: unknown[]) =>
        call.apply(this, args).catch((error: unknown) => {
          const damaged = damagedInUseError(error);
          if (damaged === null) throw error;
          this.#damageInUse(error);
          throw damaged;
        });
      Object.defineProperty(this, name, { value: guarded, writable: true, configurable: true });
    }
  }

  /**
   * Damage met while the library is open: the notice (once) offering the
   * newest backup, and a check of the whole file at the next start, which
   * sets it aside if it is damaged. Nothing is moved while it is in use.
   */
  #damageInUse(error: unknown): void {
    if (this.#damageSeen) return;
    this.#damageSeen = true;
    this.#logger.error('Part of the library file is damaged; it is checked at the next start', { error: String(error) });
    try {
      checkAtNextStart(this.#dataDir, this.#now());
    } catch (caught) {
      this.#logger.error('Could not ask for the library file to be checked at the next start', { error: String(caught) });
    }
    this.#notices.post('library-damaged', DAMAGED_IN_USE_MESSAGE, { keptAt: null, backup: newestBackupSync(this.#dataDir) });
  }

  #newDownloadQueue(): DownloadQueue {
    return new DownloadQueue({
      concurrency: DOWNLOAD_CONCURRENCY,
      run: (id, signal) => this.#download(id, signal),
    });
  }

  /** Where the articles' images are stored; the shells serve /asset/ addresses from it. */
  get assets(): AssetStore {
    return this.#assets;
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

  /** Subscribes to the feed at `address`, optionally filed in a folder and under the reader's own name. */
  async addFeed(address: string, options?: AddFeedOptions): Promise<Source> {
    this.#assertOpen();
    const feedUrl = parseWebAddress(address).href;
    const { folderId = null, title: ownTitle } = AddFeedOptionsSchema.parse(options ?? {});
    // Typing the address of a feed that came from a file makes it the reader's own: fetched as typed from now on.
    const imported = sources.findSourceIdByFeedUrl(this.#db, feedUrl);
    if (imported !== null && sources.getFetchState(this.#db, imported)?.addedBy !== 'typed') return this.#adoptImported(imported, options);
    this.#assertNotFollowed(feedUrl);
    this.#assertFolder(folderId);

    const fetched = await fetchFeed(feedUrl, {
      fetch: this.#guarded(this.#fetch, { typed: feedUrl }),
      signal: this.#closing.signal,
      notFollowed: true,
    });
    this.#assertOpen();
    if (fetched.status !== 'ok') throw new ApiError('fetch_failed', 'The server sent no feed.');
    const now = this.#now();
    const nowIso = now.toISOString();
    // Items come oldest first, so undated ones keep the feed's own order in "newest first" lists.
    const parsed = await this.#readFeedBody(fetched.body, fetched.finalUrl, now);
    this.#assertOpen();
    if (fetched.finalUrl !== feedUrl) this.#assertNotFollowed(fetched.finalUrl);
    const items = parsed.items;
    let id: number;
    let inserted: number[] = [];
    try {
      id = this.#db.transaction(() => {
        this.#assertNotFollowed(feedUrl);
        this.#assertFolder(folderId);
        const feedTitle = parsed.title ?? new URL(feedUrl).hostname;
        const sourceId = sources.insertSource(this.#db, {
          title: feedTitle,
          customTitle: ownTitle && ownTitle !== feedTitle ? ownTitle : null,
          folderId,
          feedUrl,
          siteUrl: parsed.siteUrl,
          description: parsed.description,
          etag: fetched.etag,
          lastModified: fetched.lastModified,
          lastFetchedAt: nowIso,
          createdAt: nowIso,
        });
        this.#planNewSources([sourceId], now);
        inserted = articles.mergeArticles(this.#db, sourceId, items, nowIso).insertedIds;
        this.#markNewForDownload(inserted);
        return sourceId;
      });
    } catch (error) {
      throw this.#storageError(error, 'Broadsheet could not save this feed.', 'this feed');
    }
    this.#logger.info('Subscribed', { feedUrl, items: items.length });
    this.#emit('libraryChanged', { reason: 'sources', sourceIds: [id] });
    // Its unread articles count in the folder's total.
    if (folderId !== null) this.#emit('libraryChanged', { reason: 'folders', sourceIds: [id] });
    this.#downloadNewArticles(inserted);
    this.#fetchMissingIcons([id], new Map([[id, parsed.imageUrl]]));
    return this.#sourceOrNotFound(id);
  }

  /** Removes the feed and its articles, except bookmarked ones, which stay without a feed; then the images nothing uses any more. */
  async removeSource(id: number): Promise<null> {
    this.#assertOpen();
    let images: string[] = [];
    const removed = this.#db.transaction(() => {
      articles.keepBookmarksOfSource(this.#db, id);
      images = articles.assetsOfSource(this.#db, id);
      return sources.deleteSource(this.#db, id);
    });
    if (!removed) throw new ApiError('not_found', 'That feed is no longer in your library.');
    this.#emit('libraryChanged', { reason: 'sources', sourceIds: [id] });
    // In the background: deleting waits for downloads that are storing images, which can take a while.
    this.#inBackground(this.#collectImages(images));
    return null;
  }

  // Folders and OPML ------------------------------------------------------------

  /** Renames a feed (null or empty: back to its own title), files it in a folder, or sets its own refresh interval. */
  async updateSource(id: number, patch: SourcePatch): Promise<Source> {
    this.#assertOpen();
    const { title, folderId, refreshIntervalMinutes } = SourcePatchSchema.parse(patch);
    const moved = this.#db.transaction(() => {
      const feedTitle = sources.getFeedTitle(this.#db, id);
      if (feedTitle === null) throw new ApiError('not_found', 'That feed is no longer in your library.');
      if (folderId !== undefined) this.#assertFolder(folderId);
      const before = folderId === undefined ? undefined : this.#sourceOrNotFound(id).folderId;
      sources.updateSourceSettings(this.#db, id, {
        // The feed's own title as a "new" name is no rename: it keeps following the feed.
        ...(title !== undefined ? { customTitle: title === null || title === '' || title === feedTitle ? null : title } : {}),
        ...(folderId !== undefined ? { folderId } : {}),
        ...(refreshIntervalMinutes !== undefined ? { refreshIntervalMinutes } : {}),
      });
      return before !== undefined && before !== folderId;
    });
    // Its next refresh time follows its interval, and is part of what this returns.
    if (refreshIntervalMinutes !== undefined) this.#replanAutoRefresh();
    this.#emit('libraryChanged', { reason: 'sources', sourceIds: [id] });
    if (moved) this.#emit('libraryChanged', { reason: 'folders', sourceIds: [id] });
    return this.#sourceOrNotFound(id);
  }

  async listFolders(): Promise<Folder[]> {
    this.#assertOpen();
    return folders.listFolders(this.#db);
  }

  async createFolder(input: NewFolder): Promise<Folder> {
    this.#assertOpen();
    const { name, parentId = null } = NewFolderSchema.parse(input);
    const id = this.#db.transaction(() => folders.createFolder(this.#db, name, parentId, this.#now().toISOString()));
    this.#emit('libraryChanged', { reason: 'folders', sourceIds: [] });
    return this.#folderOrNotFound(id);
  }

  /** Renames a folder, or moves it into another (null: to the top level); never into itself or a folder inside it. */
  async updateFolder(id: number, patch: FolderPatch): Promise<Folder> {
    this.#assertOpen();
    const { name, parentId } = FolderPatchSchema.parse(patch);
    this.#db.transaction(() =>
      folders.updateFolder(this.#db, id, { ...(name !== undefined ? { name } : {}), ...(parentId !== undefined ? { parentId } : {}) }),
    );
    this.#emit('libraryChanged', { reason: 'folders', sourceIds: [] });
    return this.#folderOrNotFound(id);
  }

  /** Deletes a folder; its feeds and the folders inside it move up to where it was. Nothing is unsubscribed. */
  async deleteFolder(id: number): Promise<null> {
    this.#assertOpen();
    const deleted = this.#db.transaction(() => folders.deleteFolder(this.#db, id));
    if (!deleted) throw new ApiError('not_found', 'That folder is no longer in your library.');
    this.#emit('libraryChanged', { reason: 'folders', sourceIds: [] });
    if (deleted.movedSourceIds.length > 0) this.#emit('libraryChanged', { reason: 'sources', sourceIds: deleted.movedSourceIds });
    return null;
  }

  /**
   * Subscribes to every feed an OPML file lists, in its folders, in one
   * transaction: a file that is not OPML changes nothing. The new feeds are
   * stored unfetched and refreshed in the background.
   */
  async importOpml(file: OpmlImport): Promise<OpmlImportSummary> {
    this.#assertOpen();
    const { text } = OpmlImportSchema.parse(file);
    const reading = readOpml(text);
    const now = this.#now();
    let applied: ReturnType<typeof applyOpml>;
    try {
      applied = this.#db.transaction(() => {
        const result = applyOpml(this.#db, reading, now.toISOString());
        this.#planNewSources(result.newSourceIds, now);
        return result;
      });
    } catch (error) {
      throw this.#storageError(error, 'Broadsheet could not save the feeds from this file.', 'the feeds from this file');
    }
    const { summary, newSourceIds } = applied;
    this.#logger.info('Imported OPML', { feedsAdded: summary.feedsAdded, duplicates: summary.duplicates, invalid: summary.invalidCount });
    if (summary.foldersCreated > 0) this.#emit('libraryChanged', { reason: 'folders', sourceIds: [] });
    if (newSourceIds.length > 0) {
      this.#emit('libraryChanged', { reason: 'sources', sourceIds: newSourceIds });
      this.#refreshImported();
    }
    return summary;
  }

  /** Every subscription, in its folders, as OPML 2.0. */
  async exportOpml(): Promise<ExportFile> {
    this.#assertOpen();
    const now = this.#now();
    const tree = subscriptionTree(this.#db);
    return { fileName: opmlFileName(now), mimeType: OPML_MIME_TYPE, content: writeOpml(tree, now), articles: 0 };
  }

  /**
   * Stores when feeds just added will next be refreshed automatically, so
   * nextRefreshAt is right even while automatic refresh is off. Call inside
   * the transaction that adds them: the interval is read there.
   */
  #planNewSources(ids: readonly number[], now: Date): void {
    const globalMinutes = this.#settings.get().refreshIntervalMinutes;
    const plan = ids.flatMap((id) => {
      const state = sources.getFetchState(this.#db, id);
      return state ? [{ id, nextRefreshAt: this.#nextAutomaticRefresh(state, now, globalMinutes) }] : [];
    });
    sources.setNextRefreshTimes(this.#db, plan);
  }

  /** The reader typed the address of a feed an OPML file brought: it is fetched as typed from now on, starting now. */
  async #adoptImported(id: number, options?: AddFeedOptions): Promise<Source> {
    const { folderId, title } = AddFeedOptionsSchema.parse(options ?? {});
    if (folderId !== undefined || title) await this.updateSource(id, { folderId, ...(title ? { title } : {}) });
    const changed = this.#db.transaction(() => sources.markTyped(this.#db, id));
    if (changed) this.#logger.info('An imported feed was typed by the reader', { sourceId: id });
    // A refresh already under way fetches it the old way: this one comes after.
    if (this.#refreshAll) await this.#refreshAll.catch(() => null);
    await this.refresh(id);
    this.#emit('libraryChanged', { reason: 'sources', sourceIds: [id] });
    return this.#sourceOrNotFound(id);
  }

  /**
   * Fetches newly imported feeds in the background as one refresh of the
   * library, so progress reads "n of all" rather than one bar per feed; the
   * feeds already followed only cost a conditional request.
   */
  #refreshImported(): void {
    // A refresh of everything already under way began before these feeds existed: the next one takes them.
    const running = this.#refreshAll;
    const run = running ? running.catch(() => null).then(() => this.refresh()) : this.refresh();
    run.catch((error: unknown) => this.#logger.warn('Refreshing imported feeds failed', { error: String(error) }));
  }

  /** Throws not_found unless `folderId` is null (the top level) or a folder in the library. */
  #assertFolder(folderId: number | null | undefined): void {
    if (folderId === null || folderId === undefined) return;
    if (!folders.folderExists(this.#db, folderId)) throw new ApiError('not_found', 'That folder is no longer in your library.');
  }

  #folderOrNotFound(id: number): Folder {
    const folder = folders.getFolder(this.#db, id);
    if (!folder) throw new ApiError('not_found', 'That folder is no longer in your library.');
    return folder;
  }

  // Articles ------------------------------------------------------------------

  async listArticles(query: ArticleQuery): Promise<ArticlePage> {
    this.#assertOpen();
    const parsed = ArticleQuerySchema.parse(query);
    this.#assertFolder(parsed.folderId);
    return articles.listArticles(this.#db, parsed);
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

  /** Bookmarking also stores the full article, so whatever is bookmarked reads offline. */
  async setBookmarked(id: number, on: boolean): Promise<null> {
    this.#assertOpen();
    let download = false;
    let state: articles.ArticleState | null;
    try {
      state = this.#db.transaction(() => {
        const changed = articles.setBookmarked(this.#db, id, on, this.#now().toISOString());
        download = changed !== null && on && isWebUrl(changed.url) && (changed.download === 'none' || changed.download === 'failed');
        // Queued with the bookmark, not after it: if Broadsheet stops before the download starts, the next start resumes it.
        if (download) articles.setDownloadState(this.#db, id, 'queued', null);
        return changed;
      });
    } catch (error) {
      throw this.#storageError(error, 'Broadsheet could not save this bookmark.', 'your bookmark');
    }
    if (state === null) throw new ApiError('not_found', 'That article is no longer in your library.');
    this.#emit('libraryChanged', { reason: 'bookmarks', sourceIds: sourceIdsOf(state.sourceId) });
    if (download) void this.#queueDownload(id, PRIORITY_NOW);
    return null;
  }

  async setArchived(id: number, on: boolean): Promise<null> {
    this.#assertOpen();
    const outcome = this.#db.transaction(() => articles.setArchived(this.#db, id, on, this.#now().toISOString()));
    if (outcome === 'not_found') throw new ApiError('not_found', 'That article is no longer in your library.');
    if (outcome === 'not_saved') {
      throw new ApiError('invalid_input', 'Only pages saved to read later can be archived; mark feed articles as read instead.');
    }
    this.#emit('libraryChanged', { reason: 'saved', sourceIds: [] });
    return null;
  }

  /** Marks every unread article in the view (and feed) read, in one transaction; returns their ids for undo. */
  async markAllRead(request: MarkAllRead): Promise<{ ids: number[] }> {
    this.#assertOpen();
    const { view, sourceId, folderId } = MarkAllReadSchema.parse(request);
    this.#assertFolder(folderId);
    const changed = this.#db.transaction(() => articles.markAllRead(this.#db, view, sourceId, folderId));
    if (changed.ids.length > 0) this.#emit('libraryChanged', { reason: 'read', sourceIds: changed.sourceIds });
    return { ids: changed.ids };
  }

  /** How many articles each view lists; `unread`, how many are unread. Reads small indexes only. */
  async getCounts(): Promise<ViewCounts> {
    this.#assertOpen();
    return articles.getCounts(this.#db);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    this.#assertOpen();
    const parsed = SearchQuerySchema.parse(query);
    this.#assertFolder(parsed.folderId);
    return search(this.#db, parsed);
  }

  /** Remembers how far an article was read. Emits nothing: no list shows it. */
  async setReadingProgress(id: number, progress: number): Promise<null> {
    this.#assertOpen();
    if (!Number.isFinite(progress)) throw new ApiError('invalid_input', 'Reading progress is a number from 0 to 1.');
    if (!articles.setReadingProgress(this.#db, id, progress)) {
      throw new ApiError('not_found', 'That article is no longer in your library.');
    }
    return null;
  }

  // Export and backup -----------------------------------------------------------

  async exportArticles(request: ExportRequest): Promise<ExportFile> {
    this.#assertOpen();
    const parsed = ExportRequestSchema.parse(request);
    return exportArticles(listExportArticles(this.#db, parsed.scope), parsed, this.#now());
  }

  /** Writes <dataDir>/backups/broadsheet-backup-<time>.tar.gz: a snapshot of the database and every stored image. */
  async createBackup(): Promise<BackupInfo> {
    this.#assertOpen();
    // Exclusive: no image is deleted (or half written) while the snapshot and its images are taken.
    return this.#assetLock.exclusive(async () => {
      this.#assertOpen();
      try {
        return await createBackupArchive({
          db: this.#db,
          dataDir: this.#dataDir,
          schemaVersion: schemaVersion(this.#db),
          now: this.#now(),
        });
      } catch (error) {
        this.#logger.error('A backup failed', { error: String(error) });
        throw this.#storageError(error, 'Broadsheet could not write the backup. Check that the disk has room.', 'the backup');
      }
    });
  }

  async listBackups(): Promise<BackupInfo[]> {
    this.#assertOpen();
    return listBackupArchives(this.#dataDir);
  }

  /**
   * Replaces the library with a backup's. The backup is unpacked and checked
   * first; then refreshes and downloads stop, the database closes, the current
   * library is moved into <dataDir>/before-restore-<time>/ (kept, never
   * deleted), the backup's is moved in and opened. Any failure leaves the
   * current library as it was.
   */
  async restoreBackup(name: string): Promise<null> {
    this.#assertOpen();
    // Claimed before the first await: a second restore started meanwhile is
    // refused above and so never resets this or restarts work under this one.
    this.#restoring = true;
    const run = this.#runRestore(name);
    this.#restore = run;
    try {
      return await run;
    } finally {
      this.#restore = null;
    }
  }

  /** The restore proper; only restoreBackup, which claimed #restoring, calls it. */
  async #runRestore(name: string): Promise<null> {
    let stopped = false;
    let dir: string | null = null;
    try {
      const known = await listBackupArchives(this.#dataDir);
      if (!isBackupName(name) || !known.some((b) => b.name === name)) {
        throw new ApiError('not_found', 'There is no such backup in the library\u2019s backups folder.');
      }
      const backup = await unpackBackup(this.#dataDir, name);
      dir = backup.dir;
      const unpacked = dir;
      // Broadsheet's own backups hold the database only: the library keeps its images.
      const keepImages = backup.manifest.contents === 'database';
      verifyUnpacked(unpacked, name);
      this.#assertNotClosed();
      stopped = true;
      await this.#stopWork();
      await this.#assetLock.exclusive(async () => {
        // Closed while work stopped: leave the files alone; close() closes the database after this.
        this.#assertNotClosed();
        this.#db.close();
        let aside: string;
        try {
          aside = await swapInRestored(this.#dataDir, unpacked, this.#now(), { keepImages });
        } catch (error) {
          this.#db = openDatabase(this.#dataDir);
          throw error;
        }
        try {
          this.#db = openDatabase(this.#dataDir);
        } catch {
          await putBack(this.#dataDir, aside, unpacked, { keepImages });
          this.#db = openDatabase(this.#dataDir);
          throw new ApiError('storage_failed', `The backup \u201c${name}\u201d could not be opened. Your library was not changed.`);
        }
        this.#logger.info('Restored a backup', { name, keptIn: aside });
        // Queued before work resumes, which then downloads them (or the next start does).
        if (keepImages) this.#queueArticlesMissingImages();
        // Queued before work resumes, which then downloads them (or the next start does).

      });
    } finally {
      this.#restoring = false;
      // Only work this restore stopped is restarted.
      if (stopped) this.#resumeWork();
      if (dir !== null) await removeFolder(dir);
    }
    // The notice that offered a backup has been answered, here and at the next start.
    this.#answerDamage();
    for (const notice of this.#notices.list()) if (notice.kind === 'library-damaged') this.#notices.dismiss(notice.id);
    this.#emit('libraryChanged', { reason: 'restored', sourceIds: [] });
    return null;
  }

  /**
   * Marks for downloading again the articles of a restored database whose
   * images are gone (deleted after the backup, which held the database only):
   * otherwise they would say stored and show holes. One with no web address
   * keeps its text and placeholders.
   */
  #queueArticlesMissingImages(): void {
    try {
      const ids = articlesMissingImages(this.#db, this.#assets.dir);
      let queued = 0;
      this.#db.transaction(() => {
        for (const id of ids) {
          const target = articles.getDownloadTarget(this.#db, id);
          if (target && isWebUrl(target.url) && articles.setDownloadState(this.#db, id, 'queued', null)) queued += 1;
        }
      });
      if (ids.length > 0) this.#logger.info('Articles restored without some of their images', { count: ids.length, queued });
    } catch (error) {
      this.#logger.warn('Could not look for articles missing images', { error: String(error) });
    }
  }

  /** The damaged library's notice was answered (a backup restored, or the offer declined): Broadsheet's own backups and sweeps resume. */
  #answerDamage(): void {
    try {
      clearPendingDamage(this.#dataDir);
    } catch (error) {
      this.#logger.warn('Could not clear the record of the damaged library', { error: String(error) });
    }
  }

  /** Stops refreshes and downloads and waits for them to end (before a restore). */
  async #stopWork(): Promise<void> {
    this.#closing.abort();
    this.#downloads.close();
    await Promise.allSettled([...this.#refreshRuns]);
    await this.#downloads.idle();
    while (this.#background.size > 0) await Promise.all(this.#background);
  }

  /** Starts afresh after a restore (or a failed one): new signal, new queue, interrupted downloads resumed. */
  #resumeWork(): void {
    if (this.#closed) return;
    this.#closing = new AbortController();
    this.#downloads = this.#newDownloadQueue();
    this.#refreshAll = null;
    this.#refreshOne.clear();
    if (this.#autoRefreshOn) {
      this.#resumeDownloads();
      this.#scheduleAutoRefresh(false);
    }
  }

  // Safety in the background ---------------------------------------------------

  /**
   * Checks, on a worker thread, a library file too big to check before it
   * opened, and looks for a due daily backup a minute after start (an hour,
   * for a library made just now: it holds nothing older to keep), then hourly.
   */
  #startMaintenance(): void {
    if (this.#checkLater) {
      this.#checkLater = false;
      void this.#checkFile();
    }
    if (this.#backupTimer) return;
    const wake = (delay: number) => {
      this.#backupTimer = setTimeout(() => {
        void this.backUpIfDue().finally(() => {
          if (!this.#closed) wake(DAILY_BACKUP_CHECK_MS);
        });
      }, delay);
      // Timers must never keep a CLI or a test process alive.
      this.#backupTimer.unref();
    };
    wake(this.#createdNow ? DAILY_BACKUP_CHECK_MS : DAILY_BACKUP_FIRST_DELAY_MS);
  }

  /**
   * Makes the daily backup (the database only, copied on a worker thread) when
   * the newest of Broadsheet's own backups is a day old and the library has
   * changed since, and no damaged-library notice waits for an answer. Returns
   * it, or null when none was due or it failed: a failure is logged and posted
   * as a notice, never thrown.
   */
  backUpIfDue(): Promise<BackupInfo | null> {
    if (this.#closed || this.#restoring) return Promise.resolve(null);
    if (this.#dailyBackup) return this.#dailyBackup;
    const run = this.#runDailyBackup().finally(() => {
      this.#dailyBackup = null;
    });
    this.#dailyBackup = run;
    // A restore waits for it: the copy reads the file the restore moves.
    this.#inBackground(run.then(() => {}));
    return run;
  }

  async #runDailyBackup(): Promise<BackupInfo | null> {
    const now = this.#now();
    // Until the reader has answered it (here or in another program, before a restart too), copies of the
    // empty library that replaced a damaged one must not push out the backups that can bring it back.
    if (damagePending(this.#dataDir) || this.#notices.list().some((notice) => notice.kind === 'library-damaged')) return null;
    if (!dailyBackupDue(this.#dataDir, now)) return null;
    const signal = this.#closing.signal;
    try {
      const backup = await createDailyBackup({ dataDir: this.#dataDir, databasePath: join(this.#dataDir, DATABASE_FILE), now, signal });
      this.#logger.info('Made the daily backup', { name: backup.name, bytes: backup.bytes });
      return backup;
    } catch (error) {
      // Stopped by close() or a restore: not a failure; the next hourly look makes it.
      if (signal.aborted) return null;
      this.#logger.error('The daily backup failed', { error: String(error) });
      this.#notices.post(
        'backup-failed',
        isDiskFull(error)
          ? 'Your disk is full, so Broadsheet could not make today\u2019s backup of your library. Nothing in your library was changed. Free some space; Broadsheet tries again every hour.'
          : 'Broadsheet could not make today\u2019s backup of your library. Nothing in your library was changed; it tries again every hour.',
      );
      return null;
    }
  }

  /** Walks every page of the library file on a worker thread; damage found is answered as at start. */
  async #checkFile(): Promise<void> {
    const db = this.#db;
    let problems: string[];
    try {
      const result = await runTask({ kind: 'check', path: join(this.#dataDir, DATABASE_FILE) });
      problems = result.kind === 'checked' ? result.problems : [];
    } catch (error) {
      this.#logger.warn('The library file could not be checked', { error: String(error) });
      return;
    }
    // Closed, or replaced by a restore, while the check ran: what it found is about a file no longer in use.
    if (problems.length === 0 || this.#closed || this.#db !== db) return;
    this.#logger.error('The library file is damaged; it is set aside and an empty library opens', { problems: problems.slice(0, 5) });
    // Already logged; the library stays as it was.
    await this.#replaceDamaged().catch(() => {});
  }

  /** Stops work, sets the damaged file aside for an empty library and posts the notice offering the newest backup. */
  async #replaceDamaged(): Promise<void> {
    if (this.#closed || this.#restoring) return;
    this.#restoring = true;
    try {
      await this.#stopWork();
      await this.#assetLock.exclusive(async () => {
        if (this.#closed) return;
        this.#db.close();
        try {
          this.#db = replaceDamaged({ dataDir: this.#dataDir, notices: this.#notices, now: this.#now, logger: this.#logger });
        } catch (error) {
          // Could not be set aside: reading the damaged file beats reading nothing.
          this.#logger.error('The damaged library file could not be set aside', { error: String(error) });
          this.#db = openDatabase(this.#dataDir);
          throw error;
        }
      });
    } finally {
      this.#restoring = false;
      this.#resumeWork();
    }
    this.#emit('libraryChanged', { reason: 'restored', sourceIds: [] });
  }

  /** A failed write as storageError words it; a full disk is also posted as a notice, once while it shows. */
  #storageError(error: unknown, message: string, what: string): ApiError {
    const failure = storageError(error, message, what);
    if (failure.code === 'disk_full') this.#notices.post('disk-full', DISK_FULL_NOTICE);
    if (damagedInUseError(error) !== null) this.#damageInUse(error);
    return failure;
  }

  // Notices and diagnostics ----------------------------------------------------

  async getNotices(): Promise<Notice[]> {
    return this.#notices.list();
  }

  async dismissNotice(id: string): Promise<null> {
    // Dismissing the notice of a damaged library set aside declines the backup it offers (damage met in use is only hidden).
    if (this.#notices.list().some((notice) => notice.id === id && notice.kind === 'library-damaged' && notice.keptAt !== null)) this.#answerDamage();
    this.#notices.dismiss(id);
    return null;
  }

  /** Versions, sizes and recent errors for a bug report: counts and file sizes only, never a row's text. */
  async getDiagnostics(): Promise<Diagnostics> {
    this.#assertOpen();
    return collectDiagnostics({
      db: this.#db,
      dataDir: this.#dataDir,
      appVersion: this.#appVersion,
      program: this.#program,
      recentErrors: this.#recentLog?.entries() ?? [],
      now: this.#now(),
    });
  }

  // Read later -----------------------------------------------------------------

  /** Fetches a page, extracts the article, stores it with its images as a saved page. Saving it again returns the one stored. */
  async saveUrl(address: string): Promise<ArticleSummary> {
    this.#assertOpen();
    const url = parsePageAddress(address);
    const known = articles.findSavedArticle(this.#db, [url]);
    if (known !== null) return this.#saveAgain(known);

    const page = await fetchPage(url, { fetch: this.#guarded(this.#fetch, { typed: url }), signal: this.#closing.signal });
    this.#assertOpen();
    const extracted = await this.#extractArticle(page.html, page.finalUrl);
    this.#assertOpen();
    const addresses = [url, page.finalUrl, extracted.canonicalUrl].filter(isWebUrl);
    const again = articles.findSavedArticle(this.#db, addresses);
    if (again !== null) return this.#saveAgain(again);
    return this.#storeSavedPage({
      url: page.finalUrl,
      baseUrl: page.finalUrl,
      dedupeKey: `url:${page.finalUrl}`,
      extracted,
      fallbackTitle: null,
      matchUrls: addresses,
      vouchedBy: page.finalUrl,
    });
  }

  /**
   * Saves a page from an HTML file. Its address is the one given, else the
   * page's canonical or og:url; a file that names none is kept under its
   * contents' hash, with images that have web addresses stored and the rest
   * shown as placeholders. An address the file names is the file's choice, not
   * the reader's: it and the file's images are fetched from the internet only,
   * now and when the page is downloaded later (see #downloadOrigin).
   */
  async importHtml(input: ImportHtml): Promise<ArticleSummary> {
    this.#assertOpen();
    const parsed = ImportHtmlSchema.safeParse(input);
    if (!parsed.success) throw new ApiError('invalid_input', parsed.error.issues[0]?.message ?? 'That file cannot be imported.');
    const { html, fileName, url: givenUrl } = parsed.data;
    const readerUrl = givenUrl !== undefined && givenUrl.trim() !== '' ? parsePageAddress(givenUrl) : null;
    let pageUrl = readerUrl;
    let extracted = await this.#extractArticle(html, pageUrl ?? syntheticFileUrl(fileName));
    if (pageUrl === null && isWebUrl(extracted.canonicalUrl)) {
      // Read again against its real address, so relative links and images resolve to the web.
      pageUrl = extracted.canonicalUrl;
      extracted = await this.#extractArticle(html, pageUrl);
    }
    this.#assertOpen();
    // A canonical address that is only the file's own stand-in is no address.
    if (!isWebUrl(extracted.canonicalUrl)) extracted = { ...extracted, canonicalUrl: null };
    if (!extracted.isArticle && pageUrl === null) {
      throw new ApiError('invalid_input', 'Broadsheet found no article to read in that file, and it does not say where it came from.');
    }
    const dedupeKey =
      readerUrl !== null ? `url:${readerUrl}` : pageUrl !== null ? `declared:${pageUrl}` : `file:${createHash('sha256').update(html).digest('hex')}`;
    const matchUrls = pageUrl !== null ? [pageUrl] : [];
    const known = articles.findSavedArticle(this.#db, matchUrls, dedupeKey);
    if (known !== null) {
      // A stored article stays; one that never downloaded well takes the file's content.
      const target = articles.getDownloadTarget(this.#db, known);
      if (target?.download === 'done' || !extracted.isArticle) return this.#saveAgain(known);
      await this.#storeContent(known, extracted, pageUrl ?? syntheticFileUrl(fileName), {
        replaceTitle: true,
        signal: this.#closing.signal,
        vouchedBy: readerUrl,
      });
      return this.#saveAgain(known);
    }
    return this.#storeSavedPage({
      url: pageUrl,
      baseUrl: pageUrl ?? syntheticFileUrl(fileName),
      dedupeKey,
      extracted,
      fallbackTitle: fileTitle(fileName),
      matchUrls,
      vouchedBy: readerUrl,
    });
  }

  async #saveAgain(id: number): Promise<ArticleSummary> {
    this.#db.transaction(() => articles.unarchive(this.#db, id));
    const target = articles.getDownloadTarget(this.#db, id);
    if (target && target.download === 'failed' && isWebUrl(target.url)) void this.#queueDownload(id, PRIORITY_NOW);
    this.#emit('libraryChanged', { reason: 'saved', sourceIds: [] });
    return this.#summaryOrNotFound(id);
  }

  async #storeSavedPage(page: {
    url: string | null;
    /** What relative addresses in the page resolve against. */
    baseUrl: string;
    dedupeKey: string;
    extracted: ExtractedArticle;
    fallbackTitle: string | null;
    matchUrls: string[];
    /** The address whose own network the page's images may be on: one the reader gave; null holds them to the internet. */
    vouchedBy: string | null;
  }): Promise<ArticleSummary> {
    const { extracted } = page;
    const signal = this.#closing.signal;
    const id = await this.#assetLock.shared(async () => {
      const images =
        extracted.isArticle
          ? await storeArticleImages(extracted.contentHtml, {
              baseUrl: page.baseUrl,
              fetch: this.#guarded(this.#imageFetch, { automatic: page.vouchedBy }),
              store: this.#assets,
              signal,
              leadImageUrl: extracted.leadImageUrl,
            })
          : null;
      this.#assertOpen();
      const content = prepareDownloaded(extracted, images && { ...images, html: withoutImportedFileLinks(images.html) }, {
        replaceTitle: true,
      });
      const title = content.title ?? page.fallbackTitle ?? hostOf(page.url) ?? 'Untitled page';
      const nowIso = this.#now().toISOString();
      try {
        return this.#db.transaction(() => {
          // Saved by another call while this one downloaded: keep that one.
          const other = articles.findSavedArticle(this.#db, page.matchUrls, page.dedupeKey);
          if (other !== null) return { id: other, inserted: false };
          const inserted = articles.insertSavedArticle(
            this.#db,
            {
              dedupeKey: page.dedupeKey,
              url: page.url,
              title,
              author: extracted.byline,
              publishedAt: sanePublishedAt(extracted.publishedAt, this.#now()),
              contentHash: contentHashOf(title, content.contentHtml),
              content,
            },
            nowIso,
          );
          return { id: inserted, inserted: true };
        });
      } catch (error) {
        throw this.#storageError(error, 'Broadsheet could not save this page.', 'this page');
      }
    }).catch((error: unknown) => {
      // Its images could not be stored: nothing of the page was.
      throw isDiskFull(error) ? this.#storageError(error, 'Broadsheet could not save this page.', 'this page') : error;
    });
    if (!id.inserted) return this.#saveAgain(id.id);
    this.#logger.info('Saved a page', { url: page.url });
    this.#emit('libraryChanged', { reason: 'saved', sourceIds: [] });
    return this.#summaryOrNotFound(id.id);
  }

  // Full articles ---------------------------------------------------------------

  /** Downloads the article's full text and images now (again, if it had them); resolves when it is stored or has failed. */
  async downloadArticle(id: number): Promise<ArticleSummary> {
    this.#assertOpen();
    const target = articles.getDownloadTarget(this.#db, id);
    if (!target) throw new ApiError('not_found', 'That article is no longer in your library.');
    if (!isWebUrl(target.url)) {
      throw new ApiError('invalid_input', 'This article has no web address, so there is nothing to download.');
    }
    await this.#queueDownload(id, PRIORITY_NOW);
    this.#assertOpen();
    return this.#summaryOrNotFound(id);
  }

  /**
   * Marks the new articles the setting downloads as queued, inside the
   * transaction that inserts them: if Broadsheet stops before they join the
   * download queue, the next start resumes them (#resumeDownloads) rather than
   * leaving them never downloaded. #downloadNewArticles queues them once it commits.
   */
  #markNewForDownload(ids: readonly number[]): void {
    if (ids.length === 0 || this.#settings.get().downloadFullArticles !== 'new') return;
    for (const id of ids) {
      const target = articles.getDownloadTarget(this.#db, id);
      if (target && isWebUrl(target.url)) articles.setDownloadState(this.#db, id, 'queued', null);
    }
  }

  /** Queues the new articles of a refresh when the setting asks for new items to be stored. */
  #downloadNewArticles(ids: readonly number[]): void {
    if (ids.length === 0 || this.#settings.get().downloadFullArticles !== 'new') return;
    for (const id of ids) {
      const target = articles.getDownloadTarget(this.#db, id);
      if (target && isWebUrl(target.url)) void this.#queueDownload(id, PRIORITY_BACKGROUND);
    }
  }

  #queueDownload(id: number, priority: number): Promise<void> {
    if (this.#downloads.has(id)) return this.#downloads.add(id, priority);
    if (!articles.setDownloadState(this.#db, id, 'queued', null)) return Promise.resolve();
    // Announced before it joins the queue, which may start it at once.
    this.#emit('downloadProgress', { articleId: id, state: 'queued', error: null, pending: this.#downloads.pending + 1 });
    return this.#downloads.add(id, priority);
  }

  /** One article's download, from fetching the page to storing it. Records its own failure; never throws. */
  async #download(id: number, signal: AbortSignal): Promise<void> {
    if (this.#closed) return;
    // A restore replaces the database: ids in the new one name other articles, so
    // a download that started before it gives up rather than write there.
    const db = this.#db;
    const replaced = () => this.#closed || this.#db !== db;
    const target = articles.getDownloadTarget(db, id);
    if (!target) return;
    if (!isWebUrl(target.url)) {
      this.#recordDownload(id, 'failed', 'This article has no web address to download it from.');
      return;
    }
    this.#recordDownload(id, 'downloading', null);
    try {
      const page = await fetchPage(target.url, { fetch: this.#guarded(this.#fetch, this.#downloadOrigin(db, target.id, target.sourceId, target.url)), signal });
      if (replaced()) return;
      const extracted = await this.#extractArticle(page.html, page.finalUrl);
      if (replaced()) return;
      const stored = await this.#storeContent(id, extracted, page.finalUrl, { replaceTitle: target.saved, signal, db });
      if (!stored || replaced()) return;
      this.#emitDownload(id, extracted.isArticle ? 'done' : 'not_article', null);
      this.#emit('libraryChanged', { reason: 'downloads', sourceIds: sourceIdsOf(target.sourceId) });
    } catch (error) {
      if (replaced()) return;
      if (!(error instanceof ApiError)) this.#logger.error('Downloading an article failed', { id, error: String(error) });
      const failure = isDiskFull(error) || isDamaged(error) ? this.#storageError(error, '', 'this article') : error;
      // A stored article whose fresh download failed is still whole on disk: it stays done, with the error noted.
      this.#recordDownload(id, target.hasFullText ? 'done' : 'failed', plainDownloadError(failure));
    }
  }

  /**
   * Who chose a download's address: a feed item's, its feed (wherever the
   * download was asked for, the feed wrote the link); a page saved by its
   * address, the reader. Anything else (an imported file's own canonical, a
   * removed feed's bookmark) vouches for no network: the internet only.
   */
  #downloadOrigin(db: Database, id: number, sourceId: number | null, url: string): FetchOrigin {
    if (sourceId !== null) return { automatic: sources.getFetchState(db, sourceId)?.feedUrl ?? null };
    return articles.isAddressFromReader(db, id) ? { typed: url } : { automatic: null };
  }

  /** `fetchImpl` held to what `origin` may reach, following redirects itself (see address-guard.ts). */
  #guarded(fetchImpl: typeof globalThis.fetch, origin: FetchOrigin, refusal?: string): typeof globalThis.fetch {
    return guardFetch({ fetch: fetchImpl, lookup: this.#lookup, origin, refusal });
  }

  /**
   * The fetch for refreshing a feed. An address the reader typed is fetched as
   * typed (only its redirects are checked); one an OPML file chose, or a typed
   * feed's server moved to another site, is held to public addresses, as if a
   * web page had pointed to it, until the reader types it.
   */
  #feedFetch(fetchImpl: typeof globalThis.fetch, state: sources.SourceFetchState): typeof globalThis.fetch {
    if (state.addedBy === 'typed') return this.#guarded(fetchImpl, { typed: state.feedUrl });
    return this.#guarded(fetchImpl, { automatic: null }, state.addedBy === 'moved' ? MOVED_LOCAL_MESSAGE : IMPORTED_LOCAL_MESSAGE);
  }

  /** A feed that moved for good onto the address of another feed the reader follows would only duplicate it. */
  #assertNotMovedOntoAnother(state: sources.SourceFetchState, permanentRedirect: string | null): void {
    if (permanentRedirect === null) return;
    const other = sources.findSourceIdByFeedUrl(this.#db, permanentRedirect);
    if (other === null || other === state.id) return;
    throw new ApiError('fetch_failed', `This feed now redirects to “${permanentRedirect}”, which you already follow.`);
  }

  /** Stores a feed's new address after a permanent redirect (unless another feed has it). Call inside a transaction. */
  #moveFeed(state: sources.SourceFetchState, permanentRedirect: string | null): void {
    if (permanentRedirect === null) return;
    // The reader vouched for the host they typed, not for wherever its server sends the feed next.
    const addedBy = state.addedBy === 'typed' && siteHost(permanentRedirect) !== siteHost(state.feedUrl) ? 'moved' : state.addedBy;
    if (sources.moveFeedUrl(this.#db, state.id, permanentRedirect, addedBy)) {
      this.#logger.info('A feed moved for good', { from: state.feedUrl, to: permanentRedirect });
    }
  }

  /**
   * Stores an extracted page as the article's content. The images go to disk
   * first; then the row and the list of images it uses are written in one
   * transaction, so an article is never half stored. Images the article no
   * longer uses are deleted afterwards. Returns false when the article was
   * deleted meanwhile, or the database it was read from was replaced (a restore).
   */
  async #storeContent(
    id: number,
    extracted: ExtractedArticle,
    pageUrl: string,
    options: {
      replaceTitle: boolean;
      signal: AbortSignal;
      db?: Database;
      /** Whose network the images may be on, when not the page's own address (null: the internet only). */
      vouchedBy?: string | null;
    },
  ): Promise<boolean> {
    const db = options.db ?? this.#db;
    const vouchedBy = options.vouchedBy !== undefined ? options.vouchedBy : isWebUrl(pageUrl) ? pageUrl : null;
    let before: string[] = [];
    let unused: string[] = [];
    const stored = await this.#assetLock.shared(async () => {
      const images = extracted.isArticle
        ? await storeArticleImages(extracted.contentHtml, {
            baseUrl: pageUrl,
            // A file with no address of its own vouches for no address: its images are fetched from the internet only.
            fetch: this.#guarded(this.#imageFetch, { automatic: vouchedBy }),
            store: this.#assets,
            signal: options.signal,
            leadImageUrl: extracted.leadImageUrl,
          })
        : null;
      // The images just stored are the restored library's to keep or sweep; this article is not in it.
      if (this.#closed || this.#db !== db) return false;
      const content = prepareDownloaded(extracted, images && { ...images, html: withoutImportedFileLinks(images.html) }, {
        replaceTitle: options.replaceTitle,
      });
      const nowIso = this.#now().toISOString();
      const written = this.#db.transaction(() => {
        before = articles.assetsOfArticle(this.#db, id);
        return articles.storeDownloadedContent(this.#db, id, content, nowIso);
      });
      // Deleted while downloading: the images just stored may be nobody's.
      unused = written ? before : content.assets.slice();
      return written;
    });
    await this.#collectImages(unused);
    return stored;
  }

  /** Deletes those of `names` that no article uses. */
  async #collectImages(names: readonly string[]): Promise<void> {
    if (names.length === 0 || this.#closed) return;
    await this.#assetLock.exclusive(async () => {
      if (this.#closed) return;
      const unused = articles.unreferencedAssets(this.#db, names);
      try {
        await this.#assets.remove(unused);
      } catch (error) {
        this.#logger.warn('Unused images could not be deleted', { error: String(error) });
      }
    });
  }

  #recordDownload(id: number, state: DownloadState, error: string | null): void {
    if (this.#closed) return;
    try {
      if (!articles.setDownloadState(this.#db, id, state, error)) return;
    } catch (caught) {
      this.#logger.error('Could not record a download state', { id, error: String(caught) });
      return;
    }
    this.#emitDownload(id, state, error);
  }

  #emitDownload(id: number, state: DownloadState, error: string | null): void {
    const finished = state !== 'queued' && state !== 'downloading';
    // The finishing article still counts in the queue until its job returns.
    const pending = Math.max(0, this.#downloads.pending - (finished && this.#downloads.has(id) ? 1 : 0));
    this.#emit('downloadProgress', { articleId: id, state, error, pending });
  }

  /** Resumes downloads that were waiting or running when the library last closed. */
  #resumeDownloads(): void {
    for (const id of articles.listInterruptedDownloads(this.#db)) void this.#queueDownload(id, PRIORITY_BACKGROUND);
  }

  /**
   * Deletes stored images no article uses: what a crash between writing an
   * image and committing its article, or between deleting articles and their
   * images, left behind; and images a crash left half written (no write is
   * under way while this holds the lock exclusively).
   */
  async #sweepUnusedImages(): Promise<void> {
    await this.#assetLock.exclusive(async () => {
      if (this.#closed) return;
      // An empty library set in place of a damaged one uses no images: the backup that restores it needs them all.
      if (damagePending(this.#dataDir)) return;
      const used = articles.referencedAssets(this.#db);
      const unused: string[] = [];
      const halfWritten: string[] = [];
      let shards: string[];
      try {
        shards = await readdir(this.#assets.dir);
      } catch {
        return; // No images stored yet.
      }
      for (const shard of shards) {
        let files: string[];
        try {
          files = await readdir(join(this.#assets.dir, shard));
        } catch {
          continue;
        }
        for (const file of files) {
          const name = `${shard}/${file}`;
          if (isAssetName(name) && !used.has(name)) unused.push(name);
          else if (isTemporaryAssetFile(file)) halfWritten.push(join(this.#assets.dir, shard, file));
        }
      }
      if (this.#closed) return;
      for (const file of halfWritten) await rm(file, { force: true });
      if (unused.length === 0) return;
      await this.#assets.remove(unused);
      this.#logger.info('Deleted images no article uses', { count: unused.length });
    });
  }

  /** Resolves when no download is waiting or running and unused images are deleted (for tools and tests). */
  async downloadsIdle(): Promise<void> {
    await this.#downloads.idle();
    while (this.#background.size > 0) await Promise.all(this.#background);
  }

  #inBackground(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.#logger.warn('Tidying stored images failed', { error: String(error) }))
      .finally(() => this.#background.delete(tracked));
    this.#background.add(tracked);
  }

  // Discovery and icons -----------------------------------------------------------

  /** Finds the feeds behind any address (a feed, a home page, an article, a bare domain), each with a preview. */
  async discoverFeeds(address: string): Promise<DiscoveryResult> {
    this.#assertOpen();
    const candidates = await discoverFeeds(address, {
      fetchFor: (origin) => this.#guarded(this.#fetch, origin),
      subscribedId: (urls) => {
        for (const url of urls) {
          const id = sources.findSourceIdByFeedUrl(this.#db, url);
          if (id !== null) return id;
        }
        return null;
      },
      signal: this.#closing.signal,
    });
    // The reader typed the very address of a feed a file brought in: it is theirs now (see #feedFetch).
    const typed = URL.canParse(address.trim()) ? new URL(address.trim()) : null;
    if (typed !== null) typed.hash = '';
    for (const candidate of candidates) {
      if (candidate.subscribedId === null || candidate.url !== typed?.href) continue;
      if (sources.getFetchState(this.#db, candidate.subscribedId)?.addedBy === 'typed') continue;
      const id = candidate.subscribedId;
      this.#adoptImported(id).catch((error: unknown) => this.#logger.warn('Refreshing a typed feed failed', { sourceId: id, error: String(error) }));
    }
    return { candidates };
  }

  /**
   * Looks, in the background, for the site icons of those of `sourceIds` that
   * have none yet (never looked for, or not for a month). Never blocks the
   * caller; failures are only logged. `feedImages`: the feeds' own images, when
   * the caller has them at hand, tried when the site has no icon.
   */
  #fetchMissingIcons(sourceIds: readonly number[], feedImages?: ReadonlyMap<number, string | null>): void {
    if (this.#closed || this.#restoring) return;
    const db = this.#db;
    const signal = this.#closing.signal;
    const recheckBefore = new Date(this.#now().getTime() - ICON_RECHECK_MS).toISOString();
    let wanted: sources.IconWanted[];
    try {
      wanted = sources.listSourcesNeedingIcon(db, sourceIds, recheckBefore).filter((s) => !this.#iconChecks.has(s.id));
    } catch (error) {
      this.#logger.warn('Could not list the feeds that need an icon', { error: String(error) });
      return;
    }
    for (const source of wanted) {
      this.#iconChecks.add(source.id);
      const work = this.#iconQueue.add(() => this.#fetchIcon(source, feedImages?.get(source.id) ?? null, db, signal));
      this.#inBackground(work.finally(() => this.#iconChecks.delete(source.id)));
    }
  }

  /** Finds one source's icon, stores it with the other assets and records it (or that there is none). */
  async #fetchIcon(source: sources.IconWanted, feedImageUrl: string | null, db: Database, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.#closed || this.#db !== db) return;
    const siteUrl = isWebUrl(source.siteUrl) ? source.siteUrl : new URL('/', source.feedUrl).href;
    let unused: string[] = [];
    let found = false;
    try {
      // The feed named the site: it may point only where the feed itself lives, or the internet.
      const result = await findSiteIcon(siteUrl, {
        fetch: this.#guarded(this.#imageFetch, { automatic: source.feedUrl }),
        signal,
        feedImageUrl,
      });
      // Nobody answered (offline?): asked again after the next refresh.
      if (result.kind === 'unreachable') return;
      await this.#assetLock.shared(async () => {
        const name = result.kind === 'found' ? await this.#assets.put(result.bytes, result.type.mime) : null;
        // The icon just stored belongs to a library that is closed or replaced; the sweep tidies it.
        if (this.#closed || this.#db !== db) return;
        const recorded = sources.recordIcon(db, source.id, name, this.#now().toISOString());
        found = recorded && name !== null;
        // Removed while its icon was on the way: nobody uses the icon unless another source shares it.
        if (!recorded && name !== null) unused = [name];
      });
    } catch (error) {
      if (!signal.aborted) this.#logger.warn('Could not fetch a site icon', { sourceId: source.id, error: String(error) });
      return;
    }
    await this.#collectImages(unused);
    if (found) this.#emit('libraryChanged', { reason: 'sources', sourceIds: [source.id] });
  }

  // Refreshing ----------------------------------------------------------------

  /**
   * Refreshes every feed (but those whose publisher removed them) or one feed;
   * a call while a covering refresh runs shares it. A feed inside the wait its
   * server asked for (Retry-After) is reported, not fetched, unless the reader
   * asked for that feed by name; Cache-Control freshness only paces automatic
   * refreshes.
   */
  async refresh(sourceId?: number): Promise<RefreshResult> {
    this.#assertOpen();
    if (sourceId === undefined) {
      if (!this.#refreshAll) {
        const states = sources.listFetchStates(this.#db).filter((s) => s.status !== 'gone');
        const run = this.#trackRefresh(this.#runRefresh(states, 'all', this.#now()));
        this.#refreshAll = run;
        void run.finally(() => {
          if (this.#refreshAll === run) this.#refreshAll = null;
        });
      }
      return this.#refreshAll;
    }
    const state = sources.getFetchState(this.#db, sourceId);
    if (!state) throw new ApiError('not_found', 'That feed is no longer in your library.');
    // A refresh of everything leaves out a gone feed; asked for by name, it is tried again.
    if (this.#refreshAll && state.status !== 'gone') return this.#refreshAll;
    let run = this.#refreshOne.get(sourceId);
    if (!run) {
      const started = this.#trackRefresh(this.#runRefresh([state], 'one', this.#now()));
      this.#refreshOne.set(sourceId, started);
      void started.finally(() => this.#refreshOne.delete(sourceId));
      run = started;
    }
    return run;
  }

  /** Remembers a running refresh until it ends, so a restore can wait for it. */
  #trackRefresh(run: Promise<RefreshResult>): Promise<RefreshResult> {
    this.#refreshRuns.add(run);
    void run.finally(() => this.#refreshRuns.delete(run)).catch(() => {});
    return run;
  }

  async #runRefresh(states: readonly sources.SourceFetchState[], mode: RefreshMode, startedAt: Date): Promise<RefreshResult> {
    const total = states.length;
    let done = 0;
    let newArticles = 0;
    let failed = 0;
    let unreachable = 0;
    let waiting = 0;
    // Read once: settings live in a file, and every feed needs the interval.
    const globalMinutes = this.#settings.get().refreshIntervalMinutes;
    this.#emit('refreshProgress', { done, total, running: true, sourceId: null, error: null, offline: false });
    await Promise.all(
      states.map((state) =>
        this.#refreshQueue.add(hostKey(state.feedUrl), async () => {
          let error: string | null = null;
          const retryAt = state.retryAfter === null ? Number.NaN : Date.parse(state.retryAfter);
          if (mode !== 'one' && retryAt > startedAt.getTime()) {
            // The server asked for a pause: asking anyway would only earn another 429 (or a ban).
            waiting += 1;
            failed += 1;
            error = `The server asked Broadsheet to wait until ${describeTime(new Date(retryAt), startedAt)}.`;
          } else {
            const outcome = await this.#refreshOnce(state, globalMinutes);
            newArticles += outcome.newArticles;
            if (outcome.error !== null) {
              failed += 1;
              if (outcome.unreachable) unreachable += 1;
              error = outcome.error;
            }
          }
          done += 1;
          this.#emit('refreshProgress', { done, total, running: true, sourceId: state.id, error, offline: false });
        }),
      ),
    );
    // Every feed asked failed before any server answered: the computer is offline, not the feeds broken.
    const offline = total - waiting > 0 && unreachable === total - waiting;
    this.#applyRetention();
    this.#emit('refreshProgress', { done, total, running: false, sourceId: null, error: null, offline });
    if (total > 0) this.#emit('libraryChanged', { reason: 'articles', sourceIds: states.map((s) => s.id) });
    this.#fetchMissingIcons(states.map((s) => s.id));
    return { sources: total, newArticles, failed, offline };
  }

  /** Refreshes one feed, joining a fetch of the same feed that another refresh already has under way. */
  #refreshOnce(state: sources.SourceFetchState, globalMinutes: number): Promise<FeedOutcome> {
    let outcome = this.#inFlight.get(state.id);
    if (!outcome) {
      const started = this.#fetchAndStore(state, globalMinutes);
      this.#inFlight.set(state.id, started);
      void started.finally(() => this.#inFlight.delete(state.id));
      outcome = started;
    }
    return outcome;
  }

  async #fetchAndStore(state: sources.SourceFetchState, globalMinutes: number): Promise<FeedOutcome> {
    const network = watchNetwork(this.#fetch);
    try {
      return { newArticles: await this.#refreshSource(state, network.fetch), error: null, unreachable: false };
    } catch (caught) {
      if (isDiskFull(caught) || isDamaged(caught)) {
        // Not the feed's fault: nothing is held against it (nor could be written), and the reader is told once.
        return { newArticles: 0, error: this.#storageError(caught, '', 'the new articles from this feed').message, unreachable: false };
      }
      if (!(caught instanceof ApiError)) {
        this.#logger.error('Refreshing a feed failed', { feedUrl: state.feedUrl, error: String(caught) });
      }
      const error = this.#recordFailure(state, caught, network.failed(), globalMinutes);
      return { newArticles: 0, error, unreachable: network.failed() };
    }
  }

  /** Fetches one source and stores what is new; returns how many articles were new. */
  async #refreshSource(state: sources.SourceFetchState, fetchImpl: typeof globalThis.fetch): Promise<number> {
    const fetched = await fetchFeed(state.feedUrl, {
      fetch: this.#feedFetch(fetchImpl, state),
      etag: state.etag,
      lastModified: state.lastModified,
      signal: this.#closing.signal,
      now: this.#now,
      ...this.#feedLimits,
    });
    this.#assertOpen();
    this.#assertNotMovedOntoAnother(state, fetched.permanentRedirect);
    const now = this.#now();
    const nowIso = now.toISOString();
    // The interval is read when the result is written: the reader may have changed it while the feed downloaded.
    const nextRefreshAt = (freshUntil: string | null): string | null =>
      this.#nextAutomaticRefresh(
        { ...state, status: 'ok', lastAttemptAt: nowIso, failureCount: 0, retryAfter: null, freshUntil },
        now,
        this.#settings.get().refreshIntervalMinutes,
      );

    // A 304, or the very bytes stored last time: nothing to parse, nothing to write but the time (and a move).
    if (fetched.status === 'unchanged' || (fetched.bodyHash === state.bodyHash && fetched.permanentRedirect === null)) {
      this.#db.transaction(() => {
        this.#moveFeed(state, fetched.permanentRedirect);
        sources.recordNotModified(this.#db, state.id, {
          fetchedAt: nowIso,
          etag: fetched.etag,
          lastModified: fetched.lastModified,
          freshUntil: fetched.freshUntil,
          nextRefreshAt: nextRefreshAt(fetched.freshUntil),
        });
      });
      return 0;
    }
    const parsed = await this.#readFeedBody(fetched.body, fetched.finalUrl, now);
    this.#assertOpen();
    const items = parsed.items;
    const inserted = this.#db.transaction(() => {
      // Removed while its download was under way: nothing to store.
      if (!sources.getFetchState(this.#db, state.id)) return [];
      this.#moveFeed(state, fetched.permanentRedirect);
      // Before the merge: a new feed title re-indexes the feed's articles for search, fewer of them now.
      sources.recordFetchSuccess(this.#db, state.id, {
        title: parsed.title,
        siteUrl: parsed.siteUrl,
        description: parsed.description,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        fetchedAt: nowIso,
        bodyHash: fetched.bodyHash,
        freshUntil: fetched.freshUntil,
        nextRefreshAt: nextRefreshAt(fetched.freshUntil),
      });
      const merged = articles.mergeArticles(this.#db, state.id, items, nowIso);
      sources.recordLatestArticles(this.#db, state.id, merged.documentIds);
      this.#markNewForDownload(merged.insertedIds);
      return merged.insertedIds;
    });
    this.#downloadNewArticles(inserted);
    return inserted.length;
  }

  /** Extracts a page's article off the main thread (the pool starts on first use); too long a page fails in plain words. */
  #extractArticle(html: string, pageUrl: string): Promise<ExtractedArticle> {
    this.#extractors ??= new ArticleExtractorPool({ logger: this.#logger });
    return this.#extractors.extract(html, pageUrl);
  }

  /** Parses a feed body and prepares its items, off the main thread (the pool starts on first use). */
  #readFeedBody(body: string, feedUrl: string, now: Date): Promise<ReadFeed> {
    this.#feedReaders ??= new FeedReaderPool({ logger: this.#logger });
    return this.#feedReaders.read(body, feedUrl, now);
  }

  /**
   * Records why a feed's refresh failed and when it will be tried again;
   * returns the message, in plain words. A failure where no server answered
   * (offline, refused, timed out) does not make the feed back off: being
   * offline for a day must not leave every feed waiting a day more.
   */
  #recordFailure(state: sources.SourceFetchState, caught: unknown, unreachable: boolean, globalMinutes: number): string {
    let message = plainError(caught);
    // Stopped by close or a restore: not the feed's fault, nothing to record.
    if (this.#closed || this.#closing.signal.aborted) return message;
    const now = this.#now();
    const nowIso = now.toISOString();
    const gone = caught instanceof FeedHttpError && caught.gone;
    const retryAfter = caught instanceof FeedHttpError && caught.retryAt !== null ? caught.retryAt.toISOString() : null;
    const failureCount = unreachable ? state.failureCount : state.failureCount + 1;
    const nextRefreshAt = this.#nextAutomaticRefresh(
      { ...state, status: gone ? 'gone' : 'error', lastAttemptAt: nowIso, failureCount, retryAfter },
      now,
      globalMinutes,
    );
    if (retryAfter !== null) {
      message = `${message} Broadsheet will wait until ${describeTime(new Date(retryAfter), now)} before asking again.`;
    }
    try {
      sources.recordFetchFailure(this.#db, state.id, {
        message,
        at: nowIso,
        gone,
        retryAfter,
        nextRefreshAt,
        backOff: !unreachable,
      });
    } catch (error) {
      this.#logger.error('Could not record a refresh failure', { sourceId: state.id, error: String(error) });
    }
    return message;
  }

  /** When a feed in this state will next be refreshed automatically (ISO), or null for never. */
  #nextAutomaticRefresh(state: sources.SourceFetchState, now: Date, globalMinutes: number): string | null {
    const intervalMinutes = effectiveIntervalMinutes(state.refreshIntervalMinutes, globalMinutes);
    // A feed added before the engine kept last_attempt_at counts from its last success.
    const lastAttemptAt = state.lastAttemptAt ?? state.lastFetchedAt;
    return nextAutomaticRefresh({ ...state, lastAttemptAt, intervalMinutes }, now)?.toISOString() ?? null;
  }

  /** Removes feed articles past the retention setting (if on), then the images only they used. */
  #applyRetention(): void {
    const days = this.#settings.get().retentionDays;
    // With retention off this still forgets the keys of articles removed long ago, while it was on.
    if (this.#closed || this.#restoring) return;
    let pruned: PruneResult;
    try {
      pruned = this.#db.transaction(() => pruneOldArticles(this.#db, days, this.#now()));
    } catch (error) {
      this.#logger.error('Removing old articles failed', { error: String(error) });
      return;
    }
    if (pruned.removed === 0) return;
    this.#logger.info('Removed old articles', { count: pruned.removed, retentionDays: days });
    this.#emit('libraryChanged', { reason: 'articles', sourceIds: pruned.sourceIds });
    this.#inBackground(this.#collectImages(pruned.images));
  }

  /**
   * Refreshes feeds automatically as they fall due (the interval in settings
   * or their own, Retry-After, Cache-Control, back-off after failures), with
   * a timer that wakes at the earliest due time; follows changes to settings
   * and feeds.
   */
  startAutoRefresh(): void {
    this.#assertOpen();
    this.#resumeDownloads();
    this.#inBackground(this.#sweepUnusedImages());
    this.#autoRefreshOn = true;
    // A feed added, removed or given its own interval changes the plan.
    if (!this.#watchingSources) {
      this.#watchingSources = true;
      this.on('libraryChanged', (change) => {
        if (change.reason === 'sources' || change.reason === 'restored') this.#replanAutoRefreshSoon();
      });
    }
    this.#scheduleAutoRefresh(true);
    this.#startMaintenance();
  }

  /**
   * Recomputes every feed's next refresh time and re-arms the timer: call
   * after anything that changes when feeds are due (an interval, a feed
   * added or removed).
   */
  #replanAutoRefresh(): void {
    if (this.#closed || this.#restoring) return;
    if (this.#autoRefreshOn) {
      this.#scheduleAutoRefresh(false);
      return;
    }
    try {
      this.#planNextRefreshes(this.#now());
    } catch (error) {
      this.#logger.warn('Could not plan the next refreshes', { error: String(error) });
    }
  }

  /** Several changes in a row (an OPML import) re-plan once. */
  #replanAutoRefreshSoon(): void {
    if (this.#replanPending) return;
    this.#replanPending = true;
    setImmediate(() => {
      this.#replanPending = false;
      this.#replanAutoRefresh();
    }).unref();
  }

  /** Stores each feed's next automatic refresh time; returns the earliest (ms), or null when none is automatic. */
  #planNextRefreshes(now: Date): number | null {
    const globalMinutes = this.#settings.get().refreshIntervalMinutes;
    const plan = sources
      .listFetchStates(this.#db)
      .map((state) => ({ id: state.id, nextRefreshAt: this.#nextAutomaticRefresh(state, now, globalMinutes) }));
    this.#db.transaction(() => sources.setNextRefreshTimes(this.#db, plan));
    let earliest: number | null = null;
    for (const { nextRefreshAt } of plan) {
      if (nextRefreshAt !== null) earliest = Math.min(earliest ?? Infinity, Date.parse(nextRefreshAt));
    }
    return earliest;
  }

  #scheduleAutoRefresh(first: boolean): void {
    if (this.#autoRefreshTimer) clearTimeout(this.#autoRefreshTimer);
    this.#autoRefreshTimer = null;
    if (!this.#autoRefreshOn || this.#closed || this.#restoring) return;
    const now = this.#now().getTime();
    let earliest: number | null;
    try {
      earliest = this.#planNextRefreshes(new Date(now));
    } catch (error) {
      this.#logger.warn('Could not plan the next refreshes', { error: String(error) });
      earliest = now + AUTO_REFRESH_MAX_SLEEP_MS;
    }
    // Nothing is refreshed automatically: the plan is redone when settings or feeds change.
    if (earliest === null) return;
    let delay = Math.min(AUTO_REFRESH_MAX_SLEEP_MS, Math.max(AUTO_REFRESH_MIN_SLEEP_MS, earliest - now));
    if (first) delay = Math.max(delay, AUTO_REFRESH_FIRST_DELAY_MS);
    const wakeAt = now + delay;
    const timer = setTimeout(() => {
      this.#autoRefreshTimer = null;
      this.#refreshDue(wakeAt)
        .catch((error: unknown) => this.#logger.warn('Automatic refresh failed', { error: String(error) }))
        .finally(() => this.#scheduleAutoRefresh(false));
    }, delay);
    // Timers must never keep a CLI or a test process alive.
    timer.unref();
    this.#autoRefreshTimer = timer;
  }

  /** Refreshes the feeds that are due; `wakeAt` is when the timer was set for. */
  async #refreshDue(wakeAt: number): Promise<void> {
    // A refresh of everything under way covers what is due.
    if (this.#refreshAll) await this.#refreshAll.catch(() => null);
    if (this.#closed || this.#restoring || !this.#autoRefreshOn) return;
    // The feeds the timer was set for are due when it fires, even if the wall clock lags the timer a little.
    const at = new Date(Math.max(this.#now().getTime(), wakeAt));
    const globalMinutes = this.#settings.get().refreshIntervalMinutes;
    const due = sources.listFetchStates(this.#db).filter((state) => {
      const next = this.#nextAutomaticRefresh(state, at, globalMinutes);
      return next !== null && Date.parse(next) <= at.getTime();
    });
    if (due.length === 0) return;
    await this.#trackRefresh(this.#runRefresh(due, 'auto', at));
  }

  // Settings ------------------------------------------------------------------

  async getSettings(): Promise<Settings> {
    return this.#settings.get();
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const before = this.#settings.get();
    const after = this.#settings.update(SettingsPatchSchema.parse(patch));
    if (after.refreshIntervalMinutes !== before.refreshIntervalMinutes) this.#replanAutoRefresh();
    // Soon, not before answering: there may be many articles to remove.
    if (after.retentionDays !== before.retentionDays && after.retentionDays > 0) {
      setImmediate(() => this.#applyRetention()).unref();
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
    if (this.#backupTimer) clearTimeout(this.#backupTimer);
    this.#backupTimer = null;
    this.#closing.abort();
    this.#downloads.close();
    void this.#feedReaders?.close();
    void this.#extractors?.close();
    this.#listeners.clear();
    // A restore may be between closing one database and opening the next: the
    // one it ends with is closed when it ends (it checks #closed before swapping).
    // The lock goes only once the database is closed, so the next program never writes beside this one.
    const shut = () => {
      this.#db.close();
      this.#lock?.release();
    };
    // A daily backup stops at its next step (the signal above) and removes what it wrote before the lock goes.
    const running = [this.#restore, this.#dailyBackup].filter((work) => work !== null);
    if (running.length > 0) void Promise.allSettled(running).finally(shut);
    else shut();
  }

  #assertOpen(): void {
    this.#assertNotClosed();
    if (this.#restoring) throw new ApiError('storage_failed', 'Broadsheet is restoring a backup. Try again in a moment.');
  }

  #assertNotClosed(): void {
    if (this.#closed) throw new ApiError('storage_failed', 'The library has been closed.');
  }

  #assertNotFollowed(feedUrl: string): void {
    const existing = sources.findSourceIdByFeedUrl(this.#db, feedUrl);
    if (existing === null) return;
    const title = sources.getSource(this.#db, existing)?.title;
    throw new ApiError('already_exists', title ? `You already follow “${title}”.` : 'You already follow this feed.');
  }

  #summaryOrNotFound(id: number): ArticleSummary {
    const summary = articles.getSummary(this.#db, id);
    if (!summary) throw new ApiError('not_found', 'That article is no longer in your library.');
    return summary;
  }

  #sourceOrNotFound(id: number): Source {
    const source = sources.getSource(this.#db, id);
    if (!source) throw new ApiError('not_found', 'That feed is no longer in your library.');
    return source;
  }
}

/** Opens (creating if needed) the library in `dataDir` and brings its schema up to date. */
export function openLibrary(options: LibraryOptions): Library {
  // First of all: another program with this library open may be migrating, restoring or writing it.
  // (Taken already by prepareLibraryUpdate, when the caller backed up a library due an update without blocking.)
  if (options.prepared !== undefined && options.prepared.dataDir !== options.dataDir) {
    options.prepared.lock.release();
    throw new Error('openLibrary was given the lock of another library folder.');
  }
  const lock = options.prepared?.lock ?? acquireLibraryLock(options.dataDir, options.program ?? null);
  try {
    // A restore the process died in the middle of is undone first, so the library as it was opens.
    if (recoverInterruptedRestore(options.dataDir)) {
      (options.logger ?? silentLogger).warn('Undid a restore that was interrupted', { dataDir: options.dataDir });
    }
    // Then what a backup or restore stopped halfway left (copies of the library), before any new one starts.
    const leftovers = removeLeftovers(options.dataDir);
    if (leftovers.length > 0) (options.logger ?? silentLogger).info('Removed what an interrupted backup or restore left', { count: leftovers.length });
    // A damaged file is set aside for an empty library and a notice; small ones are checked page by page first.
    const notices = options.notices ?? new NoticeBoard(options.now);
    const opened = openOrRecover({
      dataDir: options.dataDir,
      notices,
      now: options.now ?? (() => new Date()),
      logger: options.logger ?? silentLogger,
    });
    return new Library(opened.db, {
      ...options,
      notices,
      assets: createAssetStore(options.dataDir),
      lock,
      checkLater: opened.checkLater,
      createdNow: opened.created,
    });
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Opens a library for reading only, without its lock: for commands that only
 * read, while another program has the library open. `busy` is what that
 * program's lock said; it is thrown when this version cannot read the library
 * as it is (it needs migrating, or that program is restoring a backup).
 */
export function openLibraryToRead(options: LibraryOptions, busy: ApiError): Library {
  if (existsSync(join(options.dataDir, RESTORE_MARKER))) throw busy;
  const db = openDatabaseToRead(options.dataDir, busy);
  return new Library(db, { ...options, assets: createAssetStore(options.dataDir) });
}

function plainError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong while refreshing this feed.';
}

function plainDownloadError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong while downloading this article.';
}

/**
 * Wraps fetch to learn whether a request failed before any server answered
 * (DNS, refused, reset, timeout): that, for every source at once, is what
 * being offline looks like. A server's error status is an answer.
 */
function watchNetwork(fetchImpl: typeof globalThis.fetch): { fetch: typeof globalThis.fetch; failed(): boolean } {
  let failed = false;
  const watched: typeof globalThis.fetch = async (input, init) => {
    try {
      return await fetchImpl(input, init);
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  return { fetch: watched, failed: () => failed };
}

/** Parses a page address a person gave; throws invalid_url unless it is an absolute http(s) URL. */
function parsePageAddress(address: string): string {
  try {
    return parseWebAddress(address).href;
  } catch {
    throw new ApiError('invalid_url', 'That is not a web address. Page addresses start with http:// or https://.');
  }
}

function isWebUrl(url: string | null | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\//i.test(url) && !isImportedFileUrl(url);
}

function hostOf(url: string | null): string | null {
  return isWebUrl(url) ? siteHost(url) : null;
}

function sourceIdsOf(sourceId: number | null): number[] {
  return sourceId === null ? [] : [sourceId];
}

/**
 * A file with no address of its own is read as if it lived on this reserved
 * host (RFC 2606 .invalid): its relative images then become images that
 * cannot be fetched, shown as placeholders with their alt text, rather than
 * vanishing; nothing is ever requested from it, and links to it are dropped.
 */
const IMPORTED_FILE_HOST = 'imported-file.broadsheet.invalid';

function syntheticFileUrl(fileName: string | undefined): string {
  const name = (fileName ?? '').split(/[\\/]/).pop()?.trim() || 'page.html';
  return `https://${IMPORTED_FILE_HOST}/${encodeURIComponent(name)}`;
}

function isImportedFileUrl(url: string): boolean {
  try {
    return new URL(url).hostname === IMPORTED_FILE_HOST;
  } catch {
    return false;
  }
}

/** Links into a file that has no address lead nowhere: they keep their text and lose the link. */
function withoutImportedFileLinks(html: string): string {
  return html.replace(/ href="https:\/\/imported-file\.broadsheet\.invalid[^"]*"/g, '');
}

/** The fetch used for images: never asks the network for anything on the imported-file host. */
function refusingImportedFileHost(fetchImpl: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (isImportedFileUrl(url)) throw new TypeError('An imported file\'s own images are not on the web.');
    return fetchImpl(input, init);
  };
}

/** "Some Story - Site.html" → "Some Story - Site", for a file that names nothing itself. */
function fileTitle(fileName: string | undefined): string | null {
  const name = (fileName ?? '').split(/[\\/]/).pop()?.trim() ?? '';
  return name.replace(/\.x?html?$/i, '').trim().slice(0, 1000) || null;
}

/** A date in the future would pin a page to the top of lists: treated as no date. */
function sanePublishedAt(publishedAt: string | null, now: Date): string | null {
  if (publishedAt === null || Number.isNaN(Date.parse(publishedAt))) return null;
  return Date.parse(publishedAt) > now.getTime() + 60_000 ? null : publishedAt;
}
