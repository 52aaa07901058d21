// The renderer's one source of truth: what is selected, what is loaded, and
// what is in flight. State is replaced, never mutated, so Lit's property
// checks see every change; views read it and call the actions below.
import type { Api, EventPayload } from '../../electron/shared/api.ts';
import type {
  AddFeedOptions,
  Article,
  ArticleOrder,
  ArticleSummary,
  BackupInfo,
  DownloadPolicy,
  ExportFile,
  ExportRequest,
  Folder,
  ImportHtml,
  RefreshResult,
  Settings,
  SettingsPatch,
  Source,
  SourcePatch,
  Theme,
  ViewCounts,
} from '../../electron/shared/models.ts';
import { messageOf } from '../api/errors.ts';
import { ALL, SAVED, queryFor, sameSelection, scopeOf, type Selection } from './selection.ts';

export const PAGE_SIZE = 50;
const MAX_PAGE = 500;

export type LoadStatus = 'loading' | 'ready' | 'error';

export interface ListState {
  items: readonly ArticleSummary[];
  nextCursor: string | null;
  status: LoadStatus;
  error: string | null;
  loadingMore: boolean;
  moreError: string | null;
}

export interface ReaderState {
  id: number | null;
  article: Article | null;
  status: 'idle' | LoadStatus;
  error: string | null;
}

export interface RefreshState {
  running: boolean;
  done: number;
  total: number;
  lastResult: RefreshResult | null;
  lastError: string | null;
  finishedAt: Date | null;
  /** The last refresh reached no source at all: shown once, calmly, instead of an error per feed. */
  offline: boolean;
}

export interface DownloadsState {
  /** Articles waiting for or fetching their full text and images. */
  pending: number;
}

export interface LibraryState {
  settings: Settings | null;
  sources: readonly Source[];
  /** Every folder, nested by parentId; loaded with the sources. */
  folders: readonly Folder[];
  sourcesStatus: LoadStatus;
  sourcesError: string | null;
  selection: Selection;
  list: ListState;
  reader: ReaderState;
  refresh: RefreshState;
  downloads: DownloadsState;
  /** A passing message about an action that failed, shown briefly. */
  notice: string | null;
  /** Unread and total counts of the views, asked again after every change. */
  counts: ViewCounts | null;
  /** The last "mark all read", which can still be undone. */
  undo: UndoState | null;
}

export interface UndoState {
  message: string;
  /** The articles it marked read, to mark unread again. */
  ids: readonly number[];
}

export type AppCommandName = EventPayload<'appCommand'>['command'];

const initialList: ListState = { items: [], nextCursor: null, status: 'loading', error: null, loadingMore: false, moreError: null };

type Flags = Pick<ArticleSummary, 'read' | 'bookmarked' | 'archived'>;
const flagsOf = ({ read, bookmarked, archived }: Flags): Flags => ({ read, bookmarked, archived });

/**
 * Which articles this window changed the flags of while a reload was on its
 * way. Such a reply may have been read before the change was stored, so the
 * flags on screen (the reader's own choice) win over it for those articles.
 */
class FlagWrites {
  #pending = new Map<number, number>();
  /** When each write ended; only kept while a reload is in flight, as only such a reload can be older. */
  #ended = new Map<number, number>();
  #clock = 0;
  #reloads = 0;

