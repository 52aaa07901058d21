// Sample values of the contract's models for tests of the transports (the web
// host and the IPC router), which need well-formed replies but not a library.
// Kept in one place so a field added to a model is added to the samples once.
import type { ArticleSummary, Diagnostics, Folder, Source } from '../models.ts';

export const sampleSource: Source = {
  id: 1,
  kind: 'feed',
  title: 'The Daily Example',
  feedTitle: 'The Daily Example',
  feedUrl: 'https://example.com/feed.xml',
  siteUrl: 'https://example.com/',
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
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const sampleFolder: Folder = { id: 3, name: 'News', parentId: null, unreadCount: 0 };

/** A page saved to read later, stored whole. */
export const sampleSavedPage: ArticleSummary = {
  id: 9,
  sourceId: null,
  sourceTitle: 'example.com',
  title: 'Saved page',
  url: 'https://example.com/page',
  author: null,
  publishedAt: '2026-01-01T00:00:00.000Z',
  excerpt: '',
  read: false,
  bookmarked: false,
  saved: true,
  archived: false,
  download: 'done',
  readingMinutes: 1,
  thumbnailUrl: null,
};

export const sampleDiagnostics: Diagnostics = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  versions: { broadsheet: '0.1.0', node: '24.0.0' },
  data: {
    databaseBytes: 4096,
    imagesBytes: 0,
    backupsBytes: 0,
    sources: 1,
    articles: 2,
    bookmarked: 0,
    saved: 1,
    images: 0,
    schemaVersion: 5,
  },
  recentErrors: [],
  text: 'Broadsheet 0.1.0\n',
};
