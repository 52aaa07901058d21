// Every schema migration, from every earlier version, on a library with data
// in it, through the real way a library opens (openLibrary): nothing is lost
// (every value of every column that existed is unchanged, and the bookmarks,
// read state, saved pages and own titles are still what they were), search
// finds the migrated articles, foreign keys and integrity hold, and the backup
// made before the update restores to the same library.
//
// An old library is built from the schema that version really had, as
// released: testdata/schema-vN.sql holds its sqlite_master SQL, written once
// when version N was added and never again. Migrating an empty library to N
// must give exactly that schema, so editing a released migration fails here
// (never edit one: add one).
//
// Adding migration N+1 makes the coverage test fail until FIXTURES has an
// entry for version N+1 (rows valid at that version, using what it added) and
// testdata has its dump: run this file once with
// BROADSHEET_WRITE_SCHEMA_DUMPS=1 to write the dumps that are missing; it
// never rewrites one that exists.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { backupsDir, readManifest } from '../backup/backup-archive.ts';
import { openLibrary, type Library } from '../library.ts';
import { createConfSettingsStore } from '../settings-conf.ts';
import { DATABASE_FILE, wrap } from './database.ts';
import { LATEST_VERSION, migrate, migrations } from './migrations.ts';

const T = '2026-03-01T08:00:00.000Z';

/** Rows valid at each version, each building on the one before; a word unique to each article for search. */
const FIXTURES: Record<number, (sql: DatabaseSync) => void> = {
  1: (sql) => {
    sql.exec(`
      INSERT INTO sources (id, title, custom_title, feed_url, site_url, description, etag, last_modified, last_fetched_at, last_error, created_at) VALUES
        (1, 'Harbour News', NULL, 'https://harbour.example/feed', 'https://harbour.example/', 'All the news from the quay', '"v1"', 'Sun, 01 Mar 2026 07:00:00 GMT', '${T}', NULL, '${T}'),
        (2, 'Weather Desk', 'My Weather', 'https://weather.example/rss', NULL, NULL, NULL, NULL, NULL, 'The server did not answer.', '${T}');
    `);
    const article = sql.prepare(`
      INSERT INTO articles (id, source_id, dedupe_key, guid, url, title, author, excerpt, content_html, text, content_hash,
                            published_at, first_seen_at, updated_at, read, bookmarked, bookmarked_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const rows: Array<[number, number, string, number, number, string | null]> = [
      [10, 1, 'lighthouse keeper retires', 1, 1, '2026-03-02T09:00:00.000Z'],
      [11, 1, 'trawler fleet returns', 0, 0, null],
      [12, 2, 'estuary storm warning', 0, 1, '2026-03-03T10:00:00.000Z'],
      [13, 2, 'drizzle continues inland', 1, 0, null],
    ];
    for (const [id, source, text, read, bookmarked, at] of rows) {
      article.run(id, source, `guid:${id}`, `${id}`, `https://example.org/${id}`, `Story ${id}`, id % 2 ? 'Ann Reporter' : null, text, `<p>${text}</p>`,
        text, `hash${id}`, `2026-03-0${id - 9}T06:00:00.000Z`, T, T, read, bookmarked, at);
    }
  },
  // Version 2 added search only: the same rows, now indexed.
  2: (sql) => FIXTURES[1]?.(sql),
  3: (sql) => {
    FIXTURES[2]?.(sql);
    sql.exec(`
      UPDATE articles SET download_state = 'done', downloaded_at = '${T}', site_name = 'The Quay', lang = 'en', word_count = 420, reading_minutes = 2,
        lead_image = '/asset/ab/${'ab'.repeat(32)}.png', thumbnail = '/asset/ab/${'ab'.repeat(32)}.png' WHERE id = 10;
      UPDATE articles SET download_state = 'failed', download_error = 'The page could not be reached.' WHERE id = 11;
      INSERT INTO articles (id, source_id, dedupe_key, url, title, excerpt, content_html, text, content_hash, published_at, first_seen_at, updated_at,
                            saved, saved_at, archived, archived_at, download_state, downloaded_at, site_name, canonical_url)
      VALUES
        (20, NULL, 'url:https://quay.example/guild', 'https://quay.example/guild', 'The fishmongers', 'x', '<p>fishmonger guild history</p>',
         'fishmonger guild history', 'hash20', '${T}', '${T}', '${T}', 1, '2026-03-04T12:00:00.000Z', 0, NULL, 'done', '${T}', 'The Quay Herald', 'https://quay.example/guild'),
        (21, NULL, 'file:${'0'.repeat(64)}', NULL, 'Harbour wall', 'x', '<p>harbour wall repairs</p>',
         'harbour wall repairs', 'hash21', '${T}', '${T}', '${T}', 1, '2026-03-05T12:00:00.000Z', 1, '2026-03-06T12:00:00.000Z', 'done', '${T}', NULL, NULL);
      INSERT INTO article_assets (article_id, asset_name) VALUES (10, 'ab/${'ab'.repeat(32)}.png'), (20, 'cd/${'cd'.repeat(32)}.jpg');
    `);
  },
  4: (sql) => {
    FIXTURES[3]?.(sql);
    sql.exec('UPDATE articles SET reading_progress = 0.25 WHERE id = 10; UPDATE articles SET reading_progress = 0.5 WHERE id = 20;');
  },
  5: (sql) => {
    FIXTURES[4]?.(sql);
    sql.exec(`
      INSERT INTO folders (id, name, parent_id, created_at) VALUES (1, 'Local', NULL, '${T}'), (2, 'Coast', 1, '${T}');
      UPDATE sources SET folder_id = 2, refresh_interval_minutes = 180, body_hash = 'b1', latest_article_ids = '[10,11]', added_by = 'imported',
        icon_asset = 'ef/${'ef'.repeat(32)}.png', icon_checked_at = '${T}', fresh_until = '2026-03-01T09:00:00.000Z' WHERE id = 1;
      UPDATE sources SET status = 'error', last_error_at = '${T}', last_attempt_at = '${T}', failure_count = 2, not_before = '2026-03-01T10:00:00.000Z',
        retry_after = '2026-03-01T10:00:00.000Z' WHERE id = 2;
      INSERT INTO pruned_articles (source_id, dedupe_key, pruned_at) VALUES (1, 'guid:old', '${T}');
    `);
  },
};

