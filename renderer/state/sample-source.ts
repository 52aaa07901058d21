// A well-formed Source for the renderer's unit tests, with what a test cares
// about laid over it; one place to follow when the model gains a field.
import type { Source } from '../../electron/shared/models.ts';

export function sampleSource(patch: Partial<Source> & Pick<Source, 'id' | 'title'>): Source {
  return {
    kind: 'feed',
    feedTitle: patch.title,
    feedUrl: `https://example.com/${patch.id}.xml`,
    siteUrl: null,
    description: null,
    folderId: null,
    iconUrl: null,
    refreshIntervalMinutes: null,
    status: 'ok',
    unreadCount: 0,
    articleCount: 0,
    lastFetchedAt: null,
    lastError: null,
    lastErrorAt: null,
    nextRefreshAt: null,
    createdAt: '2026-11-20T12:00:00.000Z',
    ...patch,
  };
}
