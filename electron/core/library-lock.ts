// One program at a time writes a library folder. The Electron app's
// single-instance lock only covers the app; the web host and the command line
// open the same folder too, and two writers would each run migrations, refresh
// the same feeds, and sweep each other's newly written images. So opening a
// library for writing takes this advisory lock: a file in the data folder
// naming the process that holds it.
//
// The file is created with O_EXCL, so of two programs starting at once only
// one can create it. A lock whose process is gone from this computer (what
// SIGKILL, a crash or a power cut leaves behind) is stale and taken over; so
// is one taken before this computer last started, whatever runs under its pid
// now (pids start over at boot, and Windows hands them out again quickly). The
// take-over itself is guarded by a second O_EXCL file, so two programs that
// both found the same stale lock cannot both end up holding a new one.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname as osHostname, uptime } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../shared/errors.ts';

export const LOCK_FILE = 'library.lock';
/** Created only while a stale lock is being replaced; see takeOver(). */
const TAKEOVER_FILE = `${LOCK_FILE}.takeover`;

/** Which Broadsheet holds the lock, for the message the next one shows. */
export const LibraryProgramSchema = z.enum(['app', 'web-host', 'cli']);
export type LibraryProgram = z.infer<typeof LibraryProgramSchema>;

const PROGRAM_NAMES: Record<LibraryProgram, string> = {
  app: 'the app',
  'web-host': 'the web host',
  cli: 'a broadsheet command',
};

const HolderSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** When the holder opened the library (ISO). */
  startedAt: z.string(),
  program: LibraryProgramSchema.nullable(),
  /** Tells this holding apart from an earlier one by a process that had the same pid. */
  token: z.string(),
});
export type LockHolder = z.infer<typeof HolderSchema>;

export interface LibraryLock {
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this lock's. Safe to call twice. */
  release(): void;
}

export interface LockEnvironment {
  pid: number;
  hostname: string;
  now: () => Date;
  /** Whether a process with this pid runs on this computer. */
  isRunning: (pid: number) => boolean;
  /** When this computer last started (ms since the epoch). */
  bootTime: () => number;
}

const systemEnvironment = (): LockEnvironment => ({
  pid: process.pid,
  hostname: osHostname(),
  now: () => new Date(),
  isRunning: processIsRunning,
  bootTime: () => Date.now() - uptime() * 1000,
});

/** How often a contended lock is looked at again before giving up (about a second in all). */
const ATTEMPTS = 40;
const RETRY_MS = 25;
/** A lock file too new to have been written yet may belong to a program that is starting right now. */
const UNWRITTEN_GRACE_MS = 2_000;
/** A take-over guard older than this was left by a process that died in the middle of one. */
const TAKEOVER_STALE_MS = 10_000;
/** Uptime and the clock are not exact: only a lock clearly older than the boot is judged by it. */
const BOOT_SLACK_MS = 60_000;

/** Lock files this process holds, by token, so they go when it exits and its own pid is never mistaken for another's. */
const held = new Map<string, string>();
let exitHookInstalled = false;

/**
 * Takes the lock on `dataDir` (creating the folder if needed), or throws
 * ApiError('library_busy') naming the program that has it.
 */
export function acquireLibraryLock(
  dataDir: string,
  program: LibraryProgram | null = null,
  environment: LockEnvironment = systemEnvironment(),
): LibraryLock {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ApiError('storage_failed', `Broadsheet could not create its library folder ${dataDir}: ${(error as Error).message}`);
  }
  const file = join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: environment.pid,
    hostname: environment.hostname,
    startedAt: environment.now().toISOString(),
    program,
    token: randomBytes(12).toString('hex'),
  };
  const content = `${JSON.stringify(holder)}\n`;
  let last: LockHolder | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (createExclusive(file, content)) return holdLock(file, holder);
    const seen = readLock(file);
    if (seen.kind === 'missing') continue; // Released just now: try again at once.
    if (seen.kind === 'holder') {
      last = seen.holder;
      if (isAlive(seen.holder, environment)) throw busy(seen.holder, dataDir, environment);
    } else if (environment.now().getTime() - seen.modifiedAt < UNWRITTEN_GRACE_MS) {
      // Created by a program that has not written its name yet.
      sleep(RETRY_MS);
      continue;
    }
    // Its process is gone (or the file is damaged and old): replace it, one taker at a time.
    if (!takeOver(dataDir, file, seen.raw, environment)) sleep(RETRY_MS);
  }
  throw busy(last, dataDir, environment);
}

