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
}

/** What the refresher needs to ask the server only for what changed. */
export interface SourceFetchState {
  id: number;
  feedUrl: string;
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: string | null;
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
  const result = db.sql
    .prepare(
      `INSERT INTO sources (kind, title, feed_url, site_url, description, etag, last_modified, last_fetched_at, created_at)
       VALUES ('feed', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      source.title,
      source.feedUrl,
      source.siteUrl,
      source.description,
      source.etag,
      source.lastModified,
      source.lastFetchedAt,
      source.createdAt,
    );
  return Number(result.lastInsertRowid);
}

/** Deletes the source; its articles go with it (ON DELETE CASCADE). Returns whether it existed. */
export function deleteSource(db: Database, id: number): boolean {
  return db.sql.prepare('DELETE FROM sources WHERE id = ?').run(id).changes > 0;
}

export function listFetchStates(db: Database): SourceFetchState[] {
  const rows = db.sql
    .prepare('SELECT id, feed_url, etag, last_modified, last_fetched_at FROM sources ORDER BY id')
    .all() as unknown as FetchStateRow[];
  return rows.map(toFetchState);
}

interface FetchStateRow {
  id: number;
  feed_url: string;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: string | null;
}

function toFetchState(r: FetchStateRow): SourceFetchState {
  return { id: r.id, feedUrl: r.feed_url, etag: r.etag, lastModified: r.last_modified, lastFetchedAt: r.last_fetched_at };
}

export function getFetchState(db: Database, id: number): SourceFetchState | null {
  const row = db.sql
    .prepare('SELECT id, feed_url, etag, last_modified, last_fetched_at FROM sources WHERE id = ?')
    .get(id) as FetchStateRow | undefined;
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
}

/** Records a successful fetch: fresh metadata, validators for the next conditional GET, no error. */
export function recordFetchSuccess(db: Database, id: number, update: FetchSuccess): void {
  db.sql
    .prepare(
      `UPDATE sources SET title = COALESCE(?, title), site_url = ?, description = ?, etag = ?, last_modified = ?,
              last_fetched_at = ?, last_error = NULL
       WHERE id = ?`,
    )
    .run(update.title, update.siteUrl, update.description, update.etag, update.lastModified, update.fetchedAt, id);
}

/** The server said nothing changed (304). */
export function recordNotModified(db: Database, id: number, fetchedAt: string): void {
  db.sql.prepare('UPDATE sources SET last_fetched_at = ?, last_error = NULL WHERE id = ?').run(fetchedAt, id);
}

export function recordFetchFailure(db: Database, id: number, message: string): void {
  db.sql.prepare('UPDATE sources SET last_error = ? WHERE id = ?').run(message, id);
}
