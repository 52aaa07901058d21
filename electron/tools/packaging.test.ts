// Checks the electron-builder configuration ("build" in package.json) without
// packaging: an installer needs the Electron download, which CI machines cannot
// reach. What is real here: electron-builder's own config loader, schema
// validation, file matching, icon resolution and fuse mapping, the icons in
// build/, the entitlements, and @electron/fuses' option names.
import { statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { getFileMatchers, FileMatcher } from 'app-builder-lib/out/fileMatcher.js';
import { convertIcon } from 'app-builder-lib/out/util/iconConverter.js';
import { parsePlistFile, type PlistValue } from 'app-builder-lib/out/util/plist.js';
import { PlatformPackager, type Configuration } from 'app-builder-lib';
import type { FuseOptionsV1 } from 'app-builder-lib/out/configuration.js';
import { DebugLogger } from 'builder-util';
import { loadConfigFromFile } from 'vite';
import { describe, expect, it } from 'vitest';
import { defaultWorkerUrl, READ_FEED_WORKER } from '../core/feeds/feed-reader-pool.ts';
import {
  ICO_SIZES,
  ICON_MANIFEST,
  ICON_SOURCE,
  LINUX_ICON_SIZES,
  linuxIconFile,
  MASTER_SIZE,
  sha256,
  sourceHash,
  type IconManifest,
} from './make-icons.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fromRoot = (relative: string) => path.join(root, relative);

interface PackageJson {
  name: string;
  productName: string;
  main: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  build: Configuration;
}

const pkg = JSON.parse(await readFile(fromRoot('package.json'), 'utf8')) as PackageJson;
const build = pkg.build;

/** A copy: electron-builder's validator coerces what it checks in place. */
function copyOf(config: Configuration): Configuration {
  return structuredClone(config);
}

function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : [target];
  return list.map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));
}

/** A file's stat for electron-builder's filters (they ask only whether it is a directory); the paths tested need not exist. */
const aFile = statSync(fromRoot('package.json'));

/** electron-builder's matcher for one of the config's file lists, as it builds it when packaging. */
function matcher(list: 'files' | 'asarUnpack'): FileMatcher | null {
  const matchers = getFileMatchers(copyOf(build), list, '/app', {
    macroExpander: (pattern) => pattern,
    customBuildOptions: {},
    globalOutDir: fromRoot('release'),
    defaultSrc: root,
  });
  return matchers?.[0] ?? null;
}

/** Whether electron-builder would put this file (relative to the repo root) into the app. */
function packs(relative: string): boolean {
  return matcher('files')?.createFilter()(fromRoot(relative), aFile) ?? false;
}

/** Whether it would keep this file out of app.asar, in app.asar.unpacked beside it. */
function unpacks(relative: string): boolean {
  return matcher('asarUnpack')?.createFilter()(fromRoot(relative), aFile) ?? false;
}

/**
 * Whether a production dependency's file would be copied: electron-builder
 * copies node_modules with a matcher of everything but the negations in "files"
 * (getNodeModuleFileMatcher in app-builder-lib/out/fileMatcher.js).
 */
function packsDependencyFile(relative: string): boolean {
  const negations = (build.files as string[]).filter((p) => p.startsWith('!'));
  const dependencies = new FileMatcher(root, '/app', (pattern) => pattern, ['**/*', ...negations]);
  return dependencies.createFilter()(fromRoot(relative), aFile);
}

