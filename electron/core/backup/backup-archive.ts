// Backup archives: <dataDir>/backups/broadsheet-backup-<UTC time>.tar.gz,
// holding manifest.json (first, so listing reads only the archive's start), a
// consistent copy of the database (VACUUM INTO, taken while the library is
// open) and every stored image. Archives are written under a temporary name
// and renamed when complete, so a half-written backup is never listed.
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Parser, create, extract, type ReadEntry } from 'tar';
import { z } from 'zod';
import { ApiError } from '../../shared/errors.ts';
import type { BackupInfo } from '../../shared/models.ts';
import type { Database } from '../store/database.ts';

export const BACKUPS_DIR = 'backups';
export const BACKUP_FORMAT = 'broadsheet-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST = 'manifest.json';
const DATABASE = 'library.db';
const ASSETS = 'assets';
const NAME = /^broadsheet-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(?:-\d{1,4})?\.tar\.gz$/;

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1).max(BACKUP_FORMAT_VERSION),
  schemaVersion: z.number().int().min(1),
  createdAt: z.string().max(40),
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

function countsOf(db: Database, assets: number): Manifest['counts'] {
  const n = (sql: string) => (db.sql.prepare(sql).get() as { n: number }).n;
  return {
    articles: n('SELECT COUNT(*) AS n FROM articles'),
    sources: n('SELECT COUNT(*) AS n FROM sources'),
    bookmarked: n('SELECT COUNT(*) AS n FROM articles WHERE bookmarked = 1'),
    saved: n('SELECT COUNT(*) AS n FROM articles WHERE saved = 1'),
    assets,
  };
}

/**
 * Mirrors the stored images into `to` by hard links (images never change
 * once stored, so a link is as good as a copy and costs nothing); copies when
 * the file system cannot link. Returns how many images there are.
 */
async function mirrorAssets(from: string, to: string): Promise<number> {
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

export interface SnapshotOptions {
  db: Database;
  dataDir: string;
  schemaVersion: number;
  now: Date;
}

/** Writes a backup of the open library. The caller keeps images from being deleted meanwhile. */
export async function createBackupArchive(options: SnapshotOptions): Promise<BackupInfo> {
  const { db, dataDir, now } = options;
  const dir = backupsDir(dataDir);
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(join(dataDir, '.backup-'));
  try {
    const dbCopy = join(work, DATABASE);
    // VACUUM INTO writes a consistent, compact copy while others keep reading and writing.
    db.sql.prepare('VACUUM INTO ?').run(dbCopy);
    const assetCount = await mirrorAssets(join(dataDir, ASSETS), join(work, ASSETS));
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      schemaVersion: options.schemaVersion,
      createdAt: now.toISOString(),
      counts: countsOf(db, assetCount),
    };
    await writeFile(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await mkdir(join(work, ASSETS), { recursive: true });

    let name = `broadsheet-backup-${fileStamp(now)}.tar.gz`;
    for (let i = 2; await exists(join(dir, name)); i += 1) name = `broadsheet-backup-${fileStamp(now)}-${i}.tar.gz`;
    const partial = join(dir, `.${name}.partial`);
    await create({ gzip: true, file: partial, cwd: work, portable: true }, [MANIFEST, DATABASE, ASSETS]);
    await rename(partial, join(dir, name));
    const bytes = (await stat(join(dir, name))).size;
    return { name, kind: 'manual', createdAt: manifest.createdAt, bytes, articles: manifest.counts.articles };
  } finally {
    await removeFolder(work);
  }
}

/**
 * Deletes a temporary folder. A failed extraction can still be finishing a
 * file when it reports the failure, so the removal retries a few times.
 */
export async function removeFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
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
      infos.push({ name, kind: 'manual', createdAt: manifest.createdAt, bytes: info.size, articles: manifest.counts.articles });
    } catch {
      // Damaged or not ours: not offered for restoring.
    }
  }
  return infos.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
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
    if (!(await exists(join(dir, DATABASE)))) throw new Error('no database');
    return { dir, manifest };
  } catch {
    await removeFolder(dir);
    throw new ApiError('storage_failed', `The backup “${name}” is not a complete Broadsheet backup. Your library was not changed.`);
  }
}