/** Who holds the lock on `dataDir` and is still running, or null when nobody does. */
export function libraryLockHolder(dataDir: string, environment: LockEnvironment = systemEnvironment()): LockHolder | null {
  const seen = readLock(join(dataDir, LOCK_FILE));
  return seen.kind === 'holder' && isAlive(seen.holder, environment) ? seen.holder : null;
}

/** Whether a process runs with this pid (one owned by another user counts). */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holdLock(file: string, holder: LockHolder): LibraryLock {
  held.set(holder.token, file);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A CLI that calls process.exit, or a host stopped by a signal, leaves no lock behind.
    process.on('exit', () => {
      for (const [token, path] of held) removeIfOurs(path, token);
    });
  }
  return {
    holder,
    release() {
      if (!held.delete(holder.token)) return;
      removeIfOurs(file, holder.token);
    },
  };
}

function removeIfOurs(file: string, token: string): void {
  const seen = readLock(file);
  if (seen.kind !== 'holder' || seen.holder.token !== token) return;
  try {
    rmSync(file, { force: true });
  } catch {
    // Left behind, it is stale from the moment this process ends.
  }
}

function isAlive(holder: LockHolder, environment: LockEnvironment): boolean {
  // Another computer's processes cannot be seen from here (a library on a shared drive): assume it runs.
  if (holder.hostname !== environment.hostname) return true;
  // This very process: alive only if it really holds this lock (after a restart, a container often gets its old pid back).
  if (holder.pid === environment.pid && environment.pid === process.pid) return held.has(holder.token);
  // Taken before this computer started: whatever has that pid now is not the program that took it.
  const startedAt = Date.parse(holder.startedAt);
  if (Number.isFinite(startedAt) && startedAt < environment.bootTime() - BOOT_SLACK_MS) return false;
  return environment.isRunning(holder.pid);
}

type SeenLock =
  | { kind: 'missing' }
  | { kind: 'holder'; holder: LockHolder; raw: string }
  | { kind: 'unreadable'; raw: string; modifiedAt: number };

function readLock(file: string): SeenLock {
  let raw: string;
  let modifiedAt: number;
  try {
    modifiedAt = statSync(file).mtimeMs;
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw new ApiError('storage_failed', `Broadsheet could not read its lock file ${file}: ${(error as Error).message}`);
  }
  try {
    return { kind: 'holder', holder: HolderSchema.parse(JSON.parse(raw)), raw };
  } catch {
    return { kind: 'unreadable', raw, modifiedAt };
  }
}

/** Creates `file` with `content` unless it exists; false when it does. */
function createExclusive(file: string, content: string): boolean {
  try {
    writeFileSync(file, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ApiError('storage_failed', `Broadsheet could not write its lock file ${file}: ${(error as Error).message}`);
  }
}

/**
 * Removes the stale lock whose content was `raw`, unless it changed since it
 * was read (another program took it over first). Only the program that
 * creates the guard file may do this; returns false when another has it.
 */
function takeOver(dataDir: string, file: string, raw: string, environment: LockEnvironment): boolean {
  const guard = join(dataDir, TAKEOVER_FILE);
  if (!createExclusive(guard, `${environment.pid}\n`)) {
    try {
      if (environment.now().getTime() - statSync(guard).mtimeMs > TAKEOVER_STALE_MS) rmSync(guard, { force: true });
    } catch {
      // Gone already: the other taker finished.
    }
    return false;
  }
  try {
    const now = readLock(file);
    if (now.kind !== 'missing' && now.raw === raw) rmSync(file, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
  return true;
}

/** Every refusal says how to get out of it, should the lock be wrong (a process that only has the old pid). */
function busy(holder: LockHolder | null, dataDir: string, environment: LockEnvironment): ApiError {
  const recover = (where: string) => `If Broadsheet is not running${where}, delete ${LOCK_FILE} in ${dataDir} and try again.`;
  const close = 'Close it first, or use another library folder.';
  if (holder === null) {
    return new ApiError('library_busy', `Broadsheet is already using this library. ${close} ${recover('')}`);
  }
  const who = holder.program === null ? 'another Broadsheet' : PROGRAM_NAMES[holder.program];
  if (holder.hostname !== environment.hostname) {
    return new ApiError(
      'library_busy',
      `Broadsheet is already using this library (${who} on ${holder.hostname}, process ${holder.pid}). ${close} ${recover(' there')}`,
    );
  }
  return new ApiError('library_busy', `Broadsheet is already using this library (${who}, process ${holder.pid}). ${close} ${recover('')}`);
}

/** Blocks briefly: opening a library is synchronous, and the wait is a few milliseconds at a time. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
