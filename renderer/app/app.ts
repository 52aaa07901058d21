// <bs-app>: the three-pane shell. It owns the store, lays out the panes,
// turns the views' events into store actions, and handles the keyboard and
// the application menu's commands.
import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import type { Api } from '../../electron/shared/api.ts';
import { api as defaultApi } from '../api/index.ts';
import type { AddFeedOptions, ArticleOrder, DownloadPolicy, Settings, SettingsPatch, Theme } from '../../electron/shared/models.ts';
import '../components/splitter.ts';
import type { ResizeDetail } from '../components/splitter.ts';
import { LibraryStore, type AppCommandName } from '../state/library-store.ts';
import { LIMITS, clampWidth, loadWidths, saveWidths, type PaneWidths } from '../state/pane-widths.ts';
import { selectionTitle } from '../state/selection.ts';
import { StoreController } from '../state/store-controller.ts';
import { applyTheme } from '../state/theme.ts';
import { applyReadingSettings } from '../state/reading-settings.ts';
import { icons } from '../components/icons.ts';
import { base, buttons } from '../styles/shared.ts';
import type { BsAddFeedDialog } from '../views/add-feed-dialog.ts';
import '../views/add-feed-dialog.ts';
import type { BsSavePageDialog } from '../views/save-page-dialog.ts';
import '../views/save-page-dialog.ts';
import { isHtmlFileName } from '../state/html-file.ts';
import { isOpmlFileName } from '../state/opml-file.ts';
import { buildTree, folderFeedCount, folderUnread } from '../state/folder-tree.ts';
import { addressFromPaste } from '../state/pasted-address.ts';
import { handlesEnter, isTypingTarget, shortcutFor, type ShortcutAction } from '../state/keyboard.ts';
import { SearchStore, type SearchScope } from '../state/search-store.ts';
import '../views/search-field.ts';
import type { BsSearchField } from '../views/search-field.ts';
import '../views/search-results.ts';
import type { BsSearchResults } from '../views/search-results.ts';
import { listPaneStyles } from '../views/search-pane.styles.ts';
import '../views/shortcuts-overlay.ts';
import type { BsShortcutsOverlay } from '../views/shortcuts-overlay.ts';
import '../views/article-list.ts';
import type { FolderFacts } from '../views/article-list.ts';
import '../views/reader.ts';
import '../views/sidebar.ts';
import type { BsSettingsView, SettingsLibrary } from '../views/settings-view.ts';
import '../views/settings-view.ts';
import type { BsSidebar, MoveDetail, SelectDetail } from '../views/sidebar.ts';
import type { BsFolderDialog, FolderActions } from '../views/folder-dialog.ts';
import '../views/folder-dialog.ts';
import type { BsFeedSettingsDialog, FeedSettingsActions } from '../views/feed-settings-dialog.ts';
import '../views/feed-settings-dialog.ts';
import '../views/notice-banner.ts';
import type { Notice } from '../../electron/shared/models.ts';
import { libraryHasContent, NoticesStore } from '../state/notices.ts';
import { formatBackupDate } from '../state/format-backup.ts';
import { clipboardWriter, copyDiagnostics, COPIED_MESSAGE, type CopyOutcome } from '../state/copy-diagnostics.ts';
import { messageOf } from '../api/errors.ts';
import '../views/diagnostics-dialog.ts';
import type { BsDiagnosticsDialog } from '../views/diagnostics-dialog.ts';

const NARROW = '(max-width: 899px)';

export class BsApp extends LitElement {
  static override properties = {
    widths: { state: true },
    narrow: { state: true },
    sourcesOpen: { state: true },
    dropping: { state: true },
    flash: { state: true },
  };

