// The data that crosses the contract. Every shape is a zod schema so both ends
// of every boundary validate against the same definition; the TypeScript types
// are inferred from them and never written a second time.
import { z } from 'zod';

export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** ISO 8601 UTC timestamp, e.g. 2026-11-24T21:02:00.000Z */
export const Timestamp = z.string().max(40);

export const SourceSchema = z.object({
  id: Id,
  kind: z.literal('feed'),
  title: z.string(),
  feedUrl: z.string(),
  siteUrl: z.string().nullable(),
  description: z.string().nullable(),
  unreadCount: z.number().int().nonnegative(),
  articleCount: z.number().int().nonnegative(),
  lastFetchedAt: Timestamp.nullable(),
  /** Plain-words description of the last refresh failure, null when the last refresh worked. */
  lastError: z.string().nullable(),
  createdAt: Timestamp,
});
export type Source = z.infer<typeof SourceSchema>;

export const ArticleSummarySchema = z.object({
  id: Id,
  sourceId: Id,
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
});
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;

export const ArticleSchema = ArticleSummarySchema.extend({
  /** Sanitised HTML, safe to place in the reader. */
  contentHtml: z.string(),
  sourceSiteUrl: z.string().nullable(),
});
export type Article = z.infer<typeof ArticleSchema>;

export const ViewSchema = z.enum(['all', 'unread', 'bookmarked']);
export type View = z.infer<typeof ViewSchema>;

export const ArticleQuerySchema = z.object({
  view: ViewSchema,
  sourceId: Id.optional(),
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

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

export const SettingsSchema = z.object({
  theme: ThemeSchema,
  /** Minutes between automatic refreshes; 0 turns automatic refresh off. */
  refreshIntervalMinutes: z.number().int().min(0).max(24 * 60),
  markReadOnOpen: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  refreshIntervalMinutes: 30,
  markReadOnOpen: true,
};

export const RefreshResultSchema = z.object({
  sources: z.number().int().nonnegative(),
  newArticles: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
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
});
export type RefreshProgress = z.infer<typeof RefreshProgressSchema>;

export const LibraryChangedSchema = z.object({
  reason: z.enum(['sources', 'articles', 'read', 'bookmarks', 'settings']),
  sourceIds: z.array(Id),
});
export type LibraryChanged = z.infer<typeof LibraryChangedSchema>;

/** Commands that come from outside the page (the application menu), for the renderer to carry out. */
export const AppCommandSchema = z.object({
  command: z.enum(['add-feed', 'refresh-all', 'toggle-bookmark', 'mark-read', 'mark-unread']),
});
export type AppCommand = z.infer<typeof AppCommandSchema>;
