// Preferences under plain Node (web host, CLI), stored by `conf` as
// <cwd>/settings.json. A damaged or hand-broken file never stops the app:
// unreadable JSON is moved aside (kept, never erased) and the defaults are
// used, which the store reports so the reader can be told; each invalid value
// falls back to its default while the valid ones are kept. A change that
// cannot be saved (full disk, no permission) is refused with a clear error,
// never kept only in memory to vanish on the next read or start.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { ApiError } from '../shared/errors.ts';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../shared/models.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { SettingsStore } from './settings.ts';
import { storageError } from './store/storage-errors.ts';

export const SETTINGS_FILE_NAME = 'settings';

/** A preferences file that could not be read when it was opened: where it was kept. */
export interface DamagedFile {
  keptAt: string;
}

export interface ConfSettingsStore extends SettingsStore {
  /** Set when the file was unreadable at start: it was moved aside and the defaults are in use. */
  readonly damaged: DamagedFile | null;
}

/** Moves an unreadable file aside as `<file>.damaged-<time>` (never deleted) and returns the new path. */
export function setAsideDamagedFile(file: string, now: Date = new Date()): string {
  let kept = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (let i = 2; existsSync(kept); i += 1) kept = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}-${i}`;
  renameSync(file, kept);
  return kept;
}

/** What the reader is told when their preferences file was set aside. */
export function settingsResetMessage(keptAt: string): string {
  return `Your preferences file was damaged, so Broadsheet is using its default settings. The old file was kept as ${keptAt}.`;
}

export interface ConfSettingsOptions {
  cwd: string;
  logger?: Logger;
  /** How the settings become the file's text (JSON by default); tests pass one that fails as a full disk does. */
  serialize?: (value: Record<string, unknown>) => string;
}

export function createConfSettingsStore(options: ConfSettingsOptions): ConfSettingsStore {
  const logger = options.logger ?? silentLogger;
  let conf: Conf<Record<string, unknown>> | null = null;
  let damaged: DamagedFile | null = null;
  // Used when the file cannot be read or written at all (permissions, full disk):
  // preferences then last for this run only.
  let memory: Settings = { ...DEFAULT_SETTINGS };
  const open = () =>
    new Conf<Record<string, unknown>>({
      cwd: options.cwd,
      configName: SETTINGS_FILE_NAME,
      // conf would erase an unreadable file; it is set aside below instead.
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      ...(options.serialize ? { serialize: options.serialize } : {}),
    });
  try {
    try {
      conf = open();
    } catch (error) {
      const file = join(options.cwd, `${SETTINGS_FILE_NAME}.json`);
      if (!(error instanceof SyntaxError) || !existsSync(file)) throw error;
      damaged = { keptAt: setAsideDamagedFile(file) };
      logger.warn('The preferences file could not be read; it was set aside and defaults are used', { file, keptAt: damaged.keptAt });
      conf = open();
    }
  } catch (error) {
    logger.warn('Settings file unusable; using defaults for this run', { error: String(error) });
  }

  const read = (): Settings => {
    if (!conf) return memory;
    let raw: Record<string, unknown>;
    try {
      raw = conf.store;
    } catch (error) {
      logger.warn('Settings file unreadable; using defaults', { error: String(error) });
      return memory;
    }
    return normalise(raw);
  };

  return {
    damaged,
    get: read,
    update(patch: SettingsPatch): Settings {
      const next = SettingsSchema.parse({ ...read(), ...withoutUndefined(patch) });
      if (conf) {
        try {
          // conf writes a new file and renames it over the old one: a failed save leaves the old file whole.
          conf.store = { ...next };
        } catch (error) {
          logger.warn('Could not save settings', { error: String(error) });
          throw saveError(error, options.cwd);
        }
      }
      memory = next;
      return next;
    },
  };
}

/** What a failed save is, in the reader's words: a full disk, a folder Broadsheet may not write to, or the system's reason. */
function saveError(error: unknown, folder: string): ApiError {
  const code = error !== null && typeof error === 'object' && 'code' in error ? (error as { code: unknown }).code : null;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ApiError(
      'storage_failed',
      `Broadsheet is not allowed to write in ${folder}, so your preferences were not saved. Check the folder’s permissions and try again.`,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return storageError(error, `Broadsheet could not save your preferences in ${folder}: ${reason}`, 'your preferences');
}

/** Keeps each valid value; replaces each missing or invalid one with its default. */
export function normalise(raw: unknown): Settings {
  const source = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
    const field = SettingsSchema.shape[key].safeParse(source[key]);
    result[key] = field.success ? field.data : DEFAULT_SETTINGS[key];
  }
  return SettingsSchema.parse(result);
}

function withoutUndefined(patch: SettingsPatch): Partial<Settings> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Settings>;
}
