// Typed access to the articles table: merging what a feed delivered into what
// is stored (deduplicated, state kept), saved pages, downloaded full text and
// the images it uses, paging, and read/bookmark/archive state.
import type {
  ArticlePage,
  ArticleQuery,
  Article,
  ArticleSummary,
  DownloadState,
  View,
  ViewCounts,
} from '../../shared/models.ts';
import { siteHost } from '../feeds/web-address.ts';
import { decodeCursor, encodeCursor, type CursorOrder } from './cursor.ts';
import type { Database } from './database.ts';
import { IN_FOLDER_CONDITION } from './folders-repo.ts';

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
  /** The new articles' ids, so their full text can be fetched. */
  insertedIds: number[];
  /** Every article this delivery lists, new or already stored (what retention must keep). */
  documentIds: number[];
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
 * bookmark state. A guid that changes form (http to https, or to another
 * spelling with the same link and content) still finds its article. An item
 * whose article retention removed stays removed. Call inside a transaction.
 */
export function mergeArticles(db: Database, sourceId: number, items: readonly IncomingArticle[], now: string): MergeResult {
  const columns = 'id, guid, url, title, author, content_hash, published_at';
  const byGuid = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND guid = ?`);
  // An item with a guid only matches a link-identified article that has no guid of
  // its own; feeds that point every item at their home page must not merge them.
  const byUrlForGuid = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND url = ? AND guid IS NULL`);
  const byUrl = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND url = ?`);
  const byHash = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND content_hash = ?`);
  const byGuidForms = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND guid IN (?, ?)`);
  const byUrlForms = db.sql.prepare(`SELECT ${columns} FROM articles WHERE source_id = ? AND url IN (?, ?)`);
  const pruned = db.sql.prepare('SELECT 1 AS found FROM pruned_articles WHERE source_id = ? AND dedupe_key = ?');
  const insert = db.sql.prepare(
    `INSERT INTO articles (source_id, dedupe_key, guid, url, title, author, excerpt, content_html, text, content_hash,
                           published_at, first_seen_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source_id, dedupe_key) DO NOTHING`,
  );
  // Once the full article is stored, the feed's shorter version must not replace
  // it: an edited item updates its title, link and date, and keeps the full text.
  // "Stored" is word_count, not download_state: a re-download that is queued,
  // running, failed or found no article keeps the full text it had.
  const update = db.sql.prepare(
    `UPDATE articles SET guid = COALESCE(?, guid), url = COALESCE(?, url), title = ?, author = COALESCE(?, author),
                         excerpt = CASE WHEN word_count IS NOT NULL THEN excerpt ELSE ? END,
                         content_html = CASE WHEN word_count IS NOT NULL THEN content_html ELSE ? END,
                         text = CASE WHEN word_count IS NOT NULL THEN text ELSE ? END,
                         content_hash = ?, published_at = ?, updated_at = ?
     WHERE id = ?`,
  );

  const result: MergeResult = { inserted: 0, updated: 0, insertedIds: [], documentIds: [] };
  // Rows already matched by an earlier item of this same delivery: a second item
  // must not overwrite them (feeds that repeat one link for several items).
  const matched = new Set<number>();
  const fresh = (row: unknown): ExistingRow | undefined => {
    const found = row as ExistingRow | undefined;
    return found && !matched.has(found.id) ? found : undefined;
  };
  const deliveredGuids = new Set(items.flatMap((item) => (item.guid === null ? [] : [item.guid])));
  // A feed with nothing stored yet (a first refresh) has no older guid forms to look for.
  const hadArticles = db.sql.prepare('SELECT 1 AS found FROM articles WHERE source_id = ? LIMIT 1').get(sourceId) !== undefined;
  /**
   * The stored article a guid item is, when its guid changed form: the other
   * scheme of the same guid, else the same link (either scheme) with the same
   * content, or the same title and date, under a guid this delivery no longer lists.
   */
  const sameUnderOtherGuid = (item: IncomingArticle & { guid: string }): ExistingRow | undefined => {
    const guidForms = byGuidForms.all(sourceId, ...schemeForms(item.guid)) as unknown as ExistingRow[];
    const byOtherScheme = guidForms.find((row) => !matched.has(row.id) && row.guid !== null && !deliveredGuids.has(row.guid));
    if (byOtherScheme || item.url === null) return byOtherScheme;
    const sameLink = byUrlForms.all(sourceId, ...schemeForms(item.url)) as unknown as ExistingRow[];
    return sameLink.find(
      (row) =>
        !matched.has(row.id) &&
        (row.guid === null || !deliveredGuids.has(row.guid)) &&
        (row.content_hash === item.contentHash || (row.title === item.title && row.published_at === item.publishedAt)),
    );
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
      if (!existing && hadArticles) existing = sameUnderOtherGuid({ ...item, guid: item.guid });
      key = `guid:${item.guid}`;
    } else {
      if (item.url !== null) existing = fresh(byUrl.get(sourceId, item.url));
      existing ??= fresh(byHash.get(sourceId, item.contentHash));
      key = item.url !== null ? `url:${item.url}` : `hash:${item.contentHash}`;
    }

    if (!existing) {
      // Removed by retention: it stays removed, even while the feed still lists it, and under its key's other scheme.
      const [kind, value] = [key.slice(0, key.indexOf(':') + 1), key.slice(key.indexOf(':') + 1)];
      if (schemeForms(value).some((form) => pruned.get(sourceId, `${kind}${form}`))) continue;
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
        const id = Number(run.lastInsertRowid);
        result.inserted += 1;
        result.insertedIds.push(id);
        result.documentIds.push(id);
        matched.add(id);
      }
      continue;
    }
    matched.add(existing.id);
    result.documentIds.push(existing.id);

    const publishedAt = item.publishedAt ?? existing.published_at;
    const changed =
      existing.content_hash !== item.contentHash ||
      existing.title !== item.title ||
      (item.url !== null && existing.url !== item.url) ||
      existing.author !== item.author ||
      existing.published_at !== publishedAt ||
      (item.guid !== null && existing.guid !== item.guid);
    if (!changed) continue;
    update.run(
      item.guid, item.url, item.title, item.author, item.excerpt, item.contentHtml, item.text, item.contentHash,
      publishedAt, now, existing.id,
    );
    result.updated += 1;
  }
  return result;
}

/** An address or guid in both schemes, so http:// and https:// spellings of one find each other. */
function schemeForms(value: string): [string, string] {
  if (value.startsWith('http://')) return [value, `https://${value.slice(7)}`];
  if (value.startsWith('https://')) return [value, `http://${value.slice(8)}`];
  return [value, value];
}

