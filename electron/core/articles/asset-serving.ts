// How both shells answer a request for a stored image (Electron's
// app://broadsheet/asset/… and the web host's /asset/…): one resolver, one set
// of headers, so the two can never drift apart.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { ASSET_URL_PREFIX, type AssetStore } from './asset-store.ts';
import { imageTypeForExtension } from './image-type.ts';

/** A name is the hash of the bytes, so what is served under it never changes. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export type AssetFile = { kind: 'file'; filePath: string; size: number; contentType: string } | { kind: 'missing' };

export function isAssetPath(urlPathname: string): boolean {
  return urlPathname.startsWith(ASSET_URL_PREFIX);
}

/**
 * The stored file for a request path such as `/asset/3f/3fa1….jpg` (still
 * percent-encoded, as it arrived). Anything but an exact, well-formed asset name
 * is missing: encoded slashes, dots and other spellings never reach the disk.
 */
export async function resolveAssetRequest(store: AssetStore | null, urlPathname: string): Promise<AssetFile> {
  if (!store || !isAssetPath(urlPathname)) return { kind: 'missing' };
  const filePath = store.pathOf(urlPathname.slice(ASSET_URL_PREFIX.length));
  if (!filePath) return { kind: 'missing' };
  const type = imageTypeForExtension(path.extname(filePath).slice(1));
  if (!type) return { kind: 'missing' };
  try {
    // lstat: a symbolic link planted in the folder is not followed.
    const info = await lstat(filePath);
    if (!info.isFile()) return { kind: 'missing' };
    return { kind: 'file', filePath, size: info.size, contentType: type.mime };
  } catch {
    return { kind: 'missing' };
  }
}
