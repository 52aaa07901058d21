// What a failed read or write of the library means, decided in one place: a
// damaged file (set aside and replaced at start; met while the library is
// open, a plain error that says to start again), a full disk (a clear error,
// nothing stored changed), or anything else (permissions, another program
// holding the file), which keeps its own error and never moves anything.
import { ApiError } from '../../shared/errors.ts';

/** SQLite's primary result codes (the low byte of an extended code). */
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_NOTADB = 26;

function sqliteCode(error: unknown): number | null {
  if (error === null || typeof error !== 'object' || !('errcode' in error)) return null;
  const code = (error as { errcode: unknown }).errcode;
  return typeof code === 'number' ? code & 0xff : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The file is not a database, or its pages do not fit together: no amount of retrying will read it. */
export function isDamaged(error: unknown): boolean {
  const code = sqliteCode(error);
  if (code !== null) return code === SQLITE_CORRUPT || code === SQLITE_NOTADB;
  return /file is not a database|database disk image is malformed/i.test(messageOf(error));
}

/** The disk (or the database's page limit) has no room for the write. */
export function isDiskFull(error: unknown): boolean {
  if (error instanceof ApiError) return error.code === 'disk_full';
  if (sqliteCode(error) === SQLITE_FULL) return true;
  const code = error !== null && typeof error === 'object' && 'code' in error ? (error as { code: unknown }).code : null;
  // EDQUOT: the user's quota on a shared disk is used up, which to them is the same thing.
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  return /database or disk is full|ENOSPC|no space left on device/i.test(messageOf(error));
}

/** `what` completes "could not save …": "this page", "your bookmark". */
export function diskFullMessage(what: string): string {
  return `Your disk is full, so Broadsheet could not save ${what}. Nothing already in your library was changed. Free some space and try again.`;
}

export function diskFullError(what: string): ApiError {
  return new ApiError('disk_full', diskFullMessage(what));
}

/**
 * Damage met while the library is open. Nothing is moved from under the
 * program using it: the next start checks the whole file, sets it aside if
 * it is damaged, and offers the newest backup.
 */
export const DAMAGED_IN_USE_MESSAGE =
  'Part of your library file is damaged. Quit Broadsheet and open it again: it will check the file and offer your latest backup.';

/** The damage SQLite reported while the library was in use, as the reader is told it; null for any other failure. */
export function damagedInUseError(error: unknown): ApiError | null {
  if (error instanceof ApiError || !isDamaged(error)) return null;
  return new ApiError('storage_failed', DAMAGED_IN_USE_MESSAGE);
}

/**
 * The error a failed write becomes: an ApiError stays as it is (a disk_full
 * one takes the more precise `what`), a full disk becomes disk_full, damage
 * the plain words of DAMAGED_IN_USE_MESSAGE, and anything else
 * storage_failed with `message`.
 */
export function storageError(error: unknown, message: string, what: string): ApiError {
  if (isDiskFull(error)) return diskFullError(what);
  if (error instanceof ApiError) return error;
  return damagedInUseError(error) ?? new ApiError('storage_failed', message);
}
