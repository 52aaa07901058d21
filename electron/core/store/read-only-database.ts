// Opens a library that another program has open, for reading only: SQLite's
// WAL lets a reader proceed beside the one writer. Nothing is migrated or
// recovered (that is the writer's job), so the schema must already be the one
// this version reads; any write through this connection fails.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ApiError } from '../../shared/errors.ts';
import { BUSY_TIMEOUT_MS, DATABASE_FILE, wrap, type Database } from './database.ts';
import { LATEST_VERSION } from './migrations.ts';

/** Throws `unusable` (the caller's reason it cannot simply open the library) when the database cannot be read as it is. */
export function openDatabaseToRead(dataDir: string, unusable: ApiError): Database {
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path)) throw unusable;
  let sql: DatabaseSync;
  try {
    // The writer may be committing: wait for it rather than fail, from the first statement on.
    sql = new DatabaseSync(path, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
  } catch {
    throw unusable;
  }
  try {
    const { user_version: version } = sql.prepare('PRAGMA user_version').get() as { user_version: number };
    // Older: only the program that has it open may bring it up to date. Newer: this version cannot read it.
    if (version !== LATEST_VERSION) throw unusable;
    return wrap(sql);
  } catch (error) {
    sql.close();
    if (error instanceof ApiError) throw error;
    throw unusable;
  }
}
