// The lock that keeps two programs from writing one library folder: real
// files, and real processes where a pid has to be alive or dead.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../shared/errors.ts';
import { acquireLibraryLock, LOCK_FILE, libraryLockHolder, type LockHolder } from './library-lock.ts';
import { openLibrary } from './library.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { DATABASE_FILE } from './store/database.ts';

const HOLDER_SCRIPT = fileURLToPath(new URL('./testing/hold-library-lock.ts', import.meta.url));

let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'broadsheet-lock-'));
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function busyError(work: () => unknown): ApiError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected library_busy');
}

function lockFile(): LockHolder {
  return JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder;
}

/** The pid of a process that has ended (pids are not reused this soon). */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ['-e', '']);
  expect(ended.pid).toBeGreaterThan(0);
  return ended.pid as number;
}

/** Starts a process that will try to take the lock on `folder` when told to; resolves once it is ready. */
async function startHolder(folder: string, program = 'app'): Promise<{ child: ChildProcessWithoutNullStreams; lines: string[]; next(): Promise<string> }> {
  const child = spawn(process.execPath, [HOLDER_SCRIPT, folder, program], { stdio: 'pipe' });
  children.push(child);
  const lines: string[] = [];
  let buffer = '';
  let waiting: (() => void) | null = null;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    waiting?.();
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let read = 0;
  const next = async (): Promise<string> => {
    while (lines.length <= read) {
      if (child.exitCode !== null) throw new Error(`holder exited: ${stderr}`);
      await new Promise<void>((resolve) => {
        waiting = resolve;
        setTimeout(resolve, 200);
      });
    }
    read += 1;
    return lines[read - 1] as string;
  };
  expect(await next()).toBe('ready');
  return { child, lines, next };
}