describe('electron-builder configuration', () => {
  it('is what electron-builder itself loads, from package.json and no other file', async () => {
    const { files, ...loaded } = await getConfig(root, null, null);
    const { files: ownFiles, ...own } = build;
    expect(loaded).toEqual(own);
    // The loader turns a list of patterns into one file set.
    expect(files).toEqual([{ filter: ownFiles }]);
  });

  it('passes electron-builder’s own schema, which does reject a misspelt option', async () => {
    await expect(validateConfiguration(await getConfig(root, null, null), new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...copyOf(build), mac: { ...build.mac, hardenedRuntim: true } } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object[\s\S]*configuration\.mac/);
  });

  it('names the app, and writes installers to release/, which git ignores', async () => {
    // Never to change: Windows and macOS key installs, updates and settings on it.
    expect(build.appId).toBe('app.broadsheet.reader');
    expect(build.productName).toBe('Broadsheet');
    expect(build.productName).toBe(pkg.productName);
    expect(build.copyright).toMatch(/Broadsheet/);
    expect(build.directories).toEqual({ buildResources: 'build', output: 'release' });
    expect((await readFile(fromRoot('.gitignore'), 'utf8')).split('\n')).toContain('release/');
  });

  it('builds for the platform it runs on with `npm run dist`', () => {
    expect(pkg.scripts.dist).toMatch(/^npm run build && electron-builder\b/);
    expect(pkg.scripts.dist).toContain('--publish never');
    expect(pkg.scripts.icons).toBe('node electron/tools/make-icons.ts');
    // electron-builder takes Electron's version from here; it must be a build-time dependency only.
    expect(pkg.devDependencies).toHaveProperty('electron');
    expect(pkg.devDependencies).toHaveProperty('electron-builder');
  });

  it('targets NSIS and portable on Windows, an assisted per-user install by default that keeps the library on uninstall', () => {
    expect(targetNames(build.win?.target)).toEqual(['nsis', 'portable']);
    expect(build.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      selectPerMachineByDefault: false,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
    });
    // Both are .exe files: the same name would make one overwrite the other.
    const names = [build.nsis?.artifactName, build.portable?.artifactName];
    expect(names.every((name) => typeof name === 'string' && name.includes('${version}') && name.includes('${arch}'))).toBe(true);
    expect(new Set(names).size).toBe(2);
  });

  it('targets dmg and zip on macOS, with the hardened runtime and the entitlements in build/', () => {
    expect(targetNames(build.mac?.target)).toEqual(['dmg', 'zip']);
    expect(build.mac).toMatchObject({
      category: 'public.app-category.news',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    });
  });

  it('targets AppImage and deb on Linux, with the desktop metadata a package needs', () => {
    expect(targetNames(build.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(build.linux?.category).toBe('Network;News');
    expect(build.linux?.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(build.linux?.synopsis).toBeTruthy();
    expect(build.linux?.description).toBeTruthy();
  });

  it('names every artifact with its version, platform and architecture', () => {
    for (const token of ['${productName}', '${version}', '${os}', '${arch}', '${ext}']) expect(build.artifactName).toContain(token);
  });

  it('publishes nothing and rebuilds nothing: the app has no native modules', () => {
    expect(build.publish).toBeNull();
    expect(build.npmRebuild).toBe(false);
  });
});

describe('what goes into the app', () => {
  it('is an asar archive', () => {
    expect(build.asar).toBe(true);
  });

  it('holds everything the main bundle loads at run time', async () => {
    const mainBundle = pkg.main;
    expect(mainBundle).toBe('dist/main/main.js');
    const runtime = [mainBundle, `dist/main/${READ_FEED_WORKER}.mjs`, 'package.json'];
    // Files the Electron shell finds beside its bundle: `new URL('…', import.meta.url)` in electron/main.
    // (Core modules resolve such paths from the source tree, for the host and the CLI, so they are not listed.)
    for (const file of await mainSources()) {
      const source = await readFile(file, 'utf8');
      for (const [, relative] of source.matchAll(/new URL\(\s*'([^']+)'\s*,\s*import\.meta\.url\s*\)/g)) {
        const target = path.posix.join(path.posix.dirname(mainBundle), relative as string);
        runtime.push(target.endsWith('/') ? `${target}index.html` : target);
      }
    }
    expect(runtime).toContain('dist/preload/preload.cjs');
    expect(runtime).toContain('dist/renderer/index.html');
    // And the renderer's build output, wherever Vite writes it.
    const vite = await loadConfigFromFile({ command: 'build', mode: 'production' }, fromRoot('renderer/vite.config.ts'), root, 'silent');
    const viteRoot = vite?.config.root ?? fromRoot('renderer');
    const rendererOut = path.relative(root, path.resolve(viteRoot, vite?.config.build?.outDir ?? 'dist'));
    runtime.push(`${rendererOut}/index.html`, `${rendererOut}/boot.js`, `${rendererOut}/assets/index-0a1b2c.js`, `${rendererOut}/assets/font.woff2`);
    for (const file of runtime) expect(packs(file), file).toBe(true);
  });

  it('leaves out sources, tests, tools, source maps, icons and node_modules: the bundles carry their dependencies', () => {
    for (const file of [
      'electron/main/index.ts',
      'electron/core/library.ts',
      'electron/core/library.test.ts',
      'renderer/main.ts',
      'e2e/playwright.config.ts',
      'assets/icon.svg',
      'build/icon.png',
      'README.md',
      'tsconfig.json',
      'dist/main/main.js.map',
      'dist/renderer/assets/index-0a1b2c.js.map',
      'dist/tsc/electron/core/library.d.ts',
      'release/linux-unpacked/broadsheet',
    ]) {
      expect(packs(file), file).toBe(false);
    }
    for (const file of ['node_modules/zod/package.json', 'node_modules/linkedom/commonjs/canvas.cjs', 'node_modules/electron-store/index.js']) {
      expect(packsDependencyFile(file), file).toBe(false);
    }
  });

  it('unpacks the worker threads’ files from the archive (a worker cannot load from it), where the pool looks for them', () => {
    const resources = path.join(os.tmpdir(), 'Broadsheet', 'resources');
    const bundleUrl = pathToFileURL(path.join(resources, 'app.asar', pkg.main));
    const workerPath = fileURLToPath(defaultWorkerUrl(bundleUrl.href));
    const unpacked = path.join(resources, 'app.asar.unpacked');
    expect(workerPath.startsWith(unpacked + path.sep)).toBe(true);
    const relative = path.relative(unpacked, workerPath).split(path.sep).join('/');
    expect(packs(relative)).toBe(true);
    expect(unpacks(relative)).toBe(true);
    // Every bundled worker is named *-worker.mjs; nothing else leaves the archive.
    expect(unpacks('dist/main/database-worker.mjs')).toBe(true);
    expect(unpacks('dist/main/extract-article-worker.mjs')).toBe(true);
    for (const file of [pkg.main, 'dist/preload/preload.cjs', 'dist/renderer/index.html', 'package.json']) expect(unpacks(file), file).toBe(false);
  });
});

describe('Electron fuses', () => {
  const required = {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  };

  it('are set as the hardening requires', () => {
    expect(build.electronFuses).toEqual(required);
  });

  it('are what electron-builder hands to @electron/fuses, by @electron/fuses’ own option names', async () => {
    // The mapping electron-builder applies when it packages (private, but it uses nothing of its instance).
    const packager = PlatformPackager.prototype as unknown as { generateFuseConfig(fuses: FuseOptionsV1): Promise<unknown> };
    const applied = await packager.generateFuseConfig.call(null, build.electronFuses ?? {});
    expect(applied).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: undefined,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });
});

describe('macOS entitlements', () => {
  it('grant JIT (V8 under the hardened runtime) and outgoing connections, and nothing else', async () => {
    const file = fromRoot(build.mac?.entitlements ?? '');
    const entitlements = await parsePlistFile<Record<string, PlistValue>>(file);
    expect(entitlements).toEqual({
      'com.apple.security.cs.allow-jit': true,
      'com.apple.security.network.client': true,
    });
  });
});

describe('icons', () => {
  const manifestPromise = readFile(fromRoot(ICON_MANIFEST), 'utf8').then((text) => JSON.parse(text) as IconManifest);

  it(`are up to date with ${ICON_SOURCE}`, async () => {
    const manifest = await manifestPromise;
    expect(manifest.source).toBe(ICON_SOURCE);
    const svg = await readFile(fromRoot(ICON_SOURCE), 'utf8');
    if (manifest.sourceSha256 !== sourceHash(svg)) {
      throw new Error(`The icons in build/ were made from an older ${ICON_SOURCE}: run npm run icons.`);
    }
    for (const [name, hash] of Object.entries(manifest.files)) {
      const data = await readFile(fromRoot(path.posix.join('build', name)));
      if (sha256(data) !== hash) throw new Error(`build/${name} is not the file npm run icons made: run npm run icons.`);
    }
  });

  it('give Linux a PNG for every size, from 16 to 1024 pixels', async () => {
    const manifest = await manifestPromise;
    for (const size of LINUX_ICON_SIZES) {
      const name = linuxIconFile(size);
      expect(Object.keys(manifest.files)).toContain(name);
      expect(pngSize(await readFile(fromRoot(`build/${name}`)))).toEqual({ width: size, height: size });
    }
    expect(pngSize(await readFile(fromRoot('build/icon.png')))).toEqual({ width: MASTER_SIZE, height: MASTER_SIZE });
  });

  it('give Windows an .ico from 16 to 256 pixels', async () => {
    const entries = icoEntries(await readFile(fromRoot(build.win?.icon ?? '')));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    for (const entry of entries) expect(entry.imageSize, `${entry.size} px entry`).toEqual({ width: entry.size, height: entry.size });
  });

  it('give macOS an .icns from 16 to 1024 pixels', async () => {
    const entries = icnsEntries(await readFile(fromRoot(build.mac?.icon ?? '')));
    const png = Object.fromEntries(entries.filter((e) => e.png).map((e) => [e.type, e.png]));
    expect(png).toEqual({
      ic11: { width: 32, height: 32 },
      ic12: { width: 64, height: 64 },
      ic07: { width: 128, height: 128 },
      ic13: { width: 256, height: 256 },
      ic08: { width: 256, height: 256 },
      ic14: { width: 512, height: 512 },
      ic09: { width: 512, height: 512 },
      ic10: { width: 1024, height: 1024 },
    });
    // The 16 and 32 px bitmaps older Finders draw, each with its mask.
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['is32', 's8mk', 'il32', 'l8mk']));
  });

  it('are the ones electron-builder picks for each platform, with nothing to convert', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'bs-icons-'));
    try {
      const roots = [fromRoot('build'), root];
      const resolve = (source: string | null | undefined, format: 'icns' | 'ico' | 'set') =>
        convertIcon({ sources: [source ?? ''], fallbackSources: [], roots, format, outDir });
      const mac = await resolve(build.mac?.icon, 'icns');
      expect(mac.icons.map((i) => i.file)).toEqual([fromRoot('build/icon.icns')]);
      const win = await resolve(build.win?.icon, 'ico');
      expect(win.icons).toEqual([{ file: fromRoot('build/icon.ico'), size: 256 }]);
      const linux = await resolve(build.linux?.icon, 'set');
      expect(linux.icons.map((i) => i.size)).toEqual([...LINUX_ICON_SIZES]);
      for (const result of [mac, win, linux]) expect(result.isFallback).toBe(false);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});