/** Search words, one per article, with the version that first has the article. */
const SEARCHABLE: Array<{ id: number; word: string; since: number }> = [
  { id: 10, word: 'lighthouse', since: 1 },
  { id: 11, word: 'trawler', since: 1 },
  { id: 12, word: 'estuary', since: 1 },
  { id: 13, word: 'drizzle', since: 1 },
  { id: 20, word: 'fishmonger', since: 3 },
  { id: 21, word: 'repairs', since: 3 },
];

const dirs: string[] = [];
const opened: Library[] = [];
afterEach(() => {
  for (const library of opened.splice(0)) library.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const TESTDATA = join(import.meta.dirname, 'testdata');

function dumpPath(version: number): string {
  return join(TESTDATA, `schema-v${version}.sql`);
}

/**
 * The schema as SQL that builds it again: every statement in sqlite_master
 * (tables, then indexes, views and triggers, each by name), leaving out what
 * SQLite makes itself (its own tables and automatic indexes, and the tables
 * behind a search index, which creating the index makes).
 */
function schemaDump(sql: DatabaseSync, version: number): string {
  const shadow = new Set((sql.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'").all() as Array<{ name: string }>).map((r) => r.name));
  const rows = sql
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
       ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, name`,
    )
    .all() as Array<{ name: string; sql: string }>;
  const statements = rows.filter((row) => !shadow.has(row.name)).map((row) => `${row.sql};\n`);
  return [`-- The schema of a Broadsheet library at version ${version}, as released. Never edit this file: add a migration.\n`, ...statements].join('\n');
}

/** The schema an empty library gets from today's migrations, up to `version`. */
function migratedDump(version: number): string {
  const sql = new DatabaseSync(':memory:');
  try {
    migrate(wrap(sql), version);
    return schemaDump(sql, version);
  } finally {
    sql.close();
  }
}

// Writes the dump of a version that has none (a new one); one that exists is never rewritten.
if (process.env.BROADSHEET_WRITE_SCHEMA_DUMPS === '1') {
  for (const { version } of migrations) {
    if (!existsSync(dumpPath(version))) writeFileSync(dumpPath(version), migratedDump(version), { flag: 'wx' });
  }
}

/** A library folder whose database is at `version`, built from that version's released schema, holding its fixture. */
function libraryAt(version: number): string {
  const dataDir = mkdtempSync(join(tmpdir(), `broadsheet-v${version}-`));
  dirs.push(dataDir);
  const sql = new DatabaseSync(join(dataDir, DATABASE_FILE));
  sql.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON');
  sql.exec(readFileSync(dumpPath(version), 'utf8'));
  sql.exec(`PRAGMA user_version = ${version}`);
  const fixture = FIXTURES[version];
  if (!fixture) throw new Error(`No fixture for version ${version}`);
  fixture(sql);
  // The images its articles use are on disk, as in a real library: none is missing to download again.
  const images = version >= 3 ? (sql.prepare('SELECT asset_name FROM article_assets').all() as Array<{ asset_name: string }>) : [];
  sql.close();
  for (const { asset_name: name } of images) {
    mkdirSync(join(dataDir, 'assets', dirname(name)), { recursive: true });
    writeFileSync(join(dataDir, 'assets', name), `image ${name}`);
  }
  return dataDir;
}

function read<T>(dataDir: string, work: (sql: DatabaseSync) => T): T {
  const sql = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
  try {
    return work(sql);
  } finally {
    sql.close();
  }
}

/** Plain tables (not search's), each with its columns: what a version's schema holds. */
function schemaOf(sql: DatabaseSync): Map<string, string[]> {
  const tables = sql
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'articles\\_fts%' ESCAPE '\\' AND name NOT LIKE 'articles\\_search%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .all() as Array<{ name: string }>;
  return new Map(tables.map(({ name }) => [name, (sql.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string }>).map((c) => c.name)]));
}

/** Every row of every table in `schema`, with only the columns `schema` names, in a stable order. */
function rowsOf(sql: DatabaseSync, schema: Map<string, string[]>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [table, columns] of schema) {
    const list = columns.map((c) => `"${c}"`).join(', ');
    out[table] = sql.prepare(`SELECT ${list} FROM ${table} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).all().map((row) => ({ ...row }));
  }
  return out;
}

function openAt(dataDir: string): Library {
  const library = openLibrary({ dataDir, settings: createConfSettingsStore({ cwd: dataDir }), now: () => new Date('2026-03-10T12:00:00.000Z') });
  opened.push(library);
  return library;
}

/** What the reader would notice missing, asked the way the app asks. */
async function whatTheReaderSees(library: Library) {
  const all = await library.listArticles({ view: 'all', limit: 100 });
  const bookmarked = await library.listArticles({ view: 'bookmarked', limit: 100 });
  const sources = await library.listSources();
  return {
    articles: all.items.map((a) => ({ id: a.id, read: a.read })).sort((a, b) => a.id - b.id),
    bookmarked: bookmarked.items.map((a) => a.id).sort(),
    titles: sources.map((s) => s.title).sort(),
  };
}

describe('migrations from every earlier version, with data', () => {
  it('have a fixture and a released schema for every version, so a new migration needs both', () => {
    expect(Object.keys(FIXTURES).map(Number)).toEqual(migrations.map((m) => m.version));
    const dumps = readdirSync(TESTDATA).filter((name) => /^schema-v\d+\.sql$/.test(name));
    expect(dumps.map((name) => Number(/\d+/.exec(name)?.[0])).sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version));
  });

  for (const { version } of migrations) {
    it(`to version ${version}, from an empty library, give exactly the schema version ${version} was released with`, () => {
      expect(migratedDump(version), `Migration ${version} no longer gives the schema it was released with (${dumpPath(version)}). Never edit a released migration: add one.`).toBe(
        readFileSync(dumpPath(version), 'utf8'),
      );
    });
  }

  for (let version = 1; version < LATEST_VERSION; version += 1) {
    it(`from version ${version}: nothing lost, search finds it, keys and pages hold, and the backup made before restores it`, async () => {
      const dataDir = libraryAt(version);
      const schema = read(dataDir, schemaOf);
      const before = read(dataDir, (sql) => rowsOf(sql, schema));
      expect(before.articles?.length).toBeGreaterThanOrEqual(4);

      const library = openAt(dataDir);

      // Every value of every column that existed is unchanged.
      const after = read(dataDir, (sql) => rowsOf(sql, schema));
      expect(after).toEqual(before);
      read(dataDir, (sql) => {
        expect((sql.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(LATEST_VERSION);
        expect(sql.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
        expect(sql.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
        // Upgraded, it has the schema a new library has.
        expect(schemaDump(sql, LATEST_VERSION)).toBe(readFileSync(dumpPath(LATEST_VERSION), 'utf8'));
        for (const { id, word } of SEARCHABLE.filter((s) => s.since <= version)) {
          expect(sql.prepare('SELECT rowid AS id FROM articles_search WHERE articles_search MATCH ?').all(word).map((r) => r.id), `${word}, from ${version}`).toEqual([id]);
        }
        // The reader's own name for a feed is what search knows it by.
        expect(sql.prepare(`SELECT rowid AS id FROM articles_search WHERE articles_search MATCH 'feed:"My Weather"' ORDER BY rowid`).all().map((r) => r.id)).toEqual([12, 13]);
      });

      // As the reader sees it.
      const seen = await whatTheReaderSees(library);
      expect(seen.bookmarked).toEqual([10, 12]);
      expect(seen.articles.filter((a) => a.read).map((a) => a.id)).toEqual([10, 13]);
      expect(seen.titles).toEqual(['Harbour News', 'My Weather']);
      if (version >= 3) {
        const saved = await library.listArticles({ view: 'saved', limit: 100 });
        const archived = await library.listArticles({ view: 'archive', limit: 100 });
        expect(saved.items.map((a) => a.id)).toEqual([20]);
        expect(archived.items.map((a) => a.id)).toEqual([21]);
      }

      // One backup, made before the update, of the library as it was.
      const backups = await library.listBackups();
      expect(backups).toEqual([expect.objectContaining({ kind: 'before-update', articles: before.articles?.length })]);
      const backup = backups[0]!;
      expect(backup.name).toMatch(new RegExp(`-before-v${LATEST_VERSION}\\.tar\\.gz$`));
      expect(await readManifest(join(backupsDir(dataDir), backup.name))).toMatchObject({ schemaVersion: version, contents: 'database' });

      // Changed after the update, then restored: the library is the one migrated, as it was.
      await library.setBookmarked(11, true);
      await library.restoreBackup(backup.name);
      expect(read(dataDir, (sql) => rowsOf(sql, schema))).toEqual(before);
      expect(await whatTheReaderSees(library)).toEqual(seen);
    });
  }

  it(`at the latest version (${LATEST_VERSION}): opens as it is, with no backup and nothing changed`, async () => {
    const dataDir = libraryAt(LATEST_VERSION);
    const schema = read(dataDir, schemaOf);
    const before = read(dataDir, (sql) => rowsOf(sql, schema));
    const library = openAt(dataDir);
    expect(read(dataDir, (sql) => rowsOf(sql, schema))).toEqual(before);
    expect(await library.listBackups()).toEqual([]);
    expect(readdirSync(dataDir)).not.toContain('backups');
  });
});