describe('acquireLibraryLock', () => {
  it('writes who holds the library, and removes the file on release', () => {
    const lock = acquireLibraryLock(dir, 'web-host');
    expect(lockFile()).toMatchObject({ pid: process.pid, hostname: hostname(), program: 'web-host' });
    expect(Date.parse(lockFile().startedAt)).not.toBeNaN();
    expect(libraryLockHolder(dir)).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(libraryLockHolder(dir)).toBeNull();
    // Twice is harmless, and the folder can be locked again.
    lock.release();
    acquireLibraryLock(dir, 'cli').release();
  });

  it('refuses a second opener in the same process while the first holds it', () => {
    const lock = acquireLibraryLock(dir, 'app');
    const error = busyError(() => acquireLibraryLock(dir, 'cli'));
    expect(error.code).toBe('library_busy');
    expect(error.message).toBe(
      `Broadsheet is already using this library (the app, process ${process.pid}). Close it first, or use another library folder. ` +
        `If Broadsheet is not running, delete ${LOCK_FILE} in ${dir} and try again.`,
    );
    lock.release();
  });

  it('refuses while another running process holds it, and takes it over once that process is killed', async () => {
    const holder = await startHolder(dir, 'web-host');
    holder.child.stdin.write('go\n');
    expect(await holder.next()).toBe('held');
    const error = busyError(() => acquireLibraryLock(dir, 'cli'));
    expect(error.code).toBe('library_busy');
    expect(error.message).toContain(`(the web host, process ${holder.child.pid})`);

    const exited = new Promise((resolve) => holder.child.once('exit', resolve));
    holder.child.kill('SIGKILL');
    await exited;
    // The dead process's file is still there: stale, not busy.
    expect(lockFile().pid).toBe(holder.child.pid);
    const lock = acquireLibraryLock(dir, 'cli');
    expect(lockFile()).toMatchObject({ pid: process.pid, program: 'cli' });
    lock.release();
  });

  it('takes over a lock whose process is gone, and a damaged lock file that is not new', () => {
    const stale: LockHolder = { pid: deadPid(), hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z', program: 'app', token: 'old' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(stale));
    const lock = acquireLibraryLock(dir, 'cli');
    expect(lockFile().token).toBe(lock.holder.token);
    lock.release();

    writeFileSync(join(dir, LOCK_FILE), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, LOCK_FILE), old, old);
    acquireLibraryLock(dir, 'cli').release();
    expect(existsSync(join(dir, `${LOCK_FILE}.takeover`))).toBe(false);
  });

  it('treats its own pid in an old lock file as stale (a restarted container gets its old pid back)', () => {
    const earlier: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z', program: 'app', token: 'before-restart' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(earlier));
    acquireLibraryLock(dir, 'app').release();
  });

  it('does not judge a lock held on another computer, and says where it is', () => {
    const elsewhere: LockHolder = { pid: deadPid(), hostname: 'other-laptop', startedAt: '2026-01-01T00:00:00.000Z', program: 'app', token: 't' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(elsewhere));
    const error = busyError(() => acquireLibraryLock(dir, 'cli'));
    expect(error.code).toBe('library_busy');
    expect(error.message).toContain(`(the app on other-laptop, process ${elsewhere.pid})`);
    expect(error.message).toContain(`If Broadsheet is not running there, delete ${LOCK_FILE} in ${dir} and try again.`);
    expect(lockFile().token).toBe('t');
  });

  it('takes over a lock taken before this computer started, though another process now has its pid', () => {
    // The parent of this test runs, and is not Broadsheet holding this library: after a reboot any pid may be anyone's.
    const bootedAt = Date.now() - uptime() * 1000;
    const beforeBoot: LockHolder = {
      pid: process.ppid,
      hostname: hostname(),
      startedAt: new Date(bootedAt - 5 * 60_000).toISOString(),
      program: 'app',
      token: 'before-reboot',
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(beforeBoot));
    expect(libraryLockHolder(dir)).toBeNull();
    const lock = acquireLibraryLock(dir, 'cli');
    expect(lockFile()).toMatchObject({ pid: process.pid, token: lock.holder.token });
    lock.release();
  });

  it('still respects a running holder whose lock is from after the boot (or just around it), and says how to recover', () => {
    const bootedAt = Date.now() - uptime() * 1000;
    for (const startedAt of [new Date(), new Date(bootedAt - 10_000)]) {
      const live: LockHolder = { pid: process.ppid, hostname: hostname(), startedAt: startedAt.toISOString(), program: 'web-host', token: 'live' };
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify(live));
      const error = busyError(() => acquireLibraryLock(dir, 'cli'));
      expect(error.code).toBe('library_busy');
      expect(error.message).toBe(
        `Broadsheet is already using this library (the web host, process ${process.ppid}). Close it first, or use another library folder. ` +
          `If Broadsheet is not running, delete ${LOCK_FILE} in ${dir} and try again.`,
      );
      expect(lockFile().token).toBe('live');
    }
  });

  it('release leaves alone a lock file that is no longer its own', () => {
    const lock = acquireLibraryLock(dir, 'app');
    const other: LockHolder = { ...lock.holder, token: 'someone-else' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(other));
    lock.release();
    expect(lockFile().token).toBe('someone-else');
  });

  it('lets exactly one of several processes starting at once take a free library', async () => {
    const holders = await Promise.all(Array.from({ length: 5 }, () => startHolder(dir, 'cli')));
    for (const holder of holders) holder.child.stdin.write('go\n');
    const outcomes = await Promise.all(holders.map((holder) => holder.next()));
    expect(outcomes.filter((line) => line === 'held')).toHaveLength(1);
    expect(outcomes.filter((line) => line.startsWith('busy library_busy Broadsheet is already using this library'))).toHaveLength(4);
    const winner = holders[outcomes.indexOf('held')];
    expect(lockFile().pid).toBe(winner?.child.pid);
  });

  it('lets exactly one of several processes take over the same stale lock', async () => {
    const stale: LockHolder = { pid: deadPid(), hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z', program: 'app', token: 'stale' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(stale));
    const holders = await Promise.all(Array.from({ length: 5 }, () => startHolder(dir, 'cli')));
    for (const holder of holders) holder.child.stdin.write('go\n');
    const outcomes = await Promise.all(holders.map((holder) => holder.next()));
    expect(outcomes.filter((line) => line === 'held')).toHaveLength(1);
    expect(lockFile().pid).toBe(holders[outcomes.indexOf('held')]?.child.pid);
  });
});

describe('openLibrary and the lock', () => {
  const open = (program: 'app' | 'cli') => openLibrary({ dataDir: dir, settings: createConfSettingsStore({ cwd: dir }), program });

  it('refuses a second opener until the first closes', () => {
    const first = open('app');
    const error = busyError(() => open('cli'));
    expect(error.code).toBe('library_busy');
    expect(error.message).toContain('(the app, process');
    first.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    open('cli').close();
  });

  it('lets go of the lock when the library cannot be opened', () => {
    // A library from a newer Broadsheet is refused, not changed.
    const newer = new DatabaseSync(join(dir, DATABASE_FILE));
    newer.exec('PRAGMA user_version = 999');
    newer.close();
    expect(() => open('app')).toThrow(/newer version/);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