export interface SummaryRow {
  id: number;
  source_id: number | null;
  source_title: string | null;
  title: string;
  url: string | null;
  author: string | null;
  published_at: string;
  excerpt: string;
  read: number;
  bookmarked: number;
  saved: number;
  saved_at: string | null;
  archived: number;
  download_state: DownloadState;
  reading_minutes: number | null;
  thumbnail: string | null;
  site_name: string | null;
}

interface ArticleRow extends SummaryRow {
  content_html: string;
  source_site_url: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  lead_image: string | null;
  word_count: number | null;
  download_error: string | null;
  reading_progress: number;
}

export const SUMMARY_COLUMNS = `a.id, a.source_id, COALESCE(s.custom_title, s.title) AS source_title, a.title, a.url, a.author,
  a.published_at, a.excerpt, a.read, a.bookmarked, a.saved, a.saved_at, a.archived, a.download_state, a.reading_minutes,
  a.thumbnail, a.site_name`;

/** Saved pages have no source: they are joined loosely. */
export const FROM_ARTICLES = 'FROM articles a LEFT JOIN sources s ON s.id = a.source_id';

export function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceTitle: row.source_title ?? row.site_name ?? (row.url === null ? null : siteHost(row.url)) ?? 'Saved page',
    title: row.title,
    url: row.url,
    author: row.author,
    publishedAt: row.published_at,
    excerpt: row.excerpt,
    read: row.read === 1,
    bookmarked: row.bookmarked === 1,
    saved: row.saved === 1,
    archived: row.archived === 1,
    download: row.download_state,
    readingMinutes: row.reading_minutes,
    thumbnailUrl: row.thumbnail,
  };
}

/**
 * One page of a view. Feed views run newest first by (published_at, id); the
 * saved and archive views by when the page was saved. Archived pages are done
 * with, so they leave All and Unread (Bookmarks still shows them). `nextCursor`
 * is null on the last page.
 */
