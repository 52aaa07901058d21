// Typed access to the articles table: merging what a feed delivered into what
// is stored (deduplicated, state kept), paging, and read/bookmark state.
import type { ArticlePage, ArticleQuery, Article, ArticleSummary } from '../../shared/models.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Database } from './database.ts';

/** An item ready to store: HTML already sanitised, text and excerpt derived. */
export interface IncomingArticle {
  guid: string | null;
  url: string | null;
  title: string;
  author: string | null;
  contentHtml: string;
  text: string;
  excerpt: string;
  contentHash: string;
  /** The publisher's date (ISO UTC), or null when the feed gives none. */
  publishedAt: string | null;
}

export interface MergeResult {
  inserted: number;
  updated: number;
}

interface ExistingRow {
  id: number;
  guid: string | null;
  url: string | null;
  title: string;
  author: string | null;
  content_hash: string;
  published_at: string;
}

/**
 * Merges a feed's items into the source's articles. An item is the same
 * article as a stored one when the guid matches, else the link, else the
 * content hash; a changed item is updated in place and keeps its read and
 * bookmark state. Call inside a transaction.
 */
export function mergeArticles(db: Database, sourceId: number, items: readonly IncomingArticle[], now: string): MergeResult {
  const columns = 'id, guid, url, title, author, content_hash, published_at';
  const byGuid = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND guid = ?`);
  // An item with a guid only matches a link-identified article that has no guid of
  // its own; feeds that point every item at their home page must not merge them.
  const byUrlForGuid = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND url = ? AND guid IS NULL`);
  const byUrl = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND url = ?`);
  const byHash = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND content_hash = ?`);
  const insert = db.sql.prepare(
    `INSERT INTO articles (source_id, dedupe_key, guid, url, title, author, excerpt, content_html, text, content_hash,
                           published_at, first_seen_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source_id, dedupe_key) DO NOTHING`,
  );
  const update = db.sql.prepare(
    `UPDATE articles SET guid = COALESCE(guid, ?), url = COALESCE(?, url), title = ?, author = ?, excerpt = ?, content_html = ?,
                         text = ?, content_hash = ?, published_at = ?, updated_at = ?
     WHERE id = ?`,
  );

  const result: MergeResult = { inserted: 0, updated: 0 };
  // Rows already matched by an earlier item of this same delivery: a second item
  // must not overwrite them (feeds that repeat one link for several items).
  const matched = new Set<number>();
  const fresh = (row: unknown): ExistingRow | undefined => {
    const found = row as ExistingRow | undefined;
    return found && !matched.has(found.id) ? found : undefined;
  };
  for (const item of items) {
    let existing: ExistingRow | undefined;
    let key: string;
    if (item.guid !== null) {
      const sameGuid = byGuid.get(sourceId, item.guid) as ExistingRow | undefined;
      // The same guid twice in one delivery is one item listed twice.
      if (sameGuid && matched.has(sameGuid.id)) continue;
      existing = sameGuid;
      if (!existing && item.url !== null) existing = fresh(byUrlForGuid.get(sourceId, item.url));
      key = `guid:${item.guid}`;
    } else {
      if (item.url !== null) existing = fresh(byUrl.get(sourceId, item.url));
      existing ??= fresh(byHash.get(sourceId, item.contentHash));
      key = item.url !== null ? `url:${item.url}` : `hash:${item.contentHash}`;
    }

    if (!existing) {
      const publishedAt = item.publishedAt ?? now;
      const insertWith = (dedupeKey: string) =>
        insert.run(
          sourceId, dedupeKey, item.guid, item.url, item.title, item.author, item.excerpt, item.contentHtml, item.text,
          item.contentHash, publishedAt, now, now,
        );
      let run = insertWith(key);
      // The key can be taken when several items of one delivery share a link.
      if (run.changes === 0 && !key.startsWith('hash:')) run = insertWith(`hash:${item.contentHash}`);
      if (run.changes > 0) {
        result.inserted += 1;
        matched.add(Number(run.lastInsertRowid));
      }
      continue;
    }
    matched.add(existing.id);

    const publishedAt = item.publishedAt ?? existing.published_at;
    const changed =
      existing.content_hash !== item.contentHash ||
      existing.title !== item.title ||
      (item.url !== null && existing.url !== item.url) ||
      existing.author !== item.author ||
      existing.published_at !== publishedAt ||
      (existing.guid === null && item.guid !== null);
    if (!changed) continue;
    update.run(
      item.guid, item.url, item.title, item.author, item.excerpt, item.contentHtml, item.text, item.contentHash,
      publishedAt, now, existing.id,
    );
    result.updated += 1;
  }
  return result;
}

