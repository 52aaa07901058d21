import type { ArticleOrder, ArticleQuery, Source, View } from '../../electron/shared/models.ts';

/** What the sources pane has selected: one of the smart views, or one feed. */
export type Selection = { kind: 'view'; view: View } | { kind: 'source'; sourceId: number };

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
  return false;
}

export function queryFor(selection: Selection, limit: number, cursor?: string, order: ArticleOrder = 'newest'): ArticleQuery {
  const base: ArticleQuery =
    selection.kind === 'view' ? { view: selection.view, limit, order } : { view: 'all', sourceId: selection.sourceId, limit, order };
  return cursor ? { ...base, cursor } : base;
}

/** What "mark all read" covers for a selection. */
export function scopeOf(selection: Selection): { view: View; sourceId?: number } {
  return selection.kind === 'view' ? { view: selection.view } : { view: 'all', sourceId: selection.sourceId };
}

export function selectionTitle(selection: Selection, sources: readonly Source[]): string {
  if (selection.kind === 'source') return sources.find((s) => s.id === selection.sourceId)?.title ?? 'Feed';
  return VIEW_TITLES[selection.view];
}
