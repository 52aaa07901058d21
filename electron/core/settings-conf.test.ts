import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/models.ts';
import { createConfSettingsStore } from './settings-conf.ts';

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

  it('rejects an invalid patch and keeps what was saved', () => {
    const cwd = tempDir();
    const store = createConfSettingsStore({ cwd });
    store.update({ theme: 'light' });
    expect(() => store.update({ refreshIntervalMinutes: -5 })).toThrow();
    expect(store.get().theme).toBe('light');
  });
});