export function listArticles(db: Database, query: ArticleQuery): ArticlePage {
  const where = viewConditions(query.view);
  const params: Array<string | number> = [];
  const bySaved = query.view === 'saved' || query.view === 'archive';
  const oldest = query.order === 'oldest';
  const order: CursorOrder = `${bySaved ? 'saved' : 'published'}${oldest ? '-oldest' : ''}`;
  const sortColumn = bySaved ? 'a.saved_at' : 'a.published_at';
  if (query.sourceId !== undefined) {
    where.push('a.source_id = ?');
    params.push(query.sourceId);
  }
  if (query.folderId !== undefined) {
    where.push(IN_FOLDER_CONDITION);
    params.push(query.folderId);
  }
  if (query.cursor !== undefined) {
    const key = decodeCursor(query.cursor, order);
    const after = oldest ? '>' : '<';
    where.push(`(${sortColumn} ${after} ? OR (${sortColumn} = ? AND a.id ${after} ?))`);
    params.push(key.sortKey, key.sortKey, key.id);
  }
  const direction = oldest ? 'ASC' : 'DESC';
  const sql = `SELECT ${SUMMARY_COLUMNS} ${FROM_ARTICLES}
    WHERE ${where.join(' AND ')}
    ORDER BY ${sortColumn} ${direction}, a.id ${direction} LIMIT ?`;
  // One row more than asked says whether another page exists without a COUNT.
  const rows = db.sql.prepare(sql).all(...params, query.limit + 1) as unknown as SummaryRow[];
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const lastKey = last ? (bySaved ? last.saved_at : last.published_at) : null;
  return {
    items: page.map(toSummary),
    nextCursor:
      rows.length > query.limit && last && lastKey !== null ? encodeCursor({ sortKey: lastKey, id: last.id }, order) : null,
  };
}

/** The conditions (on `articles a`) of the rows a view lists. Archived pages are done with, so they leave All and Unread. */
export function viewConditions(view: View): string[] {
  switch (view) {
    case 'all':
      return ['a.archived = 0'];
    case 'unread':
      return ['a.read = 0', 'a.archived = 0'];
    case 'bookmarked':
      return ['a.bookmarked = 1'];
    case 'saved':
      return ['a.saved = 1', 'a.archived = 0'];
    case 'archive':
      return ['a.archived = 1'];
  }
}

/**
 * Marks every unread article the view (and feed, or folder with the folders
 * inside it) lists as read, in one statement; returns the ids it changed (for
 * undo) and their sources.
 */
export function markAllRead(
  db: Database,
  view: View,
  sourceId?: number,
  folderId?: number,
): { ids: number[]; sourceIds: number[] } {
  const where = [...viewConditions(view), 'a.read = 0'];
  const params: number[] = [];
  if (sourceId !== undefined) {
    where.push('a.source_id = ?');
    params.push(sourceId);
  }
  if (folderId !== undefined) {
    where.push(IN_FOLDER_CONDITION);
    params.push(folderId);
  }
  const rows = db.sql
    .prepare(`UPDATE articles AS a SET read = 1 WHERE ${where.join(' AND ')} RETURNING id, source_id`)
    .all(...params) as unknown as Array<{ id: number; source_id: number | null }>;
  const ids = rows.map((r) => r.id).sort((x, y) => x - y);
  const sourceIds = [...new Set(rows.flatMap((r) => (r.source_id === null ? [] : [r.source_id])))];
  return { ids, sourceIds };
}

/**
 * How many articles each view lists (`unread`: how many are unread). Each
 * count reads one partial index, never the table.
 */
export function getCounts(db: Database): ViewCounts {
  const count = (sql: string): number => (db.sql.prepare(sql).get() as { n: number }).n;
  return {
    all: count('SELECT COUNT(*) AS n FROM articles INDEXED BY articles_listed WHERE archived = 0'),
    unread: count('SELECT COUNT(*) AS n FROM articles INDEXED BY articles_listed_unread WHERE read = 0 AND archived = 0'),
    bookmarked: count('SELECT COUNT(*) AS n FROM articles INDEXED BY articles_bookmarked_source WHERE bookmarked = 1'),
    saved: count('SELECT COUNT(*) AS n FROM articles INDEXED BY articles_saved_newest WHERE saved = 1 AND archived = 0'),
    archive: count('SELECT COUNT(*) AS n FROM articles INDEXED BY articles_archive_newest WHERE archived = 1'),
  };
}

