// The sources pane's tree: folders (nested) with their feeds, then the feeds
// at the top level. Unread counts of folders are summed here from the feeds'
// own counts, so a folder always agrees with the feeds shown under it, even
// right after a local "mark read" that the core has not counted yet.
import type { Folder, Source } from '../../electron/shared/models.ts';

export interface FolderNode {
  folder: Folder;
  /** 1 for a folder at the top level. */
  level: number;
  /** Unread articles of every feed in it and in the folders inside it. */
  unread: number;
  folders: FolderNode[];
  sources: Source[];
}

export interface SourceTree {
  folders: FolderNode[];
  /** Feeds in no folder (or in one that no longer exists). */
  sources: Source[];
}

/** One visible row of the tree, in reading order, for keyboard movement. */
export type TreeRow =
  | { kind: 'folder'; id: number; level: number; parent: number | null; expanded: boolean; hasChildren: boolean }
  | { kind: 'source'; id: number; level: number; parent: number | null };

const byName = (a: Folder, b: Folder) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true });

export function buildTree(folders: readonly Folder[], sources: readonly Source[]): SourceTree {
  const known = new Map(folders.map((f) => [f.id, f]));
  const children = new Map<number | null, Folder[]>();
  for (const folder of [...folders].sort(byName)) {
    // A parent that is missing (or the folder itself) puts it at the top level.
    const parent = folder.parentId !== null && folder.parentId !== folder.id && known.has(folder.parentId) ? folder.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), folder]);
  }
  const feeds = new Map<number | null, Source[]>();
  for (const source of sources) {
    const folder = source.folderId !== null && known.has(source.folderId) ? source.folderId : null;
    feeds.set(folder, [...(feeds.get(folder) ?? []), source]);
  }
  const placed = new Set<number>();
  const nodesUnder = (parent: number | null, level: number): FolderNode[] => {
    const nodes: FolderNode[] = [];
    for (const folder of children.get(parent) ?? []) {
      // Checked as it goes: a loop of parents may have placed it deeper meanwhile.
      if (placed.has(folder.id)) continue;
      placed.add(folder.id);
      const inner = nodesUnder(folder.id, level + 1);
      const own = feeds.get(folder.id) ?? [];
      const unread = own.reduce((sum, s) => sum + s.unreadCount, 0) + inner.reduce((sum, n) => sum + n.unread, 0);
      nodes.push({ folder, level, unread, folders: inner, sources: own });
    }
    return nodes;
  };
  const top = nodesUnder(null, 1);
  // A cycle of parents (which the core forbids) would leave folders unreachable: they join the top level.
  const stranded = folders.filter((f) => !placed.has(f.id)).map((f) => ({ ...f, parentId: null }));
  if (stranded.length > 0) {
    for (const folder of stranded) children.set(null, [...(children.get(null) ?? []), folder]);
    top.push(...nodesUnder(null, 1));
  }
  return { folders: top, sources: feeds.get(null) ?? [] };
}

/** The rows a reader can see and move through: collapsed folders hide what is inside them. */
export function visibleRows(tree: SourceTree, collapsed: ReadonlySet<number>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: readonly FolderNode[], sources: readonly Source[], level: number, parent: number | null) => {
    for (const node of nodes) {
      const expanded = !collapsed.has(node.folder.id);
      const hasChildren = node.folders.length > 0 || node.sources.length > 0;
      rows.push({ kind: 'folder', id: node.folder.id, level, parent, expanded, hasChildren });
      if (expanded) walk(node.folders, node.sources, level + 1, node.folder.id);
    }
    for (const source of sources) rows.push({ kind: 'source', id: source.id, level, parent });
  };
  walk(tree.folders, tree.sources, 1, null);
  return rows;
}

/**
 * Every folder in tree order with its depth (0 at the top), for a "Folder"
 * select; `except` leaves out that folder and everything inside it (where a
 * folder cannot be moved to).
 */
export function folderChoices(folders: readonly Folder[], except?: number): Array<{ id: number; name: string; depth: number }> {
  const choices: Array<{ id: number; name: string; depth: number }> = [];
  const walk = (nodes: readonly FolderNode[]) => {
    for (const node of nodes) {
      if (node.folder.id === except) continue;
      choices.push({ id: node.folder.id, name: node.folder.name, depth: node.level - 1 });
      walk(node.folders);
    }
  };
  walk(buildTree(folders, []).folders);
  return choices;
}

/** A folder's name in a select, indented by its depth so nesting shows (options cannot hold markup). */
export function folderOptionLabel(name: string, depth: number): string {
  return `${'\u00a0\u00a0\u00a0\u00a0'.repeat(Math.max(0, depth))}${name}`;
}

/** One folder's node in the tree, wherever it is nested. */
export function findFolder(tree: SourceTree, folderId: number): FolderNode | undefined {
  const find = (nodes: readonly FolderNode[]): FolderNode | undefined => {
    for (const node of nodes) {
      if (node.folder.id === folderId) return node;
      const inner = find(node.folders);
      if (inner) return inner;
    }
    return undefined;
  };
  return find(tree.folders);
}

/** The unread count of one folder, from the tree (so it agrees with the sources pane). */
export function folderUnread(tree: SourceTree, folderId: number): number {
  return findFolder(tree, folderId)?.unread ?? 0;
}

/** How many feeds a folder holds, in it and in the folders inside it. */
export function folderFeedCount(tree: SourceTree, folderId: number): number {
  const count = (node: FolderNode): number => node.sources.length + node.folders.reduce((sum, inner) => sum + count(inner), 0);
  const node = findFolder(tree, folderId);
  return node ? count(node) : 0;
}

/** A folder and the folders it sits in, from the top down (empty for null: the top level). */
export function folderPath(folders: readonly Folder[], folderId: number | null): number[] {
  const parents = new Map(folders.map((f) => [f.id, f.parentId]));
  const chain: number[] = [];
  for (let at = folderId; at !== null && parents.has(at) && !chain.includes(at); at = parents.get(at) ?? null) chain.unshift(at);
  return chain;
}

const COLLAPSED_KEY = 'broadsheet.collapsedFolders';

/**
 * Which folders the reader closed. Folders are open unless closed, so a new
 * folder shows its feeds. Kept per window in local storage, like pane widths.
 */
export function loadCollapsed(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Set<number> {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(COLLAPSED_KEY) ?? '[]');
    return new Set(Array.isArray(raw) ? raw.filter((id): id is number => Number.isSafeInteger(id) && id > 0) : []);
  } catch {
    return new Set();
  }
}

export function saveCollapsed(collapsed: ReadonlySet<number>, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(COLLAPSED_KEY, JSON.stringify([...collapsed]));
  } catch {
    // Not remembering an open folder is harmless.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
