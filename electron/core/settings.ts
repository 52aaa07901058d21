// Preferences live outside the database (electron-store in Electron, conf under
// plain Node) so a damaged library never takes the user's preferences with it.
// The core sees only this interface.
import type { Settings, SettingsPatch } from '../shared/models.ts';

export interface SettingsStore {
  get(): Settings;
  /** Applies a validated patch and returns the complete settings after it. */
  update(patch: SettingsPatch): Settings;
}
