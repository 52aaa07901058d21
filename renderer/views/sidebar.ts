// The sources pane: the smart views (Saved and Archive for read-later pages
// among them), then every feed with its unread count and a quiet mark when its
// last refresh failed. Toolbar: Save page, Add feed, Refresh all. The footer
// says how the library stands: updating, offline, saving articles for offline.
import { LitElement, css, html, nothing } from 'lit';
import type { DownloadPolicy, Source, Theme, ViewCounts } from '../../electron/shared/models.ts';
import { icons } from '../components/icons.ts';
import type { DownloadsState, RefreshState } from '../state/library-store.ts';
import { sameSelection, type Selection } from '../state/selection.ts';
import { formatAgo } from '../state/format-time.ts';
import { base, buttons } from '../styles/shared.ts';

export interface SelectDetail {
  selection: Selection;
}

const smartViews: ReadonlyArray<{ selection: Selection; label: string; icon: keyof typeof icons }> = [
  { selection: { kind: 'view', view: 'all' }, label: 'All articles', icon: 'inbox' },
  { selection: { kind: 'view', view: 'unread' }, label: 'Unread', icon: 'unread' },
  { selection: { kind: 'view', view: 'bookmarked' }, label: 'Bookmarks', icon: 'bookmark' },
  { selection: { kind: 'view', view: 'saved' }, label: 'Saved', icon: 'savePage' },
  { selection: { kind: 'view', view: 'archive' }, label: 'Archive', icon: 'archive' },
];

const themeOrder: Theme[] = ['system', 'light', 'sepia', 'dark'];
const themeLabel: Record<Theme, string> = {
  system: 'Theme: follows the system',
  light: 'Theme: light',
  sepia: 'Theme: sepia',
  dark: 'Theme: dark',
};

