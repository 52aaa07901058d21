// Preferences under plain Node (web host, CLI), stored by `conf` as
// <cwd>/settings.json. A damaged or hand-broken file never stops the app:
// unreadable JSON is replaced by defaults, and each invalid value falls back
// to its default while the valid ones are kept.
import Conf from 'conf';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../shared/models.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { SettingsStore } from './settings.ts';

export const SETTINGS_FILE_NAME = 'settings';

export function createConfSettingsStore(options: { cwd: string; logger?: Logger }): SettingsStore {
  const logger = options.logger ?? silentLogger;
  let conf: Conf<Record<string, unknown>> | null = null;
  // Used when the file cannot be read or written at all (permissions, full disk):
  // preferences then last for this run only.
  let memory: Settings = { ...DEFAULT_SETTINGS };
  try {
    conf = new Conf<Record<string, unknown>>({
      cwd: options.cwd,
      configName: SETTINGS_FILE_NAME,
      clearInvalidConfig: true,
      accessPropertiesByDotNotation: false,
    });
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
    get: read,
    update(patch: SettingsPatch): Settings {
      const next = SettingsSchema.parse({ ...read(), ...withoutUndefined(patch) });
      memory = next;
      if (conf) {
        try {
          conf.store = { ...next };
        } catch (error) {
          logger.warn('Could not save settings', { error: String(error) });
        }
      }
      return next;
    },
  };
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
