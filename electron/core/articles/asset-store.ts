// Article images on disk, content-addressed: an image's name is the SHA-256 of
// its bytes, so the same picture used by many articles is stored once, and a
// name can be trusted to mean exactly one file. Names are checked against a
// strict pattern before they touch the file system, so no request can walk out
// of the folder.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/errors.ts';
import { diskFullError, isDiskFull } from '../store/storage-errors.ts';
import { sniffImageType } from './image-type.ts';

/** Where stored images are addressed, in article HTML and in the contract (same origin in both shells). */
export const ASSET_URL_PREFIX = '/asset/';

/** `3f/3fa1…c9.jpg`: a shard of two hex digits, then the full hash and the sniffed extension. */
const ASSET_NAME = /^([0-9a-f]{2})\/([0-9a-f]{64})\.(jpg|png|gif|webp|avif|ico)$/;

export interface AssetStore {
  /** `<dataDir>/assets` */
  readonly dir: string;
  /** Stores the bytes (if not stored already) and returns the asset name. Refuses anything that is not a raster image. */
  put(bytes: Uint8Array, contentType: string): Promise<string>;
  /** The file for a well-formed name, or null for anything else. The file may not exist. */
  pathOf(name: string): string | null;
  has(name: string): boolean;
  /** Deletes the named files; names that are malformed or already gone are ignored. */
  remove(names: string[]): Promise<void>;
}

/** Images being written are named so (in their shard folder) until they are whole and renamed into place. */
const TEMPORARY_PREFIX = '.tmp-';

/**
 * A file an interrupted write left in a shard folder (the process stopped
 * between writing and renaming it): never a stored image, safe to delete when
 * no write is under way.
 */
export function isTemporaryAssetFile(fileName: string): boolean {
  return fileName.startsWith(TEMPORARY_PREFIX);
}

export function isAssetName(name: string): boolean {
  const match = ASSET_NAME.exec(name);
  return match !== null && match[2]?.startsWith(match[1] ?? '') === true;
}

export function assetUrl(name: string): string {
  return `${ASSET_URL_PREFIX}${name}`;
}

/** The asset name in an `/asset/…` address (root-relative or on any origin), or null when it is not one. */
export function assetNameFromUrl(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://broadsheet.invalid').pathname;
  } catch {
    return null;
  }
  if (!pathname.startsWith(ASSET_URL_PREFIX)) return null;
  const name = pathname.slice(ASSET_URL_PREFIX.length);
  return isAssetName(name) ? name : null;
}

export interface AssetStoreOptions {
  /** How image files are written (tests pass one that fails as a full disk does). */
  writeFile?: (file: string, bytes: Uint8Array, options: { flag: string }) => Promise<void>;
}

export function createAssetStore(dataDir: string, options: AssetStoreOptions = {}): AssetStore {
  const dir = path.join(path.resolve(dataDir), 'assets');
  const write = options.writeFile ?? writeFile;

  const pathOf = (name: string): string | null => {
    if (!isAssetName(name)) return null;
    const [shard, file] = name.split('/') as [string, string];
    return path.join(dir, shard, file);
  };

  return {
    dir,
    pathOf,
    has: (name) => {
      const file = pathOf(name);
      return file !== null && existsSync(file);
    },
    async put(bytes, contentType) {
      const type = sniffImageType(bytes);
      if (!type) {
        throw new ApiError('invalid_input', `That is not an image Broadsheet keeps (it was sent as ${contentType || 'an unknown type'}).`);
      }
      const hash = createHash('sha256').update(bytes).digest('hex');
      const name = `${hash.slice(0, 2)}/${hash}.${type.ext}`;
      const target = pathOf(name) as string;
      // Same name, same size: already there is as good as written. A file of another size is what a
      // power cut can leave (empty or cut short): it is replaced below, the same way a new image is written.
      if (isWhole(target, bytes.byteLength)) return name;
      const folder = path.dirname(target);
      // Written beside its final place, flushed to the disk, then renamed: a crash leaves a stray temp file,
      // never a half image under a real name. Without the flush, a power cut could keep the rename and lose the bytes.
      const temp = path.join(folder, `${TEMPORARY_PREFIX}${randomBytes(8).toString('hex')}`);
      try {
        await mkdir(folder, { recursive: true });
        await write(temp, bytes, { flag: 'wx' });
        await flushFile(temp);
        await rename(temp, target);
        await flushFolder(folder);
      } catch (error) {
        await rm(temp, { force: true }).catch(() => {});
        // Another write of the same bytes won the race (Windows refuses to rename over it): the image is there.
        if (isWhole(target, bytes.byteLength)) return name;
        if (isDiskFull(error)) throw diskFullError('an image');
        throw new ApiError('storage_failed', `Broadsheet could not save an image in ${dir}: ${(error as Error).message}`);
      }
      return name;
    },
    async remove(names) {
      for (const name of names) {
        const file = pathOf(name);
        if (file) await rm(file, { force: true });
      }
    },
  };
}

/** A regular file of exactly `size` bytes: the name is the hash of the content, so only its length can be wrong. */
function isWhole(file: string, size: number): boolean {
  try {
    const stats = statSync(file);
    return stats.isFile() && stats.size === size;
  } catch {
    return false;
  }
}

async function flushFile(file: string): Promise<void> {
  // r+: Windows flushes only a file opened for writing.
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself last through a power cut. Windows cannot open a folder this way, and needs no such step. */
async function flushFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES') return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}