/** Remembers how far the article was read (0 to 1); returns false when there is no such article. */
export function setReadingProgress(db: Database, id: number, progress: number): boolean {
  const clamped = Math.min(1, Math.max(0, progress));
  return db.sql.prepare('UPDATE articles SET reading_progress = ? WHERE id = ?').run(clamped, id).changes > 0;
}

export function getArticle(db: Database, id: number): Article | null {
  const row = db.sql
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, a.content_html, s.site_url AS source_site_url, a.lang, a.dir, a.lead_image, a.word_count,
              a.download_error, a.reading_progress
       ${FROM_ARTICLES} WHERE a.id = ?`,
    )
    .get(id) as ArticleRow | undefined;
  if (!row) return null;
  return {
    ...toSummary(row),
    readingProgress: row.reading_progress,
    contentHtml: row.content_html,
    sourceSiteUrl: row.source_site_url,
    siteName: row.site_name,
    lang: row.lang,
    dir: row.dir,
    leadImageUrl: row.lead_image,
    wordCount: row.word_count,
    downloadError: row.download_error,
  };
}

export function getSummary(db: Database, id: number): ArticleSummary | null {
  const row = db.sql.prepare(`SELECT ${SUMMARY_COLUMNS} ${FROM_ARTICLES} WHERE a.id = ?`).get(id) as SummaryRow | undefined;
  return row ? toSummary(row) : null;
}

/** Marks the articles read or unread; returns the sources whose articles changed (saved pages have none). */
export function setRead(db: Database, ids: readonly number[], read: boolean): number[] {
  const rows = db.sql
    .prepare(
      `UPDATE articles SET read = ? WHERE read <> ? AND id IN (SELECT value FROM json_each(?))
       RETURNING source_id`,
    )
    .all(read ? 1 : 0, read ? 1 : 0, JSON.stringify(ids)) as unknown as Array<{ source_id: number | null }>;
  return [...new Set(rows.flatMap((r) => (r.source_id === null ? [] : [r.source_id])))];
}

/** What is left to know about an article after its state changed. */
export interface ArticleState {
  sourceId: number | null;
  url: string | null;
  download: DownloadState;
}

/** Returns the article's state after the change, or null when there is no such article. */
export function setBookmarked(db: Database, id: number, on: boolean, now: string): ArticleState | null {
  const row = db.sql
    .prepare(
      `UPDATE articles SET bookmarked = ?, bookmarked_at = CASE WHEN ? THEN COALESCE(bookmarked_at, ?) ELSE NULL END
       WHERE id = ? RETURNING source_id, url, download_state`,
    )
    .get(on ? 1 : 0, on ? 1 : 0, now, id) as { source_id: number | null; url: string | null; download_state: DownloadState } | undefined;
  return row ? { sourceId: row.source_id, url: row.url, download: row.download_state } : null;
}

/** Archives or restores a saved page. Feed articles cannot be archived (they have Read instead). */
export function setArchived(db: Database, id: number, on: boolean, now: string): 'ok' | 'not_found' | 'not_saved' {
  const row = db.sql.prepare('SELECT saved FROM articles WHERE id = ?').get(id) as { saved: number } | undefined;
  if (!row) return 'not_found';
  if (row.saved !== 1) return 'not_saved';
  db.sql
    .prepare(
      `UPDATE articles SET archived = ?, archived_at = CASE WHEN ? THEN COALESCE(archived_at, ?) ELSE NULL END WHERE id = ?`,
    )
    .run(on ? 1 : 0, on ? 1 : 0, now, id);
  return 'ok';
}

// Saved pages --------------------------------------------------------------------

/** A page saved to read later: stored whole at once, with no source. */
export interface SavedArticle {
  /**
   * `url:<address>` for a page whose address the reader gave; `declared:<address>`
   * for an imported file whose address is its own canonical or og:url (the file
   * chose it, not the reader); `file:<hash>` for an imported file with no address.
   */
  dedupeKey: string;
  url: string | null;
  title: string;
  author: string | null;
  publishedAt: string | null;
  contentHash: string;
  content: DownloadedContent;
}

/** The saved page whose address (or canonical address) is one of `urls`, if any. */
export function findSavedArticle(db: Database, urls: readonly string[], dedupeKey?: string): number | null {
  const row = db.sql
    .prepare(
      `SELECT id FROM articles
       WHERE saved = 1 AND (url IN (SELECT value FROM json_each(?1)) OR canonical_url IN (SELECT value FROM json_each(?1))
                            OR (source_id IS NULL AND dedupe_key = ?2))
       ORDER BY id LIMIT 1`,
    )
    .get(JSON.stringify(urls), dedupeKey ?? null) as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * Whether the reader chose the article's address: a saved page they saved by
 * its address (key `url:`). A feed's items, the bookmarks a removed feed left
 * (`unsubscribed:`) and an imported file's own address (`declared:`) were
 * chosen by what Broadsheet read.
 */
export function isAddressFromReader(db: Database, id: number): boolean {
  const row = db.sql
    .prepare(`SELECT source_id IS NULL AND substr(dedupe_key, 1, 4) = 'url:' AS typed FROM articles WHERE id = ?`)
    .get(id) as { typed: number } | undefined;
  return row?.typed === 1;
}

/** Inserts a saved page and records the images it uses. Call inside a transaction, after the images are stored. */
export function insertSavedArticle(db: Database, article: SavedArticle, now: string): number {
  const c = article.content;
  const run = db.sql
    .prepare(
      `INSERT INTO articles (source_id, dedupe_key, url, title, author, excerpt, content_html, text, content_hash,
                             published_at, first_seen_at, updated_at, saved, saved_at, download_state, downloaded_at,
                             site_name, lang, dir, lead_image, thumbnail, word_count, reading_minutes, canonical_url)
       VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      article.dedupeKey, article.url, article.title, article.author, c.excerpt, c.contentHtml, c.text, article.contentHash,
      article.publishedAt ?? now, now, now, now, c.state, now, c.siteName, c.lang, c.dir, c.leadImage, c.thumbnail,
      c.wordCount, c.readingMinutes, c.canonicalUrl,
    );
  const id = Number(run.lastInsertRowid);
  replaceArticleAssets(db, id, c.assets);
  return id;
}