  static override styles = [
    base,
    buttons,
    listPaneStyles,
    css`
      :host {
        display: grid;
        grid-template-columns: var(--sources-width, 240px) 0 var(--list-width, 360px) 0 minmax(0, 1fr);
        /* The notices banner (empty when there are none) above the panes. */
        grid-template-rows: auto minmax(0, 1fr);
        height: 100%;
        overflow: hidden;
        background: var(--bg-app);
      }
      bs-sidebar,
      bs-article-list,
      bs-reader {
        min-width: 0;
        min-height: 0;
      }
      bs-notice-banner {
        grid-row: 1;
        grid-column: 1 / -1;
      }
      .scrim {
        display: none;
      }
      /* The dialogs are modal (top layer); they must not take a grid cell. */
      bs-add-feed-dialog,
      bs-save-page-dialog,
      bs-settings-view,
      bs-folder-dialog,
      bs-feed-settings-dialog,
      bs-diagnostics-dialog {
        display: contents;
      }
      .drop {
        position: fixed;
        inset: var(--space-3);
        z-index: 30;
        display: grid;
        place-items: center;
        border: 2px dashed var(--accent);
        border-radius: var(--radius-lg);
        background: color-mix(in srgb, var(--bg-app) 88%, transparent);
        color: var(--text);
        font-size: var(--text-lg);
        font-weight: 600;
        pointer-events: none;
      }
      .drop span {
        display: grid;
        justify-items: center;
        gap: var(--space-2);
      }
      .drop small {
        font-size: var(--text-md);
        font-weight: 400;
        color: var(--text-secondary);
      }
      .drop svg.icon {
        width: 28px;
        height: 28px;
        color: var(--accent);
      }
      @media ${unsafeCSS(NARROW)} {
        :host {
          grid-template-columns: var(--list-width, 360px) 0 minmax(0, 1fr);
        }
        bs-sidebar {
          display: none;
        }
        .sources-splitter {
          display: none;
        }
        :host([sources-open]) bs-sidebar {
          display: flex;
          position: fixed;
          inset: 0 auto 0 0;
          width: min(300px, 85vw);
          z-index: 10;
          box-shadow: var(--shadow-dialog);
        }
        :host([sources-open]) .scrim {
          display: block;
          position: fixed;
          inset: 0;
          z-index: 9;
          background: var(--backdrop);
        }
      }
      .notice {
        position: fixed;
        left: 50%;
        bottom: var(--space-5);
        transform: translateX(-50%);
        max-width: min(520px, calc(100vw - 32px));
        display: flex;
        align-items: center;
        gap: var(--space-3);
        padding: var(--space-2) var(--space-2) var(--space-2) var(--space-4);
        border-radius: var(--radius-lg);
        background: var(--text);
        color: var(--bg-app);
        font-size: var(--text-md);
        box-shadow: var(--shadow-dialog);
        z-index: 20;
      }
      .notice .button {
        background: transparent;
        color: inherit;
        border-color: transparent;
      }
      .notice .undo {
        font-weight: 650;
        text-decoration: underline;
        text-underline-offset: 3px;
      }
      .notice .icon-button {
        color: inherit;
        opacity: 0.7;
      }
      .notice .icon-button:hover {
        opacity: 1;
        background: transparent;
        color: inherit;
      }
    `,
  ];

  declare widths: PaneWidths;
  declare narrow: boolean;
  declare sourcesOpen: boolean;
  /** Files are being dragged over the window. */
  declare dropping: boolean;
  /** A passing confirmation of this shell's own (diagnostics copied, a backup restored). */
  declare flash: string;
  #flashTimer: ReturnType<typeof setTimeout> | null = null;
  /** What the core must tell the reader until dismissed: a damaged library, reset settings, a full disk. */
  readonly #notices: NoticesStore;
  #dragDepth = 0;
  readonly #store: StoreController;
  /** The settings whose typography is on the page, so it is applied once per change. */
  #appliedSettings: Settings | null = null;
  readonly #library: SettingsLibrary;
  readonly #folderActions: FolderActions;
  readonly #feedActions: FeedSettingsActions;
  /** For the calls no store keeps state for: finding feeds, OPML in and out. */
  readonly #api: Api;
  readonly #narrowQuery = matchMedia(NARROW);
  /** Search as you type; while it is on, its results stand in for the article list. */
  readonly #search: SearchStore;
  /** A sentence for screen readers about what a shortcut just did (or could not do). */
  #announcement = '';

