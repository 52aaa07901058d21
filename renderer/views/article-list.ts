// The middle pane: the articles of the current selection, newest or oldest
// first, with unread shown by weight and a dot and bookmarks by a filled mark,
// the source with a letter badge, a small stored picture where the article has
// one, and its reading time. The list is virtualised: only the rows in view
// (and a margin) exist in the DOM, so 100,000 articles scroll as smoothly as
// ten; more pages load by cursor as the end comes near. Keyboard focus stays on
// the listbox itself, with aria-activedescendant naming the open article, so
// focus survives rows being recycled while scrolling.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import '@lit-labs/virtualizer';
import type { LitVirtualizer } from '@lit-labs/virtualizer';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import type { ArticleOrder, ArticleSummary, Source, ViewCounts } from '../../electron/shared/models.ts';
import '../components/empty-state.ts';
import { icons } from '../components/icons.ts';
import { formatListTime, formatReadingTime } from '../state/format-time.ts';
import type { ListState } from '../state/library-store.ts';
import type { Selection } from '../state/selection.ts';
import { base, buttons } from '../styles/shared.ts';

/** What the list says about the folder on screen. */
export interface FolderFacts {
  /** Unread articles in its feeds and in the folders inside it, as the sources pane counts them. */
  unread: number;
  /** Feeds in it and in the folders inside it. */
  feeds: number;
}

export class BsArticleList extends LitElement {
  static override properties = {
    list: { attribute: false },
    selection: { attribute: false },
    heading: { type: String },
    source: { attribute: false },
    folder: { attribute: false },
    hasFeeds: { type: Boolean },
    openId: { type: Number },
    refreshing: { type: Boolean },
    collapsible: { type: Boolean },
    counts: { attribute: false },
    order: { type: String },
  };

