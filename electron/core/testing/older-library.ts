// A library folder at the schema version before this one, for the tests of
// what happens when a library needs updating (backup first, then the update).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DATABASE_FILE, wrap } from '../store/database.ts';
import { LATEST_VERSION, migrate } from '../store/migrations.ts';

export const OLDER_VERSION = LATEST_VERSION - 1;

/**
 * Writes into `dataDir` a library at OLDER_VERSION: one feed with `articles`
 * articles of about 4 KB each that do not compress to nothing (2,000 make
 * some 16 MB with the search index), so copying and packing it take a while.
 */
export function writeOlderLibrary(dataDir: string, articles: number): void {
  const sql = new DatabaseSync(join(dataDir, DATABASE_FILE));
  try {
    sql.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON');
    migrate(wrap(sql), OLDER_VERSION);
    const T = '2026-03-01T08:00:00.000Z';
    sql.exec(`INSERT INTO sources (id, title, feed_url, created_at) VALUES (1, 'Harbour News', 'https://harbour.example/feed', '${T}')`);
    const insert = sql.prepare(`
      INSERT INTO articles (source_id, dedupe_key, guid, url, title, excerpt, content_html, text, content_hash, published_at, first_seen_at, updated_at)
      VALUES (1, ?, ?, ?, ?, 'x', ?, ?, ?, '${T}', '${T}', '${T}')`);
    sql.exec('BEGIN');
    for (let i = 0; i < articles; i += 1) {
      const text = randomBytes(2048).toString('hex');
      insert.run(`guid:${i}`, `${i}`, `https://harbour.example/${i}`, `Story ${i}`, `<p>${text}</p>`, text, `hash${i}`);
    }
    sql.exec('COMMIT');
  } finally {
    sql.close();
  }
}

export function schemaVersionOf(dataDir: string): number {
  const sql = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
  try {
    return (sql.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  } finally {
    sql.close();
  }
}
