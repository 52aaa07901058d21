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
// and what that finds is answered the same way. Damage met while the library
// is open moves nothing; it asks the next open to check the whole file first,
// whatever its size (checkAtNextStart).
//
// The files set aside move as one: the move is recorded before it starts, and
// an open that finds the record finishes it (finishSettingAside).
//
// Until the reader answers (restores a backup or dismisses the notice), the
// damage is recorded on disk (see pending-damage.ts), and the notice is
// posted again by whichever program opens the library next.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../shared/errors.ts';
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
  // Before anything opens the library: a set-aside the process stopped in the middle of is finished, so the files move as one.
  finishSettingAside(dataDir, options.logger);
  const path = join(dataDir, DATABASE_FILE);
  const existed = existsSync(path);
  const bytes = fileBytes(dataDir);
  // Damage met while the library was open asks for the whole check now, however long a big file takes.
  const checkAsked = existsSync(checkAtStartPath(dataDir));
  const checkNow = existed && (checkAsked || bytes <= CHECK_AT_START_MAX_BYTES);
  try {
    // Before anything opens it to write (closing a writer folds the WAL into the file): what is kept is what was found.
    if (checkNow && fileProblems(path).length > 0) throw new DamagedDatabaseError(path);
    // Checked and whole (or gone): the next start need not check it again.
    if (checkAsked) rmSync(checkAtStartPath(dataDir), { force: true });
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
  // Set aside: a check asked for by damage met in use is done.
  rmSync(checkAtStartPath(options.dataDir), { force: true });
  const db = openDatabase(options.dataDir);
  const backup = newestBackupSync(options.dataDir);
  try {
    recordPendingDamage(options.dataDir, { at: now.toISOString(), keptAt, backup });
    // Recorded: the set-aside is complete. Until then its record stays, and the next open records the damage.
    doneMoving(options.dataDir);
  } catch (error) {
    // This program still holds back backups and the sweep while the notice shows.
    options.logger.error('Could not record the damaged library for the next start', { error: String(error) });
  }
  // The newest damage is the one to answer: an earlier notice would offer to bring back what this replaced.
  for (const notice of options.notices.list()) if (notice.kind === 'library-damaged') options.notices.dismiss(notice.id);
  options.notices.post('library-damaged', damagedMessage(keptAt, backup), { keptAt, backup });
  return db;
}

/** Asked for by damage met while the library is open; see checkAtNextStart. */
const CHECK_AT_START_FILE = 'check-at-start';

function checkAtStartPath(dataDir: string): string {
  return join(dataDir, DAMAGED_DIR, CHECK_AT_START_FILE);
}

/**
 * Damage showed while the library was open (a page that does not read).
 * Nothing is moved from under the program using it; instead the next open
 * checks the whole file before anything else, whatever its size, and
 * answers damage as usual: set aside, an empty library, the newest backup offered.
 */
