// The file work of a restore: check an unpacked backup, then swap it in for
// the current library. The library as it was is moved (never deleted) into
// <dataDir>/before-restore-<time>/; if any step fails, everything moved so
// far is moved back, so the current library stays exactly as it was.
import { existsSync } from 'node:fs';
import { mkdir, rename, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ApiError } from '../../shared/errors.ts';
import { DATABASE_FILE, openDatabase } from '../store/database.ts';
import { LATEST_VERSION } from '../store/migrations.ts';
import { fileStamp } from './backup-archive.ts';

const ASSETS = 'assets';
/** The database and the files SQLite keeps beside it in WAL mode. */
const DATABASE_FILES = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`];

/**
 * Checks the unpacked database (integrity, a schema this version can read)
 * and brings an older one up to date, so what is swapped in opens at once.
 */
export function verifyUnpacked(dir: string, name: string): void {
  const path = join(dir, DATABASE_FILE);
  let version: number;
  try {
    const check = new DatabaseSync(path, { readOnly: true });
    try {
      const rows = check.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>;
      if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok') throw new Error('integrity');
      version = (check.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
      const tables = check.prepare("SELECT COUNT(*) AS n FROM sqlite_schema WHERE type = 'table' AND name IN ('articles', 'sources')").get() as { n: number };
      if (tables.n !== 2) throw new Error('not a library');
    } finally {
      check.close();
    }
  } catch {
    throw new ApiError('storage_failed', `The database in the backup “${name}” is damaged. Your library was not changed.`);
  }
  if (version > LATEST_VERSION) {
    throw new ApiError(
      'storage_failed',
      `The backup “${name}” was made by a newer version of Broadsheet. Update Broadsheet to restore it. Your library was not changed.`,
    );
  }
  // Migrates an older backup up to this version's schema, in its own folder.
  try {
    openDatabase(dir).close();
  } catch {
    throw new ApiError('storage_failed', `The backup “${name}” could not be brought up to date. Your library was not changed.`);
  }
}

interface Move {
  from: string;
  to: string;
}

async function undo(moves: readonly Move[]): Promise<void> {
  for (const move of [...moves].reverse()) {
    try {
      await rename(move.to, move.from);
    } catch {
      // Best effort: the file is still in the folder it was moved to, never deleted.
    }
  }
}

/**
 * Moves the current library aside and the restored one in; the database must
 * be closed. Returns the folder the old library was kept in. On failure, undoes
 * every move and throws.
 */
export async function swapInRestored(dataDir: string, restoredDir: string, now: Date): Promise<string> {
  let aside = join(dataDir, `before-restore-${fileStamp(now)}`);
  for (let i = 2; existsSync(aside); i += 1) aside = join(dataDir, `before-restore-${fileStamp(now)}-${i}`);
  const moves: Move[] = [];
  const move = async (from: string, to: string) => {
    await rename(from, to);
    moves.push({ from, to });
  };
  try {
    await mkdir(aside);
    for (const file of [...DATABASE_FILES, ASSETS]) {
      if (existsSync(join(dataDir, file))) await move(join(dataDir, file), join(aside, file));
    }
    await move(join(restoredDir, DATABASE_FILE), join(dataDir, DATABASE_FILE));
    if (existsSync(join(restoredDir, ASSETS))) await move(join(restoredDir, ASSETS), join(dataDir, ASSETS));
    return aside;
  } catch {
    await undo(moves);
    throw new ApiError('storage_failed', 'Broadsheet could not put the backup in place. Your library was not changed.');
  }
}

/** Puts the library kept in `aside` back (after the restored one failed to open). */
export async function putBack(dataDir: string, aside: string, restoredDir: string): Promise<void> {
  for (const file of [...DATABASE_FILES, ASSETS]) {
    if (existsSync(join(dataDir, file))) await rename(join(dataDir, file), join(restoredDir, `failed-${file}`));
    if (existsSync(join(aside, file))) await rename(join(aside, file), join(dataDir, file));
  }
  // Only when empty: anything that could not be moved back stays kept there.
  await rmdir(aside).catch(() => {});
}
