// The sources pane: the smart views (Saved and Archive for read-later pages
// among them), then the feeds as a tree: folders (nested, each with the unread
// count of everything in it, opened and closed with the keyboard as in the
// WAI-ARIA tree pattern) and the feeds outside any folder, each with its site
// icon, its unread count and a quiet mark when its last refresh failed. Every
// item has a menu (its button, a right click, Shift+F10); feeds can be dragged
// onto folders. Toolbar: Save page, Add feed, New folder, Refresh all. The
// footer says how the library stands: updating, offline, saving for offline,
// and how long articles are kept when that is not for ever.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { DownloadPolicy, Folder, Source, Theme, ViewCounts } from '../../electron/shared/models.ts';
import { icons } from '../components/icons.ts';
import { buildTree, folderPath, loadCollapsed, saveCollapsed, visibleRows, type FolderNode, type TreeRow } from '../state/folder-tree.ts';
import type { DownloadsState, RefreshState } from '../state/library-store.ts';
import { sameSelection, type Selection } from '../state/selection.ts';
import { formatAgo } from '../state/format-time.ts';
import { retentionNote } from '../state/retention.ts';
import { base, buttons } from '../styles/shared.ts';

export interface SelectDetail {
  selection: Selection;
}

/** A feed dropped on a folder (null: the top level). */
export interface MoveDetail {
  sourceId: number;
  folderId: number | null;
}

/** What a dragged feed carries; only this window's own sidebar understands it. */
const DRAG_TYPE = 'application/x-broadsheet-source';

