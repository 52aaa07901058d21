// The file work of a restore: check an unpacked backup, then swap it in for
// the current library. The library as it was is moved (never deleted) into
// <dataDir>/before-restore-<time>/; if any step fails, everything moved so
// far is moved back, so the current library stays exactly as it was. A crash
// halfway is undone the next time the library opens (restore-in-progress.json).
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ApiError } from '../../shared/errors.ts';
import { DATABASE_FILE, DATABASE_FILES, openDatabase } from '../store/database.ts';
import { LATEST_VERSION } from '../store/migrations.ts';
import { fileStamp, mirrorAssets } from './backup-archive.ts';

const ASSETS = 'assets';

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

/**
 * Written before the first file moves and removed once the swap is done: if
 * it is still there when the library opens, Broadsheet stopped halfway through
 * a swap, and `recoverInterruptedRestore` puts the previous library back.
 */
export const RESTORE_MARKER = 'restore-in-progress.json';

/** The marker's content; paths are relative to the data folder, so a moved data folder still recovers. */
interface RestoreMarker {
  aside: string;
  /** The unpacked backup; only a copy, deleted once the swap is undone. */
  restored: string;
  /** The moves done, in order. */
  moved: Move[];
  /** The move about to be made: the process may stop after the rename and before the marker says so. */
  next: Move | null;
}

async function writeMarker(dataDir: string, marker: RestoreMarker): Promise<void> {
  // Written aside and renamed over, so a crash never leaves half a marker.
  const path = join(dataDir, RESTORE_MARKER);
  await writeFile(`${path}.tmp`, JSON.stringify(marker));
  await rename(`${path}.tmp`, path);
}

async function undo(moves: readonly Move[]): Promise<boolean> {
  let whole = true;
  for (const move of [...moves].reverse()) {
    try {
      await rename(move.to, move.from);
    } catch {
      // Best effort: the file is still in the folder it was moved to, never deleted.
      whole = false;
    }
  }
  return whole;
}

/**
 * Moves the current library aside and the restored one in; the database must
 * be closed. Returns the folder the old library was kept in. On failure, undoes
 * every move and throws. With `keepImages` (a backup of the database only) the
 * images stay where they are, and the folder kept gets links to them, so it
 * still holds a whole library.
 */
export async function swapInRestored(dataDir: string, restoredDir: string, now: Date, options: { keepImages?: boolean } = {}): Promise<string> {
  let aside = join(dataDir, `before-restore-${fileStamp(now)}`);
  for (let i = 2; existsSync(aside); i += 1) aside = join(dataDir, `before-restore-${fileStamp(now)}-${i}`);
  const moves: Move[] = [];
  const marker: RestoreMarker = { aside: relative(dataDir, aside), restored: relative(dataDir, restoredDir), moved: [], next: null };
  const inData = (move: Move): Move => ({ from: relative(dataDir, move.from), to: relative(dataDir, move.to) });
  const move = async (from: string, to: string) => {
    marker.next = inData({ from, to });
    await writeMarker(dataDir, marker);
    await rename(from, to);
    moves.push({ from, to });
    marker.moved.push(marker.next);
    marker.next = null;
  };
  try {
    // Before the aside folder exists, so a crash never leaves that folder unnamed.
    await writeMarker(dataDir, marker);
    await mkdir(aside);
    // Images are never changed once stored, so links (no extra room) are as good as copies.
    if (options.keepImages) await mirrorAssets(join(dataDir, ASSETS), join(aside, ASSETS));
    for (const file of options.keepImages ? DATABASE_FILES : [...DATABASE_FILES, ASSETS]) {
      if (existsSync(join(dataDir, file))) await move(join(dataDir, file), join(aside, file));
    }
    await move(join(restoredDir, DATABASE_FILE), join(dataDir, DATABASE_FILE));
    if (!options.keepImages && existsSync(join(restoredDir, ASSETS))) await move(join(restoredDir, ASSETS), join(dataDir, ASSETS));
    await rm(join(dataDir, RESTORE_MARKER), { force: true });
    return aside;
  } catch {
    // Only a whole undo clears the marker; otherwise the next open tries again.
    if (await undo(moves)) await rm(join(dataDir, RESTORE_MARKER), { force: true }).catch(() => {});
    throw new ApiError('storage_failed', 'Broadsheet could not put the backup in place. Your library was not changed.');
  }
}

/**
 * Undoes a swap that a crash interrupted, so the library as it was before the
 * restore opens rather than half of each, or a new empty one. Call before
 * opening the database. Returns whether there was anything to undo.
 */
export function recoverInterruptedRestore(dataDir: string): boolean {
  const path = join(dataDir, RESTORE_MARKER);
  // A marker that was being written when the process stopped; the one before it (if any) still counts.
  try {
    rmSync(`${path}.tmp`, { force: true });
  } catch {
    // No such folder (yet): opening the database reports what is wrong with it.
  }
  if (!existsSync(path)) return false;
  const stuck = (where: string) =>
    new ApiError(
      'storage_failed',
      `Broadsheet stopped halfway through restoring a backup and could not put your library back. It is kept in ${where}.`,
    );
  let marker: RestoreMarker;
  try {
    marker = JSON.parse(readFileSync(path, 'utf8')) as RestoreMarker;
  } catch {
    // Written atomically, so this should not happen; opening anyway could start an empty library.
    throw stuck(dataDir);
  }
  const inside = (name: unknown): string | null => {
    if (typeof name !== 'string') return null;
    const full = resolve(dataDir, name);
    return full.startsWith(resolve(dataDir) + sep) ? full : null;
  };
  const back = (move: Move) => {
    const from = inside(move.from);
    const to = inside(move.to);
    if (from === null || to === null || !existsSync(to) || existsSync(from)) return;
    mkdirSync(dirname(from), { recursive: true });
    renameSync(to, from);
  };
  const aside = inside(marker.aside);
  try {
    // The pending move may or may not have happened: undone only if it did.
    if (marker.next) back(marker.next);
    for (const move of [...(marker.moved ?? [])].reverse()) back(move);
  } catch {
    // The marker stays, so the next open tries again rather than starting an empty library.
    throw stuck(aside ?? dataDir);
  }
  const restored = inside(marker.restored);
  if (restored !== null && relative(dataDir, restored).startsWith('.restore-')) rmSync(restored, { recursive: true, force: true });
  if (aside !== null) {
    try {
      rmdirSync(aside); // Only when empty: anything not moved back stays kept there.
    } catch {
      // Kept.
    }
  }
  rmSync(path, { force: true });
  return true;
}

/** Puts the library kept in `aside` back (after the restored one failed to open). */
export async function putBack(dataDir: string, aside: string, restoredDir: string, options: { keepImages?: boolean } = {}): Promise<void> {
  // The images never moved; what the kept folder has are links to them.
  if (options.keepImages) await rm(join(aside, ASSETS), { recursive: true, force: true });
  for (const file of options.keepImages ? DATABASE_FILES : [...DATABASE_FILES, ASSETS]) {
    if (existsSync(join(dataDir, file))) await rename(join(dataDir, file), join(restoredDir, `failed-${file}`));
    if (existsSync(join(aside, file))) await rename(join(aside, file), join(dataDir, file));
  }
  // Only when empty: anything that could not be moved back stays kept there.
  await rmdir(aside).catch(() => {});
}
