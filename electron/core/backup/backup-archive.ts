// Backup archives: <dataDir>/backups/broadsheet-backup-<UTC time>[-kind].tar.gz,
// holding manifest.json (first, so listing reads only the archive's start), a
// consistent copy of the database (VACUUM INTO, taken while the library is
// open) and, for a backup the reader makes, every stored image. Broadsheet's
// own backups (daily, and before a schema update) hold the database only: the
// images never change once stored, and a restore keeps the library's own.
// Archives are written under a temporary name and renamed when complete, so a
// half-written backup is never listed, and a failed one leaves no file behind.
import { closeSync, copyFileSync, createReadStream, createWriteStream, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Parser, create, extract, type ReadEntry } from 'tar';
import { z } from 'zod';
import { ApiError } from '../../shared/errors.ts';
import { BackupKindSchema, type BackupInfo, type BackupKind } from '../../shared/models.ts';
import type { Database } from '../store/database.ts';
import { libraryCounts, runTask, type LibraryCounts } from '../store/database-thread.ts';
import { damagePending, damageTimes } from '../store/pending-damage.ts';
import { diskFullError, isDamaged, isDiskFull } from '../store/storage-errors.ts';

export const BACKUPS_DIR = 'backups';
export const BACKUP_FORMAT = 'broadsheet-backup';
/**
 * 1: the database and every image. 2: may hold the database only (`contents`);
 * a version of Broadsheet that reads only 1 does not list those, since restoring
 * one as a whole library would leave the images behind. Whole-library archives
 * still say 1, so older versions can restore them.
 */
export const BACKUP_FORMAT_VERSION = 2;
const MANIFEST = 'manifest.json';
const DATABASE = 'library.db';
const ASSETS = 'assets';
/** The time, a number when two were made in one second, then what made it (none: the reader). */
const NAME = /^broadsheet-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(?:-\d{1,4})?(?:-daily|-before-v\d{1,4})?\.tar\.gz$/;
/** How many of Broadsheet's own backups are kept, newest first; the reader's are never deleted. */
export const KEEP_AUTOMATIC: Readonly<Record<Exclude<BackupKind, 'manual'>, number>> = { daily: 7, 'before-update': 3 };
/** Broadsheet's own backups trade size for speed: level 1 packs 451 MB in 6.9 s (to 45%), the default level takes 4.6 times as long for 6% less. */
const AUTOMATIC_GZIP_LEVEL = 1;

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1).max(BACKUP_FORMAT_VERSION),
  schemaVersion: z.number().int().min(1),
  createdAt: z.string().max(40),
  /** Absent before Broadsheet made backups of its own: those were all the reader's. */
  kind: BackupKindSchema.default('manual'),
  /** `database`: the images were not copied; restoring keeps the library's own. */
  contents: z.enum(['library', 'database']).default('library'),
  /** The library file's size and modification times when copied, to tell whether it changed since. */
  databaseStamp: z.string().max(200).optional(),
  counts: z.object({
    articles: z.number().int().nonnegative(),
    sources: z.number().int().nonnegative(),
    bookmarked: z.number().int().nonnegative(),
    saved: z.number().int().nonnegative(),
    assets: z.number().int().nonnegative(),
  }),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function backupsDir(dataDir: string): string {
  return join(dataDir, BACKUPS_DIR);
}

export function isBackupName(name: string): boolean {
  return NAME.test(name);
}

/** `2026-11-24T21-02-00Z`: a UTC time that is a valid file name everywhere. */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/** The archive's name: the time, a number when that name is taken, then what made it. */
function archiveName(dir: string, now: Date, kind: BackupKind, toVersion: number): string {
  const suffix = kind === 'daily' ? '-daily' : kind === 'before-update' ? `-before-v${toVersion}` : '';
  const stamp = fileStamp(now);
  let name = `broadsheet-backup-${stamp}${suffix}.tar.gz`;
  for (let i = 2; existsFile(join(dir, name)); i += 1) name = `broadsheet-backup-${stamp}-${i}${suffix}.tar.gz`;
  return name;
}

