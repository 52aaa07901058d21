// Search results, in place of the article list while a search is on: how
// many match, where to look (this view or everywhere), and each match with
// its words marked in the title and in a snippet of the text.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '../components/empty-state.ts';
import { formatListTime } from '../state/format-time.ts';
import type { SearchHit, SearchScope, SearchState } from '../state/search-store.ts';
import { base, buttons } from '../styles/shared.ts';
import { highlightRuns } from './search-highlight.ts';

export class BsSearchResults extends LitElement {
  static override properties = {
    search: { attribute: false },
    /** The view or feed "This view" means, named for the reader. */
    where: { type: String },
    openId: { type: Number },
  };

  static override styles = [
    base,
    buttons,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        height: 100%;
        background: var(--bg-list);
        font-size: var(--text-md);
      }
      header {
        flex: none;
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--space-2);
        min-height: 40px;
        padding: var(--space-1) var(--space-2) var(--space-1) var(--space-4);
        border-bottom: var(--hairline-width) solid var(--hairline);
      }
      .count {
        font-size: var(--text-sm);
        color: var(--text-secondary);
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      fieldset {
        display: inline-flex;
        flex: none;
        margin: 0;
        padding: 2px;
        border: 0;
        border-radius: var(--radius-md);
        background: var(--bg-hover);
      }
      fieldset label {
        position: relative;
        display: inline-flex;
      }
      fieldset input {
        position: absolute;
        inset: 0;
        margin: 0;
        opacity: 0;
      }
      fieldset span {
        padding: 2px var(--space-2);
        border-radius: var(--radius-sm);
        font-size: var(--text-sm);
        font-weight: 500;
        color: var(--text-secondary);
      }
      fieldset input:checked + span {
        background: var(--bg-raised);
        color: var(--text);
        box-shadow: 0 0 0 var(--hairline-width) var(--hairline-strong);
      }
      fieldset input:focus-visible + span {
        outline: 2px solid var(--focus);
        outline-offset: 1px;
      }
      .scroller {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
        overscroll-behavior: contain;
      }
      [role='listbox'] {
        margin: 0;
        padding: 0;
      }
      .hit {
        display: grid;
        gap: 3px;
        padding: var(--space-3) var(--space-4) var(--space-3) var(--space-5);
        border-bottom: var(--hairline-width) solid var(--hairline);
        cursor: default;
      }
      .hit:hover {
        background: var(--bg-hover);
      }
      .hit[aria-selected='true'] {
        background: var(--bg-selected);
      }
      .hit:focus-visible {
        outline-offset: -2px;
        border-radius: 0;
      }
      .title {
        font-size: var(--text-base);
        font-weight: 450;
        line-height: 1.35;
        color: var(--text-secondary);
      }
      /* Unread shown by weight, as in the list. */
      .hit[data-unread='true'] .title {
        font-weight: 650;
        color: var(--text);
      }
      .snippet {
        color: var(--text-secondary);
        line-height: 1.45;
        display: -webkit-box;
        -webkit-line-clamp: 3;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .snippet:empty {
        display: none;
      }
      mark {
        background: var(--bg-selected-strong);
        color: var(--text);
        border-radius: 2px;
        padding: 0 1px;
      }
      .meta {
        display: flex;
        gap: var(--space-2);
        font-size: var(--text-sm);
        color: var(--text-secondary);
        margin-top: 2px;
        min-width: 0;
      }
      .meta .from {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .meta time {
        flex: none;
        margin-left: auto;
        font-variant-numeric: tabular-nums;
      }
      .more {
        padding: var(--space-4);
        text-align: center;
        font-size: var(--text-sm);
        color: var(--text-secondary);
      }
      .loading {
        padding: var(--space-5) var(--space-4);
        color: var(--text-secondary);
      }
    `,
  ];

  declare search: SearchState;
  declare where: string;
  declare openId: number | null;

  constructor() {
    super();
    this.search = { query: '', scope: 'view', status: 'idle', items: [], total: 0, answered: '', error: null };
    this.where = 'this view';
    this.openId = null;
  }

  #emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** Moves focus to the open result, or the first; false when there is none. */
  focusResults(): boolean {
    const option =
      this.renderRoot.querySelector<HTMLElement>('[role="option"][aria-selected="true"]') ??
      this.renderRoot.querySelector<HTMLElement>('[role="option"]');
    option?.focus();
    return option !== null;
  }

  /** The result that has focus, if one has. */
  get focusedId(): number | null {
    const active = this.shadowRoot?.activeElement;
    return active instanceof HTMLElement && active.dataset['id'] ? Number(active.dataset['id']) : null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('openId') && this.openId !== null) {
      const option = this.renderRoot.querySelector<HTMLElement>(`[data-id="${this.openId}"]`);
      if (option) {
        option.scrollIntoView({ block: 'nearest' });
        if (this.shadowRoot?.activeElement?.closest('[role="listbox"]')) option.focus({ preventScroll: true });
      }
    }
  }

  override render() {
    return html`<header>
        <div class="count" role="status">${this.#count()}</div>
        <fieldset aria-label="Search in">
          ${this.#scope('view', 'This view', `Search ${this.where} only`)} ${this.#scope('everywhere', 'Everywhere', 'Search every article')}
        </fieldset>
      </header>
      <div class="scroller">${this.#body()}</div>`;
  }

  #scope(value: SearchScope, label: string, title: string) {
    return html`<label title=${title}>
      <input
        type="radio"
        name="scope"
        .value=${value}
        .checked=${this.search.scope === value}
        @change=${() => this.#emit('bs-search-scope', value)}
      /><span>${label}</span>
    </label>`;
  }

  #count(): string {
    const { status, total, answered } = this.search;
    if (status === 'loading') return 'Searching…';
    if (status !== 'ready' || total === 0) return '';
    return `${total.toLocaleString()} ${total === 1 ? 'article matches' : 'articles match'} “${answered.trim()}”`;
  }

  #body() {
    const { status, items, total, answered, error, scope } = this.search;
    if (status === 'loading') return html`<p class="loading" aria-hidden="true">Searching…</p>`;
    if (status === 'error') {
      return html`<bs-empty-state headline="The search did not work" tone="error" announce>${error}</bs-empty-state>`;
    }
    if (items.length === 0) {
      return html`<bs-empty-state headline=${`No articles match “${answered.trim()}”`} announce>
        ${scope === 'view' ? `Nothing in ${this.where}. Try fewer words, or search everywhere.` : 'Try fewer or shorter words.'}
        ${scope === 'view'
          ? html`<button slot="action" class="button" @click=${() => this.#emit('bs-search-scope', 'everywhere')}>Search everywhere</button>`
          : nothing}
      </bs-empty-state>`;
    }
    const anyOpen = items.some((item) => item.id === this.openId);
    return html`<div role="listbox" aria-label="Search results" @keydown=${this.#onKeydown}>
        ${repeat(items, (item) => item.id, (item, index) => this.#hit(item, item.id === this.openId || (!anyOpen && index === 0), index))}
      </div>
      ${total > items.length
        ? html`<p class="more">Showing the best ${items.length} of ${total.toLocaleString()}. Add a word to narrow the search.</p>`
        : nothing}`;
  }

  #hit(item: SearchHit, focusable: boolean, index: number) {
    const selected = item.id === this.openId;
    return html`<div
      class="hit"
      role="option"
      id=${`s-${item.id}`}
      data-id=${item.id}
      data-unread=${item.read ? 'false' : 'true'}
      tabindex=${focusable ? 0 : -1}
      aria-selected=${selected ? 'true' : 'false'}
      aria-setsize=${this.search.items.length}
      aria-posinset=${index + 1}
      aria-labelledby=${`st-${item.id}`}
      aria-describedby=${`ss-${item.id} sm-${item.id}`}
      @click=${() => this.#emit('bs-open', item.id)}
    >
      <div class="title" id=${`st-${item.id}`}>${marked(item.title || 'Untitled', item.titleHighlights)}</div>
      <div class="snippet" id=${`ss-${item.id}`}>${marked(item.snippet.text, item.snippet.highlights)}</div>
      <div class="meta" id=${`sm-${item.id}`}>
        <span class="from">${item.sourceTitle}</span>
        <time datetime=${item.publishedAt}>${formatListTime(item.publishedAt, new Date())}</time>
      </div>
    </div>`;
  }

  #onKeydown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const option = (event.target as HTMLElement).closest<HTMLElement>('[role="option"]');
    if (!option) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const sibling = event.key === 'ArrowDown' ? option.nextElementSibling : option.previousElementSibling;
      if (sibling instanceof HTMLElement) {
        sibling.focus();
        this.#emit('bs-open', Number(sibling.dataset['id']));
      } else if (event.key === 'ArrowUp') {
        this.#emit('bs-search-focus-field');
      }
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#emit('bs-open', Number(option.dataset['id']));
    }
  };
}

/** Text with its matched words in <mark>, each run a text node. */
function marked(text: string, ranges: ReadonlyArray<readonly [number, number]>) {
  return highlightRuns(text, ranges).map((run) => (run.match ? html`<mark>${run.text}</mark>` : run.text));
}

customElements.define('bs-search-results', BsSearchResults);

declare global {
  interface HTMLElementTagNameMap {
    'bs-search-results': BsSearchResults;
  }
}
