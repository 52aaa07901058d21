// Broadsheet's version when it runs from its source folder (the web host and
// the command line), where package.json sits at the top. The Electron app
// asks Electron instead (app.getVersion()), which reads the packaged one.
import { readFileSync } from 'node:fs';

const PACKAGE_JSON = new URL('../../../package.json', import.meta.url);

/** package.json's version, or "unknown" when it cannot be read. */
export function packageVersion(file: URL = PACKAGE_JSON): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const version = typeof parsed === 'object' && parsed !== null ? (parsed as { version?: unknown }).version : undefined;
    return typeof version === 'string' && version.trim() !== '' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