  static override styles = [
    base,
    buttons,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        min-height: 0;
        background: var(--bg-list);
        font-size: var(--text-md);
      }
      header {
        flex: none;
        display: flex;
        align-items: center;
        gap: var(--space-2);
        height: 48px;
        padding: 0 var(--space-2) 0 var(--space-4);
        border-bottom: var(--hairline-width) solid var(--hairline);
      }
      header.with-toggle {
        padding-left: var(--space-2);
      }
      .heading {
        flex: 1;
        min-width: 0;
      }
      h2 {
        margin: 0;
        font-size: var(--text-base);
        font-weight: 650;
        letter-spacing: -0.01em;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .sub {
        font-size: var(--text-sm);
        color: var(--text-tertiary);
      }
      .feed-problem {
        display: flex;
        gap: var(--space-2);
        align-items: flex-start;
        padding: var(--space-3) var(--space-4);
        border-bottom: var(--hairline-width) solid var(--hairline);
        color: var(--text-secondary);
        line-height: 1.45;
      }
      .feed-problem svg.icon {
        margin-top: 1px;
        color: var(--text-tertiary);
      }
      .scroller {
        position: relative;
        flex: 1;
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      lit-virtualizer {
        flex: 1;
        min-height: 0;
        overscroll-behavior: contain;
      }
      lit-virtualizer:focus-visible {
        outline: none;
      }
      /* The list has focus; the open article carries the ring (aria-activedescendant). */
      lit-virtualizer:focus-visible .item[aria-selected='true'],
      lit-virtualizer:focus-visible .item.active {
        outline: 2px solid var(--focus);
        outline-offset: -2px;
      }
      .tools {
        display: flex;
        gap: 2px;
      }
      .badge {
        flex: none;
        display: inline-grid;
        place-items: center;
        width: 14px;
        height: 14px;
        border-radius: 3px;
        background: var(--hairline-strong);
        color: var(--text-secondary);
        font-size: 9px;
        font-weight: 700;
        line-height: 1;
      }
      .item {
        position: relative;
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 3px var(--space-2);
        padding: var(--space-3) var(--space-4) var(--space-3) var(--space-5);
        border-bottom: var(--hairline-width) solid var(--hairline);
        width: 100%;
        cursor: default;
      }
      .item:hover {
        background: var(--bg-hover);
      }
      .item[aria-selected='true'] {
        background: var(--bg-selected);
      }
      .item.with-thumb {
        grid-template-columns: minmax(0, 1fr) auto 64px;
      }
      .thumb {
        grid-column: 3;
        grid-row: 1 / span 3;
        align-self: start;
        width: 64px;
        height: 64px;
        margin-top: 2px;
        border-radius: var(--radius-md);
        object-fit: cover;
        background: var(--hairline);
        filter: var(--image-filter);
      }
      .item:focus-visible {
        outline-offset: -2px;
        border-radius: 0;
      }
      .dot {
        position: absolute;
        left: 9px;
        top: calc(var(--space-3) + 6px);
        width: 7px;
        height: 7px;
        border-radius: 50%;
        background: var(--accent);
      }
      .item[data-unread='false'] .dot {
        display: none;
      }
      .title {
        grid-column: 1 / 2;
        font-size: var(--text-base);
        line-height: 1.35;
        color: var(--text);
        font-weight: 450;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .item[data-unread='true'] .title {
        font-weight: 650;
      }
      .item[data-unread='false'] .title {
        color: var(--text-secondary);
      }
      .mark {
        grid-column: 2;
        grid-row: 1;
        color: var(--accent);
        padding-top: 1px;
      }
      .mark svg.icon {
        width: 14px;
        height: 14px;
      }
      .excerpt {
        grid-column: 1 / 3;
        color: var(--text-secondary);
        line-height: 1.45;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .excerpt:empty {
        display: none;
      }
      .meta {
        grid-column: 1 / 3;
        display: flex;
        gap: var(--space-2);
        font-size: var(--text-sm);
        color: var(--text-tertiary);
        margin-top: 2px;
        min-width: 0;
      }
      .meta .from {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        flex: 0 1 auto;
        min-width: 0;
      }
      .meta .from .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .meta .minutes {
        flex: none;
        white-space: nowrap;
      }
      .meta .minutes::before {
        content: '·';
        margin-inline-end: var(--space-2);
      }
      .meta .from + .minutes::before,
      .meta .minutes:first-child::before {
        content: none;
      }
      .meta .from + .minutes {
        margin-inline-start: 0;
      }
      .meta .state {
        flex: none;
        white-space: nowrap;
      }
      .meta .state.failed {
        color: var(--text-secondary);
      }
      .meta time {
        flex: none;
        margin-left: auto;
        font-variant-numeric: tabular-nums;
      }
      .skeleton {
        padding: var(--space-3) var(--space-4) var(--space-3) var(--space-5);
        border-bottom: var(--hairline-width) solid var(--hairline);
        display: grid;
        gap: 8px;
      }
      .bar {
        height: 10px;
        border-radius: 5px;
        background: var(--hairline);
      }
      .bar.title {
        height: 12px;
        width: 80%;
      }
      .bar.short {
        width: 35%;
      }
      /* Floats over the list's end, so nothing moves when it comes and goes. */
      .more {
        position: absolute;
        left: 50%;
        bottom: var(--space-3);
        transform: translateX(-50%);
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: var(--space-1) var(--space-3);
        border-radius: 999px;
        background: var(--bg-raised);
        box-shadow: 0 0 0 1px var(--hairline-strong);
        color: var(--text-secondary);
        font-size: var(--text-sm);
        white-space: nowrap;
      }
    `,
  ];

  declare list: ListState;
  declare selection: Selection;
  declare heading: string;
  declare source: Source | null;
  declare folder: FolderFacts | null;
  declare hasFeeds: boolean;
  declare openId: number | null;
  declare refreshing: boolean;
  declare collapsible: boolean;
  declare counts: ViewCounts | null;
  declare order: ArticleOrder;

  constructor() {
    super();
    this.list = { items: [], nextCursor: null, status: 'loading', error: null, loadingMore: false, moreError: null };
    this.selection = { kind: 'view', view: 'all' };
    this.heading = 'All articles';
    this.source = null;
    this.folder = null;
    this.hasFeeds = false;
    this.openId = null;
    this.refreshing = false;
    this.collapsible = false;
    this.counts = null;
    this.order = 'newest';
  }

  get #virtualizer(): LitVirtualizer<ArticleSummary> | null {
    return this.renderRoot.querySelector<LitVirtualizer<ArticleSummary>>('lit-virtualizer');
  }

  /** Opens the next (1) or previous (-1) article in the list, as j/k and the arrow keys do. */
  selectNext(step: 1 | -1 = 1): void {
    this.#emit('bs-step', step);
  }

  /** Puts keyboard focus on the list (the open article is its active option). */
  focusList(): void {
    this.#virtualizer?.focus();
  }

  /** Scrolls the list so the article is in view, even when its row does not exist yet. */
  async revealArticle(id: number): Promise<void> {
    const index = this.list.items.findIndex((item) => item.id === id);
    const virtualizer = this.#virtualizer;
    if (index === -1 || !virtualizer) return;
    const inView = this.renderRoot.querySelector(`#a-${id}`);
    if (inView) {
      inView.scrollIntoView({ block: 'nearest' });
      return;
    }
    // Before its first layout the virtualizer cannot scroll to a row (it
    // throws); the row is then revealed once layout has happened.
    await this.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    try {
      virtualizer.element(index)?.scrollIntoView({ block: 'center' });
    } catch {
      // Still not laid out (the pane is hidden): nothing on screen to reveal.
    }
  }

  #emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  protected override updated(changed: PropertyValues<this>): void {
    const virtualizer = this.#virtualizer;
    const previous = changed.get('selection') as Selection | undefined;
    if (virtualizer && previous && (previous.kind !== this.selection.kind || JSON.stringify(previous) !== JSON.stringify(this.selection))) {
      virtualizer.scrollTop = 0;
    }
    if (changed.has('openId') && this.openId !== null) void this.revealArticle(this.openId);
  }

  /** Asks for the next page while the last rows are still a screen or two away. */
  #onRangeChanged = (event: RangeChangedEvent) => {
    const { list } = this;
    if (list.nextCursor && !list.loadingMore && !list.moreError && event.last >= list.items.length - 30) this.#emit('bs-load-more');
  };
  override render() {
    return html`${this.#header()} ${this.#notices()}
      <div class="scroller">${this.#body()}</div>`;
  }

  /** "1,204 unread · 8,311 articles" for the view, folder or feed, from the cheap counts. */
  #sub(): string {
    const { list, counts, source, selection, folder } = this;
    if (list.status !== 'ready') return '';
    const n = (value: number, word: string) => `${value.toLocaleString()} ${word}${value === 1 ? '' : 's'}`;
    const unread = (count: number) => (count > 0 ? `${count.toLocaleString()} unread` : 'All read');
    if (source) return [unread(source.unreadCount), n(source.articleCount, 'article')].join(' · ');
    if (folder && selection.kind === 'folder') {
      if (folder.feeds === 0) return 'No feeds';
      const shown = list.items.length > 0 ? `${list.items.length.toLocaleString()}${list.nextCursor ? '+' : ''} article${list.items.length === 1 ? '' : 's'}` : '';
      return [unread(folder.unread), shown].filter(Boolean).join(' · ');
    }
    if (counts && selection.kind === 'view') {
      const view = selection.view;
      if (view === 'all') return [unread(counts.unread), n(counts.all, 'article')].join(' · ');
      if (view === 'unread') return `${counts.unread.toLocaleString()} unread`;
      return n(counts[view], view === 'bookmarked' ? 'bookmark' : 'article');
    }
    return list.items.length > 0 ? `${list.items.length}${list.nextCursor ? '+' : ''} article${list.items.length === 1 ? '' : 's'}` : '';
  }

