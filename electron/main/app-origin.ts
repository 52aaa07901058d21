// The renderer is served from its own origin, app://broadsheet/, rather than
// file://, so that the CSP's 'self', the IPC sender check and navigation rules
// all have one precise origin to compare against.
export const APP_SCHEME = 'app';
export const APP_HOST = 'broadsheet';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` belongs to the app's own origin. Compared by parts because
 * WHATWG URL reports the origin of a custom scheme as "null" in Node.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
