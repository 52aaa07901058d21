// The data that crosses the contract. Every shape is a zod schema so both ends
// of every boundary validate against the same definition; the TypeScript types
// are inferred from them and never written a second time.
import { z } from 'zod';

/** Imported HTML files are capped so one bad file cannot exhaust memory. */
export const MAX_IMPORT_HTML_CHARS = 20 * 1024 * 1024;

export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** ISO 8601 UTC timestamp, e.g. 2026-11-24T21:02:00.000Z */
export const Timestamp = z.string().max(40);

/**
 * Where a feed stands after its last refresh. `ok`: the last refresh worked;
 * `error`: it failed (see `lastError`), and later refreshes keep trying;
 * `gone`: the server said the feed was removed for good (410), so automatic
 * refreshes stop until the reader refreshes it by hand.
 */
export const SourceStatusSchema = z.enum(['ok', 'error', 'gone']);
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

export const SourceSchema = z.object({
  id: Id,
  kind: z.literal('feed'),
  /** The reader's name for the feed when they renamed it, else the feed's own title. */
  title: z.string(),
  /** The title the feed gives itself, so a rename can be undone. */
  feedTitle: z.string(),
  feedUrl: z.string(),
  siteUrl: z.string().nullable(),
  description: z.string().nullable(),
  /** The folder it is filed in; null at the top level. */
  folderId: Id.nullable(),
  /** The site's icon, stored locally (an /asset/ address); null when it has none or it is not fetched yet. */
  iconUrl: z.string().nullable(),
  /** Minutes between automatic refreshes of this feed; null follows the global setting. */
  refreshIntervalMinutes: z.number().int().min(0).max(7 * 24 * 60).nullable(),
  status: SourceStatusSchema,
  unreadCount: z.number().int().nonnegative(),
  articleCount: z.number().int().nonnegative(),
  /** When a refresh last worked (the server sent the feed, or said it had not changed). */
  lastFetchedAt: Timestamp.nullable(),
  /** Plain-words description of the last refresh failure, null when the last refresh worked. */
  lastError: z.string().nullable(),
  lastErrorAt: Timestamp.nullable(),
  /** The earliest time the next automatic refresh will ask the server (interval, Cache-Control, Retry-After). */
  nextRefreshAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Source = z.infer<typeof SourceSchema>;

/**
 * Where an article's full text stands. `none`: only what the feed carried;
 * `queued`/`downloading`: on its way; `done`: the full article and its images
 * are stored and read offline; `failed`: the last try failed (see
 * `downloadError`, retry with downloadArticle); `not_article`: the page is not
 * an article (a video, a home page), so it is kept as a link with a note.
 */
export const DownloadStateSchema = z.enum(['none', 'queued', 'downloading', 'done', 'failed', 'not_article']);
export type DownloadState = z.infer<typeof DownloadStateSchema>;

export const ArticleSummarySchema = z.object({
  id: Id,
  /** The feed it came from; null for a page saved to read later. */
  sourceId: Id.nullable(),
  /** The feed's title, or the site's name for a saved page. */
  sourceTitle: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  author: z.string().nullable(),
  /** When the publisher says it was published, else when Broadsheet first saw it. */
  publishedAt: Timestamp,
  /** Plain text, at most a few hundred characters. */
  excerpt: z.string(),
  read: z.boolean(),
  bookmarked: z.boolean(),
  /** Saved to read later (by address, or imported from an HTML file). */
  saved: z.boolean(),
  /** A saved article the reader has finished with. */
  archived: z.boolean(),
  download: DownloadStateSchema,
  /** Minutes at about 230 words a minute; null when the text is not known yet. */
  readingMinutes: z.number().int().nonnegative().nullable(),
  /** A small local image for the list (an /asset/ address), when the article has one stored. */
  thumbnailUrl: z.string().nullable(),
});
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;

export const ArticleSchema = ArticleSummarySchema.extend({
  /** How far the reader had scrolled, 0 to 1, so reopening returns to the same place. */
  readingProgress: z.number().min(0).max(1),
  /** Sanitised HTML, safe to place in the reader; images point at stored /asset/ addresses. */
  contentHtml: z.string(),
  sourceSiteUrl: z.string().nullable(),
  siteName: z.string().nullable(),
  /** BCP 47 language tag of the article, when known. */
  lang: z.string().nullable(),
  dir: z.enum(['ltr', 'rtl']).nullable(),
  /** The lead image as a stored /asset/ address, when there is one. */
  leadImageUrl: z.string().nullable(),
  wordCount: z.number().int().nonnegative().nullable(),
  /** Why the last download failed, in plain words; null otherwise. */
  downloadError: z.string().nullable(),
});
export type Article = z.infer<typeof ArticleSchema>;

/** `saved`: saved pages not yet archived; `archive`: archived saved pages. */
export const ViewSchema = z.enum(['all', 'unread', 'bookmarked', 'saved', 'archive']);
export type View = z.infer<typeof ViewSchema>;

export const ArticleOrderSchema = z.enum(['newest', 'oldest']);
export type ArticleOrder = z.infer<typeof ArticleOrderSchema>;

export const ArticleQuerySchema = z.object({
  view: ViewSchema,
  sourceId: Id.optional(),
  /** Articles of every feed in the folder and the folders inside it. */
  folderId: Id.optional(),
  /** Newest first unless asked otherwise. */
  order: ArticleOrderSchema.optional(),
  limit: z.number().int().min(1).max(500),
  /** Opaque; taken from a previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type ArticleQuery = z.infer<typeof ArticleQuerySchema>;

export const ArticlePageSchema = z.object({
  items: z.array(ArticleSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ArticlePage = z.infer<typeof ArticlePageSchema>;

export const ThemeSchema = z.enum(['system', 'light', 'dark', 'sepia']);
export type Theme = z.infer<typeof ThemeSchema>;

/** Which feed articles get their full text and images stored on refresh. Bookmarked and saved ones always do. */
export const DownloadPolicySchema = z.enum(['new', 'bookmarked', 'never']);
export type DownloadPolicy = z.infer<typeof DownloadPolicySchema>;

export const ReadingFontSchema = z.enum(['serif', 'sans']);
export type ReadingFont = z.infer<typeof ReadingFontSchema>;
export const ContentWidthSchema = z.enum(['narrow', 'medium', 'wide']);
export type ContentWidth = z.infer<typeof ContentWidthSchema>;

export const SettingsSchema = z.object({
  theme: ThemeSchema,
  /** Reader typography; the fonts are bundled so they work offline. */
  readingFont: ReadingFontSchema,
  /** Reading text size in CSS pixels. */
  fontSize: z.number().int().min(14).max(28),
  lineHeight: z.number().min(1.2).max(2.2),
  contentWidth: ContentWidthSchema,
  justify: z.boolean(),
  articleOrder: ArticleOrderSchema,
  downloadFullArticles: DownloadPolicySchema,
  /** Minutes between automatic refreshes; 0 turns automatic refresh off. */
  refreshIntervalMinutes: z.number().int().min(0).max(24 * 60),
  markReadOnOpen: z.boolean(),
  /** Days to keep feed articles; 0 keeps everything. Bookmarked and saved articles are never removed. */
  retentionDays: z.number().int().min(0).max(3650),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  readingFont: 'serif',
  fontSize: 19,
  lineHeight: 1.6,
  contentWidth: 'medium',
  justify: false,
  articleOrder: 'newest',
  downloadFullArticles: 'new',
  refreshIntervalMinutes: 30,
  markReadOnOpen: true,
  retentionDays: 0,
};

export const RefreshResultSchema = z.object({
  sources: z.number().int().nonnegative(),
  newArticles: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** No source could be reached at the network level: the computer is probably offline. Shown calmly, once. */
  offline: z.boolean(),
});
export type RefreshResult = z.infer<typeof RefreshResultSchema>;

export const RefreshProgressSchema = z.object({
  /** Sources finished so far in this refresh, out of `total`. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  running: z.boolean(),
  /** The source just finished, when there is one. */
  sourceId: Id.nullable(),
  error: z.string().nullable(),
  /** On the final event (running: false): no source could be reached at the network level. */
  offline: z.boolean(),
});
export type RefreshProgress = z.infer<typeof RefreshProgressSchema>;

export const ViewCountsSchema = z.object({
  all: z.number().int().nonnegative(),
  unread: z.number().int().nonnegative(),
  bookmarked: z.number().int().nonnegative(),
  saved: z.number().int().nonnegative(),
  archive: z.number().int().nonnegative(),
});
export type ViewCounts = z.infer<typeof ViewCountsSchema>;

export const SearchQuerySchema = z.object({
  /** Words (prefixes match: "harb" finds "harbour"), "quoted phrases"; at most 500 characters. */
  query: z.string().trim().min(1, 'Type something to search for.').max(500, 'That search is too long.'),
  /** Search within a view (and feed); without one, everywhere. */
  view: ViewSchema.optional(),
  sourceId: Id.optional(),
  folderId: Id.optional(),
  limit: z.number().int().min(1).max(200),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

/** A stretch of text around the matches; `highlights` are [start, end) offsets of matched words in `text`. */
export const SnippetSchema = z.object({
  text: z.string(),
  highlights: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});
export type Snippet = z.infer<typeof SnippetSchema>;

export const SearchResultSchema = z.object({
  items: z.array(ArticleSummarySchema.extend({ snippet: SnippetSchema, titleHighlights: SnippetSchema.shape.highlights })),
  /** How many articles match in all (the items are the best `limit` of them). */
  total: z.number().int().nonnegative(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const MarkAllReadSchema = z.object({
  view: ViewSchema,
  sourceId: Id.optional(),
  folderId: Id.optional(),
});
export type MarkAllRead = z.infer<typeof MarkAllReadSchema>;

export const ExportRequestSchema = z.object({
  /** Which articles: bookmarked ones, saved pages (archived included), or both. */
  scope: z.enum(['bookmarked', 'saved', 'both']),
  format: z.enum(['markdown', 'html', 'json']),
});
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export const ExportFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  content: z.string(),
  articles: z.number().int().nonnegative(),
});
export type ExportFile = z.infer<typeof ExportFileSchema>;

/** Backups live in <data folder>/backups: the database and every stored image, in one archive. */
/**
 * manual: made by the reader (kept until they delete it); daily and
 * before-update: made by Broadsheet on its own, database only (images stay in
 * the library), the oldest removed as new ones are made.
 */
export const BackupKindSchema = z.enum(['manual', 'daily', 'before-update']);
export type BackupKind = z.infer<typeof BackupKindSchema>;

export const BackupInfoSchema = z.object({
  name: z.string().max(200),
  kind: BackupKindSchema,
  createdAt: Timestamp,
  bytes: z.number().int().nonnegative(),
  articles: z.number().int().nonnegative(),
});
export type BackupInfo = z.infer<typeof BackupInfoSchema>;

export const DownloadProgressSchema = z.object({
  articleId: Id,
  state: DownloadStateSchema,
  error: z.string().nullable(),
  /** Articles still waiting or downloading, this one included while it runs. */
  pending: z.number().int().nonnegative(),
});
export type DownloadProgress = z.infer<typeof DownloadProgressSchema>;

export const ImportHtmlSchema = z.object({
  html: z.string().min(1, 'The file is empty.').max(MAX_IMPORT_HTML_CHARS, 'That file is too large to import (over 20 MB).'),
  /** The file's name, shown when the page says nothing of itself. */
  fileName: z.string().max(500).optional(),
  /** The page's address when the caller knows it; else taken from its canonical or og:url. */
  url: z.string().max(2048).optional(),
});
export type ImportHtml = z.infer<typeof ImportHtmlSchema>;

export const LibraryChangedSchema = z.object({
  reason: z.enum(['sources', 'folders', 'articles', 'read', 'bookmarks', 'saved', 'downloads', 'settings', 'restored']),
  sourceIds: z.array(Id),
});
export type LibraryChanged = z.infer<typeof LibraryChangedSchema>;

/** Commands that come from outside the page (the application menu), for the renderer to carry out. */
export const AppCommandSchema = z.object({
  command: z.enum([
    'add-feed',
    'refresh-all',
    'toggle-bookmark',
    'mark-read',
    'mark-unread',
    'save-page',
    'import-page',
    'mark-all-read',
    'search',
    'settings',
    'shortcuts',
    'import-opml',
    'export-opml',
    'copy-diagnostics',
    'new-folder',
  ]),
});
export type AppCommand = z.infer<typeof AppCommandSchema>;


// Folders, discovery and OPML ----------------------------------------------------

export const FolderName = z
  .string()
  .trim()
  .min(1, 'Give the folder a name.')
  .max(200, 'That folder name is too long.');

export const FolderSchema = z.object({
  id: Id,
  name: z.string(),
  /** The folder it sits in; null at the top level. */
  parentId: Id.nullable(),
  /** Unread articles in its feeds and in the folders inside it. */
  unreadCount: z.number().int().nonnegative(),
});
export type Folder = z.infer<typeof FolderSchema>;

export const NewFolderSchema = z.object({ name: FolderName, parentId: Id.nullable().optional() }).strict();
export type NewFolder = z.infer<typeof NewFolderSchema>;

/** Rename a folder, or move it into another (null: to the top level). */
export const FolderPatchSchema = z.object({ name: FolderName.optional(), parentId: Id.nullable().optional() }).strict();
export type FolderPatch = z.infer<typeof FolderPatchSchema>;

export const AddFeedOptionsSchema = z
  .object({
    folderId: Id.nullable().optional(),
    /** The reader's own name for it. */
    title: z.string().trim().max(500).optional(),
  })
  .strict();
export type AddFeedOptions = z.infer<typeof AddFeedOptionsSchema>;

export const SourcePatchSchema = z
  .object({
    /** A new name; null or empty goes back to the feed's own title. */
    title: z.string().trim().max(500).nullable().optional(),
    folderId: Id.nullable().optional(),
    /** null follows the global setting; 0 never refreshes this feed automatically. */
    refreshIntervalMinutes: z.number().int().min(0).max(7 * 24 * 60).nullable().optional(),
  })
  .strict();
export type SourcePatch = z.infer<typeof SourcePatchSchema>;

export const FeedFormatSchema = z.enum(['rss', 'atom', 'rdf', 'json']);
export type FeedFormat = z.infer<typeof FeedFormatSchema>;

export const FeedCandidateSchema = z.object({
  /** The feed's own address, ready for addFeed. */
  url: z.string(),
  title: z.string(),
  format: FeedFormatSchema,
  siteUrl: z.string().nullable(),
  description: z.string().nullable(),
  itemCount: z.number().int().nonnegative(),
  /** The newest few items, as a preview before subscribing. */
  items: z.array(z.object({ title: z.string(), url: z.string().nullable(), publishedAt: Timestamp.nullable() })).max(10),
  /** The source already following this feed, when there is one. */
  subscribedId: Id.nullable(),
});
export type FeedCandidate = z.infer<typeof FeedCandidateSchema>;

export const DiscoveryResultSchema = z.object({
  /** Feeds found from the address, best first; never empty (no feed at all is an error). */
  candidates: z.array(FeedCandidateSchema).min(1),
});
export type DiscoveryResult = z.infer<typeof DiscoveryResultSchema>;

/** OPML files are capped so one bad file cannot exhaust memory. */
export const MAX_OPML_CHARS = 5 * 1024 * 1024;

export const OpmlImportSchema = z.object({
  text: z.string().min(1, 'The file is empty.').max(MAX_OPML_CHARS, 'That file is too large to be a subscription list (over 5 MB).'),
  fileName: z.string().max(500).optional(),
});
export type OpmlImport = z.infer<typeof OpmlImportSchema>;

export const OpmlImportSummarySchema = z.object({
  feedsAdded: z.number().int().nonnegative(),
  foldersCreated: z.number().int().nonnegative(),
  /** Feeds already in the library (or twice in the file), skipped. */
  duplicates: z.number().int().nonnegative(),
  /** Outlines that could not be used, with why, in plain words (at most 100 listed). */
  invalid: z.array(z.object({ title: z.string(), reason: z.string() })).max(100),
  invalidCount: z.number().int().nonnegative(),
});
export type OpmlImportSummary = z.infer<typeof OpmlImportSummarySchema>;


// Notices and diagnostics ---------------------------------------------------------

/**
 * library-damaged: the library file could not be read and was moved aside at
 * start; settings-reset: the preferences file was damaged and defaults are in
 * use; disk-full: a write failed for lack of room; backup-failed: an automatic
 * backup could not be made.
 */
export const NoticeKindSchema = z.enum(['library-damaged', 'settings-reset', 'disk-full', 'backup-failed']);
export type NoticeKind = z.infer<typeof NoticeKindSchema>;

export const NoticeIdSchema = z.string().min(1).max(100);

/** Something the reader must be told once, in plain words, until they dismiss it. */
export const NoticeSchema = z.object({
  id: NoticeIdSchema,
  kind: NoticeKindSchema,
  /** One or two plain sentences. */
  message: z.string().max(2000),
  createdAt: Timestamp,
  /** Where a damaged file was kept, so nothing is ever silently deleted. */
  keptAt: z.string().max(4096).nullable(),
  /** The backup offered for restore (the newest), when there is one. */
  backup: BackupInfoSchema.nullable(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const NoticesChangedSchema = z.object({ notices: z.array(NoticeSchema) });
export type NoticesChanged = z.infer<typeof NoticesChangedSchema>;

export const DiagnosticEntrySchema = z.object({
  at: Timestamp,
  level: z.enum(['warn', 'error']),
  message: z.string().max(2000),
});
export type DiagnosticEntry = z.infer<typeof DiagnosticEntrySchema>;

/** What "Copy diagnostics" copies: never article text, titles or addresses of what was read. */
export const DiagnosticsSchema = z.object({
  generatedAt: Timestamp,
  /** App, Electron, Chromium, Node, SQLite, OS: whatever the running shell knows. */
  versions: z.record(z.string(), z.string()),
  data: z.object({
    databaseBytes: z.number().int().nonnegative(),
    imagesBytes: z.number().int().nonnegative(),
    backupsBytes: z.number().int().nonnegative(),
    sources: z.number().int().nonnegative(),
    articles: z.number().int().nonnegative(),
    bookmarked: z.number().int().nonnegative(),
    saved: z.number().int().nonnegative(),
    images: z.number().int().nonnegative(),
    schemaVersion: z.number().int().nonnegative(),
  }),
  recentErrors: z.array(DiagnosticEntrySchema),
  /** All of the above as plain text, ready for a bug report. */
  text: z.string(),
});
export type Diagnostics = z.infer<typeof DiagnosticsSchema>;
