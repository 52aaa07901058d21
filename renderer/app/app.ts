// <bs-app>: the three-pane shell. It owns the store, lays out the panes,
// turns the views' events into store actions, and handles the keyboard and
// the application menu's commands.
import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import type { Api } from '../../electron/shared/api.ts';
import { api as defaultApi } from '../api/index.ts';
import type { DownloadPolicy, Theme } from '../../electron/shared/models.ts';
import '../components/splitter.ts';
import type { ResizeDetail } from '../components/splitter.ts';
import { LibraryStore, type AppCommandName } from '../state/library-store.ts';
import { LIMITS, clampWidth, loadWidths, saveWidths, type PaneWidths } from '../state/pane-widths.ts';
import { selectionTitle } from '../state/selection.ts';
import { StoreController } from '../state/store-controller.ts';
import { applyTheme } from '../state/theme.ts';
import { icons } from '../components/icons.ts';
import { base, buttons } from '../styles/shared.ts';
import type { BsAddFeedDialog } from '../views/add-feed-dialog.ts';
import '../views/add-feed-dialog.ts';
import type { BsSavePageDialog } from '../views/save-page-dialog.ts';
import '../views/save-page-dialog.ts';
import { isHtmlFileName } from '../state/html-file.ts';
import { addressFromPaste } from '../state/pasted-address.ts';
import '../views/article-list.ts';
import '../views/reader.ts';
import '../views/sidebar.ts';
import type { SelectDetail } from '../views/sidebar.ts';

const NARROW = '(max-width: 899px)';

export class BsApp extends LitElement {
  static override properties = {
    widths: { state: true },
    narrow: { state: true },
    sourcesOpen: { state: true },
    dropping: { state: true },
  };

  static override styles = [
    base,
    buttons,
    css`
      :host {
        display: grid;
        grid-template-columns: var(--sources-width, 240px) 0 var(--list-width, 360px) 0 minmax(0, 1fr);
        grid-template-rows: minmax(0, 1fr);
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
      .scrim {
        display: none;
      }
      /* The dialogs are modal (top layer); they must not take a grid cell. */
      bs-add-feed-dialog,
      bs-save-page-dialog {
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
    `,
  ];

  declare widths: PaneWidths;
  declare narrow: boolean;
  declare sourcesOpen: boolean;
  /** Files are being dragged over the window. */
  declare dropping: boolean;
  #dragDepth = 0;
  readonly #store: StoreController;
  readonly #narrowQuery = matchMedia(NARROW);

  constructor(api: Api = defaultApi) {
    super();
    this.#store = new StoreController(this, new LibraryStore(api));
    this.widths = loadWidths();
    this.narrow = this.#narrowQuery.matches;
    this.sourcesOpen = false;
    this.dropping = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#store.store.addEventListener('command', this.#onCommand);
    this.#store.store.start();
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
    if (changed.has('widths')) {
      // Set through the CSSOM: the CSP allows no inline style attributes.
      this.style.setProperty('--sources-width', `${this.widths.sources}px`);
      this.style.setProperty('--list-width', `${this.widths.list}px`);
    }
    if (changed.has('sourcesOpen')) this.toggleAttribute('sources-open', this.sourcesOpen);
  }

