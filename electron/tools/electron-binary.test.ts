import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bs-start-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findElectronBinary', () => {
  it('uses ELECTRON_OVERRIDE_DIST_PATH when a binary is there', async () => {
    const binary = path.join(dir, process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron');
    if (process.platform === 'darwin') return; // the layout under the override differs on macOS; covered on Linux
    await writeFile(binary, '#!/bin/sh\n');
    await chmod(binary, 0o755);
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBe(binary);
  });

  it('reports no binary when the override folder is empty', () => {
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBeNull();
  });

  it('never requires the electron package (which would start a download)', () => {
    // With no override, the answer depends on whether this machine has downloaded Electron;
    // either way it must come back at once, as a path that exists or as null.
    const found = findElectronBinary({});
    expect(found === null || path.isAbsolute(found)).toBe(true);
  });
});
