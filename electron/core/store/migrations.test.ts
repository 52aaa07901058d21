import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import { DATABASE_FILE, openDatabase, wrap } from './database.ts';
import { LATEST_VERSION, migrate, migrations, schemaVersion } from './migrations.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tableNames(sql: DatabaseSync): string[] {
  return (sql.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  );
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('create the whole schema on an empty database', () => {
    const db = wrap(new DatabaseSync(':memory:'));
    expect(schemaVersion(db)).toBe(0);
    migrate(db);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(tableNames(db.sql)).toEqual(
      expect.arrayContaining([
        'sources',
        'articles',
        'articles_search',
        'articles_search_insert',
        'articles_search_delete',
        'articles_search_update',
        'sources_search_rename',
      ]),
    );
  });

  it('bring every earlier version up to the latest, keeping the data', () => {
    for (let from = 1; from < LATEST_VERSION; from += 1) {
      const db = wrap(new DatabaseSync(':memory:'));
      migrate(db, from);
      expect(schemaVersion(db)).toBe(from);
      db.sql.exec("INSERT INTO sources (title, feed_url, created_at) VALUES ('Old', 'https://old.example/feed', '2026-01-01T00:00:00.000Z')");
      db.sql.exec(`INSERT INTO articles (source_id, dedupe_key, title, excerpt, content_html, text, content_hash, published_at, first_seen_at, updated_at)
                   VALUES (1, 'k', 'Kept from before', '', '', 'ancient mariner', 'h', '2026-01-01', '2026-01-01', '2026-01-01')`);
      migrate(db);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      const found = db.sql.prepare("SELECT rowid FROM articles_search WHERE articles_search MATCH 'mariner'").all();
      expect(found, `from version ${from}`).toHaveLength(1);
    }
  });

  it('3 makes room for saved pages, keeping every row, its read and bookmark state, and search', () => {
    const db = wrap(new DatabaseSync(':memory:'));
    db.sql.exec('PRAGMA foreign_keys = ON');
    migrate(db, 2);
    db.sql.exec(`INSERT INTO sources (id, title, feed_url, created_at) VALUES
                   (1, 'One', 'https://one.example/feed', '2026-01-01'), (2, 'Two', 'https://two.example/feed', '2026-01-01')`);
    const insert = db.sql.prepare(`INSERT INTO articles (id, source_id, dedupe_key, guid, url, title, author, excerpt, content_html, text,
                   content_hash, published_at, first_seen_at, updated_at, read, bookmarked, bookmarked_at)
                   VALUES (?, ?, ?, ?, ?, ?, 'Ann', 'ex', '<p>x</p>', ?, 'h', ?, '2026-01-01', '2026-01-02', ?, ?, ?)`);
    insert.run(7, 1, 'guid:a', 'a', 'https://one.example/a', 'Harbour news', 'lighthouse keeper retires', '2026-01-03', 1, 1, '2026-01-04');
    insert.run(9, 2, 'url:b', null, 'https://two.example/b', 'Weather', 'storm over the estuary', '2026-01-05', 0, 0, null);
    const before = db.sql.prepare('SELECT * FROM articles ORDER BY id').all();

    migrate(db, 3);

    expect(schemaVersion(db)).toBe(3);
    const after = db.sql.prepare('SELECT * FROM articles ORDER BY id').all() as Array<Record<string, unknown>>;
    // Every old column keeps its value; the new ones start empty.
    expect(after).toEqual(before.map((row) => expect.objectContaining(row as Record<string, unknown>)));
    expect(after[0]).toMatchObject({ read: 1, bookmarked: 1, saved: 0, saved_at: null, archived: 0, download_state: 'none', word_count: null });
    const search = (q: string) => db.sql.prepare('SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ?').all(q);
    expect(search('lighthouse')).toEqual([{ id: 7 }]);
    expect(search('estuary')).toEqual([{ id: 9 }]);
    expect(db.sql.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.sql.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });

    // A saved page has no source; its key is unique among saved pages.
    const saved = db.sql.prepare(`INSERT INTO articles (source_id, dedupe_key, title, excerpt, content_html, text, content_hash,
                   published_at, first_seen_at, updated_at, saved, saved_at) VALUES (NULL, ?, 'Saved', '', '', 'kept for later', 'h',
                   '2026-02-01', '2026-02-01', '2026-02-01', 1, '2026-02-01')`);
    const id = Number(saved.run('url:https://three.example/').lastInsertRowid);
    expect(() => saved.run('url:https://three.example/')).toThrow(/UNIQUE/);
    expect(search('later')).toEqual([{ id }]);
    // Triggers still follow edits and deletions.
    db.sql.exec("UPDATE articles SET text = 'full text about the lighthouse lamp' WHERE id = 9");
    expect(search('lamp')).toEqual([{ id: 9 }]);
    expect(search('estuary')).toEqual([]);

    // Images are linked to articles and go with them; a source still takes its articles with it.
    db.sql.exec("INSERT INTO article_assets (article_id, asset_name) VALUES (7, 'ab/ab.jpg'), (9, 'cd/cd.jpg')");
    db.sql.exec('DELETE FROM sources WHERE id = 1');
    expect(db.sql.prepare('SELECT id FROM articles ORDER BY id').all()).toEqual([{ id: 9 }, { id }]);
    expect(db.sql.prepare('SELECT asset_name FROM article_assets').all()).toEqual([{ asset_name: 'cd/cd.jpg' }]);
    expect(search('lighthouse')).toEqual([{ id: 9 }]);
  });

  it('4 indexes title, text, author and feed name for search, keeps every row and adds reading progress', () => {
    const db = wrap(new DatabaseSync(':memory:'));
    db.sql.exec('PRAGMA foreign_keys = ON');
    migrate(db, 3);
    db.sql.exec("INSERT INTO sources (id, title, feed_url, created_at) VALUES (1, 'Coastal Gazette', 'https://one.example/feed', '2026-01-01')");
    db.sql.exec(`INSERT INTO articles (id, source_id, dedupe_key, title, author, excerpt, content_html, text, content_hash,
                   published_at, first_seen_at, updated_at, read)
                 VALUES (7, 1, 'k', 'Harbour news', 'Ann Pryce', '', '', 'lighthouse keeper retires', 'h', '2026-01-03', '2026-01-03', '2026-01-03', 1)`);
    db.sql.exec(`INSERT INTO articles (id, source_id, dedupe_key, title, excerpt, content_html, text, content_hash, published_at,
                   first_seen_at, updated_at, saved, saved_at, site_name)
                 VALUES (8, NULL, 'url:x', 'A saved page', '', '', 'kept', 'h', '2026-01-04', '2026-01-04', '2026-01-04', 1, '2026-01-04', 'Moor Weekly')`);
    const before = db.sql.prepare('SELECT * FROM articles ORDER BY id').all();

    migrate(db, 4);

    expect(schemaVersion(db)).toBe(4);
    const after = db.sql.prepare('SELECT * FROM articles ORDER BY id').all() as Array<Record<string, unknown>>;
    expect(after).toEqual(before.map((row) => expect.objectContaining(row as Record<string, unknown>)));
    expect(after.map((row) => row.reading_progress)).toEqual([0, 0]);
    const search = (q: string) =>
      (db.sql.prepare('SELECT rowid AS id FROM articles_search WHERE articles_search MATCH ? ORDER BY rowid').all(q) as Array<{ id: number }>).map(
        (r) => r.id,
      );
    expect(search('lighthouse')).toEqual([7]);
    expect(search('pryce')).toEqual([7]);
    expect(search('gazette')).toEqual([7]);
    expect(search('moor')).toEqual([8]);
    expect(search('harb*')).toEqual([7]);

    // Renaming a feed re-indexes its articles under the new name; a refresh that keeps the name changes nothing.
    db.sql.exec("UPDATE sources SET custom_title = 'Tidewater' WHERE id = 1");
    expect(search('tidewater')).toEqual([7]);
    expect(search('gazette')).toEqual([]);
    db.sql.exec("UPDATE sources SET title = 'Coastal Gazette' WHERE id = 1");
    expect(search('tidewater')).toEqual([7]);
    db.sql.exec("UPDATE sources SET custom_title = NULL, title = 'Estuary Times' WHERE id = 1");
    expect(search('estuary')).toEqual([7]);
    // Edits and deletions follow.
    db.sql.exec("UPDATE articles SET author = 'Bo Lind' WHERE id = 7");
    expect(search('pryce')).toEqual([]);
    expect(search('lind')).toEqual([7]);
    db.sql.exec('DELETE FROM sources WHERE id = 1');
    expect(search('lind')).toEqual([]);
    expect(search('estuary')).toEqual([]);
    db.sql.exec("INSERT INTO articles_search (articles_search) VALUES ('integrity-check')");
    expect(db.sql.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  });

  it('run again are a no-op', () => {
    const db = wrap(new DatabaseSync(':memory:'));
    migrate(db);
    migrate(db);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
  });

  it('roll back a failing migration and leave the previous version', () => {
    const db = wrap(new DatabaseSync(':memory:'));
    db.sql.exec('CREATE TABLE sources (id INTEGER PRIMARY KEY)'); // collides with migration 1
    expect(() => migrate(db)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(tableNames(db.sql)).toEqual(['sources']);
  });
});

