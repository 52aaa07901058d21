// Typed access to the sources table. Counts are computed here so every front
// end sees the same numbers the database holds.
import type { Source, SourceStatus } from '../../shared/models.ts';
import { assetUrl } from '../articles/asset-store.ts';
import type { Database } from './database.ts';

export interface NewSource {
  title: string;
  feedUrl: string;
  siteUrl: string | null;
  description: string | null;
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: string | null;
  createdAt: string;
  /** The folder to file it in; absent or null: the top level. */
  folderId?: number | null;
  /** The reader's own name for it; absent or null: the feed's title. */
  customTitle?: string | null;
  /** Absent: typed by the reader. */
  addedBy?: AddedBy;
}

/**
 * Who chose the feed's address: the reader (`typed`), an OPML file they
 * imported, or the server of a typed feed that moved for good to another host
 * (`moved`). Only a typed address may be on this computer or the LAN; the
 * others are held to public addresses until the reader types them.
 */
export type AddedBy = 'typed' | 'imported' | 'moved';

/** What the refresher needs to ask the server only for what changed, and to know when to ask. */
export interface SourceFetchState {
  id: number;
  feedUrl: string;
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: string | null;
  status: SourceStatus;
  /** null follows the global setting; 0 never automatically. */
  refreshIntervalMinutes: number | null;
  lastAttemptAt: string | null;
  failureCount: number;
  /** The server's Retry-After, as a time. */
  retryAfter: string | null;
  /** The last response's Cache-Control max-age or Expires, as a time. */
  freshUntil: string | null;
  bodyHash: string | null;
  addedBy: AddedBy;
}

interface SourceRow {
  id: number;
  title: string;
  feed_title: string;
  feed_url: string;
  site_url: string | null;
  description: string | null;
  folder_id: number | null;
  icon_asset: string | null;
  refresh_interval_minutes: number | null;
  status: SourceStatus;
  last_fetched_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  not_before: string | null;
  created_at: string;
  unread_count: number;
  article_count: number;
}

const SELECT_SOURCE = `
  SELECT s.id, COALESCE(s.custom_title, s.title) AS title, s.title AS feed_title, s.feed_url, s.site_url, s.description,
         s.folder_id, s.icon_asset, s.refresh_interval_minutes, s.status,
         s.last_fetched_at, s.last_error, s.last_error_at, s.not_before, s.created_at,
         (SELECT COUNT(*) FROM articles a WHERE a.source_id = s.id AND a.read = 0) AS unread_count,
         (SELECT COUNT(*) FROM articles a WHERE a.source_id = s.id) AS article_count
  FROM sources s`;

function toSource(row: SourceRow): Source {
  return {
    id: row.id,
    kind: 'feed',
    title: row.title,
    feedTitle: row.feed_title,
    feedUrl: row.feed_url,
    siteUrl: row.site_url,
    description: row.description,
    folderId: row.folder_id,
    iconUrl: row.icon_asset === null ? null : assetUrl(row.icon_asset),
    refreshIntervalMinutes: row.refresh_interval_minutes,
    status: row.status,
    unreadCount: row.unread_count,
    articleCount: row.article_count,
    lastFetchedAt: row.last_fetched_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    // The refresh engine keeps not_before up to date with the interval, Cache-Control and Retry-After.
    nextRefreshAt: row.not_before,
    createdAt: row.created_at,
  };
}

export function listSources(db: Database): Source[] {
  const rows = db.sql.prepare(`${SELECT_SOURCE} ORDER BY title COLLATE NOCASE, s.id`).all() as unknown as SourceRow[];
  return rows.map(toSource);
}

export function getSource(db: Database, id: number): Source | null {
  const row = db.sql.prepare(`${SELECT_SOURCE} WHERE s.id = ?`).get(id) as SourceRow | undefined;
  return row ? toSource(row) : null;
}

export function findSourceIdByFeedUrl(db: Database, feedUrl: string): number | null {
  const row = db.sql.prepare('SELECT id FROM sources WHERE feed_url = ?').get(feedUrl) as { id: number } | undefined;
  return row?.id ?? null;
}

export function insertSource(db: Database, source: NewSource): number {
  return sourceInserter(db)(source);
}