/** The Electron shell's sources (tests and test helpers aside), which main.js is bundled from. */
async function mainSources(): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(fromRoot('electron/main'), { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    if (full.split(path.sep).includes('testing')) continue;
    files.push(full);
  }
  return files;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function isPng(data: Buffer): boolean {
  return data.subarray(0, 8).equals(PNG_SIGNATURE);
}

/** Width and height from a PNG's IHDR chunk (which must come first). */
function pngSize(data: Buffer): { width: number; height: number } {
  if (!isPng(data) || data.toString('latin1', 12, 16) !== 'IHDR') throw new Error('Not a PNG file.');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

interface IcoEntry {
  /** The size the directory entry claims (0 in the file means 256). */
  size: number;
  /** The size of the image the entry points at. */
  imageSize: { width: number; height: number };
}

/** The entries of an .ico: a 6-byte header, 16-byte directory entries, then PNG or BMP (DIB) images. */
function icoEntries(data: Buffer): IcoEntry[] {
  if (data.readUInt16LE(0) !== 0 || data.readUInt16LE(2) !== 1) throw new Error('Not an ICO file.');
  const entries: IcoEntry[] = [];
  for (let i = 0; i < data.readUInt16LE(4); i++) {
    const at = 6 + i * 16;
    const width = data.readUInt8(at) || 256;
    const height = data.readUInt8(at + 1) || 256;
    expect(width).toBe(height);
    const length = data.readUInt32LE(at + 8);
    const offset = data.readUInt32LE(at + 12);
    expect(offset + length).toBeLessThanOrEqual(data.length);
    const image = data.subarray(offset, offset + length);
    // A DIB's height counts the image and its AND mask, so twice the icon's.
    const imageSize = isPng(image) ? pngSize(image) : { width: image.readInt32LE(4), height: image.readInt32LE(8) / 2 };
    entries.push({ size: width, imageSize });
  }
  return entries;
}

interface IcnsEntry {
  type: string;
  png: { width: number; height: number } | null;
}

/** The entries of an .icns: 'icns' and the file's length, then (type, length including this header, data) records. */
function icnsEntries(data: Buffer): IcnsEntry[] {
  if (data.toString('latin1', 0, 4) !== 'icns') throw new Error('Not an ICNS file.');
  expect(data.readUInt32BE(4)).toBe(data.length);
  const entries: IcnsEntry[] = [];
  let at = 8;
  while (at < data.length) {
    const type = data.toString('latin1', at, at + 4);
    const length = data.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    const body = data.subarray(at + 8, at + length);
    entries.push({ type, png: isPng(body) ? pngSize(body) : null });
    at += length;
  }
  expect(at).toBe(data.length);
  return entries;
}
