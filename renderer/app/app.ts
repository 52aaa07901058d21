// <bs-app>: the three-pane shell. It owns the store, lays out the panes,
// turns the views' events into store actions, and handles the keyboard and
// the application menu's commands.
import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import type { Api } from '../../electron/shared/api.ts';
import { api as defaultApi } from '../api/index.ts';
import type { Theme } from '../../electron/shared/models.ts';
import '../components/splitter.ts';
import type { ResizeDetail } from '../components/splitter.ts';
import { LibraryStore, type AppCommandName } from '../state/library-store.ts';
import { LIMITS, clampWidth, loadWidths, saveWidths, type PaneWidths } from '../state/pane-widths.ts';
import { selectionTitle } from '../state/selection.ts';
import { StoreController } from '../state/store-controller.ts';
import { applyTheme } from '../state/theme.ts';
import { base, buttons } from '../styles/shared.ts';
import type { BsAddFeedDialog } from '../views/add-feed-dialog.ts';
import '../views/add-feed-dialog.ts';
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
      /* The dialog is modal (top layer); it must not take a grid cell. */
      bs-add-feed-dialog {
        display: contents;
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
  readonly #store: StoreController;
  readonly #narrowQuery = matchMedia(NARROW);

  constructor(api: Api = defaultApi) {
    super();
    this.#store = new StoreController(this, new LibraryStore(api));
    this.widths = loadWidths();
    this.narrow = this.#narrowQuery.matches;
    this.sourcesOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#store.store.addEventListener('command', this.#onCommand);
    this.#store.store.start();
    this.#narrowQuery.addEventListener('change', this.#onNarrow);
    window.addEventListener('keydown', this.#onKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#store.store.removeEventListener('command', this.#onCommand);
    this.#store.store.stop();
    this.#narrowQuery.removeEventListener('change', this.#onNarrow);
    window.removeEventListener('keydown', this.#onKeydown);
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
        @bs-select=${(e: CustomEvent<SelectDetail>) => {
          store.select(e.detail.selection);
          this.sourcesOpen = false;
        }}
        @bs-add-feed=${() => this.#openAddFeed()}
        @bs-refresh-all=${() => void store.refresh()}
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
      ></bs-reader>
      <div class="scrim" @click=${() => (this.sourcesOpen = false)}></div>
      <bs-add-feed-dialog .subscribe=${(address: string) => store.addFeed(address)}></bs-add-feed-dialog>
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
    }
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.composedPath()[0];
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (this.renderRoot.querySelector('bs-add-feed-dialog')?.renderRoot.querySelector('dialog[open]')) return;
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

customElements.define('bs-app', BsApp);

declare global {
  interface HTMLElementTagNameMap {
    'bs-app': BsApp;
  }
}
