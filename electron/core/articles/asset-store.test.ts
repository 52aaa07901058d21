import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gifBytes, jpegBytes, pngBytes, webpBytes } from '../testing/test-images.ts';
import { ApiError } from '../../shared/errors.ts';
import { assetNameFromUrl, assetUrl, createAssetStore, isAssetName, type AssetStore } from './asset-store.ts';
import { resolveAssetRequest } from './asset-serving.ts';
import { sniffImageType } from './image-type.ts';

let dataDir: string;
let store: AssetStore;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'bs-assets-'));
  store = createAssetStore(dataDir);
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('sniffImageType', () => {
  it('knows JPEG, PNG, GIF, WebP and AVIF by their bytes, whatever they are called', () => {
    expect(sniffImageType(jpegBytes(10, 10))?.ext).toBe('jpg');
    expect(sniffImageType(pngBytes(10, 10))?.ext).toBe('png');
    expect(sniffImageType(gifBytes(10, 10))?.ext).toBe('gif');
    expect(sniffImageType(webpBytes(10, 10))?.ext).toBe('webp');
    const avif = Uint8Array.from([0, 0, 0, 0x1c, ...Buffer.from('ftypmif1\0\0\0\0mif1avifmiaf', 'latin1')]);
    expect(sniffImageType(avif)?.mime).toBe('image/avif');
    const heic = Uint8Array.from([0, 0, 0, 0x18, ...Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]);
    expect(sniffImageType(heic)).toBeNull();
  });

  it('refuses SVG, HTML and anything short', () => {
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'))).toBeNull();
    expect(sniffImageType(Buffer.from('<!doctype html><title>x</title>'))).toBeNull();
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8]))).toBeNull();
  });
});