describe('openDatabase', () => {
  it('creates the folder and the file, in WAL mode with foreign keys on', () => {
    const dir = join(tempDir(), 'nested', 'library');
    const db = openDatabase(dir);
    const pragma = (name: string) => Object.values(db.sql.prepare(`PRAGMA ${name}`).get() ?? {})[0];
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('foreign_keys')).toBe(1);
    expect(pragma('synchronous')).toBe(1); // NORMAL
    expect(pragma('busy_timeout')).toBe(5000);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses a library written by a newer version, without touching it', () => {
    const dir = tempDir();
    const raw = new DatabaseSync(join(dir, DATABASE_FILE));
    raw.exec(`PRAGMA user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(dir)).toThrow(expect.objectContaining({ code: 'storage_failed', message: expect.stringMatching(/newer version/) }));
  });

  it('says so in plain words when the file is not a database', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DATABASE_FILE), 'this is not sqlite '.repeat(100));
    try {
      openDatabase(dir);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('storage_failed');
      expect((error as ApiError).message).toMatch(/not a Broadsheet library or is damaged/);
    }
  });
});

describe('transaction', () => {
  it('rolls back everything when the work throws, and nests', () => {
    const db = openDatabase(tempDir());
    expect(() =>
      db.transaction(() => {
        db.sql.exec("INSERT INTO sources (title, feed_url, created_at) VALUES ('a', 'https://a.example/', 'now')");
        db.transaction(() => {
          db.sql.exec("INSERT INTO sources (title, feed_url, created_at) VALUES ('b', 'https://b.example/', 'now')");
        });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.sql.prepare('SELECT COUNT(*) AS n FROM sources').get()).toEqual({ n: 0 });
    db.close();
  });
});
