// Looks at a library folder from outside, the way the crash-safety test does
// after killing the program that had it open: the database opened read-only,
// the image files read straight from disk. Reports every way an article could
// be half stored, and counts what is there.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface ConsistencyExpectations {
  /** The images the page at `url` shows (asset names), or null for a page the test does not know. */
  expectedAssets(url: string): Set<string> | null;
  /** A word only the page's full text holds, or null. */
  marker(url: string): string | null;
  /** Articles bookmarked before the kill (ids). */
  bookmarked: readonly number[];
  /** Pages saved before the kill (their addresses). */
  saved: readonly string[];
}

export interface ConsistencyReport {
  problems: string[];
  articles: number;
  /** Full text and images stored. */
  done: number;
  /** Queued or downloading when the program stopped (resumed on the next start). */
  pending: number;
  failed: number;
  /** Articles by download state, for figures and for telling why an article is not stored. */
  states: Record<string, number>;
  bookmarked: number;
  saved: number;
  /** Image files in the asset store. */
  imageFiles: number;
  /** Distinct images some article uses. */
  imagesInUse: number;
  /** Image files no article uses (a kill between writing an image and its article: swept on the next start). */
  unusedImages: number;
  /** Half-written image files under temporary names. */
  tempFiles: number;
}

interface ArticleRow {
  id: number;
  url: string | null;
  saved: number;
  bookmarked: number;
  download_state: string;
  word_count: number | null;
  content_html: string;
  lead_image: string | null;
  thumbnail: string | null;
}

const ASSET_REF = /\/asset\/([0-9a-f]{2}\/[0-9a-f]{64}\.[a-z]+)/g;