export function checkAtNextStart(dataDir: string, now: Date): void {
  mkdirSync(join(dataDir, DAMAGED_DIR), { recursive: true });
  writeFileSync(checkAtStartPath(dataDir), `Damage met in use at ${now.toISOString()}\n`);
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

/** The record of a set-aside under way: the files move as one, or (after a crash) finish moving at the next open. */
const MOVING_FILE = 'moving.json';

const MovingSchema = z.object({
  /** When the damage was found (ISO). */
  at: z.string().max(40),
  /** The name the files take in damaged/, without the extension: `library-<time>[-n]`. */
  base: z.string().regex(/^library-[0-9TZ-]+$/),
  /** The library files that were there, in the order they move (the .db last). */
  files: z.array(z.enum(DATABASE_FILES)).max(DATABASE_FILES.length),
});
type Moving = z.infer<typeof MovingSchema>;

/** A rename, replaceable in tests by one that fails as Windows's does when another program holds the file. */
export type RenameFile = (from: string, to: string) => void;

/**
 * Moves library.db and its -wal and -shm to <dataDir>/damaged/library-<time>.db(-wal, -shm),
 * and links its images into library-<time>-assets, so what is kept is a whole
 * library whatever happens to the images in use; returns the .db's new path.
 *
 * The three files must move as one: library.db left without its WAL would
 * open, at the next start, as an older library that looks healthy. So the
 * move is recorded (damaged/moving.json) before anything moves, and an open
 * that finds the record finishes the move first (finishSettingAside). The
 * record stays until the damage itself is recorded (replaceDamaged).
 *
 * A file that cannot be moved (on Windows, another program has it open) puts
 * back what had moved and throws a storage_failed error in plain words.
 */
export function setAside(dataDir: string, now: Date, rename: RenameFile = renameSync): string {
  const dir = join(dataDir, DAMAGED_DIR);
  mkdirSync(dir, { recursive: true });
  let base = `library-${fileStamp(now)}`;
  for (let i = 2; existsSync(join(dir, `${base}.db`)); i += 1) base = `library-${fileStamp(now)}-${i}`;
  // The WAL and shared-memory files first: left behind, they would be read as part of the next library file.
  const files = [...DATABASE_FILES].reverse().filter((file) => existsSync(join(dataDir, file)));
  const moving: Moving = { at: now.toISOString(), base, files };
  writeMoving(dataDir, moving);
  const moved: string[] = [];
  try {
    for (const file of files) {
      rename(join(dataDir, file), keptPath(dataDir, base, file));
      moved.push(file);
    }
  } catch (error) {
    putBack(dataDir, base, moved, rename);
    throw couldNotSetAside(dataDir, error);
  }
  keepImages(dataDir, base);
  return keptPath(dataDir, base, DATABASE_FILE);
}

/**
 * Finishes a set-aside the process stopped in the middle of: moves what is
 * still in place, keeps the images, and records the damage so the notice
 * shows. Runs before anything opens the library. Returns the kept file's path,
 * or null when there was nothing to finish.
 */
export function finishSettingAside(dataDir: string, logger: Logger): string | null {
  const path = join(dataDir, DAMAGED_DIR, MOVING_FILE);
  rmSync(`${path}.tmp`, { force: true });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  let moving: Moving;
  try {
    moving = MovingSchema.parse(JSON.parse(text));
  } catch {
    // Written aside and renamed in, so never half written; one edited by hand says nothing safe to move.
    logger.warn('Ignored an unreadable record of a damaged library being set aside', { path });
    rmSync(path, { force: true });
    return null;
  }
  const { base, files } = moving;
  // The .db moves last: kept, it means every file before it moved too, and what is in place now is a new library.
  if (!existsSync(keptPath(dataDir, base, DATABASE_FILE))) {
    for (const file of files) {
      const from = join(dataDir, file);
      const to = keptPath(dataDir, base, file);
      if (!existsSync(from) || existsSync(to)) continue;
      try {
        renameSync(from, to);
      } catch (error) {
        // The record stays: the next start tries again rather than open half a library.
        throw couldNotSetAside(dataDir, error);
      }
    }
  }
  keepImages(dataDir, base);
  const keptAt = keptPath(dataDir, base, DATABASE_FILE);
  const pending = readPendingDamage(dataDir);
  if (pending?.keptAt !== keptAt) {
    recordPendingDamage(dataDir, { at: moving.at, keptAt, backup: newestBackupSync(dataDir, new Date(moving.at)) });
  }
  rmSync(path, { force: true });
  logger.warn('Finished setting aside a damaged library file after an interruption', { keptAt });
  return keptAt;
}

/** A set-aside was interrupted: library.db may be without its WAL, and must not be read before the next open finishes the move. */
export function settingAsideUnfinished(dataDir: string): boolean {
  return existsSync(join(dataDir, DAMAGED_DIR, MOVING_FILE));
}

function keptPath(dataDir: string, base: string, file: string): string {
  return join(dataDir, DAMAGED_DIR, `${base}${file.slice('library'.length)}`);
}

/** Written aside, flushed and renamed in, so a crash never leaves half a record. */
function writeMoving(dataDir: string, moving: Moving): void {
  const path = join(dataDir, DAMAGED_DIR, MOVING_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(moving)}\n`, { flush: true });
  renameSync(`${path}.tmp`, path);
}

function doneMoving(dataDir: string): void {
  rmSync(join(dataDir, DAMAGED_DIR, MOVING_FILE), { force: true });
}

/** Undoes the moves made, last first; the record is removed only if every file is back. */
function putBack(dataDir: string, base: string, moved: readonly string[], rename: RenameFile): void {
  try {
    for (const file of [...moved].reverse()) rename(keptPath(dataDir, base, file), join(dataDir, file));
    doneMoving(dataDir);
  } catch {
    // Left to the record: the next open finishes the move, so the files are never split.
  }
}

function keepImages(dataDir: string, base: string): void {
  try {
    // Links cost no room (images never change once stored); a copy where the file system cannot link.
    mirrorAssetsSync(join(dataDir, 'assets'), join(dataDir, DAMAGED_DIR, `${base}-assets`));
  } catch {
    // A full disk for the copies: the images stay in use, and no sweep runs while the damage waits for an answer.
  }
}

function couldNotSetAside(dataDir: string, error: unknown): ApiError {
  const code = error !== null && typeof error === 'object' && 'code' in error ? (error as { code: unknown }).code : null;
  const path = join(dataDir, DATABASE_FILE);
  // What Windows says when another program (an antivirus, a sync client, a viewer) has the file open.
  if (code === 'EPERM' || code === 'EBUSY') {
    return new ApiError(
      'storage_failed',
      `Broadsheet could not set your damaged library aside because another program is using it. Close other programs using ${path} and start Broadsheet again.`,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiError('storage_failed', `Broadsheet could not set your damaged library at ${path} aside: ${reason}`);
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