interface SummaryRow {
  id: number;
  source_id: number;
  source_title: string;
  title: string;
  url: string | null;
  author: string | null;
  published_at: string;
  excerpt: string;
  read: number;
  bookmarked: number;
}

interface ArticleRow extends SummaryRow {
  content_html: string;
  source_site_url: string | null;
}

const SUMMARY_COLUMNS = `a.id, a.source_id, COALESCE(s.custom_title, s.title) AS source_title, a.title, a.url, a.author,
  a.published_at, a.excerpt, a.read, a.bookmarked`;

function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceTitle: row.source_title,
    title: row.title,
    url: row.url,
    author: row.author,
    publishedAt: row.published_at,
    excerpt: row.excerpt,
    read: row.read === 1,
    bookmarked: row.bookmarked === 1,
  };
}

/** Newest first by (published_at, id); `nextCursor` is null on the last page. */
export function listArticles(db: Database, query: ArticleQuery): ArticlePage {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.view === 'unread') where.push('a.read = 0');
  if (query.view === 'bookmarked') where.push('a.bookmarked = 1');
  if (query.sourceId !== undefined) {
    where.push('a.source_id = ?');
    params.push(query.sourceId);
  }
  if (query.cursor !== undefined) {
    const key = decodeCursor(query.cursor);
    where.push('(a.published_at < ? OR (a.published_at = ? AND a.id < ?))');
    params.push(key.publishedAt, key.publishedAt, key.id);
  }
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY a.published_at DESC, a.id DESC LIMIT ?`;
  // One row more than asked says whether another page exists without a COUNT.
  const rows = db.sql.prepare(sql).all(...params, query.limit + 1) as unknown as SummaryRow[];
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ publishedAt: last.published_at, id: last.id }) : null,
  };
}

export function getArticle(db: Database, id: number): Article | null {
  const row = db.sql
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, a.content_html, s.site_url AS source_site_url
       FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?`,
    )
    .get(id) as ArticleRow | undefined;
  if (!row) return null;
  return { ...toSummary(row), contentHtml: row.content_html, sourceSiteUrl: row.source_site_url };
}

/** Marks the articles read or unread; returns the sources whose articles changed. */
export function setRead(db: Database, ids: readonly number[], read: boolean): number[] {
  const rows = db.sql
    .prepare(
      `UPDATE articles SET read = ? WHERE read <> ? AND id IN (SELECT value FROM json_each(?))
       RETURNING source_id`,
    )
    .all(read ? 1 : 0, read ? 1 : 0, JSON.stringify(ids)) as unknown as Array<{ source_id: number }>;
  return [...new Set(rows.map((r) => r.source_id))];
}

/** Returns the article's source, or null when there is no such article. */
export function setBookmarked(db: Database, id: number, on: boolean, now: string): number | null {
  const row = db.sql
    .prepare(
      `UPDATE articles SET bookmarked = ?, bookmarked_at = CASE WHEN ? THEN COALESCE(bookmarked_at, ?) ELSE NULL END
       WHERE id = ? RETURNING source_id`,
    )
    .get(on ? 1 : 0, on ? 1 : 0, now, id) as { source_id: number } | undefined;
  return row?.source_id ?? null;
}

/** Full-text search over titles and text, best match first. */
export function searchArticleIds(db: Database, match: string, limit: number): number[] {
  const rows = db.sql
    .prepare('SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?')
    .all(match, limit) as unknown as Array<{ id: number }>;
  return rows.map((r) => r.id);
}
