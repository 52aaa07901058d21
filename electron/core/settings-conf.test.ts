import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../shared/errors.ts';
import { DEFAULT_SETTINGS } from '../shared/models.ts';
import { createConfSettingsStore, setAsideDamagedFile, settingsResetMessage } from './settings-conf.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-settings-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createConfSettingsStore', () => {
  it('starts from the defaults and persists updates to settings.json', () => {
    const cwd = tempDir();
    const store = createConfSettingsStore({ cwd });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.update({ theme: 'dark', refreshIntervalMinutes: 15 })).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', refreshIntervalMinutes: 15 });
    expect(JSON.parse(readFileSync(join(cwd, 'settings.json'), 'utf8'))).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', refreshIntervalMinutes: 15 });
    expect(createConfSettingsStore({ cwd }).get()).toMatchObject({ theme: 'dark', refreshIntervalMinutes: 15 });
  });

  it('falls back to the defaults for a corrupt file, without throwing', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'settings.json'), '{ this is not json');
    const store = createConfSettingsStore({ cwd });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.update({ markReadOnOpen: false }).markReadOnOpen).toBe(false);
    expect(createConfSettingsStore({ cwd }).get().markReadOnOpen).toBe(false);
  });

  it('keeps a corrupt file aside, byte for byte, and reports where, so the reader can be told', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'settings.json'), '{"theme": "dark", oops');
    const store = createConfSettingsStore({ cwd });
    const kept = readdirSync(cwd).find((name) => name.startsWith('settings.json.damaged-'));
    expect(kept).toBeDefined();
    expect(store.damaged).toEqual({ keptAt: join(cwd, kept ?? '') });
    expect(readFileSync(join(cwd, kept ?? ''), 'utf8')).toBe('{"theme": "dark", oops');
    expect(settingsResetMessage(store.damaged?.keptAt ?? '')).toBe(
      `Your preferences file was damaged, so Broadsheet is using its default settings. The old file was kept as ${join(cwd, kept ?? '')}.`,
    );
    // The next start finds a good file: nothing to report.
    store.update({ theme: 'light' });
    const again = createConfSettingsStore({ cwd });
    expect(again.damaged).toBeNull();
    expect(again.get().theme).toBe('light');
  });

  it('keeps every damaged file when it happens twice', () => {
    const cwd = tempDir();
    const now = new Date('2026-11-24T12:00:00.000Z');
    for (const text of ['first {', 'second {']) {
      writeFileSync(join(cwd, 'settings.json'), text);
      setAsideDamagedFile(join(cwd, 'settings.json'), now);
    }
    expect(readdirSync(cwd).sort()).toEqual(['settings.json.damaged-2026-11-24T12-00-00-000Z', 'settings.json.damaged-2026-11-24T12-00-00-000Z-2']);
  });

  it('reports nothing for a good file, or none', () => {
    const cwd = tempDir();
    expect(createConfSettingsStore({ cwd }).damaged).toBeNull();
    writeFileSync(join(cwd, 'settings.json'), JSON.stringify({ theme: 'sepia' }));
    expect(createConfSettingsStore({ cwd }).damaged).toBeNull();
  });

  it('keeps valid values and replaces invalid ones with their defaults', () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'settings.json'),
      JSON.stringify({ theme: 'neon', downloadFullArticles: 'always', refreshIntervalMinutes: 60, markReadOnOpen: 'yes', extra: 1 }),
    );
    expect(createConfSettingsStore({ cwd }).get()).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'system',
      downloadFullArticles: 'new',
      refreshIntervalMinutes: 60,
      markReadOnOpen: true,
    });
    writeFileSync(join(cwd, 'settings.json'), JSON.stringify({ downloadFullArticles: 'bookmarked' }));
    expect(createConfSettingsStore({ cwd }).get().downloadFullArticles).toBe('bookmarked');
  });

  it('treats a file holding something other than an object as empty', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'settings.json'), '[1,2,3]');
    expect(createConfSettingsStore({ cwd }).get()).toEqual(DEFAULT_SETTINGS);
  });

  describe('a change that cannot be saved', () => {
    /** JSON, as conf writes it, until `failure` is set: then the write fails with it, as the disk would. */
    function failingStore(cwd: string) {
      const state: { failure: NodeJS.ErrnoException | null } = { failure: null };
      const store = createConfSettingsStore({
        cwd,
        serialize: (value) => {
          if (state.failure) throw state.failure;
          return JSON.stringify(value, undefined, '\t');
        },
      });
      return { store, state };
    }
    const systemError = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });

    it('is refused as a full disk, and what was saved stays, in the file and in what is read', () => {
      const cwd = tempDir();
      const { store, state } = failingStore(cwd);
      store.update({ theme: 'dark' });
      const saved = readFileSync(join(cwd, 'settings.json'), 'utf8');
      state.failure = systemError('ENOSPC', 'no space left on device, write');
      expect(() => store.update({ theme: 'sepia', fontSize: 22 })).toThrow(
        expect.objectContaining({
          code: 'disk_full',
          message: 'Your disk is full, so Broadsheet could not save your preferences. Nothing already in your library was changed. Free some space and try again.',
        }),
      );
      expect(store.get()).toMatchObject({ theme: 'dark', fontSize: DEFAULT_SETTINGS.fontSize });
      expect(readFileSync(join(cwd, 'settings.json'), 'utf8')).toBe(saved);
      expect(readdirSync(cwd)).toEqual(['settings.json']);
      // Once there is room again, the change can be made.
      state.failure = null;
      expect(store.update({ theme: 'sepia' }).theme).toBe('sepia');
      expect(createConfSettingsStore({ cwd }).get().theme).toBe('sepia');
    });

    it('is refused in plain words when the folder may not be written', () => {
      const cwd = tempDir();
      const { store, state } = failingStore(cwd);
      store.update({ justify: true });
      state.failure = systemError('EACCES', `permission denied, open '${join(cwd, 'settings.json')}'`);
      let thrown: unknown = null;
      try {
        store.update({ justify: false });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ApiError);
      expect(thrown).toMatchObject({
        code: 'storage_failed',
        message: `Broadsheet is not allowed to write in ${cwd}, so your preferences were not saved. Check the folder’s permissions and try again.`,
      });
      expect(store.get().justify).toBe(true);
      expect(createConfSettingsStore({ cwd }).get().justify).toBe(true);
    });
  });

  it('rejects an invalid patch and keeps what was saved', () => {
    const cwd = tempDir();
    const store = createConfSettingsStore({ cwd });
    store.update({ theme: 'light' });
    expect(() => store.update({ refreshIntervalMinutes: -5 })).toThrow();
    expect(store.get().theme).toBe('light');
  });
});
