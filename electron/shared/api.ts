// The one contract between every front end (Electron renderer, web host, CLI)
// and the core library. Each method is declared once here, with the schema of
// its arguments and of its result; the `Api` type, the IPC channel names and
// the HTTP routes are all derived from this table.
import { z } from 'zod';
import {
  AppCommandSchema,
  ArticlePageSchema,
  ArticleQuerySchema,
  ArticleSchema,
  AddFeedOptionsSchema,
  ArticleSummarySchema,
  BackupInfoSchema,
  DiagnosticsSchema,
  NoticeIdSchema,
  NoticeSchema,
  NoticesChangedSchema,
  DiscoveryResultSchema,
  FolderPatchSchema,
  FolderSchema,
  MAX_OPML_CHARS,
  NewFolderSchema,
  OpmlImportSchema,
  OpmlImportSummarySchema,
  SourcePatchSchema,
  DownloadProgressSchema,
  ExportFileSchema,
  ExportRequestSchema,
  Id,
  ImportHtmlSchema,
  MAX_IMPORT_HTML_CHARS,
  LibraryChangedSchema,
  MarkAllReadSchema,
  SearchQuerySchema,
  SearchResultSchema,
  ViewCountsSchema,
  RefreshProgressSchema,
  RefreshResultSchema,
  SettingsPatchSchema,
  SettingsSchema,
  SourceSchema,
} from './models.ts';

/** An address typed by a person: trimmed, bounded; the core decides whether it is usable. */
const Address = z.string().trim().min(1, 'Enter a feed address.').max(2048, 'That address is too long.');

export const methods = {
  listSources: { args: z.tuple([]), result: z.array(SourceSchema) },
  /** Finds the feeds behind any address (a feed, a home page, an article, a bare domain), with a preview of each. */
  discoverFeeds: { args: z.tuple([Address]), result: DiscoveryResultSchema },
  addFeed: { args: z.tuple([Address, AddFeedOptionsSchema.optional()]), result: SourceSchema },
  /** Renames a feed, files it in a folder, or sets its own refresh interval. */
  updateSource: { args: z.tuple([Id, SourcePatchSchema]), result: SourceSchema },
  removeSource: { args: z.tuple([Id]), result: z.null() },
  listFolders: { args: z.tuple([]), result: z.array(FolderSchema) },
  createFolder: { args: z.tuple([NewFolderSchema]), result: FolderSchema },
  updateFolder: { args: z.tuple([Id, FolderPatchSchema]), result: FolderSchema },
  /** Deletes a folder; its feeds and folders move up to where it was. Nothing is unsubscribed. */
  deleteFolder: { args: z.tuple([Id]), result: z.null() },
  /** Subscribes to every feed in an OPML file, folders included; the new feeds are then refreshed in the background. */
  importOpml: { args: z.tuple([OpmlImportSchema]), result: OpmlImportSummarySchema, maxBytes: MAX_OPML_CHARS * 4 },
  /** Every subscription, in its folders, as OPML 2.0. */
  exportOpml: { args: z.tuple([]), result: ExportFileSchema },
  listArticles: { args: z.tuple([ArticleQuerySchema]), result: ArticlePageSchema },
  getArticle: { args: z.tuple([Id]), result: ArticleSchema },
  /** Up to 200,000 ids, so "mark all read" can be undone in one call. */
  setRead: { args: z.tuple([z.array(Id).min(1).max(200_000), z.boolean()]), result: z.null(), maxBytes: 4 * 1024 * 1024 },
  /** Marks every unread article in a view (or feed) read; returns their ids so it can be undone with setRead. */
  markAllRead: { args: z.tuple([MarkAllReadSchema]), result: z.object({ ids: z.array(Id) }) },
  /** Unread and total counts for the views, cheap enough to ask after every change. */
  getCounts: { args: z.tuple([]), result: ViewCountsSchema },
  search: { args: z.tuple([SearchQuerySchema]), result: SearchResultSchema },
  setReadingProgress: { args: z.tuple([Id, z.number().min(0).max(1)]), result: z.null() },
  setBookmarked: { args: z.tuple([Id, z.boolean()]), result: z.null() },
  /** Refreshes one source, or every source when called without an id. */
  refresh: { args: z.tuple([Id.optional()]), result: RefreshResultSchema },
  /** Saves any page to read later: fetched, extracted and stored with its images. */
  saveUrl: { args: z.tuple([Address]), result: ArticleSummarySchema },
  /** Saves a page from an HTML file the reader already has (a browser's "Save page as"). */
  importHtml: { args: z.tuple([ImportHtmlSchema]), result: ArticleSummarySchema, maxBytes: MAX_IMPORT_HTML_CHARS * 4 },
  setArchived: { args: z.tuple([Id, z.boolean()]), result: z.null() },
  /** Downloads (again) an article's full text and images; resolves when it is stored or has failed. */
  downloadArticle: { args: z.tuple([Id]), result: ArticleSummarySchema },
  exportArticles: { args: z.tuple([ExportRequestSchema]), result: ExportFileSchema },
  createBackup: { args: z.tuple([]), result: BackupInfoSchema },
  listBackups: { args: z.tuple([]), result: z.array(BackupInfoSchema) },
  /** Replaces the library with a backup's; the library as it was is kept aside first, never deleted. */
  restoreBackup: { args: z.tuple([z.string().min(1).max(200)]), result: z.null() },
  /** What the reader must be told (a damaged library set aside, settings reset, a full disk), newest first. */
  getNotices: { args: z.tuple([]), result: z.array(NoticeSchema) },
  dismissNotice: { args: z.tuple([NoticeIdSchema]), result: z.null() },
  /** Versions, data sizes and recent errors for a bug report; never article content. */
  getDiagnostics: { args: z.tuple([]), result: DiagnosticsSchema },
  getSettings: { args: z.tuple([]), result: SettingsSchema },
  updateSettings: { args: z.tuple([SettingsPatchSchema]), result: SettingsSchema },
} as const;