/** insertSource with the statement prepared once, for adding many feeds (an OPML import). */
export function sourceInserter(db: Database): (source: NewSource) => number {
  const statement = db.sql.prepare(
    `INSERT INTO sources (kind, title, feed_url, site_url, description, etag, last_modified, last_fetched_at, created_at,
                          folder_id, custom_title, added_by)
     VALUES ('feed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (source) => {
    const result = statement.run(
      source.title,
      source.feedUrl,
      source.siteUrl,
      source.description,
      source.etag,
      source.lastModified,
      source.lastFetchedAt,
      source.createdAt,
      source.folderId ?? null,
      source.customTitle ?? null,
      source.addedBy ?? 'typed',
    );
    return Number(result.lastInsertRowid);
  };
}

/** Deletes the source; its articles go with it (ON DELETE CASCADE). Returns whether it existed. */
export function deleteSource(db: Database, id: number): boolean {
  return db.sql.prepare('DELETE FROM sources WHERE id = ?').run(id).changes > 0;
}

const FETCH_STATE_COLUMNS = `id, feed_url, etag, last_modified, last_fetched_at, status, refresh_interval_minutes,
  last_attempt_at, failure_count, retry_after, fresh_until, body_hash, added_by`;

export function listFetchStates(db: Database): SourceFetchState[] {
  const rows = db.sql.prepare(`SELECT ${FETCH_STATE_COLUMNS} FROM sources ORDER BY id`).all() as unknown as FetchStateRow[];
  return rows.map(toFetchState);
}

interface FetchStateRow {
  id: number;
  feed_url: string;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: string | null;
  status: SourceStatus;
  refresh_interval_minutes: number | null;
  last_attempt_at: string | null;
  failure_count: number;
  retry_after: string | null;
  fresh_until: string | null;
  body_hash: string | null;
  added_by: AddedBy;
}

function toFetchState(r: FetchStateRow): SourceFetchState {
  return {
    id: r.id,
    feedUrl: r.feed_url,
    etag: r.etag,
    lastModified: r.last_modified,
    lastFetchedAt: r.last_fetched_at,
    status: r.status,
    refreshIntervalMinutes: r.refresh_interval_minutes,
    lastAttemptAt: r.last_attempt_at,
    failureCount: r.failure_count,
    retryAfter: r.retry_after,
    freshUntil: r.fresh_until,
    bodyHash: r.body_hash,
    addedBy: r.added_by,
  };
}

export function getFetchState(db: Database, id: number): SourceFetchState | null {
  const row = db.sql.prepare(`SELECT ${FETCH_STATE_COLUMNS} FROM sources WHERE id = ?`).get(id) as FetchStateRow | undefined;
  return row ? toFetchState(row) : null;
}

export interface FetchSuccess {
  /** null keeps the title the source has. */
  title: string | null;
  siteUrl: string | null;
  description: string | null;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: string;
  bodyHash: string;
  freshUntil: string | null;
  /** When the next automatic refresh will happen (null: never). */
  nextRefreshAt: string | null;
}

/** Records a successful fetch: fresh metadata, validators and body hash for the next refresh, no error. */
export function recordFetchSuccess(db: Database, id: number, update: FetchSuccess): void {
  db.sql
    .prepare(
      `UPDATE sources SET title = COALESCE(?, title), site_url = ?, description = ?, etag = ?, last_modified = ?,
              last_fetched_at = ?, last_attempt_at = ?, body_hash = ?, fresh_until = ?, not_before = ?,
              status = 'ok', failure_count = 0, retry_after = NULL,
              last_error = NULL, last_error_at = NULL
       WHERE id = ?`,
    )
    .run(
      update.title, update.siteUrl, update.description, update.etag, update.lastModified, update.fetchedAt,
      update.fetchedAt, update.bodyHash, update.freshUntil, update.nextRefreshAt, id,
    );
}

/** Remembers which articles the feed's latest document lists: retention keeps those. */
export function recordLatestArticles(db: Database, id: number, articleIds: readonly number[]): void {
  db.sql.prepare('UPDATE sources SET latest_article_ids = ? WHERE id = ?').run(JSON.stringify(articleIds), id);
}

export interface NotModified {
  fetchedAt: string;
  /** New validators, when the answer carried any; null keeps the stored ones. */
  etag: string | null;
  lastModified: string | null;
  freshUntil: string | null;
  nextRefreshAt: string | null;
}

/** The server said nothing changed (304), or sent the very body already stored: one small write, no articles touched. */
export function recordNotModified(db: Database, id: number, update: NotModified): void {
  db.sql
    .prepare(
      `UPDATE sources SET etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), last_fetched_at = ?,
              last_attempt_at = ?, fresh_until = ?, not_before = ?, status = 'ok', failure_count = 0,
              retry_after = NULL, last_error = NULL, last_error_at = NULL
       WHERE id = ?`,
    )
    .run(update.etag, update.lastModified, update.fetchedAt, update.fetchedAt, update.freshUntil, update.nextRefreshAt, id);
}

export interface FetchFailure {
  /** In plain words, shown with the feed. */
  message: string;
  at: string;
  /** The publisher removed the feed (410): automatic refreshes stop. */
  gone: boolean;
  /** The server's Retry-After (429, 503), as a time. */
  retryAfter: string | null;
  nextRefreshAt: string | null;
  /** Counts toward backing off (false when no server answered at all). */
  backOff: boolean;
}

/** Records a failed refresh; what was stored (articles, validators, the last success) stays as it was. */
export function recordFetchFailure(db: Database, id: number, failure: FetchFailure): void {
  db.sql
    .prepare(
      `UPDATE sources SET status = ?, last_error = ?, last_error_at = ?, last_attempt_at = ?,
              failure_count = failure_count + ?, retry_after = ?, not_before = ?
       WHERE id = ?`,
    )
    .run(
      failure.gone ? 'gone' : 'error', failure.message, failure.at, failure.at, failure.backOff ? 1 : 0, failure.retryAfter,
      failure.nextRefreshAt, id,
    );
}

/**
 * Moves a feed to the address it permanently redirected to, unless another
 * source already has that address (then it keeps its own). Returns whether it moved.
 */
export function moveFeedUrl(db: Database, id: number, feedUrl: string, addedBy: AddedBy): boolean {
  return (
    db.sql
      .prepare(
        'UPDATE sources SET feed_url = ?, added_by = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM sources WHERE feed_url = ? AND id <> ?)',
      )
      .run(feedUrl, addedBy, id, feedUrl, id).changes > 0
  );
}

/** The reader typed the address of a feed that came from a file: it is theirs now. Returns whether it changed. */
export function markTyped(db: Database, id: number): boolean {
  return db.sql.prepare("UPDATE sources SET added_by = 'typed' WHERE id = ? AND added_by <> 'typed'").run(id).changes > 0;
}

/** Stores when each feed's next automatic refresh will happen (after an interval changed). */
export function setNextRefreshTimes(db: Database, times: ReadonlyArray<{ id: number; nextRefreshAt: string | null }>): void {
  const update = db.sql.prepare('UPDATE sources SET not_before = ? WHERE id = ? AND not_before IS NOT ?');
  for (const { id, nextRefreshAt } of times) update.run(nextRefreshAt, id, nextRefreshAt);
}

// Feed settings and OPML ------------------------------------------------------------

export interface SourceSettingsChange {
  /** null: back to the feed's own title. */
  customTitle?: string | null;
  /** null: the top level. */
  folderId?: number | null;
  /** null follows the global setting; 0 never refreshes automatically. */
  refreshIntervalMinutes?: number | null;
}

/** Changes the reader's settings for a feed; absent fields stay as they are. Returns whether the feed exists. */
export function updateSourceSettings(db: Database, id: number, change: SourceSettingsChange): boolean {
  const assignments: string[] = [];
  const values: Array<string | number | null> = [];
  if (change.customTitle !== undefined) {
    assignments.push('custom_title = ?');
    values.push(change.customTitle);
  }
  if (change.folderId !== undefined) {
    assignments.push('folder_id = ?');
    values.push(change.folderId);
  }
  if (change.refreshIntervalMinutes !== undefined) {
    assignments.push('refresh_interval_minutes = ?');
    values.push(change.refreshIntervalMinutes);
  }
  if (assignments.length === 0) return db.sql.prepare('SELECT 1 AS found FROM sources WHERE id = ?').get(id) !== undefined;
  return db.sql.prepare(`UPDATE sources SET ${assignments.join(', ')} WHERE id = ?`).run(...values, id).changes > 0;
}

/** The feed's own title, for telling a rename from going back to it; null when there is no such feed. */
export function getFeedTitle(db: Database, id: number): string | null {
  const row = db.sql.prepare('SELECT title FROM sources WHERE id = ?').get(id) as { title: string } | undefined;
  return row?.title ?? null;
}

/** Every followed feed address, to skip those an OPML file lists again. */
export function listFeedUrls(db: Database): Set<string> {
  const rows = db.sql.prepare('SELECT feed_url FROM sources').all() as unknown as Array<{ feed_url: string }>;
  return new Set(rows.map((r) => r.feed_url));
}

// Site icons ------------------------------------------------------------------

/** A source whose site icon is still to be looked for. */
export interface IconWanted {
  id: number;
  feedUrl: string;
  siteUrl: string | null;
}

/**
 * Of `ids`, the sources with no icon that were never looked for one, or not
 * since `recheckBefore` (a site may add an icon later). Feeds whose last
 * refresh failed wait: their site is likely down (or the computer offline) too.
 */
export function listSourcesNeedingIcon(db: Database, ids: readonly number[], recheckBefore: string): IconWanted[] {
  if (ids.length === 0) return [];
  const rows = db.sql
    .prepare(
      `SELECT id, feed_url, site_url FROM sources
       WHERE id IN (SELECT value FROM json_each(?)) AND icon_asset IS NULL AND status = 'ok'
         AND (icon_checked_at IS NULL OR icon_checked_at < ?)
       ORDER BY id`,
    )
    .all(JSON.stringify([...ids]), recheckBefore) as unknown as Array<{ id: number; feed_url: string; site_url: string | null }>;
  return rows.map((r) => ({ id: r.id, feedUrl: r.feed_url, siteUrl: r.site_url }));
}

/** Records that the source's icon was looked for, and what was found (null: none). Returns false when the source is gone. */
export function recordIcon(db: Database, id: number, assetName: string | null, checkedAt: string): boolean {
  return db.sql.prepare('UPDATE sources SET icon_asset = ?, icon_checked_at = ? WHERE id = ?').run(assetName, checkedAt, id).changes > 0;
}