/** Brings an archived saved page back to the reading list (saving it again). */
export function unarchive(db: Database, id: number): void {
  db.sql.prepare('UPDATE articles SET archived = 0, archived_at = NULL WHERE id = ?').run(id);
}

// Downloads ----------------------------------------------------------------------

/** A downloaded article, ready to store: HTML sanitised, images already on disk. */
export interface DownloadedContent {
  state: 'done' | 'not_article';
  /** Replaces the stored title when given (saved pages); feed articles keep the feed's. */
  title: string | null;
  /** Used only when the article has no author yet. */
  author: string | null;
  excerpt: string;
  contentHtml: string;
  text: string;
  siteName: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  leadImage: string | null;
  thumbnail: string | null;
  wordCount: number | null;
  readingMinutes: number | null;
  canonicalUrl: string | null;
  /** Every stored image the content uses. */
  assets: readonly string[];
}

export interface DownloadTarget {
  id: number;
  sourceId: number | null;
  url: string | null;
  saved: boolean;
  download: DownloadState;
  /** A full article is stored (whatever a later download attempt says). */
  hasFullText: boolean;
}

export function getDownloadTarget(db: Database, id: number): DownloadTarget | null {
  const row = db.sql
    .prepare('SELECT id, source_id, url, saved, download_state, word_count IS NOT NULL AS full FROM articles WHERE id = ?')
    .get(id) as
    | { id: number; source_id: number | null; url: string | null; saved: number; download_state: DownloadState; full: number }
    | undefined;
  return row
    ? {
        id: row.id,
        sourceId: row.source_id,
        url: row.url,
        saved: row.saved === 1,
        download: row.download_state,
        hasFullText: row.full === 1,
      }
    : null;
}

/** Records a download state without touching the content; returns false when the article is gone. */
export function setDownloadState(db: Database, id: number, state: DownloadState, error: string | null): boolean {
  return (
    db.sql.prepare('UPDATE articles SET download_state = ?, download_error = ? WHERE id = ?').run(state, error, id).changes > 0
  );
}

/**
 * Stores a downloaded article in place of what it had, with the images it
 * uses, in one go (call inside a transaction). A page that is not an article
 * keeps its feed text; only its state changes. Returns false when the article
 * was deleted meanwhile.
 */
