// Preferences and window state in electron-store, kept in the library's folder
// (settings.json, window-state.json) so the CLI and web host pointed at the
// same folder read the same preferences. A damaged file never stops the app:
// it is moved aside (kept, not deleted) and the defaults are used instead; a
// single bad value falls back to its default while the good ones are kept.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ipcMain, nativeTheme } from 'electron';
import Store from 'electron-store';
import { z } from 'zod';
import type { SettingsStore } from '../core/settings.ts';
import type { Logger } from '../core/logger.ts';
import { setAsideDamagedFile, type DamagedFile } from '../core/settings-conf.ts';
import type { Unsubscribe } from '../shared/api.ts';
import { ApiError } from '../shared/errors.ts';
import {
  DEFAULT_SETTINGS,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../shared/models.ts';

type StoreData = Record<string, unknown>;

export const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

/**
 * Opens an electron-store file, moving an unreadable one aside rather than
 * failing or silently erasing it; says where it was kept, so the reader can be told.
 */
function openStore(cwd: string, name: string, logger?: Logger): { store: Store<StoreData>; damaged: DamagedFile | null } {
  const open = () => {
    const store = new Store<StoreData>({ cwd, name, clearInvalidConfig: false });
    // electron-store answers a synchronous IPC message with the user-data path
    // for renderers that use it directly. Ours never do, and every channel
    // must go through the ipc router, so that listener is removed.
    ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
    return store;
  };
  try {
    return { store: open(), damaged: null };
  } catch (error) {
    const file = path.join(cwd, `${name}.json`);
    if (!(error instanceof SyntaxError) || !existsSync(file)) throw error;
    const keptAt = setAsideDamagedFile(file);
    logger?.warn('A preferences file could not be read; it was set aside and defaults are used', { file, keptAt });
    return { store: open(), damaged: { keptAt } };
  }
}

function readSettings(raw: StoreData): Settings {
  const shape = SettingsSchema.shape;
  const read = <K extends keyof Settings>(key: K): Settings[K] => {
    const parsed = shape[key].safeParse(raw[key]);
    return parsed.success ? (parsed.data as Settings[K]) : DEFAULT_SETTINGS[key];
  };
  return {
    theme: read('theme'),
    readingFont: read('readingFont'),
    fontSize: read('fontSize'),
    lineHeight: read('lineHeight'),
    contentWidth: read('contentWidth'),
    justify: read('justify'),
    articleOrder: read('articleOrder'),
    downloadFullArticles: read('downloadFullArticles'),
    refreshIntervalMinutes: read('refreshIntervalMinutes'),
    markReadOnOpen: read('markReadOnOpen'),
    retentionDays: read('retentionDays'),
  };
}

export class ElectronSettingsStore implements SettingsStore {
  readonly #store: Store<StoreData>;
  readonly #listeners = new Set<(settings: Settings) => void>();
  readonly #logger: Logger | undefined;
  /** Set when the file was unreadable at start: it was moved aside and the defaults are in use. */
  readonly damaged: DamagedFile | null;

  constructor(store: Store<StoreData>, logger?: Logger, damaged: DamagedFile | null = null) {
    this.#store = store;
    this.#logger = logger;
    this.damaged = damaged;
  }

  get(): Settings {
    try {
      return readSettings(this.#store.store);
    } catch (error) {
      // The file went bad while the app was running (edited by hand, disk trouble).
      this.#logger?.warn('Preferences could not be read; using defaults', { error: String(error) });
      return { ...DEFAULT_SETTINGS };
    }
  }

  update(patch: SettingsPatch): Settings {
    const parsed = SettingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw new ApiError('invalid_input', 'That preference cannot be set to that value.');
    const next: Settings = { ...this.get(), ...parsed.data };
    try {
      this.#store.set(next);
    } catch (error) {
      this.#logger?.error('Preferences could not be saved', { error: String(error) });
      throw new ApiError('storage_failed', 'Broadsheet could not save your preferences. Check that the disk is not full.');
    }
    for (const listener of this.#listeners) listener(next);
    return next;
  }

  onChange(listener: (settings: Settings) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export function createElectronSettingsStore(options: { cwd: string; logger?: Logger }): ElectronSettingsStore {
  const { store, damaged } = openStore(options.cwd, 'settings', options.logger);
  return new ElectronSettingsStore(store, options.logger, damaged);
}

/** Makes the system-drawn parts (title bar, menus, scroll bars) and `prefers-color-scheme` follow the preference. */
export function applyTheme(settings: Settings): void {
  // Sepia is a light page: the system-drawn parts stay light under it.
  nativeTheme.themeSource = settings.theme === 'sepia' ? 'light' : settings.theme;
}

/** Keeps nativeTheme in step with the preference from now on. */
export function setupThemeSetting(store: ElectronSettingsStore): Unsubscribe {
  applyTheme(store.get());
  return store.onChange(applyTheme);
}

const Coordinate = z.number().int().min(-100_000).max(100_000);
const Size = z.number().int().min(100).max(100_000);

export const WindowStateSchema = z.object({
  x: Coordinate.optional(),
  y: Coordinate.optional(),
  width: Size,
  height: Size,
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface WindowStateStore {
  get(): WindowState | null;
  set(state: WindowState): void;
  /** Set when the file was unreadable at start: it was moved aside and the window opens at its usual size. */
  readonly damaged: DamagedFile | null;
}

/** What the reader is told when the window's remembered size and place were set aside. */
export function windowStateResetMessage(keptAt: string): string {
  return `The file where Broadsheet remembers its window\u2019s size and place was damaged, so the window opened at its usual size. The old file was kept as ${keptAt}.`;
}

export function createWindowStateStore(options: { cwd: string; logger?: Logger }): WindowStateStore {
  const { store, damaged } = openStore(options.cwd, 'window-state', options.logger);
  return {
    damaged,
    get() {
      try {
        const parsed = WindowStateSchema.safeParse(store.get('window'));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    set(state) {
      try {
        store.set('window', WindowStateSchema.parse(state));
      } catch (error) {
        // Losing the window's position is not worth interrupting anyone for.
        options.logger?.warn('Window position could not be saved', { error: String(error) });
      }
    },
  };
}