export function checkLibraryConsistency(dataDir: string, expect: ConsistencyExpectations): ConsistencyReport {
  const problems: string[] = [];
  const db = new DatabaseSync(join(dataDir, 'library.db'), { readOnly: true });
  let report: ConsistencyReport;
  try {
    const integrity = db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>;
    if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') {
      problems.push(`integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}`);
    }
    const foreign = db.prepare('PRAGMA foreign_key_check').all();
    if (foreign.length > 0) problems.push(`foreign_key_check: ${foreign.length} rows point at nothing`);

    const rows = db
      .prepare('SELECT id, url, saved, bookmarked, download_state, word_count, content_html, lead_image, thumbnail FROM articles')
      .all() as unknown as ArticleRow[];
    const assetsOf = new Map<number, Set<string>>();
    for (const { article_id: id, asset_name: name } of db.prepare('SELECT article_id, asset_name FROM article_assets').all() as Array<{
      article_id: number;
      asset_name: string;
    }>) {
      let names = assetsOf.get(id);
      if (!names) assetsOf.set(id, (names = new Set()));
      names.add(name);
    }

    // Search: exactly one index entry per article, and none for an article that is gone.
    const indexed = new Set((db.prepare('SELECT rowid FROM articles_search').all() as Array<{ rowid: number }>).map((r) => r.rowid));
    const ids = new Set(rows.map((r) => r.id));
    const unindexed = [...ids].filter((id) => !indexed.has(id));
    const orphaned = [...indexed].filter((id) => !ids.has(id));
    if (unindexed.length > 0) problems.push(`articles without a search entry: ${unindexed.slice(0, 10).join(', ')}`);
    if (orphaned.length > 0) problems.push(`search entries without an article: ${orphaned.slice(0, 10).join(', ')}`);
    const findMarker = db.prepare('SELECT rowid FROM articles_search WHERE articles_search MATCH ?');

    const fileOk = new Map<string, boolean>();
    const fileIsWhole = (name: string): boolean => {
      let ok = fileOk.get(name);
      if (ok === undefined) {
        const path = join(dataDir, 'assets', name);
        ok = existsSync(path) && name.slice(3, 67) === createHash('sha256').update(readFileSync(path)).digest('hex');
        fileOk.set(name, ok);
      }
      return ok;
    };

    let done = 0;
    for (const row of rows) {
      const uses = assetsOf.get(row.id) ?? new Set<string>();
      for (const name of uses) {
        if (!fileIsWhole(name)) problems.push(`article ${row.id} uses image ${name}, which is missing or not whole`);
      }
      if (row.word_count === null) {
        // Only a stored full text has images.
        if (uses.size > 0) problems.push(`article ${row.id} has ${uses.size} images but no full text`);
        if (row.download_state === 'done') problems.push(`article ${row.id} is done but has no full text`);
        continue;
      }
      if (row.download_state === 'done') done += 1;
      const referenced = new Set<string>();
      for (const text of [row.content_html, row.lead_image ?? '', row.thumbnail ?? '']) {
        for (const match of text.matchAll(ASSET_REF)) referenced.add(match[1] as string);
      }
      for (const name of referenced) {
        if (!uses.has(name)) problems.push(`article ${row.id} shows image ${name} without recording that it uses it`);
      }
      if (row.url === null) continue;
      const expected = expect.expectedAssets(row.url);
      if (expected !== null) {
        const missing = [...expected].filter((name) => !uses.has(name) || !referenced.has(name));
        if (missing.length > 0) problems.push(`article ${row.id} (${row.url}) is stored without ${missing.length} of its ${expected.size} images`);
      }
      const marker = expect.marker(row.url);
      if (marker !== null) {
        const found = (findMarker.all(marker) as Array<{ rowid: number }>).some((r) => r.rowid === row.id);
        if (!found) problems.push(`article ${row.id}'s full text is not in the search index`);
      }
    }

    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of expect.bookmarked) {
      if (byId.get(id)?.bookmarked !== 1) problems.push(`bookmark on article ${id} was lost`);
    }
    for (const url of expect.saved) {
      const page = rows.find((r) => r.saved === 1 && r.url === url);
      if (!page) problems.push(`saved page ${url} was lost`);
      else if (page.download_state !== 'done') problems.push(`saved page ${url} is ${page.download_state}, not done`);
    }

    const icons = (db.prepare('SELECT icon_asset FROM sources WHERE icon_asset IS NOT NULL').all() as Array<{ icon_asset: string }>).map(
      (r) => r.icon_asset,
    );
    const inUse = new Set([...[...assetsOf.values()].flatMap((names) => [...names]), ...icons]);
    const files = listAssetFiles(join(dataDir, 'assets'));
    report = {
      problems,
      articles: rows.length,
      done,
      pending: rows.filter((r) => r.download_state === 'queued' || r.download_state === 'downloading').length,
      failed: rows.filter((r) => r.download_state === 'failed').length,
      states: Object.fromEntries(
        [...new Set(rows.map((r) => r.download_state))].map((state) => [state, rows.filter((r) => r.download_state === state).length]),
      ),
      bookmarked: rows.filter((r) => r.bookmarked === 1).length,
      saved: rows.filter((r) => r.saved === 1).length,
      imageFiles: files.images.length,
      imagesInUse: inUse.size,
      unusedImages: files.images.filter((name) => !inUse.has(name)).length,
      tempFiles: files.temp,
    };
  } finally {
    db.close();
  }
  const fts = searchIndexProblems(dataDir);
  if (fts !== null) report.problems.push(fts);
  return report;
}

/**
 * FTS5's own check of the search index. It is run as a write, so on a copy of
 * the files: the library itself stays exactly as the killed program left it.
 */
function searchIndexProblems(dataDir: string): string | null {
  const scratch = mkdtempSync(join(tmpdir(), 'broadsheet-fts-check-'));
  try {
    for (const file of ['library.db', 'library.db-wal']) {
      if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(scratch, file));
    }
    const copy = new DatabaseSync(join(scratch, 'library.db'));
    try {
      copy.exec("INSERT INTO articles_search (articles_search) VALUES ('integrity-check')");
      return null;
    } catch (error) {
      return `search index integrity-check: ${(error as Error).message}`;
    } finally {
      copy.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function listAssetFiles(dir: string): { images: string[]; temp: number } {
  const images: string[] = [];
  let temp = 0;
  if (!existsSync(dir)) return { images, temp };
  for (const shard of readdirSync(dir)) {
    for (const file of readdirSync(join(dir, shard))) {
      if (file.startsWith('.tmp-')) temp += 1;
      else images.push(`${shard}/${file}`);
    }
  }
  return { images, temp };
}
