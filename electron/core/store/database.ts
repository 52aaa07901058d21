// Opens the library's SQLite file with the settings every connection needs
// and brings its schema up to date before anything else may touch it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ApiError } from '../../shared/errors.ts';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations.ts';
import { diskFullMessage, isDamaged, isDiskFull } from './storage-errors.ts';

export const DATABASE_FILE = 'library.db';
/** The database and the files SQLite keeps beside it in WAL mode. */
export const DATABASE_FILES = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`] as const;
/**
 * How long a connection waits for another one's lock before giving up. Given
 * when the connection is made, so it covers its very first statement: turning
 * on WAL needs a lock that a writer (or a backup tool) may hold for a moment.
 */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * The library file cannot be read as a database at all (not SQLite, pages that
 * do not fit together). Told apart from other failures to open, because only
 * this one is answered by setting the file aside (see open-or-recover.ts).
 */
export class DamagedDatabaseError extends ApiError {
  readonly path: string;

  constructor(path: string) {
    super('storage_failed', `Broadsheet could not open its library at ${path}: the file is not a Broadsheet library or is damaged.`);
    this.path = path;
  }
}

export interface OpenOptions {
  /**
   * Runs once the file is open and before any migration, with the schema
   * version found (0: a new file). Throwing stops the open with nothing
   * changed: a check of the file, a backup before an update.
   */
  beforeMigrate?: (database: Database, version: number) => void;
}

export interface Database {
  readonly sql: DatabaseSync;
  /** Runs `work` in one transaction; nested calls join the outer one. */
  transaction<T>(work: () => T): T;
  close(): void;
}

export function openDatabase(dataDir: string, options: OpenOptions = {}): Database {
  const path = join(dataDir, DATABASE_FILE);
  let sql: DatabaseSync;
  try {
    mkdirSync(dataDir, { recursive: true });
    sql = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new ApiError('storage_failed', `Broadsheet could not open its library at ${path}: ${reason(error)}`);
  }
  try {
    // WAL lets readers and the single writer proceed together; NORMAL is safe under WAL
    // (a power cut can lose the last commit, never corrupt the file).
    sql.exec('PRAGMA journal_mode = WAL');
    sql.exec('PRAGMA synchronous = NORMAL');
    sql.exec('PRAGMA foreign_keys = ON');
    const database = wrap(sql);
    const version = schemaVersion(database);
    if (version < LATEST_VERSION) options.beforeMigrate?.(database, version);
    migrate(database);
    return database;
  } catch (error) {
    try {
      sql.close();
    } catch {
      // Already failing; the first error is the one worth reporting.
    }
    if (error instanceof ApiError) throw error;
    if (isDamaged(error)) throw new DamagedDatabaseError(path);
    if (isDiskFull(error)) {
      throw new ApiError(
        'disk_full',
        `Your disk is full, so Broadsheet could not open its library at ${path}. Nothing in it was changed. Free some space and start Broadsheet again.`,
      );
    }
    throw new ApiError('storage_failed', `Broadsheet could not open its library at ${path}: ${reason(error)}`);
  }
}

/** An in-memory database with the full schema, for tests and tools. */
export function openMemoryDatabase(): Database {
  const sql = new DatabaseSync(':memory:');
  sql.exec('PRAGMA foreign_keys = ON');
  const database = wrap(sql);
  migrate(database);
  return database;
}

export function wrap(sql: DatabaseSync): Database {
  let depth = 0;
  return {
    sql,
    transaction<T>(work: () => T): T {
      if (depth > 0) {
        depth += 1;
        try {
          return work();
        } finally {
          depth -= 1;
        }
      }
      // IMMEDIATE takes the write lock up front, so a busy database waits here
      // (busy_timeout) rather than failing halfway through the work.
      sql.exec('BEGIN IMMEDIATE');
      depth = 1;
      try {
        const result = work();
        sql.exec('COMMIT');
        return result;
      } catch (error) {
        if (sql.isTransaction) sql.exec('ROLLBACK');
        // Every write is in a transaction, so this is where a full disk is named for whoever asked.
        if (isDiskFull(error) && !(error instanceof ApiError)) throw new ApiError('disk_full', diskFullMessage('your change'));
        throw error;
      } finally {
        depth = 0;
      }
    },
    close() {
      if (sql.isOpen) sql.close();
    },
  };
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/locked|busy/i.test(message)) return 'another program is holding it open.';
  if (/EACCES|EPERM|readonly|permission/i.test(message)) return 'permission denied.';
  return message.endsWith('.') ? message : `${message}.`;
}
