// The app's start (electron/main/index.ts) on a library that needs a schema
// update, on the fake Electron: the updating window comes first and names
// each step, then the library opens (backed up once, updated), the main
// window opens, and the updating window goes.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { backupsDir } from '../core/backup/backup-archive.ts';
import { libraryLockHolder } from '../core/library-lock.ts';
import { LATEST_VERSION } from '../core/store/migrations.ts';
import { schemaVersionOf, writeOlderLibrary } from '../core/testing/older-library.ts';

vi.mock('electron', async () => await import('./testing/fake-electron.ts'));
const fake = await import('./testing/fake-electron.ts');

const dataDir = mkdtempSync(path.join(tmpdir(), 'bs-app-update-'));
afterAll(() => {
  fake.app.emit('will-quit');
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; calls: ${JSON.stringify(fake.calls.map((c) => c.api))}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('starting the app on a library that needs updating', () => {
  it('shows the updating window through each step, then the main window, and closes the updating one', async () => {
    writeOlderLibrary(dataDir, 200);
    process.env.BROADSHEET_DATA_DIR = dataDir;
    // Packaged: the log is not echoed to the terminal.
    fake.app.isPackaged = true;
    await import('./index.ts');
    fake.becomeReady();
    await waitFor(() => fake.BrowserWindow.windows.length >= 2 || fake.calls.some((c) => c.api === 'app.exit'), 'the main window');
    const [updating, main] = fake.BrowserWindow.windows;
    expect(fake.calls.filter((c) => c.api === 'app.exit')).toEqual([]);
    expect(updating?.loaded).toEqual(['copying', 'packing', 'updating'].map((step) => `app://broadsheet/updating.html#${step}`));
    expect(updating?.options.webPreferences).not.toHaveProperty('preload');
    expect(main?.loaded).toEqual(['app://broadsheet/index.html']);
    expect(main?.options.webPreferences).toHaveProperty('preload');
    await waitFor(() => main?.shown === true && updating?.destroyed === true, 'the updating window to close');

    expect(schemaVersionOf(dataDir)).toBe(LATEST_VERSION);
    expect(readdirSync(backupsDir(dataDir)).filter((name) => name.endsWith(`-before-v${LATEST_VERSION}.tar.gz`))).toHaveLength(1);
    expect(libraryLockHolder(dataDir)).toMatchObject({ pid: process.pid, program: 'app' });
    // The page is served from the app's own origin before the library opens.
    expect(fake.calls.findIndex((c) => c.api === 'protocol.handle')).toBeGreaterThanOrEqual(0);
  });
});
