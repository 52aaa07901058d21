// Before a schema update the library is backed up, and on a big library that
// takes most of a minute (2.2 GB: about 10 s to copy, 35 s to pack). Done as
// openLibrary does it, synchronously, it freezes the app with no window on
// screen, and people force-quit it. So the programs that can show progress
// call prepareLibraryUpdate first: it takes the library's lock, looks
// (read-only) whether an update is due, and if so makes the backup without
// blocking, saying which step it is at. openLibrary, given what it returns,
// keeps the lock and finds the backup already made (see
// createBeforeUpdateBackup); only the update itself then runs synchronously.
// openLibrary without it (tests, one-off tools) still backs up as before.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { BackupInfo } from '../shared/models.ts';
import { createBeforeUpdateBackupOffThread } from './backup/backup-archive.ts';
import { RESTORE_MARKER } from './backup/restore-files.ts';
import { settingAsideUnfinished } from './store/open-or-recover.ts';
import { acquireLibraryLock, type LibraryLock, type LibraryProgram } from './library-lock.ts';
import { silentLogger, type Logger } from './logger.ts';
import { BUSY_TIMEOUT_MS, DATABASE_FILE } from './store/database.ts';
import { LATEST_VERSION } from './store/migrations.ts';
import { isDamaged } from './store/storage-errors.ts';

/** copying and packing: the backup; updating: the schema update openLibrary makes next. */
export type UpdatePhase = 'copying' | 'packing' | 'updating';

export interface UpdateProgress {
  phase: UpdatePhase;
  fromVersion: number;
  toVersion: number;
}

export interface PreparedLibrary {
  readonly dataDir: string;
  /** The library's lock, held from here on. Give this to openLibrary, which keeps it (and releases it if it fails). */
  readonly lock: LibraryLock;
  /** The schema update opening will make, or null when none is due. */
  readonly update: { readonly fromVersion: number; readonly toVersion: number } | null;
  /** The backup made before that update. */
  readonly backup: BackupInfo | null;
}

export interface PrepareOptions {
  /** Who is opening the library, named to another program that tries meanwhile. */
  program?: LibraryProgram | null;
  /** Called as each phase starts; only when an update is due. */
  onProgress?: (progress: UpdateProgress) => void;
  now?: () => Date;
  logger?: Logger;
  /** The database thread's file (the bundle's, in the app). */
  workerUrl?: URL;
}

/**
 * Takes the library's lock (library_busy when another program has it) and,
 * when the library's schema is older than this version's, makes the backup
 * that comes before the update, off the main thread. A failure (disk_full,
 * storage_failed) releases the lock and leaves the library as it was.
 */
export async function prepareLibraryUpdate(dataDir: string, options: PrepareOptions = {}): Promise<PreparedLibrary> {
  const logger = options.logger ?? silentLogger;
  const lock = acquireLibraryLock(dataDir, options.program ?? null);
  try {
    const fromVersion = dueUpdate(dataDir);
    if (fromVersion === null) return { dataDir, lock, update: null, backup: null };
    const update = { fromVersion, toVersion: LATEST_VERSION };
    const report = (phase: UpdatePhase) => options.onProgress?.({ phase, ...update });
    let backup: BackupInfo;
    try {
      backup = await createBeforeUpdateBackupOffThread({
        dataDir,
        ...update,
        now: (options.now ?? (() => new Date()))(),
        ...(options.workerUrl !== undefined ? { workerUrl: options.workerUrl } : {}),
        onPhase: report,
      });
    } catch (error) {
      if (!isDamaged(error)) throw error;
      // Too damaged to copy: opening sets the file aside and starts an empty library, with no update to make.
      logger.warn('The library could not be copied before its update: it is damaged', { error: String(error) });
      return { dataDir, lock, update: null, backup: null };
    }
    logger.info('Backed up the library before updating it', { from: fromVersion, to: LATEST_VERSION, backup: backup.name });
    report('updating');
    return { dataDir, lock, update, backup };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** "Updating your library (schema 4 → 5): making a safety copy first…": one line per phase, for a terminal. */
export function describeUpdateProgress(progress: UpdateProgress): string {
  const step: Record<UpdatePhase, string> = {
    copying: 'making a safety copy first…',
    packing: 'packing the safety copy…',
    updating: 'updating it now; on a large library this can take a minute…',
  };
  return `Updating your library (schema ${progress.fromVersion} → ${progress.toVersion}): ${step[progress.phase]}`;
}

/**
 * The schema version of a library that needs updating, read without changing
 * anything; null when there is none, it is current (or newer), or it cannot
 * be read (opening reports or answers that), or a restore or the setting
 * aside of a damaged file was interrupted (opening finishes or undoes those
 * first, and backs up what it then opens if that needs it).
 */
function dueUpdate(dataDir: string): number | null {
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path) || existsSync(join(dataDir, RESTORE_MARKER)) || settingAsideUnfinished(dataDir)) return null;
  let version: number;
  try {
    const sql = new DatabaseSync(path, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
    try {
      version = (sql.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    } finally {
      sql.close();
    }
  } catch {
    return null;
  }
  return version > 0 && version < LATEST_VERSION ? version : null;
}
