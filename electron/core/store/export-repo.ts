// The articles an export writes out: bookmarked ones, saved pages (archived
// included), or both, newest first, each with everything a file needs.
import type { ExportRequest } from '../../shared/models.ts';
import type { Database } from './database.ts';
import { FROM_ARTICLES, SUMMARY_COLUMNS, toSummary, type SummaryRow } from './articles-repo.ts';
import type { ArticleSummary } from '../../shared/models.ts';

export interface ExportArticle extends ArticleSummary {
  contentHtml: string;
  text: string;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  bookmarkedAt: string | null;
  savedAt: string | null;
}

const SCOPES: Record<ExportRequest['scope'], string> = {
  bookmarked: 'a.bookmarked = 1',
  saved: 'a.saved = 1',
  both: '(a.bookmarked = 1 OR a.saved = 1)',
};

interface ExportRow extends SummaryRow {
  content_html: string;
  text: string;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  bookmarked_at: string | null;
}

export function listExportArticles(db: Database, scope: ExportRequest['scope']): ExportArticle[] {
  const rows = db.sql
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, a.content_html, a.text, a.lang, a.dir, a.bookmarked_at ${FROM_ARTICLES}
       WHERE ${SCOPES[scope]} ORDER BY COALESCE(a.saved_at, a.published_at) DESC, a.id DESC`,
    )
    .all() as unknown as ExportRow[];
  return rows.map((row) => ({
    ...toSummary(row),
    contentHtml: row.content_html,
    text: row.text,
    lang: row.lang,
    dir: row.dir,
    bookmarkedAt: row.bookmarked_at,
    savedAt: row.saved_at,
  }));
}
