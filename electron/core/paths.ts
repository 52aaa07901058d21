// Where the library lives when nobody says otherwise: the same folder Electron's
// app.getPath('userData') gives for productName "Broadsheet", so the desktop app,
// the web host and the CLI all open the same library.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Broadsheet';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env.BROADSHEET_DATA_DIR?.trim();
  if (override) return override;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}
