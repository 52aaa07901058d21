import type { ArticleOrder, ArticleQuery, Folder, MarkAllRead, SearchQuery, Source, View } from '../../electron/shared/models.ts';

/** What the sources pane has selected: one of the smart views, one feed, or a folder (all the feeds in it). */
export type Selection = { kind: 'view'; view: View } | { kind: 'source'; sourceId: number } | { kind: 'folder'; folderId: number };

export const ALL: Selection = { kind: 'view', view: 'all' };
export const SAVED: Selection = { kind: 'view', view: 'saved' };

export const VIEW_TITLES: Record<View, string> = {
  all: 'All articles',
  unread: 'Unread',
  bookmarked: 'Bookmarks',
  saved: 'Saved',
  archive: 'Archive',
};

export function sameSelection(a: Selection, b: Selection): boolean {
  if (a.kind === 'view' && b.kind === 'view') return a.view === b.view;
  if (a.kind === 'source' && b.kind === 'source') return a.sourceId === b.sourceId;
  if (a.kind === 'folder' && b.kind === 'folder') return a.folderId === b.folderId;
  return false;
}

export function queryFor(selection: Selection, limit: number, cursor?: string, order: ArticleOrder = 'newest'): ArticleQuery {
  const base: ArticleQuery = { ...scopeOf(selection), limit, order };
  return cursor ? { ...base, cursor } : base;
}

/** What "mark all read" (and a search of "this view") covers for a selection. */
export function scopeOf(selection: Selection): MarkAllRead & Pick<SearchQuery, 'view' | 'sourceId' | 'folderId'> {
  if (selection.kind === 'view') return { view: selection.view };
  if (selection.kind === 'source') return { view: 'all', sourceId: selection.sourceId };
  return { view: 'all', folderId: selection.folderId };
}

export function selectionTitle(selection: Selection, sources: readonly Source[], folders: readonly Folder[] = []): string {
  if (selection.kind === 'source') return sources.find((s) => s.id === selection.sourceId)?.title ?? 'Feed';
  if (selection.kind === 'folder') return folders.find((f) => f.id === selection.folderId)?.name ?? 'Folder';
  return VIEW_TITLES[selection.view];
}
