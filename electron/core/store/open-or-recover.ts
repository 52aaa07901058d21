// Opens the library at start, and answers a damaged file the way a reader
// would want: the app still starts, the damaged file is moved aside (never
// deleted) into <dataDir>/damaged/, an empty library opens in its place, and
// a notice says so in plain words and offers the newest backup. Only damage
// gets that answer: a file Broadsheet may not read, one another program
// holds, or a full disk keeps its own clear error and nothing moves.
//
// Damage shows either when the file is opened (not a database, a broken
// header or schema) or only when its pages are walked (PRAGMA quick_check).
// quick_check reads the whole file: 114 ms for 27 MB, 10.6 s for 2.2 GB
// (100,000 articles) with the file in memory, 22 s from disk. So a small
// library is checked before it opens, and a bigger one after, on a worker
// thread (the Library does, once startAutoRefresh starts its background work),
// and what that finds is answered the same way.
//
// Until the reader answers (restores a backup or dismisses the notice), the
// damage is recorded on disk (see pending-damage.ts), and the notice is
// posted again by whichever program opens the library next.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../../shared/models.ts';
import { createBeforeUpdateBackup, fileStamp, isBackupName, backupsDir, mirrorAssetsSync, newestBackupSync } from '../backup/backup-archive.ts';
import type { Logger } from '../logger.ts';
import type { NoticeBoard } from '../notices.ts';
import { DATABASE_FILE, DATABASE_FILES, DamagedDatabaseError, openDatabase, type Database } from './database.ts';
import { runTaskHere } from './database-thread.ts';
import { isDamaged } from './storage-errors.ts';
import { LATEST_VERSION } from './migrations.ts';
import { DAMAGED_DIR, readPendingDamage, recordPendingDamage } from './pending-damage.ts';

export { DAMAGED_DIR };
/** Libraries up to this size (file and WAL) are checked before they open: about 200 ms at most. */
export const CHECK_AT_START_MAX_BYTES = 24 * 1024 * 1024;

export interface OpenOrRecoverOptions {
  dataDir: string;
  notices: NoticeBoard;
  now: () => Date;
  logger: Logger;
}

export interface OpenedLibrary {
  db: Database;
  /** The file was too big to check before opening: check it in the background. */
  checkLater: boolean;
  /** There was no library: this one was made now (or replaces a damaged one). */
  created: boolean;
}

export function openOrRecover(options: OpenOrRecoverOptions): OpenedLibrary {
  const { dataDir } = options;
  const path = join(dataDir, DATABASE_FILE);
  const existed = existsSync(path);
  const bytes = fileBytes(dataDir);
  const checkNow = existed && bytes <= CHECK_AT_START_MAX_BYTES;
  try {
    // Before anything opens it to write (closing a writer folds the WAL into the file): what is kept is what was found.
    if (checkNow && fileProblems(path).length > 0) throw new DamagedDatabaseError(path);
    const db = openDatabase(dataDir, {
      beforeMigrate: (database, version) => {
        // A file with no schema where a library was: what a library emptied by a crash looks like.
        if (version === 0 && existed && hadLibrary(dataDir)) throw new DamagedDatabaseError(path);
        if (version > 0) {
          createBeforeUpdateBackup({ db: database, dataDir, fromVersion: version, toVersion: LATEST_VERSION, now: options.now() });
          options.logger.info('Backed up the library before updating it', { from: version, to: LATEST_VERSION });
        }
      },
    });
    postPendingDamage(options);
    return { db, checkLater: existed && !checkNow, created: !existed };
  } catch (error) {
    if (!(error instanceof DamagedDatabaseError)) throw error;
    options.logger.error('The library file is damaged; it is set aside and an empty library opens', { path });
    return { db: replaceDamaged(options), checkLater: false, created: true };
  }
}

/**
 * Moves the damaged library file (and its WAL and shared-memory files) aside,
 * opens an empty library in its place and posts the notice. The database must
 * be closed. Also what the Library calls when the background check finds damage.
 */
