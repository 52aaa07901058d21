// Renders the one icon source, assets/icon.svg, into the files electron-builder
// packages from build/ (see the "build" key in package.json):
//   build/icon.png            1024 px, the master
//   build/icons/NxN.png       the Linux icon set (16 … 1024 px)
//   build/icon.ico            Windows, 16 … 256 px
//   build/icon.icns           macOS, 16 … 1024 px
//   build/icons.json          the SVG's hash and every output's, so a test can tell the icons are stale
// Every size is rendered from the SVG (no upscaling, no blur from resizing a
// large PNG), except inside the .ico and .icns, which png2icons scales itself.
// Run: npm run icons
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import png2icons from 'png2icons';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Paths relative to the repository root. */
export const ICON_SOURCE = 'assets/icon.svg';
export const ICON_DIR = 'build';
export const ICON_MANIFEST = 'build/icons.json';
/** The Linux set: electron-builder reads build/icons/NxN.png (freedesktop sizes plus 512 and 1024). */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 96, 128, 256, 512, 1024] as const;
/** The sizes png2icons writes into the .ico, largest first (its own fixed list). */
export const ICO_SIZES = [256, 128, 96, 72, 64, 48, 32, 24, 16] as const;
export const MASTER_SIZE = 1024;

export interface IconManifest {
  source: string;
  /** SHA-256 of the SVG with line endings made LF, so a Windows checkout does not look stale. */
  sourceSha256: string;
  /** Each generated file (relative to build/) and its SHA-256. */
  files: Record<string, string>;
}

export function linuxIconFile(size: number): string {
  return `icons/${size}x${size}.png`;
}

/** The hash icons.json records for the SVG text. */
export function sourceHash(svg: string): string {
  return sha256(svg.replace(/\r\n/g, '\n'));
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

let wasmReady: Promise<void> | null = null;

function loadRenderer(): Promise<void> {
  wasmReady ??= readFile(fileURLToPath(import.meta.resolve('@resvg/resvg-wasm/index_bg.wasm'))).then((wasm) => initWasm(wasm));
  return wasmReady;
}

/** The SVG as a square PNG `size` pixels wide. */
export async function renderPng(svg: string, size: number): Promise<Buffer> {
  await loadRenderer();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    // The icon has no text; never depend on the fonts of the machine that renders it.
    font: { loadSystemFonts: false },
  });
  try {
    const image = resvg.render();
    try {
      if (image.width !== size || image.height !== size) {
        throw new Error(`${ICON_SOURCE} rendered at ${image.width}×${image.height}, not ${size}×${size}: it must be square.`);
      }
      return Buffer.from(image.asPng());
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/** Every icon file, by path relative to build/, made from the SVG text. */
export async function renderIcons(svg: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const size of LINUX_ICON_SIZES) files.set(linuxIconFile(size), await renderPng(svg, size));
  const master = files.get(linuxIconFile(MASTER_SIZE)) as Buffer;
  files.set('icon.png', master);
  // The .ico is scaled from the 256 px rendering (its largest entry), not from 1024: less to throw away, sharper small sizes.
  // forWinExe: PNG entries from 64 px up, bitmaps below, which every Windows shell and rcedit accept.
  const ico = png2icons.createICO(files.get(linuxIconFile(256)) as Buffer, png2icons.BICUBIC2, 0, false, true);
  if (!ico) throw new Error('png2icons could not make the Windows icon.');
  files.set('icon.ico', ico);
  const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
  if (!icns) throw new Error('png2icons could not make the macOS icon.');
  files.set('icon.icns', icns);
  return files;
}

export function manifestFor(svg: string, files: Map<string, Buffer>): IconManifest {
  const hashes: Record<string, string> = {};
  for (const [name, data] of [...files].sort(([a], [b]) => a.localeCompare(b))) hashes[name] = sha256(data);
  return { source: ICON_SOURCE, sourceSha256: sourceHash(svg), files: hashes };
}

export async function makeIcons(): Promise<IconManifest> {
  const svg = await readFile(path.join(root, ICON_SOURCE), 'utf8');
  const files = await renderIcons(svg);
  const buildDir = path.join(root, ICON_DIR);
  // Sizes dropped from the list must not linger in the set electron-builder picks up.
  await rm(path.join(buildDir, 'icons'), { recursive: true, force: true });
  await mkdir(path.join(buildDir, 'icons'), { recursive: true });
  for (const [name, data] of files) await writeFile(path.join(buildDir, name), data);
  const manifest = manifestFor(svg, files);
  await writeFile(path.join(root, ICON_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (import.meta.main) {
  try {
    const manifest = await makeIcons();
    process.stdout.write(`Made ${Object.keys(manifest.files).length} icon files in ${ICON_DIR}/ from ${ICON_SOURCE}.\n`);
  } catch (error) {
    process.stderr.write(`Could not make the icons: ${String(error)}\n`);
    process.exitCode = 1;
  }
}