  /** Whether anything in this view (or feed) is unread, as far as is known. */
  #anyUnread(): boolean {
    const { source, counts, selection, list } = this;
    if (source) return source.unreadCount > 0;
    if (this.folder && selection.kind === 'folder') return this.folder.unread > 0;
    if (counts && selection.kind === 'view' && (selection.view === 'all' || selection.view === 'unread')) return counts.unread > 0;
    return list.items.some((item) => !item.read) || list.nextCursor !== null;
  }

  #header() {
    const sub = this.#sub();
    const source = this.source;
    const oldest = this.order === 'oldest';
    return html`<header class=${this.collapsible ? 'with-toggle' : ''}>
      ${this.collapsible
        ? html`<button class="icon-button" aria-label="Show sources" title="Show sources" @click=${() => this.#emit('bs-toggle-sources')}>
            ${icons.sidebar}
          </button>`
        : nothing}
      <div class="heading">
        <h2>${this.heading}</h2>
        <div class="sub">${sub}</div>
      </div>
      <div class="tools">
        <button
          class="icon-button"
          aria-label=${oldest ? 'Order: oldest first' : 'Order: newest first'}
          title=${oldest ? 'Oldest first — show newest first' : 'Newest first — show oldest first'}
          @click=${() => this.#emit('bs-order', oldest ? 'newest' : 'oldest')}
        >
          ${icons.order}
        </button>
        <button
          class="icon-button"
          aria-label="Mark all read"
          title="Mark all read (Shift+A)"
          ?disabled=${this.list.status !== 'ready' || !this.#anyUnread()}
          @click=${() => this.#emit('bs-mark-all-read')}
        >
          ${icons.checkAll}
        </button>
      ${source
        ? html`<button
              class="icon-button"
              aria-label="Refresh this feed"
              title="Refresh this feed"
              ?disabled=${this.refreshing}
              @click=${() => this.#emit('bs-refresh-source', source.id)}
            >
              ${icons.refresh}
            </button>
            <button
              class="icon-button"
              aria-label="Feed settings"
              title="Feed settings (E)"
              aria-haspopup="dialog"
              @click=${() => this.#emit('bs-feed-settings', source.id)}
            >
              ${icons.settings}
            </button>`
        : nothing}
      </div>
    </header>`;
  }

  #notices() {
    const source = this.source;
    if (!source) return nothing;
    const gone = source.status === 'gone';
    if (gone || source.lastError) {
      return html`<div class="feed-problem" role="status">
        ${gone ? icons.stopped : icons.warning}
        <div>
          ${gone
            ? 'Stopped: the publisher removed this feed (410), so Broadsheet no longer checks it. What you already have is still here.'
            : html`Broadsheet could not update this feed: ${source.lastError} What you already have is still here.`}
          <button class="link-button" ?disabled=${this.refreshing} @click=${() => this.#emit('bs-refresh-source', source.id)}>
            ${gone ? 'Check again' : 'Try again'}
          </button>
        </div>
      </div>`;
    }
    return nothing;
  }

  #body() {
    const { list } = this;
    if (list.status === 'loading') return this.#skeleton();
    if (list.status === 'error') {
      return html`<bs-empty-state headline="Articles could not be loaded" tone="error" announce>
        ${list.error}
        <button slot="action" class="button" @click=${() => this.#emit('bs-retry-list')}>Try again</button>
      </bs-empty-state>`;
    }
    if (list.items.length === 0) return this.#empty();
    const active = list.items.some((item) => item.id === this.openId) ? this.openId : (list.items[0]?.id ?? null);
    return html`<lit-virtualizer
        scroller
        role="listbox"
        aria-label="Articles"
        tabindex="0"
        aria-activedescendant=${active === null ? nothing : `a-${active}`}
        .items=${list.items as ArticleSummary[]}
        .keyFunction=${(item: ArticleSummary) => item.id}
        .renderItem=${(item: ArticleSummary, index: number) => this.#item(item, item.id === active, index)}
        @rangeChanged=${this.#onRangeChanged}
        @keydown=${this.#onKeydown}
      ></lit-virtualizer>
      ${this.#more()}`;
  }

  #item(item: ArticleSummary, active: boolean, index: number) {
    const selected = item.id === this.openId;
    // Only the rows in view exist, so each says where it stands (-1: more pages are still to come).
    const setSize = this.list.nextCursor ? -1 : this.list.items.length;
    return html`<div
      class="item${item.thumbnailUrl ? ' with-thumb' : ''}${active ? ' active' : ''}"
      role="option"
      id=${`a-${item.id}`}
      aria-selected=${selected ? 'true' : 'false'}
      aria-setsize=${setSize}
      aria-posinset=${index + 1}
      aria-labelledby=${`t-${item.id}`}
      aria-describedby=${`m-${item.id} e-${item.id}`}
      data-unread=${item.read ? 'false' : 'true'}
      data-bookmarked=${item.bookmarked ? 'true' : 'false'}
      data-download=${item.download}
      @click=${() => this.#emit('bs-open', item.id)}
    >
      <span class="dot" aria-hidden="true"></span>
      <div class="title" id=${`t-${item.id}`}>${item.title || 'Untitled'}</div>
      ${item.bookmarked ? html`<span class="mark" title="Bookmarked">${icons.bookmarkFilled}</span>` : nothing}
      ${item.thumbnailUrl
        ? html`<img class="thumb" src=${item.thumbnailUrl} alt="" loading="lazy" decoding="async" @error=${hideBroken} />`
        : nothing}
      <div class="excerpt" id=${`e-${item.id}`}>${item.excerpt}</div>
      <div class="meta" id=${`m-${item.id}`}>
        ${this.selection.kind === 'source'
          ? nothing
          : html`<span class="from"><span class="badge" aria-hidden="true">${initial(item.sourceTitle)}</span><span class="name">${item.sourceTitle}</span></span>`}
        ${item.readingMinutes ? html`<span class="minutes">${formatReadingTime(item.readingMinutes)}</span>` : nothing}
        ${downloadMark(item)}
        <time datetime=${item.publishedAt}>${formatListTime(item.publishedAt, new Date())}</time>
        <span class="visually-hidden">${item.read ? '' : ', unread'}${item.bookmarked ? ', bookmarked' : ''}</span>
      </div>
    </div>`;
  }

  #more() {
    const { list } = this;
    if (list.moreError) {
      return html`<div class="more">
        <span>${list.moreError}</span>
        <button class="button" @click=${() => this.#emit('bs-load-more')}>Try again</button>
      </div>`;
    }
    if (list.loadingMore) return html`<div class="more" role="status">Loading more…</div>`;
    return nothing;
  }

  #skeleton() {
    return html`<div aria-busy="true" aria-label="Loading articles">
      ${[0, 1, 2, 3, 4, 5].map(
        () => html`<div class="skeleton" aria-hidden="true">
          <div class="bar title"></div>
          <div class="bar"></div>
          <div class="bar short"></div>
        </div>`,
      )}
    </div>`;
  }

  #empty() {
    const view = this.selection.kind === 'view' ? this.selection.view : null;
    if (!this.hasFeeds && view !== 'saved' && view !== 'archive') {
      return html`<bs-empty-state headline="No feeds yet" announce>
        Add a feed to start reading. Paste the address of a site’s RSS or Atom feed.
        <button slot="action" class="button primary" @click=${() => this.#emit('bs-add-feed')}>Add your first feed</button>
      </bs-empty-state>`;
    }
    const selection = this.selection;
    if (selection.kind === 'view' && selection.view === 'unread') {
      return html`<bs-empty-state headline="Nothing unread" announce>You’re all caught up.</bs-empty-state>`;
    }
    if (selection.kind === 'view' && selection.view === 'saved') {
      return html`<bs-empty-state headline="Nothing saved yet" announce>
        Save any web page to read later: press Save page, paste an address, or drop an HTML file here.
        <button slot="action" class="button primary" @click=${() => this.#emit('bs-save-page')}>Save a page</button>
      </bs-empty-state>`;
    }
    if (selection.kind === 'view' && selection.view === 'archive') {
      return html`<bs-empty-state headline="The archive is empty" announce>
        Saved pages you have finished with rest here. Archive one from the reader when you are done with it.
      </bs-empty-state>`;
    }
    if (selection.kind === 'view' && selection.view === 'bookmarked') {
      return html`<bs-empty-state headline="No bookmarks yet" announce>
        Bookmark an article to keep it here, readable offline.
      </bs-empty-state>`;
    }
    if (selection.kind === 'folder' && this.folder?.feeds === 0) {
      return html`<bs-empty-state headline="No feeds in this folder" announce>
        Move feeds here from their settings, or drag them onto the folder in the sources pane.
      </bs-empty-state>`;
    }
    return html`<bs-empty-state headline="No articles yet" announce>
      ${selection.kind === 'source'
        ? 'This feed has nothing in it yet.'
        : selection.kind === 'folder'
          ? 'The feeds in this folder have nothing in them yet. Move feeds here from their settings, or drag them onto the folder.'
          : 'Your feeds have nothing in them yet.'}
      Refresh to check for new articles.
      <button
        slot="action"
        class="button"
        ?disabled=${this.refreshing}
        @click=${() => this.#emit(selection.kind === 'source' ? 'bs-refresh-source' : 'bs-refresh-all', selection.kind === 'source' ? selection.sourceId : undefined)}
      >
        Refresh
      </button>
    </bs-empty-state>`;
  }

  #onKeydown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      event.preventDefault();
      this.selectNext(step);
    } else if (event.key === 'Enter' || event.key === ' ') {
      // The active option: the open article, else the first one.
      const id = this.openId ?? this.list.items[0]?.id;
      if (id !== undefined && this.openId === null) {
        event.preventDefault();
        this.#emit('bs-open', id);
      }
    }
  };
}

/** The source's letter badge (site icons come later). */
function initial(title: string): string {
  const letter = title.trim().match(/[\p{L}\p{N}]/u)?.[0];
  return (letter ?? '•').toUpperCase();
}

/** A stored thumbnail that cannot be shown leaves no broken icon behind. */
function hideBroken(event: Event): void {
  if (event.target instanceof HTMLImageElement) event.target.hidden = true;
}

/** A word in the meta line while the full article is on its way or could not be fetched. */
function downloadMark(item: ArticleSummary) {
  if (item.download === 'queued' || item.download === 'downloading') return html`<span class="state">Downloading…</span>`;
  if (item.download === 'failed') return html`<span class="state failed">Not downloaded</span>`;
  return nothing;
}

customElements.define('bs-article-list', BsArticleList);

declare global {
  interface HTMLElementTagNameMap {
    'bs-article-list': BsArticleList;
  }
}