  async around<T>(ids: readonly number[], write: () => Promise<T>): Promise<T> {
    for (const id of ids) this.#pending.set(id, (this.#pending.get(id) ?? 0) + 1);
    try {
      return await write();
    } finally {
      for (const id of ids) {
        const left = (this.#pending.get(id) ?? 1) - 1;
        if (left > 0) this.#pending.set(id, left);
        else this.#pending.delete(id);
      }
      this.touched(ids);
    }
  }

  /** Records flags changed by a write whose articles were only known from its reply ("mark all read"). */
  touched(ids: readonly number[]): void {
    if (this.#reloads === 0) return;
    const at = ++this.#clock;
    for (const id of ids) this.#ended.set(id, at);
  }

  /** Runs a read of articles; also returns the articles whose flags in its reply may be older than the screen's. */
  async reload<T>(read: () => Promise<T>): Promise<[T, ReadonlySet<number>]> {
    const since = this.#clock;
    this.#reloads += 1;
    try {
      const value = await read();
      const stale = new Set(this.#pending.keys());
      for (const [id, at] of this.#ended) if (at > since) stale.add(id);
      return [value, stale];
    } finally {
      this.#reloads -= 1;
      if (this.#reloads === 0) this.#ended.clear();
    }
  }
}

export class LibraryStore extends EventTarget {
  #state: LibraryState = {
    settings: null,
    sources: [],
    folders: [],
    sourcesStatus: 'loading',
    sourcesError: null,
    selection: ALL,
    list: initialList,
    reader: { id: null, article: null, status: 'idle', error: null },
    refresh: { running: false, done: 0, total: 0, lastResult: null, lastError: null, finishedAt: null, offline: false },
    downloads: { pending: 0 },
    notice: null,
    counts: null,
    undo: null,
  };
  readonly #api: Api;
  readonly #unsubscribe: Array<() => void> = [];
  /** Bumped whenever the list is replaced, so late replies for an older list are dropped. */
  #listGeneration = 0;
  #readerGeneration = 0;
  #pendingChanges = new Set<EventPayload<'libraryChanged'>['reason']>();
  /** Counts local settings changes, so replies that predate the latest one are not applied. */
  #settingsGeneration = 0;
  /** Counts loads of the feeds and folders, so an older reply never replaces a newer tree. */
  #sourcesGeneration = 0;
  #changeTimer: ReturnType<typeof setTimeout> | null = null;
  #noticeTimer: ReturnType<typeof setTimeout> | null = null;
  #undoTimer: ReturnType<typeof setTimeout> | null = null;
  /** True while this window's own refresh call is in flight. */
  #refreshing = false;
  readonly #flagWrites = new FlagWrites();
  /** The list generation a "load more" in flight belongs to. */
  #loadingMoreFor: number | null = null;

  constructor(api: Api) {
    super();
    this.#api = api;
  }

  get state(): LibraryState {
    return this.#state;
  }

  #set(patch: Partial<LibraryState>): void {
    this.#state = { ...this.#state, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  start(): void {
    this.#unsubscribe.push(
      this.#api.on('libraryChanged', (change) => this.#onLibraryChanged(change)),
      this.#api.on('refreshProgress', (progress) => this.#onProgress(progress)),
      this.#api.on('downloadProgress', (progress) => this.#onDownloadProgress(progress)),
      this.#api.on('appCommand', ({ command }) => this.dispatchEvent(new CustomEvent<AppCommandName>('command', { detail: command }))),
    );
    void this.loadSettings();
    void this.loadSources();
    void this.loadCounts();
    void this.#loadList();
  }

  get #order(): ArticleOrder {
    return this.#state.settings?.articleOrder ?? 'newest';
  }

  stop(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    if (this.#changeTimer) clearTimeout(this.#changeTimer);
  }

  // --- loading -------------------------------------------------------------

  async loadSettings(): Promise<void> {
    try {
      const before = this.#order;
      const generation = this.#settingsGeneration;
      const settings = await this.#api.getSettings();
      // A change made here while this was on its way is newer than what came back.
      if (generation !== this.#settingsGeneration) return;
      this.#set({ settings });
      // The first list may have been asked for before the order was known.
      if (this.#order !== before) void this.#loadList();
    } catch (error) {
      this.#showNotice(messageOf(error));
    }
  }

  /** Loads the feeds and the folders together, so the tree never shows a feed in a folder it does not know. */
  async loadSources(): Promise<void> {
    const generation = ++this.#sourcesGeneration;
    try {
      const [sources, folders] = await Promise.all([this.#api.listSources(), this.#api.listFolders()]);
      if (generation !== this.#sourcesGeneration) return;
      this.#set({ sources, folders, sourcesStatus: 'ready', sourcesError: null });
      const selection = this.#state.selection;
      const gone =
        (selection.kind === 'source' && !sources.some((s) => s.id === selection.sourceId)) ||
        (selection.kind === 'folder' && !folders.some((f) => f.id === selection.folderId));
      if (gone) this.select(ALL);
    } catch (error) {
      if (generation !== this.#sourcesGeneration) return;
      this.#set({ sourcesStatus: 'error', sourcesError: messageOf(error) });
    }
  }

  /** Loads the first page of the selection, or reloads as many items as are showing. */
  async #loadList(options: { keep?: boolean } = {}): Promise<void> {
    const generation = ++this.#listGeneration;
    const { selection, list } = this.#state;
    const limit = options.keep ? Math.min(MAX_PAGE, Math.max(PAGE_SIZE, list.items.length)) : PAGE_SIZE;
    if (!options.keep) this.#set({ list: { ...initialList } });
    try {
      const [page, stale] = await this.#flagWrites.reload(() => this.#api.listArticles(queryFor(selection, limit, undefined, this.#order)));
      if (generation !== this.#listGeneration) return;
      const items = options.keep ? this.#keepingPlace(page.items, stale) : page.items;
      this.#set({
        list: { items, nextCursor: page.nextCursor, status: 'ready', error: null, loadingMore: false, moreError: null },
      });
    } catch (error) {
      if (generation !== this.#listGeneration) return;
      // A failed background reload keeps what is on screen.
      if (options.keep && this.#state.list.status === 'ready') {
        // A "load more" of the list before this reload has dropped its answer: let the next one start.
        if (this.#loadingMoreFor !== generation) this.#set({ list: { ...this.#state.list, loadingMore: false } });
        return this.#showNotice(messageOf(error));
      }
      this.#set({ list: { ...initialList, status: 'error', error: messageOf(error) } });
    }
  }

  /**
   * A reloaded page as it replaces the list: flags changed here meanwhile stay,
   * and the open article keeps its place even when it has left the view (read
   * in Unread) or the page was cut short, so j/k and previous/next go on from it.
   */
  #keepingPlace(fresh: readonly ArticleSummary[], stale: ReadonlySet<number>): ArticleSummary[] {
    const current = this.#state.list.items;
    const shown = new Map(current.map((item) => [item.id, item]));
    const items = fresh.map((item) => {
      const local = stale.has(item.id) ? shown.get(item.id) : undefined;
      return local ? { ...item, ...flagsOf(local) } : item;
    });
    const openId = this.#state.reader.id;
    const openIndex = openId === null ? -1 : current.findIndex((item) => item.id === openId);
    const open = current[openIndex];
    if (!open || items.some((item) => item.id === openId)) return items;
    // Right after the nearest article above it that is still listed, where the reader left it.
    const at = new Map(items.map((item, index) => [item.id, index]));
    let before = -1;
    for (let i = openIndex - 1; i >= 0 && before === -1; i -= 1) before = at.get(current[i]?.id ?? -1) ?? -1;
    items.splice(before + 1, 0, open);
    return items;
  }

  retryList(): Promise<void> {
    return this.#loadList();
  }

  async loadMore(): Promise<void> {
    const { list, selection } = this.#state;
    if (list.status !== 'ready' || list.loadingMore || !list.nextCursor) return;
    const generation = this.#listGeneration;
    this.#loadingMoreFor = generation;
    this.#set({ list: { ...list, loadingMore: true, moreError: null } });
    try {
      const page = await this.#api.listArticles(queryFor(selection, PAGE_SIZE, list.nextCursor, this.#order));
      if (generation !== this.#listGeneration) return;
      const current = this.#state.list;
      const known = new Set(current.items.map((item) => item.id));
      this.#set({
        list: {
          ...current,
          items: [...current.items, ...page.items.filter((item) => !known.has(item.id))],
          nextCursor: page.nextCursor,
          loadingMore: false,
        },
      });
    } catch (error) {
      if (generation !== this.#listGeneration) return;
      this.#set({ list: { ...this.#state.list, loadingMore: false, moreError: messageOf(error) } });
    } finally {
      if (this.#loadingMoreFor === generation) this.#loadingMoreFor = null;
    }
  }

  // --- selection and reading -------------------------------------------------

  select(selection: Selection): void {
    if (sameSelection(selection, this.#state.selection) && this.#state.list.status !== 'error') return;
    this.#readerGeneration += 1;
    this.#set({ selection, reader: { id: null, article: null, status: 'idle', error: null } });
    void this.#loadList();
  }

  async open(id: number): Promise<void> {
    if (this.#state.reader.id === id && this.#state.reader.status !== 'error') return;
    const generation = ++this.#readerGeneration;
    this.#set({ reader: { id, article: null, status: 'loading', error: null } });
    try {
      const article = await this.#api.getArticle(id);
      if (generation !== this.#readerGeneration) return;
      this.#set({ reader: { id, article, status: 'ready', error: null } });
      if (!article.read && this.#state.settings?.markReadOnOpen !== false) await this.setRead(id, true);
    } catch (error) {
      if (generation !== this.#readerGeneration) return;
      this.#set({ reader: { id, article: null, status: 'error', error: messageOf(error) } });
    }
  }

  retryArticle(): Promise<void> {
    const id = this.#state.reader.id;
    return id === null ? Promise.resolve() : this.open(id);
  }

  closeArticle(): void {
    this.#readerGeneration += 1;
    this.#set({ reader: { id: null, article: null, status: 'idle', error: null } });
  }

  /** Opens the article `step` places away from the open one (j/k). */
  async step(step: 1 | -1): Promise<void> {
    const { items } = this.#state.list;
    if (items.length === 0) return;
    const index = items.findIndex((item) => item.id === this.#state.reader.id);
    let next = index === -1 ? (step === 1 ? 0 : items.length - 1) : index + step;
    if (next >= items.length && this.#state.list.nextCursor) {
      await this.loadMore();
      next = Math.min(next, this.#state.list.items.length - 1);
    }
    const target = this.#state.list.items[Math.max(0, Math.min(next, this.#state.list.items.length - 1))];
    if (target) await this.open(target.id);
  }

  /**
   * Opens the next unread article after the open one (the n key), loading
   * further pages while none is loaded; false when there is no unread one left.
   */
  async nextUnread(): Promise<boolean> {
    let from = this.#state.list.items.findIndex((item) => item.id === this.#state.reader.id);
    // Bounded, so a huge all-read view is searched a few thousand rows deep at most.
    for (let pages = 0; pages < 40; pages += 1) {
      const { items, nextCursor } = this.#state.list;
      const target = items.slice(from + 1).find((item) => !item.read && item.id !== this.#state.reader.id);
      if (target) {
        await this.open(target.id);
        return true;
      }
      if (!nextCursor || this.#state.list.status !== 'ready') return false;
      from = items.length - 1;
      await this.loadMore();
      if (this.#state.list.items.length === items.length) return false;
    }
    return false;
  }

  async setRead(id: number, read: boolean): Promise<void> {
    const before = this.#state;
    const item = before.list.items.find((i) => i.id === id) ?? before.reader.article;
    if (!item || item.read === read) return;
    this.#applyArticleFlags(id, { read });
    this.#set({
      sources: before.sources.map((s) =>
        s.id === item.sourceId ? { ...s, unreadCount: Math.max(0, s.unreadCount + (read ? -1 : 1)) } : s,
      ),
    });
    // The sidebar's Unread count follows at once too (archived articles are not in it).
    if (!item.archived) this.#addUnread(read ? -1 : 1);
    try {
      await this.#flagWrites.around([id], () => this.#api.setRead([id], read));
      void this.loadCounts();
    } catch (error) {
      this.#applyArticleFlags(id, { read: !read });
      this.#set({ sources: before.sources });
      if (!item.archived) this.#addUnread(read ? 1 : -1);
      this.#showNotice(messageOf(error));
    }
  }

  #addUnread(delta: number): void {
    const counts = this.#state.counts;
    if (counts) this.#set({ counts: { ...counts, unread: Math.max(0, counts.unread + delta) } });
  }

  async setBookmarked(id: number, on: boolean): Promise<void> {
    this.#applyArticleFlags(id, { bookmarked: on });
    try {
      await this.#flagWrites.around([id], () => this.#api.setBookmarked(id, on));
    } catch (error) {
      this.#applyArticleFlags(id, { bookmarked: !on });
      this.#showNotice(messageOf(error));
    }
  }

  /** Acts on the open article, for keys and menu commands. */
  toggleOpenBookmark(): void {
    const article = this.#state.reader.article;
    if (article) void this.setBookmarked(article.id, !article.bookmarked);
  }

  setOpenRead(read: boolean): void {
    const article = this.#state.reader.article;
    if (article) void this.setRead(article.id, read);
  }

  #applyArticleFlags(id: number, flags: Partial<Pick<ArticleSummary, 'read' | 'bookmarked' | 'archived' | 'download'>>): void {
    this.#patchArticles((itemId) => (itemId === id ? flags : undefined));
  }

  /** Changes fields of listed articles and of the open one alike, so the list and the reader never disagree. */
  #patchArticles(patchFor: (id: number) => Partial<ArticleSummary> | undefined): void {
    const { list, reader } = this.#state;
    const readerPatch = reader.article ? patchFor(reader.article.id) : undefined;
    this.#set({
      list: {
        ...list,
        items: list.items.map((item) => {
          const patch = patchFor(item.id);
          return patch ? { ...item, ...patch } : item;
        }),
      },
      reader: reader.article && readerPatch ? { ...reader, article: { ...reader.article, ...readerPatch } } : reader,
    });
  }

  // --- read later --------------------------------------------------------------

  /**
   * Saves a page by its address; on success the Saved view shows it, open,
   * unless `signal` was aborted meanwhile (the reader cancelled and moved on).
   * Rejects with the core's plain words.
   */
  async saveUrl(address: string, signal?: AbortSignal): Promise<ArticleSummary> {
    const saved = await this.#api.saveUrl(address);
    if (!signal?.aborted) await this.#showSaved(saved.id);
    return saved;
  }

  /** Imports a saved HTML file; shown like saveUrl's page. Rejects with the core's plain words. */
  async importHtml(input: ImportHtml, signal?: AbortSignal): Promise<ArticleSummary> {
    const saved = await this.#api.importHtml(input);
    if (!signal?.aborted) await this.#showSaved(saved.id);
    return saved;
  }

  async #showSaved(id: number): Promise<void> {
    if (sameSelection(this.#state.selection, SAVED)) await this.#loadList({ keep: true });
    else this.select(SAVED);
    await this.open(id);
  }

  /** Archives a saved article (or brings it back); it moves between the Saved and Archive views. */
  async setArchived(id: number, on: boolean): Promise<void> {
    this.#applyArticleFlags(id, { archived: on });
    try {
      await this.#flagWrites.around([id], () => this.#api.setArchived(id, on));
    } catch (error) {
      this.#applyArticleFlags(id, { archived: !on });
      this.#showNotice(messageOf(error));
      return;
    }
    const selection = this.#state.selection;
    if (selection.kind === 'view' && (selection.view === 'saved' || selection.view === 'archive')) {
      // It leaves this view now, on purpose: the reload keeps only an open article that left by itself.
      const list = this.#state.list;
      this.#set({ list: { ...list, items: list.items.filter((item) => item.id !== id) } });
      await this.#loadList({ keep: true });
    }
  }

  /** Fetches an article's full text and images again, after a failure or when it was never downloaded. */
  async downloadArticle(id: number): Promise<void> {
    const before = this.#state.list.items.find((item) => item.id === id)?.download ?? this.#state.reader.article?.download ?? 'none';
    this.#applyArticleFlags(id, { download: 'queued' });
    try {
      const summary = await this.#api.downloadArticle(id);
      this.#applySummary(summary);
      await this.#reloadOpenArticle(id);
    } catch (error) {
      this.#applyArticleFlags(id, { download: before });
      this.#showNotice(messageOf(error));
    }
  }

  async setDownloadPolicy(downloadFullArticles: DownloadPolicy): Promise<void> {
    try {
      this.#set({ settings: await this.#api.updateSettings({ downloadFullArticles }) });
    } catch (error) {
      this.#showNotice(messageOf(error));
    }
  }

  /** Puts a fresh summary in the list (and its fields in the open article) without moving anything. */
  #applySummary(summary: ArticleSummary): void {
    const { list, reader } = this.#state;
    this.#set({
      list: { ...list, items: list.items.map((item) => (item.id === summary.id ? summary : item)) },
      reader: reader.article?.id === summary.id ? { ...reader, article: { ...reader.article, ...summary } } : reader,
    });
  }

  /** Loads the open article again in place (no placeholder), when its stored content has changed. */
  async #reloadOpenArticle(id: number): Promise<void> {
    if (this.#state.reader.id !== id || this.#state.reader.status !== 'ready') return;
    const generation = this.#readerGeneration;
    try {
      const [article, stale] = await this.#flagWrites.reload(() => this.#api.getArticle(id));
      if (generation !== this.#readerGeneration || this.#state.reader.id !== id) return;
      // A flag changed here while the article was on its way stays as the reader set it.
      const shown = this.#state.reader.article;
      this.#set({ reader: { id, article: stale.has(id) && shown ? { ...article, ...flagsOf(shown) } : article, status: 'ready', error: null } });
    } catch {
      // What is on screen stays; opening the article again shows any problem.
    }
  }

  // --- sources ---------------------------------------------------------------

  /**
   * Subscribes; on success the new feed is selected, unless `signal` was
   * aborted meanwhile (the reader cancelled: the feed is kept, as the core
   * may already have stored it, but the screen does not jump to it).
   * Rejects with the core's plain-words error.
   */
  async addFeed(address: string, options?: AddFeedOptions, signal?: AbortSignal): Promise<Source> {
    const source = await this.#api.addFeed(address, options);
    await this.loadSources();
    if (!signal?.aborted) this.select({ kind: 'source', sourceId: source.id });
    return source;
  }

  /** Unsubscribes. Rejects with the core's plain words, for the dialog that asked to show. */
  async removeSource(id: number): Promise<void> {
    await this.#api.removeSource(id);
    if (this.#state.selection.kind === 'source' && this.#state.selection.sourceId === id) this.select(ALL);
    // Its articles are gone; the list's reload would otherwise keep the open one in its place.
    else if (this.#state.reader.article?.sourceId === id) this.closeArticle();
    else if (this.#state.selection.kind === 'folder') await this.#loadList({ keep: true });
    await Promise.all([this.loadSources(), this.loadCounts()]);
  }

  /** Renames a feed, files it in a folder, or sets its refresh interval. Rejects with the core's plain words. */
  async updateSource(id: number, patch: SourcePatch): Promise<Source> {
    const updated = await this.#api.updateSource(id, patch);
    this.#set({ sources: this.#state.sources.map((s) => (s.id === id ? updated : s)) });
    // A feed moved in or out of the folder on screen changes what the folder lists.
    if (patch.folderId !== undefined && this.#state.selection.kind === 'folder') await this.#loadList({ keep: true });
    await this.loadSources();
    return updated;
  }

  /** Files a feed in a folder (null: the top level), as a drag and drop does; a failure is a passing notice. */
  async moveSource(id: number, folderId: number | null): Promise<void> {
    if (this.#state.sources.find((s) => s.id === id)?.folderId === folderId) return;
    try {
      await this.updateSource(id, { folderId });
    } catch (error) {
      this.#showNotice(messageOf(error));
    }
  }

  // --- folders -----------------------------------------------------------------

  /** Creates a folder (inside another when `parentId` is given). Rejects with the core's plain words. */
  async createFolder(name: string, parentId: number | null = null): Promise<Folder> {
    const folder = await this.#api.createFolder(parentId === null ? { name } : { name, parentId });
    this.#set({ folders: [...this.#state.folders.filter((f) => f.id !== folder.id), folder] });
    await this.loadSources();
    return folder;
  }

  async renameFolder(id: number, name: string): Promise<Folder> {
    const folder = await this.#api.updateFolder(id, { name });
    this.#set({ folders: this.#state.folders.map((f) => (f.id === id ? folder : f)) });
    await this.loadSources();
    return folder;
  }

  /** Deletes a folder; its feeds and folders move up, nothing is unsubscribed. Rejects with the core's plain words. */
  /** Moves a folder into another (null: the top level). Rejects with the core's plain words. */
  async moveFolder(id: number, parentId: number | null): Promise<Folder> {
    const folder = await this.#api.updateFolder(id, { parentId });
    this.#set({ folders: this.#state.folders.map((f) => (f.id === id ? folder : f)) });
    await this.loadSources();
    return folder;
  }

  async deleteFolder(id: number): Promise<void> {
    await this.#api.deleteFolder(id);
    if (this.#state.selection.kind === 'folder' && this.#state.selection.folderId === id) this.select(ALL);
    await this.loadSources();
  }

  async refresh(sourceId?: number): Promise<void> {
    if (this.#state.refresh.running) {
      // One refresh at a time; saying so beats a button that seems to do nothing.
      this.#showNotice(
        sourceId === undefined ? 'Feeds are being refreshed already.' : 'Feeds are being refreshed; try this one again when that has finished.',
      );
      return;
    }
    this.#refreshing = true;
    this.#set({ refresh: { ...this.#state.refresh, running: true, done: 0, total: sourceId ? 1 : this.#state.sources.length, lastError: null } });
    try {
      const result = await this.#api.refresh(sourceId);
      this.#refreshing = false;
      this.#set({
        refresh: { ...this.#state.refresh, running: false, lastResult: result, lastError: null, finishedAt: new Date(), offline: result.offline },
      });
    } catch (error) {
      this.#refreshing = false;
      this.#set({ refresh: { ...this.#state.refresh, running: false, lastError: messageOf(error), finishedAt: new Date() } });
    }
    await this.loadSources();
  }

  async setTheme(theme: Theme): Promise<void> {
    try {
      this.#set({ settings: await this.#api.updateSettings({ theme }) });
    } catch (error) {
      this.#showNotice(messageOf(error));
    }
  }

  dismissNotice(): void {
    this.#set({ notice: null });
  }

  // --- views, settings, export and backups -------------------------------------

  async loadCounts(): Promise<void> {
    try {
      this.#set({ counts: await this.#api.getCounts() });
    } catch {
      // Counts are asked again after the next change; the list is what matters.
    }
  }

  /** Changes preferences; the screen follows at once (theme and typography are applied by the app). */
  async updateSettings(patch: SettingsPatch): Promise<void> {
    const before = this.#order;
    const generation = ++this.#settingsGeneration;
    if (this.#state.settings) this.#set({ settings: { ...this.#state.settings, ...patch } });
    try {
      const saved = await this.#api.updateSettings(patch);
      // Sliders send a change per step; only the reply to the latest one is
      // what the reader now sees, an earlier reply would undo later steps.
      if (generation === this.#settingsGeneration) this.#set({ settings: saved });
    } catch (error) {
      this.#showNotice(messageOf(error));
      await this.loadSettings();
    }
    if (this.#order !== before) await this.#loadList();
  }

  setOrder(articleOrder: ArticleOrder): Promise<void> {
    return this.updateSettings({ articleOrder });
  }

  /** Marks everything unread in the current view (or feed) read, with a way to undo it for a while. */
  async markAllRead(): Promise<void> {
    const { selection } = this.#state;
    try {
      const { ids } = await this.#api.markAllRead(scopeOf(selection));
      if (ids.length === 0) {
        this.#showNotice('Nothing here is unread.');
        return;
      }
      this.#flagWrites.touched(ids);
      const readIds = new Set(ids);
      this.#patchArticles((id) => (readIds.has(id) ? { read: true } : undefined));
      this.#showUndo({ message: `Marked ${ids.length.toLocaleString()} article${ids.length === 1 ? '' : 's'} read`, ids });
    } catch (error) {
      this.#showNotice(messageOf(error));
    }
    await Promise.all([this.loadSources(), this.loadCounts()]);
  }

  async undoMarkAllRead(): Promise<void> {
    const undo = this.#state.undo;
    if (!undo) return;
    this.dismissUndo();
    try {
      await this.#flagWrites.around(undo.ids, () => this.#api.setRead([...undo.ids], false));
      const unread = new Set(undo.ids);
      this.#patchArticles((id) => (unread.has(id) ? { read: false } : undefined));
    } catch (error) {
      this.#showNotice(messageOf(error));
    }
    await Promise.all([this.loadSources(), this.loadCounts()]);
  }

  dismissUndo(): void {
    if (this.#undoTimer) clearTimeout(this.#undoTimer);
    this.#undoTimer = null;
    this.#set({ undo: null });
  }

  #showUndo(undo: UndoState): void {
    if (this.#undoTimer) clearTimeout(this.#undoTimer);
    this.#set({ undo });
    this.#undoTimer = setTimeout(() => this.dismissUndo(), 10_000);
  }

  /** Remembers how far the open article has been read; a failure only costs the place. */
  async saveReadingProgress(id: number, progress: number): Promise<void> {
    const clamped = Math.min(1, Math.max(0, progress));
    try {
      await this.#api.setReadingProgress(id, clamped);
    } catch {
      // The place is saved again on the next scroll.
    }
  }

  exportArticles(request: ExportRequest): Promise<ExportFile> {
    return this.#api.exportArticles(request);
  }

  listBackups(): Promise<BackupInfo[]> {
    return this.#api.listBackups();
  }

  createBackup(): Promise<BackupInfo> {
    return this.#api.createBackup();
  }

  /** Replaces the library with a backup's, then shows it from the top. Rejects with the core's plain words. */
  async restoreBackup(name: string): Promise<void> {
    await this.#api.restoreBackup(name);
    await this.#reloadAll();
  }

  async #reloadAll(): Promise<void> {
    this.#readerGeneration += 1;
    this.#set({ reader: { id: null, article: null, status: 'idle', error: null }, undo: null });
    await Promise.all([this.loadSettings(), this.loadSources(), this.loadCounts(), this.#loadList()]);
  }

  // --- events ------------------------------------------------------------------

  #onProgress(progress: EventPayload<'refreshProgress'>): void {
    const refresh = this.#state.refresh;
    this.#set({
      refresh: {
        ...refresh,
        // A refresh started elsewhere (the schedule) is shown too; ours ends when its call returns.
        running: progress.running || this.#refreshing,
        done: progress.done,
        total: progress.total,
        ...(progress.running ? {} : { finishedAt: new Date(), offline: progress.offline }),
      },
    });
  }

  #onDownloadProgress(progress: EventPayload<'downloadProgress'>): void {
    const { articleId, state, error } = progress;
    this.#set({ downloads: { pending: progress.pending } });
    const { list, reader } = this.#state;
    const article = reader.article?.id === articleId ? reader.article : null;
    this.#set({
      list: { ...list, items: list.items.map((item) => (item.id === articleId ? { ...item, download: state } : item)) },
      reader: article ? { ...reader, article: { ...article, download: state, downloadError: state === 'failed' ? error : null } } : reader,
    });
    // The full text (or the reason it failed) is stored now: show it in place.
    if (article && (state === 'done' || state === 'failed' || state === 'not_article')) void this.#reloadOpenArticle(articleId);
  }

  #onLibraryChanged(change: EventPayload<'libraryChanged'>): void {
    this.#pendingChanges.add(change.reason);
    // A refresh of many feeds sends a burst of changes; reload once per burst.
    this.#changeTimer ??= setTimeout(() => {
      this.#changeTimer = null;
      const reasons = new Set(this.#pendingChanges);
      this.#pendingChanges.clear();
      void this.#reloadFor(reasons);
    }, 150);
  }

  async #reloadFor(reasons: Set<EventPayload<'libraryChanged'>['reason']>): Promise<void> {
    if (reasons.has('restored')) return this.#reloadAll();
    if (reasons.has('settings')) void this.loadSettings();
    void this.loadCounts();
    await this.loadSources();
    // Saved pages and finished downloads change what the list shows (new entries, thumbnails, reading times).
    if (reasons.has('articles') || reasons.has('sources') || reasons.has('folders') || reasons.has('saved') || reasons.has('downloads')) {
      await this.#loadList({ keep: true });
    } else if (reasons.has('read') || reasons.has('bookmarks')) {
      await this.#mergeFlags();
    }
  }

  /** Updates read and bookmark marks in place; nothing appears or disappears under the reader's eyes. */
  async #mergeFlags(): Promise<void> {
    const generation = this.#listGeneration;
    const { list, selection } = this.#state;
    if (list.status !== 'ready' || list.items.length === 0) return;
    // Within the smart views an item may have left the view, so ask the wider one.
    const wide: Selection = selection.kind === 'view' ? ALL : selection;
    try {
      const [page, stale] = await this.#flagWrites.reload(() =>
        this.#api.listArticles(queryFor(wide, Math.min(MAX_PAGE, Math.max(PAGE_SIZE, list.items.length * 2)), undefined, this.#order)),
      );
      if (generation !== this.#listGeneration) return;
      // Flags changed here meanwhile stay as the reader set them.
      const fresh = new Map(page.items.filter((item) => !stale.has(item.id)).map((item) => [item.id, flagsOf(item)]));
      this.#patchArticles((id) => fresh.get(id));
    } catch {
      // Marks are refreshed again on the next change.
    }
  }

  #showNotice(message: string): void {
    if (this.#noticeTimer) clearTimeout(this.#noticeTimer);
    this.#set({ notice: message });
    this.#noticeTimer = setTimeout(() => this.#set({ notice: null }), 6_000);
  }
}