function manifestFor(
  kind: BackupKind,
  schemaVersion: number,
  now: Date,
  counts: LibraryCounts,
  assets: number | null,
  databaseStamp?: string,
): Manifest {
  return {
    ...(databaseStamp !== undefined ? { databaseStamp } : {}),
    format: BACKUP_FORMAT,
    formatVersion: assets === null ? BACKUP_FORMAT_VERSION : 1,
    schemaVersion,
    createdAt: now.toISOString(),
    kind,
    contents: assets === null ? 'database' : 'library',
    counts: { ...counts, assets: assets ?? 0 },
  };
}

function infoOf(name: string, manifest: Manifest, bytes: number): BackupInfo {
  return { name, kind: manifest.kind, createdAt: manifest.createdAt, bytes, articles: manifest.counts.articles };
}

/**
 * Mirrors the stored images into `to` by hard links (images never change
 * once stored, so a link is as good as a copy and costs nothing); copies when
 * the file system cannot link. Returns how many images there are.
 */
export async function mirrorAssets(from: string, to: string): Promise<number> {
  let shards: string[];
  try {
    shards = await readdir(from);
  } catch {
    return 0;
  }
  let count = 0;
  for (const shard of shards) {
    let files: string[];
    try {
      files = await readdir(join(from, shard));
    } catch {
      continue;
    }
    await mkdir(join(to, shard), { recursive: true });
    for (const file of files) {
      if (file.includes('.partial') || file.startsWith('.')) continue;
      try {
        await link(join(from, shard, file), join(to, shard, file));
      } catch {
        await copyFile(join(from, shard, file), join(to, shard, file));
      }
      count += 1;
    }
  }
  return count;
}

/** mirrorAssets, synchronously: for setting a damaged library aside as it opens. */
export function mirrorAssetsSync(from: string, to: string): number {
  let shards: string[];
  try {
    shards = readdirSync(from);
  } catch {
    return 0;
  }
  let count = 0;
  for (const shard of shards) {
    let files: string[];
    try {
      files = readdirSync(join(from, shard));
    } catch {
      continue;
    }
    mkdirSync(join(to, shard), { recursive: true });
    for (const file of files) {
      if (file.includes('.partial') || file.startsWith('.')) continue;
      try {
        linkSync(join(from, shard, file), join(to, shard, file));
      } catch {
        copyFileSync(join(from, shard, file), join(to, shard, file));
      }
      count += 1;
    }
  }
  return count;
}

export interface SnapshotOptions {
  db: Database;
  dataDir: string;
  schemaVersion: number;
  now: Date;
}

