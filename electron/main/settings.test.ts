import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../shared/errors.ts';
import { DEFAULT_SETTINGS } from '../shared/models.ts';

// electron-store asks `app` and `ipcMain` for its defaults; the real package runs
// on this stand-in (the vitest config inlines it so the mock reaches its import).
const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  return {
    nativeTheme: { themeSource: 'system' as string },
    app: { getPath: () => '/nonexistent', getVersion: () => '0.0.0', getName: () => 'Broadsheet' },
    ipcMain: new EventEmitter(),
    shell: {},
  };
});
vi.mock('electron', () => ({ ...electron, default: electron }));

const { ELECTRON_STORE_CHANNEL, createElectronSettingsStore, createWindowStateStore, setupThemeSetting, windowStateResetMessage } = await import('./settings.ts');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bs-settings-'));
  electron.nativeTheme.themeSource = 'system';
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('electron settings store', () => {
  it('leaves no IPC channel of its own open to renderers', () => {
    createElectronSettingsStore({ cwd: dir });
    createWindowStateStore({ cwd: dir });
    expect(electron.ipcMain.listenerCount(ELECTRON_STORE_CHANNEL)).toBe(0);
  });

  it('starts with the defaults and keeps updates across reopening', () => {
    const store = createElectronSettingsStore({ cwd: dir });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.update({ theme: 'dark', refreshIntervalMinutes: 15 })).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      refreshIntervalMinutes: 15,
    });
    const reopened = createElectronSettingsStore({ cwd: dir });
    expect(reopened.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', refreshIntervalMinutes: 15 });
  });

  it('writes settings.json in the given folder with the settings as top-level keys', async () => {
    createElectronSettingsStore({ cwd: dir }).update({ markReadOnOpen: false });
    const written = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(written).toEqual({ ...DEFAULT_SETTINGS, markReadOnOpen: false });
  });

  it('sets an unreadable file aside, keeping it, and uses the defaults', async () => {
    await writeFile(path.join(dir, 'settings.json'), '{"theme": "dark", oops');
    const store = createElectronSettingsStore({ cwd: dir });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    const files = await readdir(dir);
    const kept = files.find((f) => f.startsWith('settings.json.damaged-'));
    expect(kept).toBeDefined();
    expect(await readFile(path.join(dir, kept!), 'utf8')).toBe('{"theme": "dark", oops');
    // Reported, so the reader is told; and only once the file is good again, not on the next start.
    expect(store.damaged).toEqual({ keptAt: path.join(dir, kept!) });
    expect(store.update({ theme: 'light' }).theme).toBe('light');
    expect(createElectronSettingsStore({ cwd: dir }).damaged).toBeNull();
  });

  it('replaces only the values that are invalid, keeping the good ones', async () => {
    await writeFile(
      path.join(dir, 'settings.json'),
      JSON.stringify({ theme: 'neon', downloadFullArticles: 'bookmarked', refreshIntervalMinutes: 5, markReadOnOpen: 'sometimes' }),
    );
    expect(createElectronSettingsStore({ cwd: dir }).get()).toEqual({
      ...DEFAULT_SETTINGS,
      theme: DEFAULT_SETTINGS.theme,
      downloadFullArticles: 'bookmarked',
      refreshIntervalMinutes: 5,
      markReadOnOpen: DEFAULT_SETTINGS.markReadOnOpen,
    });
  });

  it('falls back to downloading new items when the download setting is not one it knows', async () => {
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ downloadFullArticles: 'always' }));
    const store = createElectronSettingsStore({ cwd: dir });
    expect(store.get().downloadFullArticles).toBe('new');
    expect(store.update({ downloadFullArticles: 'never' }).downloadFullArticles).toBe('never');
    expect(createElectronSettingsStore({ cwd: dir }).get().downloadFullArticles).toBe('never');
  });

  it('treats a file that is not an object as empty', async () => {
    await writeFile(path.join(dir, 'settings.json'), '[1, 2, 3]');
    expect(createElectronSettingsStore({ cwd: dir }).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses invalid patches with a plain message and changes nothing', () => {
    const store = createElectronSettingsStore({ cwd: dir });
    store.update({ theme: 'dark' });
    for (const patch of [{ theme: 'neon' }, { refreshIntervalMinutes: -1 }, { somethingElse: 1 }]) {
      expect(() => store.update(patch as never)).toThrow(ApiError);
    }
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });

  it('applies the theme to nativeTheme now and after every change', () => {
    const store = createElectronSettingsStore({ cwd: dir });
    store.update({ theme: 'light' });
    const stop = setupThemeSetting(store);
    expect(electron.nativeTheme.themeSource).toBe('light');
    store.update({ theme: 'dark' });
    expect(electron.nativeTheme.themeSource).toBe('dark');
    stop();
    store.update({ theme: 'system' });
    expect(electron.nativeTheme.themeSource).toBe('dark');
  });

  it('keeps the system-drawn parts light under the sepia theme', () => {
    const store = createElectronSettingsStore({ cwd: dir });
    const stop = setupThemeSetting(store);
    store.update({ theme: 'sepia' });
    expect(electron.nativeTheme.themeSource).toBe('light');
    stop();
  });

  it('stores the typography and order preferences, and falls back per key when one is invalid', async () => {
    const store = createElectronSettingsStore({ cwd: dir });
    const typography = { readingFont: 'sans', fontSize: 22, lineHeight: 1.8, contentWidth: 'wide', justify: true, articleOrder: 'oldest' } as const;
    store.update(typography);
    expect(createElectronSettingsStore({ cwd: dir }).get()).toEqual({ ...DEFAULT_SETTINGS, ...typography });
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ ...typography, fontSize: 400 }));
    expect(createElectronSettingsStore({ cwd: dir }).get()).toEqual({ ...DEFAULT_SETTINGS, ...typography, fontSize: DEFAULT_SETTINGS.fontSize });
  });
});

describe('window state store', () => {
  it('has nothing before the first save, then remembers bounds and maximised state', () => {
    const store = createWindowStateStore({ cwd: dir });
    expect(store.get()).toBeNull();
    store.set({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(createWindowStateStore({ cwd: dir }).get()).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
  });

  it('ignores a damaged or nonsensical saved state', async () => {
    await writeFile(path.join(dir, 'window-state.json'), JSON.stringify({ window: { width: 'wide', height: 5 } }));
    const nonsense = createWindowStateStore({ cwd: dir });
    expect(nonsense.get()).toBeNull();
    // Readable, just not sensible: nothing to set aside.
    expect(nonsense.damaged).toBeNull();
    await writeFile(path.join(dir, 'window-state.json'), 'garbage');
    const damaged = createWindowStateStore({ cwd: dir });
    expect(damaged.get()).toBeNull();
    const kept = (await readdir(dir)).find((f) => f.startsWith('window-state.json.damaged-'));
    expect(damaged.damaged).toEqual({ keptAt: path.join(dir, kept ?? 'missing') });
    expect(await readFile(path.join(dir, kept ?? 'missing'), 'utf8')).toBe('garbage');
    expect(windowStateResetMessage('/x/window-state.json.damaged-1')).toMatch(/was damaged, so the window opened at its usual size\. The old file was kept as \/x\/window-state\.json\.damaged-1\.$/);
  });
});
