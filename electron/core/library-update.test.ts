// The backup before a schema update, made before the library opens and
// without blocking: on real library folders at the previous schema version,
// with the real database thread and real archives.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../shared/errors.ts';
import { backupsDir, readManifest } from './backup/backup-archive.ts';
import { openLibrary, type Library } from './library.ts';
import { acquireLibraryLock, libraryLockHolder } from './library-lock.ts';
import { describeUpdateProgress, prepareLibraryUpdate, type PreparedLibrary, type UpdatePhase } from './library-update.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { LATEST_VERSION } from './store/migrations.ts';
import { OLDER_VERSION, schemaVersionOf, writeOlderLibrary } from './testing/older-library.ts';

const FROM = OLDER_VERSION;
const NOW = new Date('2026-11-24T12:00:00.000Z');
const BACKUP_NAME = `broadsheet-backup-2026-11-24T12-00-00Z-before-v${LATEST_VERSION}.tar.gz`;

const dirs: string[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-update-'));
  dirs.push(dir);
  return dir;
}

function olderLibrary(articles: number): string {
  const dataDir = tempDir();
  writeOlderLibrary(dataDir, articles);
  return dataDir;
}

function backupNames(dataDir: string): string[] {
  return existsSync(backupsDir(dataDir)) ? readdirSync(backupsDir(dataDir)).sort() : [];
}