/** Writes the reader's backup of the open library: database and images. The caller keeps images from being deleted meanwhile. */
export async function createBackupArchive(options: SnapshotOptions): Promise<BackupInfo> {
  const { db, dataDir, now } = options;
  const dir = backupsDir(dataDir);
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(join(dataDir, '.backup-'));
  try {
    // VACUUM INTO writes a consistent, compact copy while others keep reading and writing.
    db.sql.prepare('VACUUM INTO ?').run(join(work, DATABASE));
    const assetCount = await mirrorAssets(join(dataDir, ASSETS), join(work, ASSETS));
    const manifest = manifestFor('manual', options.schemaVersion, now, libraryCounts(db.sql), assetCount);
    await writeFile(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await mkdir(join(work, ASSETS), { recursive: true });
    const name = archiveName(dir, now, 'manual', 0);
    const partial = join(dir, `.${name}.partial`);
    try {
      await create({ gzip: true, file: partial, cwd: work, portable: true }, [MANIFEST, DATABASE, ASSETS]);
      await rename(partial, join(dir, name));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return infoOf(name, manifest, (await stat(join(dir, name))).size);
  } finally {
    await removeFolder(work);
  }
}

/**
 * Broadsheet's daily backup: the database only, copied on a worker thread
 * (seconds on a big library) from the file itself, so the app stays
 * responsive; then the oldest daily ones beyond the seven kept are deleted.
 * A failure leaves no file behind; a full disk fails with disk_full. `signal`
 * (the library closing) stops it between steps, and what it wrote is removed.
 */
export async function createDailyBackup(options: {
  dataDir: string;
  databasePath: string;
  now: Date;
  workerUrl?: URL;
  signal?: AbortSignal;
}): Promise<BackupInfo> {
  return packDatabaseCopy({
    ...options,
    kind: 'daily',
    toVersion: 0,
    pack: packOffThread,
    failure: (error) => (isDiskFull(error) ? diskFullError('a backup of your library') : error),
  });
}

/**
 * Packs the manifest and the database copy in `work` into `partial`. node:zlib's
 * stream compresses on libuv's threads; tar's own gzip option (minizlib) would
 * do it on this one, synchronously: half a second and more of a frozen app for
 * a large library.
 */
function packOffThread(work: string, partial: string): Promise<void> {
  return pipeline(create({ cwd: work, portable: true }, [MANIFEST, DATABASE]), createGzip({ level: AUTOMATIC_GZIP_LEVEL }), createWriteStream(partial));
}

/**
 * One of Broadsheet's own backups of the database alone, made without
 * blocking: the file copied on a worker thread, packed with its manifest under
 * a temporary name and renamed when complete; then the oldest of its kind
 * beyond those kept are deleted. `signal` stops it between steps; `onPhase`
 * hears each step start. A failure leaves no file behind and throws what
 * `failure` makes of it.
 */
async function packDatabaseCopy(options: {
  dataDir: string;
  databasePath: string;
  kind: Exclude<BackupKind, 'manual'>;
  toVersion: number;
  now: Date;
  workerUrl?: URL;
  signal?: AbortSignal;
  onPhase?: (phase: BeforeUpdatePhase) => void;
  pack: (work: string, partial: string) => Promise<void>;
  failure: (error: unknown) => unknown;
}): Promise<BackupInfo> {
  const { dataDir, kind, now, signal } = options;
  const dir = backupsDir(dataDir);
  let work: string | null = null;
  let partial: string | null = null;
  try {
    await mkdir(dir, { recursive: true });
    work = await mkdtemp(join(dataDir, '.backup-'));
    signal?.throwIfAborted();
    // Taken before the copy: a change made while it runs counts as a change next time.
    const stamp = databaseStamp(dataDir);
    options.onPhase?.('copying');
    const copied = await runTask({ kind: 'copy', path: options.databasePath, to: join(work, DATABASE) }, options.workerUrl);
    if (copied.kind !== 'copied') throw new Error('The database thread answered another task.');
    signal?.throwIfAborted();
    options.onPhase?.('packing');
    const manifest = manifestFor(kind, copied.schemaVersion, now, copied.counts, null, stamp);
    await writeFile(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const name = archiveName(dir, now, kind, options.toVersion);
    partial = join(dir, `.${name}.partial`);
    await options.pack(work, partial);
    signal?.throwIfAborted();
    await rename(partial, join(dir, name));
    partial = null;
    pruneAutomaticBackups(dataDir, kind);
    return infoOf(name, manifest, (await stat(join(dir, name))).size);
  } catch (error) {
    throw options.failure(error);
  } finally {
    if (partial !== null) await rm(partial, { force: true });
    if (work !== null) await removeFolder(work);
  }
}

/**
 * The backup made before a schema update changes the library: the database
 * only, synchronously (the library cannot open until the update is done), on
 * the connection about to be updated. Then the oldest of these beyond the
 * three kept are deleted. A failure leaves no file behind and throws, so the
 * update does not run: a full disk fails with disk_full. When one was already
 * made of the library as it is now (by prepareLibraryUpdate, off the main
 * thread), that one is returned and no second is made.
 */
export function createBeforeUpdateBackup(options: { db: Database; dataDir: string; fromVersion: number; toVersion: number; now: Date }): BackupInfo {
  const { db, dataDir, now } = options;
  const made = beforeUpdateBackupOf(dataDir, options.fromVersion, options.toVersion);
  if (made !== null) return made;
  const dir = backupsDir(dataDir);
  let work: string | null = null;
  let partial: string | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    work = mkdtempSync(join(dataDir, '.backup-'));
    db.sql.prepare('VACUUM INTO ?').run(join(work, DATABASE));
    const manifest = manifestFor('before-update', options.fromVersion, now, libraryCounts(db.sql), null, databaseStamp(dataDir));
    writeFileSync(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const name = archiveName(dir, now, 'before-update', options.toVersion);
    partial = join(dir, `.${name}.partial`);
    create({ gzip: { level: AUTOMATIC_GZIP_LEVEL }, file: partial, cwd: work, portable: true, sync: true }, [MANIFEST, DATABASE]);
    renameSync(partial, join(dir, name));
    partial = null;
    pruneAutomaticBackups(dataDir, 'before-update');
    return infoOf(name, manifest, statSync(join(dir, name)).size);
  } catch (error) {
    throw beforeUpdateFailure(error);
  } finally {
    if (partial !== null) rmSync(partial, { force: true });
    if (work !== null) rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

/** Where a before-update backup is: copying the database, then packing it into the archive. */
export type BeforeUpdatePhase = 'copying' | 'packing';

/**
 * The same backup as createBeforeUpdateBackup, made before the library opens
 * and without blocking: the copy (VACUUM INTO, about 10 s for 2.2 GB) on a
 * worker thread, the packing (about 35 s) through node:zlib, which compresses
 * on libuv's threads. Call it with the library's lock held and nothing else
 * writing the file: its manifest records the file's stamp, which is how the
 * synchronous path, when the library then opens, knows this copy is of the
 * library as it is and makes no second one. Fails as that one does (damage is
 * rethrown as it is, for opening to answer).
 */
export async function createBeforeUpdateBackupOffThread(options: {
  dataDir: string;
  fromVersion: number;
  toVersion: number;
  now: Date;
  workerUrl?: URL;
  onPhase?: (phase: BeforeUpdatePhase) => void;
}): Promise<BackupInfo> {
  const made = beforeUpdateBackupOf(options.dataDir, options.fromVersion, options.toVersion);
  if (made !== null) return made;
  return packDatabaseCopy({
    ...options,
    databasePath: join(options.dataDir, DATABASE),
    kind: 'before-update',
    pack: packOffThread,
    failure: beforeUpdateFailure,
  });
}

/**
 * The newest backup made before updating to `toVersion` of the library file
 * exactly as it is now (same schema version, same size and modification
 * times), or null.
 */
export function beforeUpdateBackupOf(dataDir: string, fromVersion: number, toVersion: number): BackupInfo | null {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  const suffix = `-before-v${toVersion}.tar.gz`;
  const candidates = names.filter((name) => isBackupName(name) && name.endsWith(suffix)).sort((a, b) => stampOf(b).localeCompare(stampOf(a)) || b.localeCompare(a));
  const stamp = databaseStamp(dataDir);
  for (const name of candidates) {
    try {
      const file = join(dir, name);
      const manifest = readManifestSync(file);
      if (manifest.kind === 'before-update' && manifest.schemaVersion === fromVersion && manifest.databaseStamp === stamp) {
        return infoOf(name, manifest, statSync(file).size);
      }
    } catch {
      // Damaged or not ours: not a backup to rely on.
    }
  }
  return null;
}

/** What a failed before-update backup throws: damage as it is (opening sets the file aside), else a plain reason. */
function beforeUpdateFailure(error: unknown): Error {
  // A file too damaged to copy is set aside by whoever opened it (see open-or-recover.ts).
  if (isDamaged(error)) return error instanceof Error ? error : new Error(String(error));
  if (isDiskFull(error)) {
    return new ApiError(
      'disk_full',
      'Your disk is full, so Broadsheet could not make the backup it makes before updating your library. ' +
        'Nothing in your library was changed. Free some space and start Broadsheet again.',
    );
  }
  return new ApiError(
    'storage_failed',
    `Broadsheet could not make the backup it makes before updating your library, so it did not update it (${errorText(error)}). Nothing in your library was changed.`,
  );
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether the daily backup is due: the newest of Broadsheet's own backups
 * (daily or before an update) is a day old or more, or there is none; and the
 * library file changed since it was made, so a library left alone for a week
 * does not push out its older backups with copies of the same thing.
 */
export function dailyBackupDue(dataDir: string, now: Date): boolean {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return true;
  }
  const newest = names.filter((name) => isBackupName(name) && kindOfName(name) !== 'manual').sort((a, b) => stampOf(b).localeCompare(stampOf(a)))[0];
  if (newest === undefined) return true;
  let manifest: Manifest;
  try {
    manifest = readManifestSync(join(dir, newest));
  } catch {
    // Unreadable, so no backup at all: make a good one.
    return true;
  }
  if (now.getTime() - Date.parse(manifest.createdAt) < DAY_MS) return false;
  return manifest.databaseStamp === undefined || manifest.databaseStamp !== databaseStamp(dataDir);
}

/** The time part of a backup's name, which sorts as time does. */
function stampOf(name: string): string {
  return name.slice('broadsheet-backup-'.length, 'broadsheet-backup-'.length + 20);
}

/** The time a backup's name gives (ms). */
function stampTime(name: string): number {
  return Date.parse(stampOf(name).replace(/T(\d{2})-(\d{2})-(\d{2})Z$/, 'T$1:$2:$3Z'));
}

/**
 * The library file's and its WAL's sizes and modification times: any write
 * changes one of them. An empty WAL is no WAL (a reader may create one).
 */
export function databaseStamp(dataDir: string): string {
  return [DATABASE, `${DATABASE}-wal`]
    .map((file) => {
      try {
        const info = statSync(join(dataDir, file));
        return info.size === 0 ? '-' : `${info.size}@${info.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join(' ');
}

/** Which kind of backup a name says it is. */
export function kindOfName(name: string): BackupKind {
  if (name.endsWith('-daily.tar.gz')) return 'daily';
  if (/-before-v\d{1,4}\.tar\.gz$/.test(name)) return 'before-update';
  return 'manual';
}

/**
 * Deletes the oldest of Broadsheet's own backups of `kind` beyond the number
 * kept. The reader's are never touched; none at all while a damaged library
 * waits for an answer; and never the newest of the kind made before a library
 * was found damaged, which may be what brings it back.
 */
export function pruneAutomaticBackups(dataDir: string, kind: Exclude<BackupKind, 'manual'>): string[] {
  if (damagePending(dataDir)) return [];
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  // The name starts with the UTC time, which sorts as time does.
  const own = names.filter((name) => isBackupName(name) && kindOfName(name) === kind).sort((a, b) => stampOf(b).localeCompare(stampOf(a)) || b.localeCompare(a));
  const kept = new Set(own.slice(0, KEEP_AUTOMATIC[kind]));
  for (const damagedAt of damageTimes(dataDir)) {
    const before = own.find((name) => stampTime(name) <= damagedAt);
    if (before !== undefined) kept.add(before);
  }
  const removed = own.filter((name) => !kept.has(name));
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return removed;
}

/**
 * Deletes a temporary folder. A failed extraction can still be finishing a
 * file when it reports the failure, so the removal retries a few times.
 */
export async function removeFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}

/**
 * Removes what a backup or a restore that Broadsheet stopped in the middle of
 * (a quit, a crash) left: work folders holding a copy of the library, and
 * half-written archives. Call with the library's lock held, after an
 * interrupted restore is undone (it needs its unpacked folder), before
 * anything starts a backup or a restore.
 */
export function removeLeftovers(dataDir: string): string[] {
  const removed: string[] = [];
  const remove = (dir: string, names: string[]) => {
    for (const name of names) {
      try {
        rmSync(join(dir, name), { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
        removed.push(join(dir, name));
      } catch {
        // Tried again at the next start.
      }
    }
  };
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  remove(dataDir, list(dataDir).filter((name) => name.startsWith('.backup-') || name.startsWith('.restore-')));
  remove(backupsDir(dataDir), list(backupsDir(dataDir)).filter((name) => name.startsWith('.') && name.endsWith('.partial')));
  return removed;
}

function existsFile(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads manifest.json from the start of an archive without reading the rest. */
export async function readManifest(file: string): Promise<Manifest> {
  return new Promise<Manifest>((resolve, reject) => {
    const stream = createReadStream(file);
    let settled = false;
    const finish = (error: Error | null, manifest?: Manifest) => {
      if (settled) return;
      settled = true;
      stream.destroy();
      if (error) reject(error);
      else resolve(manifest as Manifest);
    };
    const parser = new Parser({
      onReadEntry(entry: ReadEntry) {
        if (entry.path !== MANIFEST) {
          finish(new Error('The archive does not start with a manifest.'));
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          try {
            finish(null, ManifestSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          } catch (error) {
            finish(error as Error);
          }
        });
      },
    });
    parser.on('error', (error: Error) => finish(error));
    parser.on('end', () => finish(new Error('The archive holds no manifest.')));
    stream.on('error', (error) => finish(error));
    stream.pipe(parser);
  });
}

/** Backups newest first; archives that cannot be read are left out. */
export async function listBackupArchives(dataDir: string): Promise<BackupInfo[]> {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const infos: BackupInfo[] = [];
  for (const name of names.filter(isBackupName)) {
    try {
      const file = join(dir, name);
      const [manifest, info] = await Promise.all([readManifest(file), stat(file)]);
      infos.push(infoOf(name, manifest, info.size));
    } catch {
      // Damaged or not ours: not offered for restoring.
    }
  }
  return infos.sort(newestFirst);
}

/** The manifest's entry is a few hundred bytes at the archive's start; this much of the file always holds it. */
const MANIFEST_READ_BYTES = 64 * 1024;

/**
 * Reads manifest.json from the start of an archive, synchronously: for the
 * moment the library opens, before anything can wait. node-tar's parser
 * handles what it is given at once, so reading the first bytes is enough.
 */
export function readManifestSync(file: string): Manifest {
  const head = Buffer.alloc(MANIFEST_READ_BYTES);
  const fd = openSync(file, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  let text: string | null = null;
  let first: string | null = null;
  const parser = new Parser({
    onReadEntry(entry: ReadEntry) {
      first ??= entry.path;
      if (entry.path !== MANIFEST || first !== MANIFEST) {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        text = Buffer.concat(chunks).toString('utf8');
      });
    },
  });
  parser.on('error', () => {});
  parser.write(head.subarray(0, length));
  if (text === null) throw new Error('The archive does not start with a manifest.');
  return ManifestSchema.parse(JSON.parse(text));
}

/**
 * The newest backup whose manifest reads, of any kind (made no later than
 * `before`, when given), or null; synchronous, for the moment the library opens.
 */
export function newestBackupSync(dataDir: string, before?: Date): BackupInfo | null {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter(isBackupName);
  } catch {
    return null;
  }
  const infos: BackupInfo[] = [];
  for (const name of names) {
    try {
      const file = join(dir, name);
      infos.push(infoOf(name, readManifestSync(file), statSync(file).size));
    } catch {
      // Damaged or not ours: not offered.
    }
  }
  const limit = before?.getTime() ?? Infinity;
  return infos.filter((info) => Date.parse(info.createdAt) <= limit).sort(newestFirst)[0] ?? null;
}

function newestFirst(a: BackupInfo, b: BackupInfo): number {
  return b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name);
}

/**
 * Unpacks an archive into a new folder inside the data folder (same disk, so
 * the files can later be renamed into place). Only the three expected kinds
 * of entry, plain files and folders, are written; node-tar also refuses any
 * path that would leave the folder.
 */
export async function unpackBackup(dataDir: string, name: string): Promise<{ dir: string; manifest: Manifest }> {
  const dir = await mkdtemp(join(dataDir, '.restore-'));
  try {
    await extract({
      file: join(backupsDir(dataDir), name),
      cwd: dir,
      strict: true,
      filter: (path, entry) => {
        const type = 'type' in entry ? entry.type : entry.isDirectory() ? 'Directory' : 'File';
        if (type !== 'File' && type !== 'Directory' && type !== 'OldFile') return false;
        const clean = path.replace(/^\.\//, '');
        return clean === MANIFEST || clean === DATABASE || clean === ASSETS || clean.startsWith(`${ASSETS}/`);
      },
    });
  } catch {
    await removeFolder(dir);
    throw new ApiError('storage_failed', `The backup “${name}” is damaged and cannot be unpacked. Your library was not changed.`);
  }
  try {
    const raw = await readFile(join(dir, MANIFEST), 'utf8');
    const manifest = ManifestSchema.parse(JSON.parse(raw));
    if (!existsFile(join(dir, DATABASE))) throw new Error('no database');
    return { dir, manifest };
  } catch {
    await removeFolder(dir);
    throw new ApiError('storage_failed', `The backup “${name}” is not a complete Broadsheet backup. Your library was not changed.`);
  }
}
