// Retention: when the reader asks for it, feed articles older than N days go.
// Age is counted from when Broadsheet first saw an article, not the date the
// publisher printed, so a feed with wrong or missing dates never loses what
// just arrived. Never removed: bookmarked articles, saved pages, and whatever
// the feed's latest document still lists (it would only come straight back).
// Removed articles' keys are remembered so a feed that lists them again later
// does not bring them back as new.
import type { Database } from './database.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** With retention off nothing new is removed; keys remembered from when it was on are kept this long. */
const PRUNED_KEYS_WITHOUT_RETENTION_DAYS = 365;

export interface PruneResult {
  /** How many articles were removed. */
  removed: number;
  /** The feeds that lost articles. */
  sourceIds: number[];
  /** Images the removed articles used; delete those nothing else uses. */
  images: string[];
}

/**
 * Removes feed articles past `retentionDays` (0: keep everything), and forgets
 * the keys of articles removed long ago. Call inside a transaction.
 */
export function pruneOldArticles(db: Database, retentionDays: number, now: Date): PruneResult {
  forgetOldPrunedKeys(db, retentionDays, now);
  if (retentionDays <= 0) return { removed: 0, sourceIds: [], images: [] };
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const doomed = db.sql
    .prepare(
      `SELECT a.id, a.source_id, a.dedupe_key, a.guid, a.url
       FROM articles a JOIN sources s ON s.id = a.source_id
       WHERE a.first_seen_at < ? AND a.bookmarked = 0 AND a.saved = 0
         AND a.id NOT IN (SELECT value FROM json_each(COALESCE(s.latest_article_ids, '[]')))`,
    )
    .all(cutoff) as unknown as Array<{ id: number; source_id: number; dedupe_key: string; guid: string | null; url: string | null }>;
  if (doomed.length === 0) return { removed: 0, sourceIds: [], images: [] };

  const ids = JSON.stringify(doomed.map((row) => row.id));
  const images = db.sql
    .prepare('SELECT DISTINCT asset_name FROM article_assets WHERE article_id IN (SELECT value FROM json_each(?))')
    .all(ids) as unknown as Array<{ asset_name: string }>;
  const remember = db.sql.prepare('INSERT OR IGNORE INTO pruned_articles (source_id, dedupe_key, pruned_at) VALUES (?, ?, ?)');
  const nowIso = now.toISOString();
  for (const row of doomed) {
    // The key it was stored under, and the one the feed would give it now
    // (a stored key can be a fallback when several items shared a link).
    remember.run(row.source_id, row.dedupe_key, nowIso);
    const natural = row.guid !== null ? `guid:${row.guid}` : row.url !== null ? `url:${row.url}` : null;
    if (natural !== null && natural !== row.dedupe_key) remember.run(row.source_id, natural, nowIso);
  }
  db.sql.prepare('DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?))').run(ids);
  return {
    removed: doomed.length,
    sourceIds: [...new Set(doomed.map((row) => row.source_id))],
    images: images.map((row) => row.asset_name),
  };
}

/**
 * Forgets what was removed more than twice the retention period ago (a year
 * when retention is off): feeds stop listing an item long before then, so
 * the list of removed keys does not grow forever.
 */
export function forgetOldPrunedKeys(db: Database, retentionDays: number, now: Date): number {
  const keepDays = retentionDays > 0 ? 2 * retentionDays : PRUNED_KEYS_WITHOUT_RETENTION_DAYS;
  const before = new Date(now.getTime() - keepDays * DAY_MS).toISOString();
  return Number(db.sql.prepare('DELETE FROM pruned_articles WHERE pruned_at < ?').run(before).changes);
}
