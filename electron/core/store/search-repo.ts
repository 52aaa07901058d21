// Full-text search over title, text, author and feed name (the articles_search
// index of migration 4), best match first, within a view and feed or
// everywhere. Ranking reads only the index and ids; the few rows shown are
// then fetched whole for their snippets.
import type { SearchQuery, SearchResult } from '../../shared/models.ts';
import { FROM_ARTICLES, SUMMARY_COLUMNS, toSummary, viewConditions, type SummaryRow } from './articles-repo.ts';
import type { Database } from './database.ts';
import { IN_FOLDER_CHECK } from './folders-repo.ts';
import { parseSearch, toFtsMatch } from './search-query.ts';
import { highlightsIn, snippetOf } from './search-snippet.ts';

/**
 * bm25 weights per column (title, text, author, feed): a word in the title
 * says far more about what an article is about than one in its body.
 */
const RANK = 'bm25(articles_search, 10.0, 1.0, 3.0, 2.0)';

/**
 * Ranking reads every match's column sizes; for a broad query (tens of
 * thousands of matches) that alone takes longer than typing a letter. So
 * beyond this many matches, the newest this-many are ranked: in a news reader
 * the best recent matches are what a broad search is after, and the cost
 * stays the same at 100,000 articles as at 5,000.
 */
export const RANKED_MATCHES = 2000;

export function search(db: Database, query: SearchQuery): SearchResult {
  const terms = parseSearch(query.query);
  const match = toFtsMatch(terms);
  if (match === null) return { items: [], total: 0 };

  const where = ['articles_search MATCH ?'];
  const params: Array<string | number> = [match];
  if (query.view !== undefined) where.push(...viewConditions(query.view));
  if (query.sourceId !== undefined) {
    where.push('a.source_id = ?');
    params.push(query.sourceId);
  }
  if (query.folderId !== undefined) {
    where.push(IN_FOLDER_CHECK);
    params.push(query.folderId);
  }
  const scoped = where.length > 1;
  // The index stays the outer loop (CROSS JOIN); each match is checked against a small covering
  // index of the view columns rather than its table row.
  const from = scoped
    ? 'FROM articles_search f CROSS JOIN articles a INDEXED BY articles_search_filter ON a.id = f.rowid'
    : 'FROM articles_search f';
  const id = scoped ? 'a.id' : 'f.rowid';
  const condition = where.join(' AND ');
  const total = (db.sql.prepare(`SELECT COUNT(*) AS n ${from} WHERE ${condition}`).get(...params) as { n: number }).n;
  if (total === 0) return { items: [], total };

  const candidates =
    total <= RANKED_MATCHES
      ? `SELECT ${id} AS id, ${RANK} AS score ${from} WHERE ${condition}`
      : `SELECT ${id} AS id, ${RANK} AS score ${from} WHERE ${condition} ORDER BY f.rowid DESC LIMIT ${RANKED_MATCHES}`;
  const ranked = db.sql
    .prepare(`SELECT id FROM (${candidates}) ORDER BY score, id DESC LIMIT ?`)
    .all(...params, query.limit) as unknown as Array<{ id: number }>;

  const rows = db.sql
    .prepare(`SELECT ${SUMMARY_COLUMNS}, a.text ${FROM_ARTICLES} WHERE a.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ranked.map((r) => r.id))) as unknown as Array<SummaryRow & { text: string }>;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = ranked.flatMap(({ id: rowId }) => {
    const row = byId.get(rowId);
    if (!row) return [];
    return [{ ...toSummary(row), snippet: snippetOf(row.text, terms), titleHighlights: highlightsIn(row.title, terms) }];
  });
  return { items, total };
}