describe('asset store', () => {
  it('stores an image under its SHA-256, sharded, with the sniffed extension', async () => {
    const bytes = pngBytes(20, 10);
    const hash = createHash('sha256').update(bytes).digest('hex');
    // The declared type is only a hint: the bytes are a PNG.
    const name = await store.put(bytes, 'image/jpeg');
    expect(name).toBe(`${hash.slice(0, 2)}/${hash}.png`);
    expect(store.dir).toBe(path.join(dataDir, 'assets'));
    expect(store.pathOf(name)).toBe(path.join(dataDir, 'assets', hash.slice(0, 2), `${hash}.png`));
    expect(new Uint8Array(await readFile(store.pathOf(name) as string))).toEqual(new Uint8Array(bytes));
    expect(store.has(name)).toBe(true);
  });

  it('stores the same bytes once, and leaves no temporary files behind', async () => {
    const bytes = jpegBytes(300, 200);
    const names = await Promise.all([store.put(bytes, 'image/jpeg'), store.put(bytes, 'image/jpeg'), store.put(bytes, '')]);
    expect(new Set(names).size).toBe(1);
    await store.put(gifBytes(5, 5), 'image/gif');
    const files = await allFiles(store.dir);
    expect(files).toHaveLength(2);
    expect(files.some((file) => path.basename(file).startsWith('.tmp'))).toBe(false);
  });

  it('refuses what is not a raster image, saying so plainly, and writes nothing', async () => {
    const attempt = store.put(Buffer.from('<svg><script>alert(1)</script></svg>'), 'image/svg+xml');
    await expect(attempt).rejects.toBeInstanceOf(ApiError);
    await expect(store.put(Buffer.from('<html>'), 'text/html')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('not an image') });
    expect(await allFiles(dataDir)).toEqual([]);
  });

  it('reports a storage failure plainly and leaves no half file', async () => {
    // A file where the shard folder should go makes the write fail.
    const bytes = pngBytes(3, 3);
    const hash = createHash('sha256').update(bytes).digest('hex');
    await mkdir(store.dir, { recursive: true });
    await writeFile(path.join(store.dir, hash.slice(0, 2)), 'in the way');
    await expect(store.put(bytes, 'image/png')).rejects.toMatchObject({ code: 'storage_failed' });
    expect(await allFiles(store.dir)).toEqual([hash.slice(0, 2)]);
  });

  it('cleans up its temporary file when the final rename fails', async () => {
    const bytes = pngBytes(6, 6);
    const hash = createHash('sha256').update(bytes).digest('hex');
    // A folder squatting on the final name: the rename cannot replace it.
    await mkdir(path.join(store.dir, hash.slice(0, 2), `${hash}.png`, 'inside'), { recursive: true });
    await expect(store.put(bytes, 'image/png')).rejects.toMatchObject({ code: 'storage_failed' });
    const entries = await readdir(path.join(store.dir, hash.slice(0, 2)));
    expect(entries).toEqual([`${hash}.png`]);
  });

  it('replaces an image a power cut left empty or cut short, atomically, under the same name', async () => {
    const bytes = pngBytes(40, 30);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const file = path.join(store.dir, hash.slice(0, 2), `${hash}.png`);
    for (const damaged of [new Uint8Array(0), bytes.subarray(0, Math.floor(bytes.byteLength / 2))]) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, damaged);
      expect(await store.put(bytes, 'image/png')).toBe(`${hash.slice(0, 2)}/${hash}.png`);
      expect(new Uint8Array(await readFile(file))).toEqual(new Uint8Array(bytes));
      expect(await readdir(path.dirname(file))).toEqual([`${hash}.png`]);
    }
  });

  it('leaves a whole stored image as it is', async () => {
    const bytes = jpegBytes(30, 20);
    const name = await store.put(bytes, 'image/jpeg');
    const file = store.pathOf(name) as string;
    const before = await stat(file);
    expect(await store.put(bytes, 'image/jpeg')).toBe(name);
    const after = await stat(file);
    // Not written again: the same file (a replacement would be a new inode), untouched.
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('refuses malformed names: no traversal, no other extensions, shard must match', () => {
    const hash = 'ab'.padEnd(64, '0');
    expect(isAssetName(`ab/${hash}.jpg`)).toBe(true);
    for (const bad of [
      `../${hash}.jpg`,
      `ab/../../${hash}.jpg`,
      `cd/${hash}.jpg`,
      `ab/${hash}.svg`,
      `ab/${hash}.JPG`,
      `ab/${hash.toUpperCase()}.jpg`,
      `ab\\${hash}.jpg`,
      `/ab/${hash}.jpg`,
      `ab/${hash}.jpg/`,
      `ab/${hash}.jpg\0`,
      `ab/${hash.slice(1)}.jpg`,
      '',
    ]) {
      expect(store.pathOf(bad), bad).toBeNull();
      expect(store.has(bad), bad).toBe(false);
    }
  });

  it('removes named assets and ignores names that are gone or malformed', async () => {
    const keep = await store.put(pngBytes(4, 4, 1), 'image/png');
    const drop = await store.put(pngBytes(4, 4, 2), 'image/png');
    await store.remove([drop, drop, '../../etc/passwd', `ab/${'ab'.padEnd(64, '1')}.png`]);
    expect(store.has(drop)).toBe(false);
    expect(store.has(keep)).toBe(true);
  });

  it('turns names into /asset/ addresses and back', () => {
    const name = `ab/${'ab'.padEnd(64, '0')}.webp`;
    expect(assetUrl(name)).toBe(`/asset/${name}`);
    expect(assetNameFromUrl(assetUrl(name))).toBe(name);
    expect(assetNameFromUrl(`app://broadsheet/asset/${name}`)).toBe(name);
    expect(assetNameFromUrl(`http://127.0.0.1:4000/asset/${name}?v=1`)).toBe(name);
    expect(assetNameFromUrl('/asset/../secret')).toBeNull();
    expect(assetNameFromUrl('https://news.example/photo.jpg')).toBeNull();
    expect(assetNameFromUrl('::not a url')).toBeNull();
  });
});

describe('resolveAssetRequest', () => {
  it('finds a stored image with its MIME type, and nothing else', async () => {
    const name = await store.put(webpBytes(30, 20), 'image/webp');
    const found = await resolveAssetRequest(store, `/asset/${name}`);
    expect(found).toMatchObject({ kind: 'file', filePath: store.pathOf(name), contentType: 'image/webp' });
    for (const pathname of [
      `/asset/${name.replace('/', '%2F')}`,
      `/asset/${name}/`,
      `/asset/../asset/${name}`,
      `/asset/${name.replace(/^../, 'zz')}`,
      '/asset/',
      `/assets/${name}`,
    ]) {
      expect(await resolveAssetRequest(store, pathname), pathname).toEqual({ kind: 'missing' });
    }
    expect(await resolveAssetRequest(null, `/asset/${name}`)).toEqual({ kind: 'missing' });
  });

  it('does not follow a symbolic link planted under an asset name', async () => {
    const hash = 'cd'.padEnd(64, '2');
    await mkdir(path.join(store.dir, 'cd'), { recursive: true });
    await writeFile(path.join(dataDir, 'secret.txt'), 'secret');
    await symlink(path.join(dataDir, 'secret.txt'), path.join(store.dir, 'cd', `${hash}.png`));
    expect(await resolveAssetRequest(store, `/asset/cd/${hash}.png`)).toEqual({ kind: 'missing' });
  });
});