export function storeDownloadedContent(db: Database, id: number, content: DownloadedContent, now: string): boolean {
  if (content.state === 'not_article') {
    const changed = db.sql
      .prepare(
        `UPDATE articles SET download_state = 'not_article', download_error = NULL, downloaded_at = ?,
                site_name = COALESCE(?, site_name), canonical_url = COALESCE(?, canonical_url)
         WHERE id = ?`,
      )
      .run(now, content.siteName, content.canonicalUrl, id).changes;
    return changed > 0;
  }
  const changed = db.sql
    .prepare(
      `UPDATE articles SET title = COALESCE(?, title), author = COALESCE(author, ?),
              excerpt = CASE WHEN excerpt = '' THEN ? ELSE excerpt END, content_html = ?, text = ?,
              download_state = 'done', download_error = NULL, downloaded_at = ?, site_name = ?, lang = ?, dir = ?,
              lead_image = ?, thumbnail = ?, word_count = ?, reading_minutes = ?, canonical_url = ?, updated_at = ?
       WHERE id = ?`,
    )
    .run(
      content.title, content.author, content.excerpt, content.contentHtml, content.text, now, content.siteName, content.lang,
      content.dir, content.leadImage, content.thumbnail, content.wordCount, content.readingMinutes, content.canonicalUrl, now, id,
    ).changes;
  if (changed === 0) return false;
  replaceArticleAssets(db, id, content.assets);
  return true;
}

/** Articles whose download was waiting or running when the library last closed. */
export function listInterruptedDownloads(db: Database): number[] {
  const rows = db.sql
    .prepare("SELECT id FROM articles WHERE download_state IN ('queued', 'downloading') ORDER BY id")
    .all() as unknown as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

// Stored images -------------------------------------------------------------------

function replaceArticleAssets(db: Database, id: number, assets: readonly string[]): void {
  db.sql.prepare('DELETE FROM article_assets WHERE article_id = ?').run(id);
  const insert = db.sql.prepare('INSERT OR IGNORE INTO article_assets (article_id, asset_name) VALUES (?, ?)');
  for (const name of assets) insert.run(id, name);
}

/** The images an article uses. */
export function assetsOfArticle(db: Database, id: number): string[] {
  const rows = db.sql.prepare('SELECT asset_name FROM article_assets WHERE article_id = ?').all(id) as unknown as Array<{
    asset_name: string;
  }>;
  return rows.map((r) => r.asset_name);
}

/**
 * Before a feed is removed: its bookmarked articles stay in the library, kept
 * like saved pages without a feed (named after it), so unsubscribing never
 * loses a bookmark. Their keys get a prefix so they can never clash with a
 * saved page's. Returns how many were kept.
 */
export function keepBookmarksOfSource(db: Database, sourceId: number): number {
  return Number(
    db.sql
      .prepare(
        `UPDATE articles
         SET site_name = COALESCE(site_name, (SELECT COALESCE(custom_title, title) FROM sources WHERE id = ?)),
             dedupe_key = 'unsubscribed:' || source_id || ':' || dedupe_key,
             source_id = NULL
         WHERE source_id = ? AND bookmarked = 1`,
      )
      .run(sourceId, sourceId).changes,
  );
}

/** The images a source's articles use (to collect after the source is removed). */
export function assetsOfSource(db: Database, sourceId: number): string[] {
  const rows = db.sql
    .prepare(
      `SELECT DISTINCT x.asset_name FROM article_assets x JOIN articles a ON a.id = x.article_id WHERE a.source_id = ?
       UNION SELECT icon_asset FROM sources WHERE id = ? AND icon_asset IS NOT NULL`,
    )
    .all(sourceId, sourceId) as unknown as Array<{ asset_name: string }>;
  return rows.map((r) => r.asset_name);
}

/** Of `names`, those no article and no source (its site icon) uses any more. */
export function unreferencedAssets(db: Database, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const rows = db.sql
    .prepare(
      `SELECT value AS name FROM json_each(?)
       WHERE NOT EXISTS (SELECT 1 FROM article_assets WHERE asset_name = value)
         AND NOT EXISTS (SELECT 1 FROM sources WHERE icon_asset = value)`,
    )
    .all(JSON.stringify([...new Set(names)])) as unknown as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

/** Every image some article uses, and every source's site icon. */
export function referencedAssets(db: Database): Set<string> {
  const rows = db.sql
    .prepare('SELECT asset_name FROM article_assets UNION SELECT icon_asset FROM sources WHERE icon_asset IS NOT NULL')
    .all() as unknown as Array<{ asset_name: string }>;
  return new Set(rows.map((r) => r.asset_name));
}