  constructor(api: Api = defaultApi) {
    super();
    this.#store = new StoreController(this, new LibraryStore(api));
    this.#search = new SearchStore(api);
    this.#search.addEventListener('change', () => this.requestUpdate());
    const store = this.#store.store;
    this.#notices = new NoticesStore(api, (name) => store.restoreBackup(name));
    this.#notices.addEventListener('change', () => this.requestUpdate());
    this.#api = api;
    this.#library = {
      exportArticles: (request) => store.exportArticles(request),
      listBackups: () => store.listBackups(),
      createBackup: () => store.createBackup(),
      restoreBackup: (name) => store.restoreBackup(name),
      importOpml: async (input) => {
        const summary = await api.importOpml(input);
        await Promise.all([store.loadSources(), store.loadCounts()]);
        return summary;
      },
      exportOpml: () => api.exportOpml(),
    };
    this.#folderActions = {
      create: (name, parentId) => store.createFolder(name, parentId),
      rename: (id, name) => store.renameFolder(id, name),
      move: (id, parentId) => store.moveFolder(id, parentId),
      remove: (id) => store.deleteFolder(id),
    };
    this.#feedActions = {
      update: (id, patch) => store.updateSource(id, patch),
      refresh: (id) => store.refresh(id),
      unsubscribe: (id) => store.removeSource(id),
    };
    this.widths = loadWidths();
    this.narrow = this.#narrowQuery.matches;
    this.sourcesOpen = false;
    this.dropping = false;
    this.flash = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#store.store.addEventListener('command', this.#onCommand);
    this.#store.store.start();
    this.#notices.start();
    this.#search.start();
    this.#narrowQuery.addEventListener('change', this.#onNarrow);
    window.addEventListener('keydown', this.#onKeydown);
    window.addEventListener('paste', this.#onPaste);
    window.addEventListener('dragenter', this.#onDragEnter);
    window.addEventListener('dragover', this.#onDragOver);
    window.addEventListener('dragleave', this.#onDragLeave);
    window.addEventListener('drop', this.#onDrop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#store.store.removeEventListener('command', this.#onCommand);
    this.#store.store.stop();
    this.#notices.stop();
    this.#search.stop();
    this.#narrowQuery.removeEventListener('change', this.#onNarrow);
    window.removeEventListener('keydown', this.#onKeydown);
    window.removeEventListener('paste', this.#onPaste);
    window.removeEventListener('dragenter', this.#onDragEnter);
    window.removeEventListener('dragover', this.#onDragOver);
    window.removeEventListener('dragleave', this.#onDragLeave);
    window.removeEventListener('drop', this.#onDrop);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const theme = this.#store.state.settings?.theme;
    if (theme && theme !== document.documentElement.dataset['appliedTheme']) {
      document.documentElement.dataset['appliedTheme'] = theme;
      applyTheme(theme);
    }
    const settings = this.#store.state.settings;
    if (settings && settings !== this.#appliedSettings) {
      this.#appliedSettings = settings;
      applyReadingSettings(settings);
    }
    if (changed.has('widths')) {
      // Set through the CSSOM: the CSP allows no inline style attributes.
      this.style.setProperty('--sources-width', `${this.widths.sources}px`);
      this.style.setProperty('--list-width', `${this.widths.list}px`);
    }
    if (changed.has('sourcesOpen')) this.toggleAttribute('sources-open', this.sourcesOpen);
    this.#search.setWhere(this.#store.state.selection);
  }

  get #dialog(): BsAddFeedDialog | null {
    return this.renderRoot.querySelector('bs-add-feed-dialog');
  }

  get #saveDialog(): BsSavePageDialog | null {
    return this.renderRoot.querySelector('bs-save-page-dialog');
  }

  get #settingsView(): BsSettingsView | null {
    return this.renderRoot.querySelector('bs-settings-view');
  }

  /** Opens the settings screen (the sidebar's Settings button, the menu, a shortcut). */
  openSettings(): void {
    this.sourcesOpen = false;
    void this.#settingsView?.show();
  }

  override render() {
    const state = this.#store.state;
    const store = this.#store.store;
    const selected = state.selection;
    const source = selected.kind === 'source' ? (state.sources.find((s) => s.id === selected.sourceId) ?? null) : null;
    const folderView = selected.kind === 'folder' ? folderFacts(state.folders, state.sources, selected.folderId) : null;
    const list = state.sourcesStatus === 'loading' ? { ...state.list, status: 'loading' as const } : state.list;
    // Previous/next follow the search results while a search is on, else the list.
    const stepping: ReadonlyArray<{ id: number }> = this.#search.active ? this.#search.state.items : state.list.items;
    const more = !this.#search.active && state.list.nextCursor !== null;
    const openIndex = state.reader.id === null ? -1 : stepping.findIndex((item) => item.id === state.reader.id);
    return html`
      <a class="skip-link" href="#articles" @click=${this.#skipToArticles}>Skip to the article list</a>
      <bs-notice-banner
        .notices=${this.#notices.state.notices}
        .restoring=${this.#notices.state.restoring}
        .problem=${this.#notices.state.problem}
        ?has-content=${libraryHasContent(state.sources.length, state.counts)}
        @bs-notice-restore=${(e: CustomEvent<Notice>) => void this.#restoreFromNotice(e.detail)}
        @bs-notice-dismiss=${(e: CustomEvent<string>) => void this.#notices.dismiss(e.detail)}
      ></bs-notice-banner>
      <bs-sidebar
        .sources=${state.sources}
        .folders=${state.folders}
        .counts=${state.counts}
        ?loading=${state.sourcesStatus === 'loading'}
        .error=${state.sourcesError}
        .selection=${state.selection}
        .refresh=${state.refresh}
        .theme=${state.settings?.theme ?? 'system'}
        .downloadPolicy=${state.settings?.downloadFullArticles ?? 'new'}
        .downloads=${state.downloads}
        .retentionDays=${state.settings?.retentionDays ?? 0}
        @bs-select=${(e: CustomEvent<SelectDetail>) => {
          store.select(e.detail.selection);
          this.sourcesOpen = false;
        }}
        @bs-add-feed=${() => this.#openAddFeed()}
        @bs-save-page=${() => this.#openSavePage()}
        @bs-refresh-all=${() => void store.refresh()}
        @bs-download-policy=${(e: CustomEvent<DownloadPolicy>) => void store.setDownloadPolicy(e.detail)}
        @bs-theme=${(e: CustomEvent<Theme>) => void store.setTheme(e.detail)}
        @bs-open-settings=${() => this.openSettings()}
        @bs-new-folder=${(e: CustomEvent<number | null>) => this.#newFolder(e.detail)}
        @bs-rename-folder=${(e: CustomEvent<number>) => this.#renameFolder(e.detail)}
        @bs-delete-folder=${(e: CustomEvent<number>) => this.#deleteFolder(e.detail)}
        @bs-move-folder=${(e: CustomEvent<number>) => this.#moveFolder(e.detail)}
        @bs-feed-settings=${(e: CustomEvent<number>) => this.#openFeedSettings(e.detail)}
        @bs-unsubscribe=${(e: CustomEvent<number>) => this.#openFeedSettings(e.detail, true)}
        @bs-refresh-source=${(e: CustomEvent<number>) => void store.refresh(e.detail)}
        @bs-move-source=${(e: CustomEvent<MoveDetail>) => void store.moveSource(e.detail.sourceId, e.detail.folderId)}
      ></bs-sidebar>
      <bs-splitter
        class="sources-splitter"
        label="Resize sources"
        .value=${this.widths.sources}
        .min=${LIMITS.sources.min}
        .max=${LIMITS.sources.max}
        @bs-resize=${(e: CustomEvent<ResizeDetail>) => this.#resize('sources', e.detail)}
      ></bs-splitter>
      <main class="list-pane" id="articles" aria-label="Articles">
        <bs-search-field
          .value=${this.#search.state.query}
          @bs-search-input=${(e: CustomEvent<string>) => this.#search.setQuery(e.detail)}
          @bs-search-clear=${(e: CustomEvent<{ leave?: boolean } | undefined>) => this.#leaveSearch(e.detail?.leave ?? false)}
          @bs-search-enter-results=${(e: CustomEvent<{ open: boolean }>) => this.#enterResults(e.detail.open)}
        ></bs-search-field>
        <bs-article-list
          ?hidden=${this.#search.active}
          .list=${list}
          .selection=${state.selection}
          .heading=${selectionTitle(state.selection, state.sources, state.folders)}
          .source=${source}
          .folder=${folderView}
          ?hasFeeds=${state.sources.length > 0 || state.sourcesStatus !== 'ready'}
          .openId=${state.reader.id}
          ?refreshing=${state.refresh.running}
          ?collapsible=${this.narrow}
          .counts=${state.counts}
          .order=${state.settings?.articleOrder ?? 'newest'}
          @bs-order=${(e: CustomEvent<ArticleOrder>) => void store.setOrder(e.detail)}
          @bs-mark-all-read=${() => void store.markAllRead()}
          @bs-open=${(e: CustomEvent<number>) => void store.open(e.detail)}
          @bs-step=${(e: CustomEvent<1 | -1>) => void store.step(e.detail)}
          @bs-load-more=${() => void store.loadMore()}
          @bs-retry-list=${() => void store.retryList()}
          @bs-add-feed=${() => this.#openAddFeed()}
          @bs-save-page=${() => this.#openSavePage()}
          @bs-refresh-all=${() => void store.refresh()}
          @bs-refresh-source=${(e: CustomEvent<number>) => void store.refresh(e.detail)}
          @bs-feed-settings=${(e: CustomEvent<number>) => this.#openFeedSettings(e.detail)}
          @bs-toggle-sources=${() => (this.sourcesOpen = !this.sourcesOpen)}
        ></bs-article-list>
        ${this.#search.active
          ? html`<bs-search-results
              .search=${this.#search.state}
              .where=${selectionTitle(state.selection, state.sources, state.folders)}
              .openId=${state.reader.id}
              @bs-open=${(e: CustomEvent<number>) => void store.open(e.detail)}
              @bs-search-scope=${(e: CustomEvent<SearchScope>) => this.#search.setScope(e.detail)}
              @bs-search-focus-field=${() => this.#searchField?.focus()}
            ></bs-search-results>`
          : nothing}
      </main>
      <bs-splitter
        label="Resize article list"
        .value=${this.widths.list}
        .min=${LIMITS.list.min}
        .max=${LIMITS.list.max}
        @bs-resize=${(e: CustomEvent<ResizeDetail>) => this.#resize('list', e.detail)}
      ></bs-splitter>
      <bs-reader
        .reader=${state.reader}
        ?hasArticles=${state.list.items.length > 0}
        ?hasPrevious=${openIndex > 0}
        ?hasNext=${openIndex !== -1 && (openIndex < stepping.length - 1 || more)}
        @bs-bookmark=${(e: CustomEvent<{ id: number; on: boolean }>) => void store.setBookmarked(e.detail.id, e.detail.on)}
        @bs-set-read=${(e: CustomEvent<{ id: number; read: boolean }>) => void store.setRead(e.detail.id, e.detail.read)}
        @bs-retry-article=${() => void store.retryArticle()}
        @bs-archive=${(e: CustomEvent<{ id: number; on: boolean }>) => void store.setArchived(e.detail.id, e.detail.on)}
        @bs-download=${(e: CustomEvent<number>) => void store.downloadArticle(e.detail)}
        @bs-step=${(e: CustomEvent<1 | -1>) => (this.#search.active ? this.#stepResults(e.detail) : void store.step(e.detail))}
        @bs-reading-progress=${(e: CustomEvent<{ id: number; progress: number }>) =>
          void store.saveReadingProgress(e.detail.id, e.detail.progress)}
      ></bs-reader>
      <div class="scrim" @click=${() => (this.sourcesOpen = false)}></div>
      <bs-add-feed-dialog
        .discover=${(address: string) => this.#api.discoverFeeds(address)}
        .subscribe=${(address: string, options: AddFeedOptions, signal: AbortSignal) => store.addFeed(address, options, signal)}
        .showSource=${(sourceId: number) => store.select({ kind: 'source', sourceId })}
        .folders=${state.folders}
        .defaultFolderId=${selected.kind === 'folder' ? selected.folderId : (source?.folderId ?? null)}
      ></bs-add-feed-dialog>
      <bs-settings-view
        .settings=${state.settings}
        .library=${this.#library}
        .help=${this.#help}
        @bs-show-shortcuts=${() => this.#showShortcuts()}
        @bs-settings-change=${(e: CustomEvent<SettingsPatch>) => void store.updateSettings(e.detail)}
      ></bs-settings-view>
      <bs-save-page-dialog
        .save=${(address: string, signal: AbortSignal) => store.saveUrl(address, signal)}
        .importPage=${(input: Parameters<typeof store.importHtml>[0], signal: AbortSignal) => store.importHtml(input, signal)}
      ></bs-save-page-dialog>
      <bs-folder-dialog .actions=${this.#folderActions} .folders=${state.folders} @bs-dialog-closed=${this.#returnToTree}></bs-folder-dialog>
      <bs-feed-settings-dialog
        .sources=${state.sources}
        .folders=${state.folders}
        .globalIntervalMinutes=${state.settings?.refreshIntervalMinutes ?? 30}
        ?refreshing=${state.refresh.running}
        .actions=${this.#feedActions}
        @bs-dialog-closed=${this.#returnToTree}
      ></bs-feed-settings-dialog>
      <bs-shortcuts-overlay></bs-shortcuts-overlay>
      <bs-diagnostics-dialog></bs-diagnostics-dialog>
      <div class="visually-hidden" role="status" aria-live="polite">${this.#announcement}</div>
      ${this.dropping
        ? html`<div class="drop" aria-hidden="true">
            <span
              >${icons.savePage}Drop the file here<small>An HTML file is saved to read later; an OPML file adds its subscriptions.</small></span
            >
          </div>`
        : nothing}
      ${state.notice
        ? html`<div class="notice" role="status">
            <span>${state.notice}</span>
            <button class="button" @click=${() => store.dismissNotice()}>Dismiss</button>
          </div>`
        : nothing}
      ${this.flash && !state.notice
        ? html`<div class="notice" role="status">
            <span>${this.flash}</span>
            <button class="icon-button" aria-label="Dismiss" title="Dismiss" @click=${() => this.#showFlash('')}>${icons.close}</button>
          </div>`
        : nothing}
      ${state.undo && !state.notice && !this.flash
        ? html`<div class="notice" role="status">
            <span>${state.undo.message}</span>
            <button class="button undo" @click=${() => void store.undoMarkAllRead()}>Undo</button>
            <button class="icon-button" aria-label="Dismiss" title="Dismiss" @click=${() => store.dismissUndo()}>${icons.close}</button>
          </div>`
        : nothing}
    `;
  }

  #openAddFeed(): void {
    this.sourcesOpen = false;
    void this.#dialog?.show();
  }

  get #folderDialog(): BsFolderDialog | null {
    return this.renderRoot.querySelector('bs-folder-dialog');
  }

  get #feedSettings(): BsFeedSettingsDialog | null {
    return this.renderRoot.querySelector('bs-feed-settings-dialog');
  }

  #folder(id: number | null) {
    return this.#store.state.folders.find((f) => f.id === id) ?? null;
  }

  /** "New folder": at the top level, or inside `parentId`. */
  #newFolder(parentId: number | null = null): void {
    this.sourcesOpen = false;
    void this.#folderDialog?.create(this.#folder(parentId));
  }

  #renameFolder(id: number): void {
    const folder = this.#folder(id);
    if (folder) void this.#folderDialog?.rename(folder);
  }

  #moveFolder(id: number): void {
    const folder = this.#folder(id);
    if (folder) void this.#folderDialog?.move(folder);
  }

  /** A dialog opened from a feed's or folder's menu has closed: the keyboard goes back to the tree. */
  #returnToTree = async () => {
    await this.updateComplete;
    await this.renderRoot.querySelector<BsSidebar>('bs-sidebar')?.returnFocus();
  };

  #deleteFolder(id: number): void {
    const { folders, sources } = this.#store.state;
    const folder = this.#folder(id);
    if (!folder) return;
    const feeds = sources.filter((s) => s.folderId === id).length;
    const inner = folders.filter((f) => f.parentId === id).length;
    void this.#folderDialog?.confirmDelete(folder, this.#folder(folder.parentId), feeds, inner);
  }

  #openFeedSettings(sourceId: number, unsubscribe = false): void {
    this.sourcesOpen = false;
    void this.#feedSettings?.show(sourceId, { unsubscribe });
  }

  #openSavePage(address = ''): void {
    this.sourcesOpen = false;
    void this.#saveDialog?.show(address);
  }

  #resize(pane: keyof PaneWidths, detail: ResizeDetail): void {
    this.widths = { ...this.widths, [pane]: clampWidth(pane, detail.width) };
    if (detail.done) saveWidths(this.widths);
  }

  #onNarrow = (event: MediaQueryListEvent) => {
    this.narrow = event.matches;
    if (!event.matches) this.sourcesOpen = false;
  };

  #onCommand = (event: Event) => {
    const command = (event as CustomEvent<AppCommandName>).detail;
    const store = this.#store.store;
    switch (command) {
      case 'add-feed':
        return this.#openAddFeed();
      case 'refresh-all':
        return void store.refresh();
      case 'toggle-bookmark':
        return store.toggleOpenBookmark();
      case 'mark-read':
        return store.setOpenRead(true);
      case 'mark-unread':
        return store.setOpenRead(false);
      case 'save-page':
        return this.#openSavePage();
      case 'import-page':
        this.sourcesOpen = false;
        return void this.#saveDialog?.chooseFile();
      case 'import-opml':
        this.sourcesOpen = false;
        return void this.#settingsView?.chooseOpmlFile();
      case 'export-opml':
        this.sourcesOpen = false;
        return void this.#settingsView?.exportOpml();
      case 'mark-all-read':
        return void store.markAllRead();
      case 'settings':
        return this.openSettings();
      case 'new-folder':
        return this.#newFolder();
      case 'search':
        return this.#focusSearch();
      case 'shortcuts':
        return this.#showShortcuts();
      case 'copy-diagnostics':
        return void this.#copyDiagnosticsFromMenu();
    }
  };

  /** For the Settings screen's Help section (the web host has no menu). */
  readonly #help = {
    about: () => this.#api.getDiagnostics(),
    copyDiagnostics: () => this.#copyDiagnostics(),
  };

  /** Copies the report; when the clipboard refuses, shows it to copy by hand. Rejects when no report could be made. */
  async #copyDiagnostics(): Promise<CopyOutcome> {
    const outcome = await copyDiagnostics(() => this.#api.getDiagnostics(), clipboardWriter(navigator));
    if (!outcome.copied) await this.#diagnosticsDialog?.show(outcome.text);
    return outcome;
  }

  async #copyDiagnosticsFromMenu(): Promise<void> {
    try {
      const outcome = await this.#copyDiagnostics();
      if (outcome.copied) this.#showFlash(COPIED_MESSAGE);
    } catch (error) {
      this.#showFlash(messageOf(error));
    }
  }

  get #diagnosticsDialog(): BsDiagnosticsDialog | null {
    return this.renderRoot.querySelector('bs-diagnostics-dialog');
  }

  async #restoreFromNotice(notice: Notice): Promise<void> {
    if (await this.#notices.restore(notice)) {
      const when = notice.backup ? ` from ${formatBackupDate(notice.backup.createdAt)}` : '';
      this.#showFlash(`Restored the backup${when}.`);
    }
  }

  /** A passing line at the foot of the window; an empty one hides it. */
  #showFlash(text: string): void {
    if (this.#flashTimer) clearTimeout(this.#flashTimer);
    this.flash = text;
    this.#flashTimer = text ? setTimeout(() => (this.flash = ''), 6_000) : null;
  }

  #anyDialogOpen(): boolean {
    return !!(
      this.#dialog?.renderRoot.querySelector('dialog[open]') ||
      this.#saveDialog?.isOpen ||
      this.#settingsView?.isOpen ||
      this.#shortcuts?.isOpen ||
      this.#folderDialog?.isOpen ||
      this.#feedSettings?.isOpen ||
      this.#diagnosticsDialog?.isOpen
    );
  }

  /** A web address pasted while no text field has focus opens "Save a page" with it. */
  #onPaste = (event: ClipboardEvent) => {
    if (event.defaultPrevented || this.#anyDialogOpen() || isTextField(event.composedPath()[0])) return;
    const address = addressFromPaste(event.clipboardData?.getData('text/plain') ?? '');
    if (!address) return;
    event.preventDefault();
    this.#openSavePage(address);
  };

  // Every drag is cancelled at the window so a dropped file can never replace
  // the app (Electron would otherwise navigate to it); an HTML file is imported.
  #onDragEnter = (event: DragEvent) => {
    event.preventDefault();
    if (!carriesFiles(event)) return;
    this.#dragDepth += 1;
    this.dropping = true;
  };

  #onDragOver = (event: DragEvent) => {
    // A feed dragged onto a folder in the sources pane was accepted there.
    if (event.defaultPrevented) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = carriesFiles(event) ? 'copy' : 'none';
  };

  #onDragLeave = () => {
    this.#dragDepth = Math.max(0, this.#dragDepth - 1);
    if (this.#dragDepth === 0) this.dropping = false;
  };

  #onDrop = (event: DragEvent) => {
    event.preventDefault();
    this.#dragDepth = 0;
    this.dropping = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    const page = files.find((f) => isHtmlFileName(f.name) || f.type === 'text/html');
    // An OPML file is a list of subscriptions: it is imported, with the summary shown in Settings.
    const opml = page ? undefined : files.find((f) => isOpmlFileName(f.name));
    if (opml) {
      this.sourcesOpen = false;
      void this.#settingsView?.importOpmlFile(opml);
      return;
    }
    const file = page ?? files[0];
    if (file) void this.#saveDialog?.importFile(file);
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const path = event.composedPath();
    const target = path[0];
    if (isTypingTarget(target)) return;
    // A dialog (add feed, settings, the shortcuts) has the keyboard to itself; Escape closes it natively.
    if (this.#anyDialogOpen() || path.some((node) => node instanceof HTMLDialogElement)) return;
    const action = shortcutFor(event);
    if (!action || (action === 'open' && event.key === 'Enter' && handlesEnter(target))) return;
    if (this.#run(action)) event.preventDefault();
  };

  /** Carries out a shortcut; false when it does nothing here (so the key keeps its usual meaning). */
  #run(action: ShortcutAction): boolean {
    const store = this.#store.store;
    const { reader } = store.state;
    const article = reader.article;
    switch (action) {
      case 'next':
      case 'previous':
        if (this.#search.active) this.#stepResults(action === 'next' ? 1 : -1);
        else void store.step(action === 'next' ? 1 : -1);
        return true;
      case 'next-unread':
        if (this.#search.active) this.#stepResults(1, true);
        else void store.nextUnread().then((found) => found || this.#announce('No more unread articles here.'));
        return true;
      case 'open':
        return this.#openChosen();
      case 'open-original':
        if (!article) return false;
        if (!article.url) {
          this.#announce('This article has no original page to open.');
          return true;
        }
        // Electron hands http(s) addresses to the system browser; on the web host this opens a tab.
        window.open(article.url, '_blank', 'noopener,noreferrer');
        return true;
      case 'bookmark':
        if (!article) return false;
        store.toggleOpenBookmark();
        this.#announce(article.bookmarked ? 'Bookmark removed.' : 'Bookmarked.');
        return true;
      case 'toggle-read':
        if (!article) return false;
        store.setOpenRead(!article.read);
        this.#announce(article.read ? 'Marked as unread.' : 'Marked as read.');
        return true;
      case 'mark-all-read':
        void store.markAllRead();
        return true;
      case 'search':
        this.#focusSearch();
        return true;
      case 'refresh':
        void store.refresh();
        return true;
      case 'add-feed':
        this.#openAddFeed();
        return true;
      case 'feed-settings':
        return this.#editSelection();
      case 'shortcuts':
        this.#showShortcuts();
        return true;
      case 'back':
        return this.#back();
    }
  }

  /** e: the settings of the selected feed (or the open article's), or renaming the selected folder. */
  #editSelection(): boolean {
    const { selection, reader } = this.#store.state;
    if (selection.kind === 'folder') {
      this.#renameFolder(selection.folderId);
      return true;
    }
    const sourceId = selection.kind === 'source' ? selection.sourceId : reader.article?.sourceId;
    if (sourceId === undefined || sourceId === null) return false;
    this.#openFeedSettings(sourceId);
    return true;
  }

  /** Escape: the search first, then the sources drawer, then the open article (back to the list). */
  #back(): boolean {
    const store = this.#store.store;
    if (this.#search.active) {
      this.#leaveSearch(true);
      return true;
    }
    if (this.sourcesOpen) {
      this.sourcesOpen = false;
      return true;
    }
    if (store.state.reader.id !== null) {
      store.closeArticle();
      void this.updateComplete.then(() => this.#focusList());
      return true;
    }
    return false;
  }

  /** o / Enter: the article chosen in the list (or the results), else the first when none is open. */
  #openChosen(): boolean {
    const store = this.#store.store;
    const chosen = chosenArticleId(this.shadowRoot?.activeElement ?? null);
    if (chosen !== null) {
      void store.open(chosen);
      return true;
    }
    if (store.state.reader.id !== null) return false;
    const first = this.#search.active ? this.#search.state.items[0] : store.state.list.items[0];
    if (!first) return false;
    void store.open(first.id);
    return true;
  }

  /** j/k (and n) while searching move through the results instead of the view. */
  #stepResults(step: 1 | -1, unreadOnly = false): void {
    const items = this.#search.state.items;
    const at = items.findIndex((item) => item.id === this.#store.state.reader.id);
    let next = at === -1 ? (step === 1 ? 0 : items.length - 1) : at + step;
    while (unreadOnly && items[next] && items[next]?.read) next += 1;
    const target = items[next];
    if (target) void this.#store.store.open(target.id);
    else if (unreadOnly) this.#announce('No more unread articles in the results.');
  }

  get #searchField(): BsSearchField | null {
    return this.renderRoot.querySelector('bs-search-field');
  }

  get #results(): BsSearchResults | null {
    return this.renderRoot.querySelector('bs-search-results');
  }

  get #shortcuts(): BsShortcutsOverlay | null {
    return this.renderRoot.querySelector('bs-shortcuts-overlay');
  }

  #focusSearch(): void {
    this.sourcesOpen = false;
    this.#searchField?.focus();
  }

  #showShortcuts(): void {
    this.sourcesOpen = false;
    void this.#shortcuts?.show();
  }

  /** Ends the search; with `leave`, the keyboard goes back to the list it stood in for. */
  #leaveSearch(leave: boolean): void {
    this.#search.clear();
    if (leave) void this.updateComplete.then(() => this.#focusList());
  }

  async #enterResults(open: boolean): Promise<void> {
    const first = this.#search.state.items[0];
    if (open && first) void this.#store.store.open(first.id);
    await this.updateComplete;
    this.#results?.focusResults();
  }

  #focusList(): void {
    const list = this.renderRoot.querySelector('bs-article-list');
    if (list && !list.hidden && typeof list.focusList === 'function') list.focusList();
  }

  #skipToArticles = (event: Event) => {
    event.preventDefault();
    if (this.#search.active && this.#results?.focusResults()) return;
    const list = this.renderRoot.querySelector('bs-article-list');
    this.#focusList();
    // An empty list has nothing to focus; the search field is the way in then.
    if (!list?.shadowRoot?.activeElement) this.#focusSearch();
  };

  #announce(text: string): void {
    // The same sentence twice running would not be read again; a trailing space makes it new.
    this.#announcement = this.#announcement === text ? `${text}\u00a0` : text;
    this.requestUpdate();
  }
}

/** The article whose row has focus: a focused option, or the option a focused list points at. */
function chosenArticleId(active: Element | null): number | null {
  let element = active;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  if (!element) return null;
  const option = element.closest('[role="option"]');
  const id = option?.id ?? (element.getAttribute('role') === 'listbox' ? element.getAttribute('aria-activedescendant') : null);
  const match = id ? /(\d+)$/.exec(id) : null;
  return match ? Number(match[1]) : null;
}

/** What the article list says about a folder: its unread (as the sources pane counts it) and whether it holds any feed. */
function folderFacts(folders: LibraryStore['state']['folders'], sources: LibraryStore['state']['sources'], folderId: number): FolderFacts {
  const tree = buildTree(folders, sources);
  return { unread: folderUnread(tree, folderId), feeds: folderFeedCount(tree, folderId) };
}

function isTextField(target: EventTarget | undefined): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function carriesFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

customElements.define('bs-app', BsApp);

declare global {
  interface HTMLElementTagNameMap {
    'bs-app': BsApp;
  }
}