type ItemKind = 'folder' | 'source';
const keyOf = (kind: ItemKind, id: number) => `${kind === 'folder' ? 'f' : 's'}${id}`;
const parseKey = (key: string): { kind: ItemKind; id: number } => ({ kind: key.startsWith('f') ? 'folder' : 'source', id: Number(key.slice(1)) });

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
    folders: { attribute: false },
    counts: { attribute: false },
    loading: { type: Boolean },
    error: { type: String },
    selection: { attribute: false },
    refresh: { attribute: false },
    theme: { type: String },
    downloadPolicy: { type: String },
    downloads: { attribute: false },
    retentionDays: { type: Number },
    collapsed: { state: true },
    menu: { state: true },
    dropTarget: { state: true },
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
      .tools {
        display: flex;
        flex: none;
      }
      .brand {
        flex: 1;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
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
      .entry[aria-current='true'],
      .entry.current {
        background: var(--bg-selected);
      }
      .entry .glyph {
        color: var(--text-tertiary);
      }
      .entry[aria-current='true'] .glyph,
      .entry.current .glyph {
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
      .entry[aria-current='true'] span.favicon,
      .entry.current span.favicon {
        background: var(--accent);
        color: var(--on-accent);
      }
      img.favicon {
        object-fit: contain;
        background: transparent;
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
        flex: none;
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
      .status,
      .status > [role='status'] {
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
      /* The tree: items are list items holding a row and, for an open folder, a group. */
      [role='treeitem'] {
        position: relative;
      }
      [role='treeitem']:focus-visible {
        outline: none;
      }
      [role='treeitem']:focus-visible > .entry {
        outline: 2px solid var(--focus);
        outline-offset: -2px;
      }
      .tree .entry {
        position: relative;
        cursor: default;
        gap: 6px;
        padding-right: var(--space-1);
      }
      .tree .entry.level-2 {
        padding-left: calc(var(--space-2) + 16px);
      }
      .tree .entry.level-3 {
        padding-left: calc(var(--space-2) + 32px);
      }
      .tree .entry.level-4,
      .tree .entry.level-5,
      .tree .entry.level-6 {
        padding-left: calc(var(--space-2) + 48px);
      }
      .twisty {
        flex: none;
        width: 14px;
        margin-right: -2px;
        display: grid;
        place-items: center;
        color: var(--text-tertiary);
      }
      .twisty svg.icon {
        width: 12px;
        height: 12px;
      }
      .folder > .entry .title {
        font-weight: 550;
      }
      .tree .count {
        min-width: 16px;
        text-align: right;
        padding-right: var(--space-1);
      }
      .more {
        position: absolute;
        right: 2px;
        top: 3px;
        width: 24px;
        height: 24px;
        opacity: 0;
      }
      .entry:hover .more,
      [role='treeitem']:focus-visible > .entry .more,
      .more[aria-expanded='true'] {
        opacity: 1;
      }
      .entry:hover .more:hover {
        background: var(--bg-hover);
      }
      .entry:hover .count,
      [role='treeitem']:focus-visible > .entry .count {
        visibility: hidden;
      }
      .failed.gone {
        color: var(--text-secondary);
      }
      .folder.drop-target > .entry {
        background: var(--bg-selected-strong);
        box-shadow: inset 0 0 0 1px var(--accent);
      }
      [role='treeitem'][draggable='true'] {
        -webkit-user-drag: element;
      }
      .menu {
        position: fixed;
        z-index: 40;
        min-width: 184px;
        padding: var(--space-1);
        border-radius: var(--radius-lg);
        background: var(--bg-raised);
        box-shadow: var(--shadow-dialog);
        display: grid;
      }
      .menu-item {
        height: 28px;
        padding: 0 var(--space-3);
        border-radius: var(--radius-md);
        text-align: left;
        color: var(--text);
        white-space: nowrap;
      }
      .menu-item:hover,
      .menu-item:focus-visible {
        background: var(--bg-selected);
        outline: none;
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
  declare folders: readonly Folder[];
  /** The views' counts; Unread counts saved pages too, which belong to no feed. */
  declare counts: ViewCounts | null;
  declare loading: boolean;
  declare error: string | null;
  declare selection: Selection;
  declare refresh: RefreshState;
  declare theme: Theme;
  declare downloadPolicy: DownloadPolicy;
  declare downloads: DownloadsState;
  /** How long articles are kept (0: for ever), shown in the footer when on. */
  declare retentionDays: number;
  /** Folders the reader closed (remembered in this window's storage). */
  declare collapsed: ReadonlySet<number>;
  /** The item whose menu is open, and where. */
  declare menu: { key: string; x: number; y: number } | null;
  /** The folder a dragged feed is over (null: the top level); undefined when nothing is dragged. */
  declare dropTarget: number | null | undefined;
  /** The rows as last drawn, for moving with the keyboard. */
  #rows: TreeRow[] = [];
  /** The tree item that holds the tree's one tab stop. */
  #focusKey: string | null = null;
  /** Where the keyboard goes back to when a dialog opened from an item's menu closes: the item, else a neighbour. */
  #returnTo: string[] = [];
  /** A feed or folder just selected, to be shown: its folders opened and its row scrolled into view. */
  #reveal: string | null = null;
  readonly #brokenIcons = new Set<string>();

  constructor() {
    super();
    this.sources = [];
    this.folders = [];
    this.collapsed = loadCollapsed();
    this.menu = null;
    this.dropTarget = undefined;
    this.counts = null;
    this.loading = true;
    this.error = null;
    this.selection = { kind: 'view', view: 'all' };
    this.refresh = { running: false, done: 0, total: 0, lastResult: null, lastError: null, finishedAt: null, offline: false };
    this.theme = 'system';
    this.downloadPolicy = 'new';
    this.downloads = { pending: 0 };
    this.retentionDays = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pointerdown', this.#onWindowPointerDown, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pointerdown', this.#onWindowPointerDown, true);
  }

  /**
   * Puts the keyboard back on the item whose menu opened a dialog, once that
   * dialog has closed; when the item is gone (unsubscribed, deleted), on the
   * row after it, its folder, the row before it, or the first view.
   */
  async returnFocus(): Promise<void> {
    const keys = this.#returnTo;
    this.#returnTo = [];
    if (keys.length === 0) return;
    await this.updateComplete;
    const shown = new Set(this.#rows.map((row) => keyOf(row.kind, row.id)));
    const key = keys.find((k) => shown.has(k));
    if (key) await this.#focusItem(key);
    else this.renderRoot.querySelector<HTMLElement>('.smart button')?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const previous = changed.get('selection');
    if (changed.has('selection') && !(previous && sameSelection(previous, this.selection))) {
      const s = this.selection;
      this.#reveal = s.kind === 'source' ? keyOf('source', s.sourceId) : s.kind === 'folder' ? keyOf('folder', s.folderId) : null;
    }
    if (this.#reveal) this.#openAround(this.#reveal);
  }

  protected override updated(): void {
    const key = this.#reveal;
    const row = key ? this.renderRoot.querySelector(`#${key} > .entry`) : null;
    if (!row) return;
    this.#reveal = null;
    row.scrollIntoView({ block: 'nearest' });
  }

  /** Opens the folders an item sits in, so the selection is never hidden inside a closed one. */
  #openAround(key: string): void {
    const { kind, id } = parseKey(key);
    const parent = kind === 'source' ? this.sources.find((s) => s.id === id)?.folderId : this.folders.find((f) => f.id === id)?.parentId;
    const closed = folderPath(this.folders, parent ?? null).filter((folderId) => this.collapsed.has(folderId));
    if (closed.length === 0) return;
    const collapsed = new Set(this.collapsed);
    for (const folderId of closed) collapsed.delete(folderId);
    this.collapsed = collapsed;
    saveCollapsed(collapsed);
  }

  /** Puts keyboard focus on a feed or folder in the tree (after it was drawn). */
  async focusItem(selection: Selection): Promise<void> {
    if (selection.kind === 'view') return;
    await this.#focusItem(selection.kind === 'folder' ? keyOf('folder', selection.folderId) : keyOf('source', selection.sourceId));
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
          <button class="icon-button" aria-label="New folder" title="New folder" @click=${() => this.#emit('bs-new-folder', null)}>
            ${icons.folderPlus}
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
      ${this.#renderMenu()}
      <footer>
        <div class="status">
          <div role="status">${this.#status()}${this.#downloadStatus()}</div>
          ${retentionNote(this.retentionDays) ? html`<div class="line retention">${retentionNote(this.retentionDays)}</div>` : nothing}
        </div>
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
    if (this.loading && this.sources.length === 0 && this.folders.length === 0) return nothing;
    if (this.sources.length === 0 && this.folders.length === 0) {
      return html`<p class="hint">Feeds you subscribe to appear here.</p>`;
    }
    const tree = buildTree(this.folders, this.sources);
    const rows = visibleRows(tree, this.collapsed);
    this.#rows = rows;
    const focusable = this.#focusableKey(rows);
    return html`<ul
      role="tree"
      aria-labelledby="feeds-heading"
      class="tree"
      @keydown=${this.#onTreeKeydown}
      @focusin=${this.#onTreeFocus}
      @dragover=${(e: DragEvent) => this.#onDragOver(e, null)}
      @dragleave=${this.#onDragLeave}
      @drop=${(e: DragEvent) => this.#onDrop(e, null)}
    >
      ${tree.folders.map((node) => this.#folderItem(node, focusable))} ${tree.sources.map((source) => this.#sourceItem(source, 1, focusable))}
    </ul>`;
  }

  #folderItem(node: FolderNode, focusable: string): unknown {
    const { folder, level, unread } = node;
    const key = keyOf('folder', folder.id);
    const expanded = !this.collapsed.has(folder.id);
    const selection: Selection = { kind: 'folder', folderId: folder.id };
    const current = sameSelection(selection, this.selection);
    const empty = node.folders.length === 0 && node.sources.length === 0;
    return html`<li
      role="treeitem"
      id=${key}
      class="item folder${this.dropTarget === folder.id ? ' drop-target' : ''}"
      aria-level=${level}
      aria-expanded=${empty ? nothing : expanded ? 'true' : 'false'}
      aria-selected=${current ? 'true' : 'false'}
      aria-labelledby=${`${key}-name ${key}-count`}
      tabindex=${key === focusable ? 0 : -1}
      @dragover=${(e: DragEvent) => this.#onDragOver(e, folder.id)}
      @drop=${(e: DragEvent) => this.#onDrop(e, folder.id)}
    >
      <div
        class="entry level-${Math.min(level, 6)}${current ? ' current' : ''}"
        @click=${() => this.#select(key, selection)}
        @contextmenu=${(e: MouseEvent) => this.#openMenu(e, key)}
      >
        <span class="twisty" aria-hidden="true" @click=${(e: Event) => this.#toggle(e, folder.id)}
          >${empty ? nothing : expanded ? icons.chevronDown : icons.chevronRight}</span
        >
        <span class="glyph">${icons.folder}</span>
        <span class="title" id=${`${key}-name`}>${folder.name}</span>
        ${this.#count(`${key}-count`, unread)} ${this.#menuButton(key, `Folder options for ${folder.name}`)}
      </div>
      ${expanded && !empty
        ? html`<ul role="group">
            ${node.folders.map((inner) => this.#folderItem(inner, focusable))}
            ${node.sources.map((source) => this.#sourceItem(source, level + 1, focusable))}
          </ul>`
        : nothing}
    </li>`;
  }

  #sourceItem(source: Source, level: number, focusable: string): unknown {
    const key = keyOf('source', source.id);
    const selection: Selection = { kind: 'source', sourceId: source.id };
    const current = sameSelection(selection, this.selection);
    const problem = this.#problemOf(source);
    return html`<li
      role="treeitem"
      id=${key}
      class="item"
      aria-level=${level}
      aria-selected=${current ? 'true' : 'false'}
      aria-labelledby=${[`${key}-name`, `${key}-count`, problem ? `${key}-problem` : ''].join(' ').trim()}
      tabindex=${key === focusable ? 0 : -1}
      draggable="true"
      @dragstart=${(e: DragEvent) => this.#onDragStart(e, source.id)}
      @dragend=${() => (this.dropTarget = undefined)}
    >
      <div
        class="entry level-${Math.min(level, 6)}${current ? ' current' : ''}"
        @click=${() => this.#select(key, selection)}
        @contextmenu=${(e: MouseEvent) => this.#openMenu(e, key)}
      >
        <span class="twisty" aria-hidden="true"></span>
        ${this.#icon(source)}
        <span class="title" id=${`${key}-name`}>${source.title}</span>
        ${problem
          ? html`<span class="failed${source.status === 'gone' ? ' gone' : ''}" id=${`${key}-problem`} role="img" aria-label=${problem} title=${problem}
              >${source.status === 'gone' ? icons.stopped : icons.warning}</span
            >`
          : nothing}
        ${this.#count(`${key}-count`, source.unreadCount)} ${this.#menuButton(key, `Feed options for ${source.title}`)}
      </div>
    </li>`;
  }

  /** "Last refresh failed: …" or the stopped state; nothing while offline, which the footer already says once. */
  #problemOf(source: Source): string | null {
    if (source.status === 'gone') return 'Stopped: the publisher removed this feed';
    if ((source.status === 'error' || source.lastError) && !this.refresh.offline) return `Last refresh failed: ${source.lastError ?? 'the feed could not be read.'}`;
    return null;
  }

  #icon(source: Source) {
    if (source.iconUrl && !this.#brokenIcons.has(source.iconUrl)) {
      const url = source.iconUrl;
      return html`<img class="favicon" src=${url} alt="" aria-hidden="true" @error=${() => this.#iconFailed(url)} />`;
    }
    return html`<span class="favicon" aria-hidden="true">${initial(source.title)}</span>`;
  }

  #iconFailed(url: string): void {
    this.#brokenIcons.add(url);
    this.requestUpdate();
  }

  #count(id: string, count: number) {
    // Always present (empty when nothing is unread) so every item's aria-labelledby resolves.
    return html`<span class="count" id=${id}
      >${count > 0 ? html`<span class="visually-hidden">, </span>${count.toLocaleString()}<span class="visually-hidden"> unread</span>` : nothing}</span
    >`;
  }

  #menuButton(key: string, label: string) {
    return html`<button
      class="icon-button more"
      tabindex="-1"
      aria-label=${label}
      title=${label}
      aria-haspopup="menu"
      aria-expanded=${this.menu?.key === key ? 'true' : 'false'}
      @click=${(e: MouseEvent) => this.#openMenu(e, key)}
    >
      ${icons.more}
    </button>`;
  }

  /** An item's menu; `dialog` items open a dialog, after which the keyboard comes back here (returnFocus). */
  #menuItems(key: string): Array<{ label: string; dialog: boolean; run: () => void }> {
    const { kind, id } = parseKey(key);
    if (kind === 'folder') {
      return [
        { label: 'Rename…', dialog: true, run: () => this.#emit('bs-rename-folder', id) },
        { label: 'Move to…', dialog: true, run: () => this.#emit('bs-move-folder', id) },
        { label: 'New folder inside…', dialog: true, run: () => this.#emit('bs-new-folder', id) },
        { label: 'Delete folder…', dialog: true, run: () => this.#emit('bs-delete-folder', id) },
      ];
    }
    return [
      { label: 'Feed settings…', dialog: true, run: () => this.#emit('bs-feed-settings', id) },
      { label: 'Refresh this feed', dialog: false, run: () => this.#emit('bs-refresh-source', id) },
      { label: 'Unsubscribe…', dialog: true, run: () => this.#emit('bs-unsubscribe', id) },
    ];
  }

  /** The item, then the rows that stand in for it if it goes: the next, its folder, the previous. */
  #rememberReturn(key: string): void {
    const keys = this.#rows.map((row) => keyOf(row.kind, row.id));
    const at = keys.indexOf(key);
    const parent = this.#rows[at]?.parent;
    const candidates = [key, keys[at + 1], parent === null || parent === undefined ? undefined : keyOf('folder', parent), keys[at - 1]];
    this.#returnTo = candidates.filter((k): k is string => k !== undefined);
  }

  #renderMenu() {
    const menu = this.menu;
    if (!menu) return nothing;
    const items = this.#menuItems(menu.key);
    const { kind, id } = parseKey(menu.key);
    const name = kind === 'folder' ? this.folders.find((f) => f.id === id)?.name : this.sources.find((s) => s.id === id)?.title;
    return html`<div
      class="menu"
      role="menu"
      aria-label=${`${kind === 'folder' ? 'Folder' : 'Feed'}: ${name ?? ''}`}
      @keydown=${this.#onMenuKeydown}
      @focusout=${this.#onMenuFocusOut}
    >
      ${items.map(
        (item) => html`<button
          role="menuitem"
          tabindex="-1"
          class="menu-item"
          @click=${() => {
            if (item.dialog) this.#rememberReturn(menu.key);
            this.#closeMenu(!item.dialog);
            item.run();
          }}
        >
          ${item.label}
        </button>`,
      )}
    </div>`;
  }

  // --- tree behaviour ----------------------------------------------------------

  /** The one item in the tree that Tab reaches: the last focused, else the selected, else the first. */
  #focusableKey(rows: readonly TreeRow[]): string {
    const keys = rows.map((row) => keyOf(row.kind, row.id));
    if (this.#focusKey && keys.includes(this.#focusKey)) return this.#focusKey;
    const s = this.selection;
    const selected = s.kind === 'source' ? keyOf('source', s.sourceId) : s.kind === 'folder' ? keyOf('folder', s.folderId) : null;
    if (selected && keys.includes(selected)) return selected;
    return keys[0] ?? '';
  }

  #select(key: string, selection: Selection): void {
    this.#focusKey = key;
    this.#emit('bs-select', { selection } satisfies SelectDetail);
  }

  #toggle(event: Event, folderId: number): void {
    event.stopPropagation();
    this.#setExpanded(folderId, this.collapsed.has(folderId));
  }

  #setExpanded(folderId: number, expanded: boolean): void {
    const collapsed = new Set(this.collapsed);
    if (expanded) collapsed.delete(folderId);
    else collapsed.add(folderId);
    this.collapsed = collapsed;
    saveCollapsed(collapsed);
  }

  #onTreeFocus = (event: FocusEvent) => {
    const item = (event.target as Element).closest('[role="treeitem"]');
    if (item?.id) this.#focusKey = item.id;
  };

  async #focusItem(key: string): Promise<void> {
    this.#focusKey = key;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${key}`)?.focus();
  }

  // Keys as in the WAI-ARIA tree pattern: up and down move, right opens a folder
  // (or enters it), left closes it (or goes to its folder), Home and End jump,
  // Enter and Space select, Shift+F10 or the menu key opens the item's menu.
  #onTreeKeydown = (event: KeyboardEvent) => {
    const item = (event.target as Element).closest('[role="treeitem"]');
    if (!item || event.target !== item || event.altKey || event.ctrlKey || event.metaKey) return;
    const rows = this.#rows;
    const index = rows.findIndex((row) => keyOf(row.kind, row.id) === item.id);
    const row = rows[index];
    if (!row) return;
    const go = (target: TreeRow | undefined) => target && void this.#focusItem(keyOf(target.kind, target.id));
    const parent = () => rows.find((r) => r.kind === 'folder' && r.id === row.parent);
    if ((event.key === 'F10' && event.shiftKey) || event.key === 'ContextMenu') {
      this.#openMenu(event, item.id);
    } else if (event.shiftKey) {
      return;
    } else if (event.key === 'ArrowDown') go(rows[index + 1]);
    else if (event.key === 'ArrowUp') go(rows[index - 1]);
    else if (event.key === 'Home') go(rows[0]);
    else if (event.key === 'End') go(rows.at(-1));
    else if (event.key === 'ArrowRight') {
      if (row.kind === 'folder' && !row.expanded && row.hasChildren) this.#setExpanded(row.id, true);
      else if (row.kind === 'folder' && row.hasChildren) go(rows[index + 1]);
    } else if (event.key === 'ArrowLeft') {
      if (row.kind === 'folder' && row.expanded && row.hasChildren) this.#setExpanded(row.id, false);
      else go(parent());
    } else if (event.key === 'Enter' || event.key === ' ') {
      this.#select(item.id, row.kind === 'folder' ? { kind: 'folder', folderId: row.id } : { kind: 'source', sourceId: row.id });
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  #openMenu(event: Event, key: string): void {
    event.preventDefault();
    event.stopPropagation();
    const row = this.renderRoot.querySelector(`#${key} > .entry`);
    const box = row?.getBoundingClientRect();
    const x = event instanceof MouseEvent && event.type === 'contextmenu' ? event.clientX : (box?.right ?? 0) - 4;
    const y = event instanceof MouseEvent && event.type === 'contextmenu' ? event.clientY : (box?.bottom ?? 0) + 2;
    this.menu = { key, x, y };
    void this.updateComplete.then(() => {
      const menu = this.renderRoot.querySelector<HTMLElement>('.menu');
      if (!menu) return;
      // Placed through the CSSOM (the CSP allows no inline styles), kept inside the window.
      const width = menu.offsetWidth;
      const height = menu.offsetHeight;
      const left = Math.max(4, Math.min(x - (event.type === 'contextmenu' ? 0 : width), innerWidth - width - 4));
      const top = Math.max(4, Math.min(y, innerHeight - height - 4));
      menu.style.setProperty('left', `${left}px`);
      menu.style.setProperty('top', `${top}px`);
      menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    });
  }

  #closeMenu(restoreFocus: boolean): void {
    const key = this.menu?.key;
    this.menu = null;
    if (restoreFocus && key) void this.#focusItem(key);
  }

  #onMenuKeydown = (event: KeyboardEvent) => {
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('.menu [role="menuitem"]')];
    const at = items.indexOf(event.target as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') this.#closeMenu(true);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  #onMenuFocusOut = (event: FocusEvent) => {
    const next = event.relatedTarget as Node | null;
    if (!next || !this.renderRoot.querySelector('.menu')?.contains(next)) this.#closeMenu(false);
  };

  #onWindowPointerDown = (event: PointerEvent) => {
    if (this.menu && !event.composedPath().some((node) => node instanceof HTMLElement && node.classList.contains('menu'))) this.#closeMenu(false);
  };

  // --- drag and drop: a feed onto a folder, or onto the tree's top level --------

  #onDragStart(event: DragEvent, sourceId: number): void {
    event.dataTransfer?.setData(DRAG_TYPE, String(sourceId));
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  #onDragOver(event: DragEvent, folderId: number | null): void {
    if (!event.dataTransfer?.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'move';
    this.dropTarget = folderId;
  }

  #onDragLeave = (event: DragEvent) => {
    const next = event.relatedTarget as Node | null;
    if (!next || !this.renderRoot.contains(next)) this.dropTarget = undefined;
  };

  #onDrop(event: DragEvent, folderId: number | null): void {
    const id = Number(event.dataTransfer?.getData(DRAG_TYPE));
    if (!Number.isSafeInteger(id) || id <= 0) return;
    event.preventDefault();
    event.stopPropagation();
    this.dropTarget = undefined;
    this.#emit('bs-move-source', { sourceId: id, folderId } satisfies MoveDetail);
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