export class BsSidebar extends LitElement {
  static override properties = {
    sources: { attribute: false },
    counts: { attribute: false },
    loading: { type: Boolean },
    error: { type: String },
    selection: { attribute: false },
    refresh: { attribute: false },
    theme: { type: String },
    downloadPolicy: { type: String },
    downloads: { attribute: false },
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
        background: var(--bg-sources);
        font-size: var(--text-md);
        user-select: none;
      }
      header {
        display: flex;
        align-items: center;
        gap: var(--space-1);
        height: 48px;
        padding: 0 var(--space-2) 0 var(--space-4);
        flex: none;
      }
      .brand {
        flex: 1;
        font-weight: 650;
        font-size: var(--text-base);
        letter-spacing: -0.01em;
        color: var(--text);
      }
      .spin {
        animation: spin 900ms linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .spin {
          animation: none;
        }
      }
      nav {
        flex: 1;
        overflow-y: auto;
        padding: var(--space-1) var(--space-2) var(--space-4);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      h2 {
        margin: var(--space-5) var(--space-2) var(--space-1);
        font-size: var(--text-xs);
        font-weight: 600;
        letter-spacing: 0.06em;
        text-transform: uppercase;
        color: var(--text-tertiary);
      }
      .entry {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        width: 100%;
        height: 30px;
        padding: 0 var(--space-2);
        border-radius: var(--radius-md);
        color: var(--text);
        text-align: left;
      }
      .entry:hover {
        background: var(--bg-hover);
      }
      .entry[aria-current='true'] {
        background: var(--bg-selected);
      }
      .entry .glyph {
        color: var(--text-tertiary);
      }
      .entry[aria-current='true'] .glyph {
        color: var(--accent);
      }
      .favicon {
        width: 16px;
        height: 16px;
        flex: none;
        border-radius: var(--radius-sm);
        display: grid;
        place-items: center;
        font-size: 10px;
        font-weight: 700;
        color: var(--text-secondary);
        background: var(--hairline-strong);
      }
      .entry[aria-current='true'] .favicon {
        background: var(--accent);
        color: var(--on-accent);
      }
      .title {
        flex: 1;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .count {
        flex: none;
        font-size: var(--text-sm);
        font-variant-numeric: tabular-nums;
        color: var(--text-secondary);
      }
      .failed {
        color: var(--text-tertiary);
        display: inline-flex;
      }
      .failed svg.icon {
        width: 14px;
        height: 14px;
      }
      .hint {
        margin: var(--space-2) var(--space-2);
        color: var(--text-tertiary);
        line-height: 1.5;
      }
      .error {
        margin: var(--space-2);
        color: var(--text-secondary);
        line-height: 1.5;
      }
      footer {
        flex: none;
        display: flex;
        align-items: center;
        gap: var(--space-2);
        min-height: 40px;
        padding: var(--space-1) var(--space-2) var(--space-1) var(--space-4);
        border-top: var(--hairline-width) solid var(--hairline);
        color: var(--text-tertiary);
        font-size: var(--text-sm);
      }
      .status {
        flex: 1;
        min-width: 0;
        display: grid;
        gap: 2px;
      }
      .status .line {
        display: flex;
        align-items: flex-start;
        gap: 6px;
        min-width: 0;
        line-height: 1.35;
      }
      .status .line > svg.icon {
        margin-top: 1px;
      }
      .status .offline {
        color: var(--text-secondary);
      }
      .status svg.icon {
        width: 14px;
        height: 14px;
      }
      .status .saving svg.icon {
        color: var(--accent);
      }
      .settings {
        flex: none;
        display: grid;
        gap: var(--space-2);
        padding: var(--space-3) var(--space-4);
        border-top: var(--hairline-width) solid var(--hairline);
        font-size: var(--text-sm);
        color: var(--text-secondary);
      }
      .settings label {
        display: grid;
        gap: var(--space-1);
      }
      .settings select {
        font: inherit;
        font-size: var(--text-md);
        height: 28px;
        padding: 0 var(--space-2);
        border-radius: var(--radius-md);
        border: var(--hairline-width) solid var(--hairline-strong);
        background: var(--bg-app);
        color: var(--text);
      }
      .settings p {
        margin: 0;
        line-height: 1.45;
        color: var(--text-tertiary);
      }
      .smart li.gap {
        margin-top: var(--space-2);
      }
      progress {
        appearance: none;
        display: block;
        width: 100%;
        height: 2px;
        border: 0;
        margin-top: 4px;
        background: var(--hairline);
        border-radius: 1px;
        overflow: hidden;
      }
      progress::-webkit-progress-bar {
        background: var(--hairline);
      }
      progress::-webkit-progress-value {
        background: var(--accent);
        transition: width var(--duration) var(--ease);
      }
    `,
  ];

  declare sources: readonly Source[];
  /** The views' counts; Unread counts saved pages too, which belong to no feed. */
  declare counts: ViewCounts | null;
  declare loading: boolean;
  declare error: string | null;
  declare selection: Selection;
  declare refresh: RefreshState;
  declare theme: Theme;
  declare downloadPolicy: DownloadPolicy;
  declare downloads: DownloadsState;

  constructor() {
    super();
    this.sources = [];
    this.counts = null;
    this.loading = true;
    this.error = null;
    this.selection = { kind: 'view', view: 'all' };
    this.refresh = { running: false, done: 0, total: 0, lastResult: null, lastError: null, finishedAt: null, offline: false };
    this.theme = 'system';
    this.downloadPolicy = 'new';
    this.downloads = { pending: 0 };
  }

  #emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #entry(selection: Selection, label: string, leading: unknown, count: number | null, trailing: unknown = nothing, gap = false) {
    const current = sameSelection(selection, this.selection);
    return html`<li class=${gap ? 'gap' : ''}>
      <button
        class="entry"
        aria-current=${current ? 'true' : 'false'}
        @click=${() => this.#emit('bs-select', { selection } satisfies SelectDetail)}
      >
        ${leading}
        <span class="title">${label}</span>
        ${trailing}
        ${count ? html`<span class="count"><span class="visually-hidden">, </span>${count}<span class="visually-hidden"> unread</span></span>` : nothing}
      </button>
    </li>`;
  }

  override render() {
    // Until the counts arrive, the feeds' own counts stand in.
    const totalUnread = this.counts?.unread ?? this.sources.reduce((sum, s) => sum + s.unreadCount, 0);
    const { running } = this.refresh;
    return html`
      <header>
        <span class="brand">Broadsheet</span>
        <div class="tools">
          <button class="icon-button" aria-label="Save page" title="Save a page to read later" @click=${() => this.#emit('bs-save-page')}>
            ${icons.savePage}
          </button>
          <button class="icon-button" aria-label="Add feed" title="Add feed" @click=${() => this.#emit('bs-add-feed')}>
            ${icons.plus}
          </button>
          <button
            class="icon-button"
            aria-label="Refresh all"
            title="Refresh all"
            ?disabled=${running || this.sources.length === 0}
            @click=${() => this.#emit('bs-refresh-all')}
          >
            <span class=${running ? 'spin' : ''}>${icons.refresh}</span>
          </button>
        </div>
      </header>
      <nav aria-label="Sources">
        <ul class="smart">
          ${smartViews.map((v) =>
            this.#entry(
              v.selection,
              v.label,
              html`<span class="glyph">${icons[v.icon]}</span>`,
              v.label === 'Unread' ? totalUnread : null,
              nothing,
              // Read-later views sit a little apart from the feed views.
              v.label === 'Saved',
            ),
          )}
        </ul>
        <h2 id="feeds-heading">Feeds</h2>
        ${this.#feeds()}
      </nav>
      <footer>
        <div class="status" role="status">${this.#status()}${this.#downloadStatus()}</div>
        <button
          class="icon-button"
          aria-label="Settings"
          title="Settings"
          aria-haspopup="dialog"
          @click=${() => this.#emit('bs-open-settings')}
        >
          ${icons.settings}
        </button>
        <button class="icon-button" aria-label=${themeLabel[this.theme]} title=${themeLabel[this.theme]} @click=${this.#cycleTheme}>
          ${this.theme === 'dark' ? icons.moon : this.theme === 'light' ? icons.sun : this.theme === 'sepia' ? icons.sepia : icons.monitor}
        </button>
      </footer>
    `;
  }

  #feeds() {
    if (this.error && this.sources.length === 0) {
      return html`<p class="error">${this.error}</p>`;
    }
    if (this.loading && this.sources.length === 0) return nothing;
    if (this.sources.length === 0) {
      return html`<p class="hint">Feeds you subscribe to appear here.</p>`;
    }
    return html`<ul aria-labelledby="feeds-heading">
      ${this.sources.map((source) =>
        this.#entry(
          { kind: 'source', sourceId: source.id },
          source.title,
          html`<span class="favicon" aria-hidden="true">${initial(source.title)}</span>`,
          source.unreadCount,
          // Offline, every feed failed for the same reason, already said once in the footer.
          source.lastError && !this.refresh.offline
            ? html`<span class="failed" title=${`Could not update: ${source.lastError}`}
                >${icons.warning}<span class="visually-hidden">, could not update</span></span
              >`
            : nothing,
        ),
      )}
    </ul>`;
  }

  #status() {
    const r = this.refresh;
    const line = (content: unknown, className = '') => html`<div class="line ${className}">${content}</div>`;
    if (r.running) {
      const label = r.total > 0 ? `Updating ${Math.min(r.done + 1, r.total)} of ${r.total}…` : 'Updating…';
      return html`${line(label)}<progress max=${Math.max(1, r.total)} value=${r.done} aria-label="Refresh progress"></progress>`;
    }
    // One calm line when nothing could be reached, rather than a failure per feed.
    if (r.offline) return line(html`${icons.offline}<span>Offline — showing what’s saved</span>`, 'offline');
    if (r.lastError) return line(r.lastError);
    if (r.finishedAt && r.lastResult) {
      const { newArticles, failed } = r.lastResult;
      if (failed > 0) return line(`Could not update ${failed} feed${failed === 1 ? '' : 's'}`);
      return line(newArticles === 0 ? 'Up to date' : `${newArticles} new article${newArticles === 1 ? '' : 's'}`);
    }
    const last = latestFetch(this.sources);
    return last ? line(`Updated ${formatAgo(last, new Date())}`) : nothing;
  }

  #downloadStatus() {
    const { pending } = this.downloads;
    if (pending === 0) return nothing;
    return html`<div class="line saving">
      ${icons.download}<span>Saving ${pending} article${pending === 1 ? '' : 's'} for offline reading…</span>
    </div>`;
  }

  #cycleTheme = () => {
    const next = themeOrder[(themeOrder.indexOf(this.theme) + 1) % themeOrder.length] ?? 'system';
    this.#emit('bs-theme', next);
  };
}

function initial(title: string): string {
  const letter = title.trim().match(/[\p{L}\p{N}]/u)?.[0];
  return (letter ?? '•').toUpperCase();
}

function latestFetch(sources: readonly Source[]): Date | null {
  let latest: Date | null = null;
  for (const s of sources) {
    if (!s.lastFetchedAt) continue;
    const d = new Date(s.lastFetchedAt);
    if (!Number.isNaN(d.getTime()) && (!latest || d > latest)) latest = d;
  }
  return latest;
}

customElements.define('bs-sidebar', BsSidebar);

declare global {
  interface HTMLElementTagNameMap {
    'bs-sidebar': BsSidebar;
  }
}