export const events = {
  refreshProgress: RefreshProgressSchema,
  libraryChanged: LibraryChangedSchema,
  downloadProgress: DownloadProgressSchema,
  noticesChanged: NoticesChangedSchema,
  /** Sent by the Electron shell's menu; the web host never sends it. */
  appCommand: AppCommandSchema,
} as const;

type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodArgs<M extends MethodName> = z.infer<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = z.infer<Methods[M]['result']>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export type Unsubscribe = () => void;

export type ApiMethods = {
  [M in MethodName]: (...args: MethodArgs<M>) => Promise<MethodResult<M>>;
};

export interface ApiEvents {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
}

/** What the renderer sees as `window.broadsheet`, and what the core `Library` implements. */
export type Api = ApiMethods & ApiEvents;

export const methodNames = Object.keys(methods) as MethodName[];

/**
 * Largest request body the web host reads for a method, in bytes. Most calls
 * are tiny; importHtml carries a whole page, whose JSON encoding may be a few
 * times its length in characters.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
export function maxRequestBytes(method: MethodName): number {
  const entry = methods[method] as { maxBytes?: number };
  return entry.maxBytes ?? DEFAULT_MAX_REQUEST_BYTES;
}
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

// Transport names, derived so that no channel or route string is written twice.
export const ipcChannel = (method: MethodName): string => `broadsheet:${method}`;
export const ipcEventChannel = (event: EventName): string => `broadsheet:event:${event}`;
export const HTTP_API_PREFIX = '/api/';
export type HttpMethodPath<M extends MethodName> = `${typeof HTTP_API_PREFIX}${M}`;
export const httpMethodPath = <M extends MethodName>(method: M): HttpMethodPath<M> => `${HTTP_API_PREFIX}${method}`;
export const HTTP_EVENTS_PATH = `${HTTP_API_PREFIX}events` as const;
/** Header that carries the web host's per-launch token. */
export const HTTP_TOKEN_HEADER = 'x-broadsheet-token';
