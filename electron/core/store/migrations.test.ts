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
      expect.arrayContaining(['sources', 'articles', 'articles_fts', 'articles_fts_insert', 'articles_fts_delete', 'articles_fts_update']),
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
      const found = db.sql.prepare("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'mariner'").all();
      expect(found, `from version ${from}`).toHaveLength(1);
    }
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