function open(dataDir: string, prepared?: PreparedLibrary): Library {
  const library = openLibrary({
    dataDir,
    settings: createConfSettingsStore({ cwd: dataDir }),
    now: () => NOW,
    ...(prepared !== undefined ? { prepared } : {}),
  });
  cleanups.push(() => library.close());
  return library;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('prepareLibraryUpdate', () => {
  it('backs up a library due an update while the event loop keeps turning, and opening then makes no second backup', async () => {
    const dataDir = olderLibrary(2_000);
    // A timer that ticks while the copy and the packing run: it could not, were either done on this thread.
    const partial = join(backupsDir(dataDir), `.${BACKUP_NAME}.partial`);
    let ticks = 0;
    let ticksWhilePacking = 0;
    const timer = setInterval(() => {
      ticks += 1;
      if (existsSync(partial)) ticksWhilePacking += 1;
    }, 1);
    cleanups.push(() => clearInterval(timer));
    const seen: Array<{ phase: UpdatePhase; ticks: number }> = [];
    const prepared = await prepareLibraryUpdate(dataDir, {
      program: 'cli',
      now: () => NOW,
      onProgress: (progress) => {
        expect(progress).toMatchObject({ fromVersion: FROM, toVersion: LATEST_VERSION });
        seen.push({ phase: progress.phase, ticks });
      },
    });
    clearInterval(timer);

    expect(seen.map((s) => s.phase)).toEqual(['copying', 'packing', 'updating']);
    const [copying, packing, updating] = seen.map((s) => s.ticks) as [number, number, number];
    // Nothing else waits between these two reports: a copy made on this thread would leave no room for a tick.
    expect(packing - copying, 'ticks while copying').toBeGreaterThanOrEqual(1);
    // Some 8 MB of archive streams out in many chunks; packed here in one go, the half-written file would be seen by a tick or two at most (while it is renamed).
    expect(ticksWhilePacking, 'ticks while the archive was written').toBeGreaterThanOrEqual(5);
    expect(updating).toBeGreaterThan(packing);

    // One backup of the library as it was; nothing updated yet, and the lock held.
    expect(prepared.update).toEqual({ fromVersion: FROM, toVersion: LATEST_VERSION });
    expect(prepared.backup).toMatchObject({ name: BACKUP_NAME, kind: 'before-update', articles: 2_000 });
    expect(backupNames(dataDir)).toEqual([BACKUP_NAME]);
    expect(await readManifest(join(backupsDir(dataDir), BACKUP_NAME))).toMatchObject({ schemaVersion: FROM, contents: 'database' });
    expect(schemaVersionOf(dataDir)).toBe(FROM);
    expect(libraryLockHolder(dataDir)).toMatchObject({ pid: process.pid, program: 'cli', token: prepared.lock.holder.token });
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.backup-'))).toEqual([]);

    // Opening keeps that lock, updates the library, and finds the backup already made.
    const library = open(dataDir, prepared);
    expect(schemaVersionOf(dataDir)).toBe(LATEST_VERSION);
    expect(backupNames(dataDir)).toEqual([BACKUP_NAME]);
    expect((await library.listBackups()).map((b) => b.name)).toEqual([BACKUP_NAME]);
    expect((await library.listArticles({ view: 'all', limit: 5 })).items).toHaveLength(5);
    expect(libraryLockHolder(dataDir)?.token).toBe(prepared.lock.holder.token);
    library.close();
    expect(libraryLockHolder(dataDir)).toBeNull();
  });

  it('without it, opening still backs up before the update, once', async () => {
    const dataDir = olderLibrary(20);
    const library = open(dataDir);
    expect(schemaVersionOf(dataDir)).toBe(LATEST_VERSION);
    expect(backupNames(dataDir)).toEqual([BACKUP_NAME]);
    library.close();
  });

  it('only takes the lock when there is nothing to update: a new folder, or a library at this version', async () => {
    const dataDir = tempDir();
    const phases: UpdatePhase[] = [];
    const first = await prepareLibraryUpdate(dataDir, { onProgress: (p) => phases.push(p.phase) });
    expect(first).toMatchObject({ update: null, backup: null });
    open(dataDir, first).close();

    const again = await prepareLibraryUpdate(dataDir, { onProgress: (p) => phases.push(p.phase) });
    expect(again).toMatchObject({ update: null, backup: null });
    expect(libraryLockHolder(dataDir)?.token).toBe(again.lock.holder.token);
    again.lock.release();
    expect(phases).toEqual([]);
    expect(backupNames(dataDir)).toEqual([]);
  });

  it('fails with disk_full when the backup cannot be written, leaving the library as it was and the lock free', async () => {
    const dataDir = olderLibrary(200);
    // The archive is written under this name first: there, every write finds the disk full.
    mkdirSync(backupsDir(dataDir));
    symlinkSync('/dev/full', join(backupsDir(dataDir), `.${BACKUP_NAME}.partial`));
    const phases: UpdatePhase[] = [];
    const error = await rejection(prepareLibraryUpdate(dataDir, { now: () => NOW, onProgress: (p) => phases.push(p.phase) }));
    expect(error.toPayload()).toEqual({
      code: 'disk_full',
      message:
        'Your disk is full, so Broadsheet could not make the backup it makes before updating your library. ' +
        'Nothing in your library was changed. Free some space and start Broadsheet again.',
    });
    expect(phases).toEqual(['copying', 'packing']);
    expect(schemaVersionOf(dataDir)).toBe(FROM);
    expect(backupNames(dataDir)).toEqual([]);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.backup-'))).toEqual([]);
    expect(libraryLockHolder(dataDir)).toBeNull();
  });

  it('fails with storage_failed when there is nowhere to put the backup, and releases the lock', async () => {
    const dataDir = olderLibrary(20);
    // A file has the backups folder's name.
    writeFileSync(backupsDir(dataDir), 'in the way');
    const error = await rejection(prepareLibraryUpdate(dataDir, { now: () => NOW }));
    expect(error.code).toBe('storage_failed');
    expect(error.message).toMatch(/could not make the backup it makes before updating your library, so it did not update it/);
    expect(schemaVersionOf(dataDir)).toBe(FROM);
    expect(libraryLockHolder(dataDir)).toBeNull();
  });

  it('lets only one of two preparations at once go ahead: the other gets library_busy', async () => {
    const dataDir = olderLibrary(200);
    const results = await Promise.allSettled([prepareLibraryUpdate(dataDir, { program: 'app', now: () => NOW }), prepareLibraryUpdate(dataDir, { program: 'cli', now: () => NOW })]);
    const done = results.filter((r): r is PromiseFulfilledResult<PreparedLibrary> => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toBeInstanceOf(ApiError);
    expect((refused[0]?.reason as ApiError).code).toBe('library_busy');
    expect(backupNames(dataDir)).toEqual([BACKUP_NAME]);
    // Nor may another program open the library while the update waits to be made.
    expect(() => acquireLibraryLock(dataDir, 'web-host')).toThrow(/already using this library \(the app/);
    done[0]?.value.lock.release();
  });

  it('says each phase in one plain line', () => {
    expect(describeUpdateProgress({ phase: 'copying', fromVersion: 4, toVersion: 5 })).toBe(
      'Updating your library (schema 4 → 5): making a safety copy first…',
    );
    expect(describeUpdateProgress({ phase: 'updating', fromVersion: 4, toVersion: 5 })).toMatch(/^Updating your library \(schema 4 → 5\): updating it now/);
  });
});