export function replaceDamaged(options: OpenOrRecoverOptions): Database {
  const now = options.now();
  const keptAt = setAside(options.dataDir, now);
  const db = openDatabase(options.dataDir);
  const backup = newestBackupSync(options.dataDir);
  try {
    recordPendingDamage(options.dataDir, { at: now.toISOString(), keptAt, backup });
  } catch (error) {
    // This program still holds back backups and the sweep while the notice shows.
    options.logger.error('Could not record the damaged library for the next start', { error: String(error) });
  }
  // The newest damage is the one to answer: an earlier notice would offer to bring back what this replaced.
  for (const notice of options.notices.list()) if (notice.kind === 'library-damaged') options.notices.dismiss(notice.id);
  options.notices.post('library-damaged', damagedMessage(keptAt, backup), { keptAt, backup });
  return db;
}

/**
 * Posts again the notice of damage found before (by this program or another)
 * and not yet answered, offering the backup it offered, or, if that one is
 * gone, the newest from before the damage.
 */
function postPendingDamage(options: OpenOrRecoverOptions): void {
  const pending = readPendingDamage(options.dataDir);
  if (pending === null) return;
  const recorded = pending.backup !== null && existsSync(join(backupsDir(options.dataDir), pending.backup.name)) ? pending.backup : null;
  const backup = recorded ?? newestBackupSync(options.dataDir, new Date(pending.at));
  options.notices.post('library-damaged', damagedMessage(pending.keptAt, backup), { keptAt: pending.keptAt, backup });
}

export function damagedMessage(keptAt: string, backup: BackupInfo | null): string {
  const start = `Broadsheet could not read your library file, so it started with an empty one. The damaged file was kept in ${keptAt}.`;
  if (backup === null) return `${start} There is no backup to restore your library from.`;
  return `${start} You can restore the backup from ${describeDate(backup.createdAt)}.`;
}

/** "24 Nov 2026, 21:50", in the computer's time zone. */
function describeDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * Moves library.db and its -wal and -shm to <dataDir>/damaged/library-<time>.db(-wal, -shm),
 * and links its images into library-<time>-assets, so what is kept is a whole
 * library whatever happens to the images in use; returns the .db's new path.
 */
export function setAside(dataDir: string, now: Date): string {
  const dir = join(dataDir, DAMAGED_DIR);
  mkdirSync(dir, { recursive: true });
  let base = join(dir, `library-${fileStamp(now)}`);
  for (let i = 2; existsSync(`${base}.db`); i += 1) base = join(dir, `library-${fileStamp(now)}-${i}`);
  // The WAL and shared-memory files first: left behind, they would be read as part of the next library file.
  for (const file of [...DATABASE_FILES].reverse()) {
    const from = join(dataDir, file);
    if (existsSync(from)) renameSync(from, `${base}${file.slice('library'.length)}`);
  }
  try {
    // Links cost no room (images never change once stored); a copy where the file system cannot link.
    mirrorAssetsSync(join(dataDir, 'assets'), `${base}-assets`);
  } catch {
    // A full disk for the copies: the images stay in use, and no sweep runs while the damage waits for an answer.
  }
  return `${base}.db`;
}

/** quick_check on a read-only connection; a failure that is not damage is left for opening to report. */
function fileProblems(path: string): string[] {
  try {
    const result = runTaskHere({ kind: 'check', path });
    return result.kind === 'checked' ? result.problems : [];
  } catch (error) {
    return isDamaged(error) ? [String(error)] : [];
  }
}

function fileBytes(dataDir: string): number {
  let total = 0;
  for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
    try {
      total += statSync(join(dataDir, file)).size;
    } catch {
      // Not there: nothing to check.
    }
  }
  return total;
}

/** Whether the folder shows a library was here: a backup of it, or stored images. */
function hadLibrary(dataDir: string): boolean {
  const has = (dir: string, keep: (name: string) => boolean) => {
    try {
      return readdirSync(dir).some(keep);
    } catch {
      return false;
    }
  };
  return has(backupsDir(dataDir), isBackupName) || has(join(dataDir, 'assets'), (name) => /^[0-9a-f]{2}$/.test(name));
}