  get #dialog(): BsAddFeedDialog | null {
    return this.renderRoot.querySelector('bs-add-feed-dialog');
  }

  get #saveDialog(): BsSavePageDialog | null {
    return this.renderRoot.querySelector('bs-save-page-dialog');
  }

  override render() {
    const state = this.#store.state;
    const store = this.#store.store;
    const selected = state.selection;
    const source = selected.kind === 'source' ? (state.sources.find((s) => s.id === selected.sourceId) ?? null) : null;
    const list = state.sourcesStatus === 'loading' ? { ...state.list, status: 'loading' as const } : state.list;
    return html`
      <bs-sidebar
        .sources=${state.sources}
        ?loading=${state.sourcesStatus === 'loading'}
        .error=${state.sourcesError}
        .selection=${state.selection}
        .refresh=${state.refresh}
        .theme=${state.settings?.theme ?? 'system'}
        .downloadPolicy=${state.settings?.downloadFullArticles ?? 'new'}
        .downloads=${state.downloads}
        @bs-select=${(e: CustomEvent<SelectDetail>) => {
          store.select(e.detail.selection);
          this.sourcesOpen = false;
        }}
        @bs-add-feed=${() => this.#openAddFeed()}
        @bs-save-page=${() => this.#openSavePage()}
        @bs-refresh-all=${() => void store.refresh()}
        @bs-download-policy=${(e: CustomEvent<DownloadPolicy>) => void store.setDownloadPolicy(e.detail)}
        @bs-theme=${(e: CustomEvent<Theme>) => void store.setTheme(e.detail)}
      ></bs-sidebar>
      <bs-splitter
        class="sources-splitter"
        label="Resize sources"
        .value=${this.widths.sources}
        .min=${LIMITS.sources.min}
        .max=${LIMITS.sources.max}
        @bs-resize=${(e: CustomEvent<ResizeDetail>) => this.#resize('sources', e.detail)}
      ></bs-splitter>
      <bs-article-list
        .list=${list}
        .selection=${state.selection}
        .heading=${selectionTitle(state.selection, state.sources)}
        .source=${source}
        ?hasFeeds=${state.sources.length > 0 || state.sourcesStatus !== 'ready'}
        .openId=${state.reader.id}
        ?refreshing=${state.refresh.running}
        ?collapsible=${this.narrow}
        @bs-open=${(e: CustomEvent<number>) => void store.open(e.detail)}
        @bs-step=${(e: CustomEvent<1 | -1>) => void store.step(e.detail)}
        @bs-load-more=${() => void store.loadMore()}
        @bs-retry-list=${() => void store.retryList()}
        @bs-add-feed=${() => this.#openAddFeed()}
        @bs-save-page=${() => this.#openSavePage()}
        @bs-refresh-all=${() => void store.refresh()}
        @bs-refresh-source=${(e: CustomEvent<number>) => void store.refresh(e.detail)}
        @bs-remove-source=${(e: CustomEvent<number>) => void store.removeSource(e.detail)}
        @bs-toggle-sources=${() => (this.sourcesOpen = !this.sourcesOpen)}
      ></bs-article-list>
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
        @bs-bookmark=${(e: CustomEvent<{ id: number; on: boolean }>) => void store.setBookmarked(e.detail.id, e.detail.on)}
        @bs-set-read=${(e: CustomEvent<{ id: number; read: boolean }>) => void store.setRead(e.detail.id, e.detail.read)}
        @bs-retry-article=${() => void store.retryArticle()}
        @bs-archive=${(e: CustomEvent<{ id: number; on: boolean }>) => void store.setArchived(e.detail.id, e.detail.on)}
        @bs-download=${(e: CustomEvent<number>) => void store.downloadArticle(e.detail)}
      ></bs-reader>
      <div class="scrim" @click=${() => (this.sourcesOpen = false)}></div>
      <bs-add-feed-dialog .subscribe=${(address: string) => store.addFeed(address)}></bs-add-feed-dialog>
      <bs-save-page-dialog
        .save=${(address: string) => store.saveUrl(address)}
        .importPage=${(input: Parameters<typeof store.importHtml>[0]) => store.importHtml(input)}
      ></bs-save-page-dialog>
      ${this.dropping
        ? html`<div class="drop" aria-hidden="true">
            <span>${icons.savePage}Drop the HTML file to save the page<small>Broadsheet keeps a clean copy to read later.</small></span>
          </div>`
        : nothing}
      ${state.notice
        ? html`<div class="notice" role="status">
            <span>${state.notice}</span>
            <button class="button" @click=${() => store.dismissNotice()}>Dismiss</button>
          </div>`
        : nothing}
    `;
  }

  #openAddFeed(): void {
    this.sourcesOpen = false;
    void this.#dialog?.show();
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
    }
  };

  #anyDialogOpen(): boolean {
    return !!(this.#dialog?.renderRoot.querySelector('dialog[open]') || this.#saveDialog?.isOpen);
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
    const file = files.find((f) => isHtmlFileName(f.name) || f.type === 'text/html') ?? files[0];
    if (file) void this.#saveDialog?.importFile(file);
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (isTextField(event.composedPath()[0])) return;
    if (this.#anyDialogOpen()) return;
    const store = this.#store.store;
    const state = store.state;
    switch (event.key) {
      case 'j':
        void store.step(1);
        break;
      case 'k':
        void store.step(-1);
        break;
      case 'b':
        store.toggleOpenBookmark();
        break;
      case 'm':
        if (state.reader.article) store.setOpenRead(!state.reader.article.read);
        break;
      case 'r':
        void store.refresh();
        break;
      case 'Escape':
        if (this.sourcesOpen) this.sourcesOpen = false;
        else if (state.reader.id !== null) store.closeArticle();
        else return;
        break;
      default:
        return;
    }
    event.preventDefault();
  };
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
