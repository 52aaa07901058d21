// The one way Broadsheet hands an address to the system browser. Only web
// addresses leave the app: file:, smb:, custom protocol handlers and the like
// can launch programs, so they are refused.
import { shell } from 'electron';

export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Opens `url` in the default browser if it is http(s); returns whether it did. */
export function openExternalWebUrl(url: string): boolean {
  if (!isWebUrl(url)) return false;
  shell.openExternal(url).catch(() => {
    // No browser, or the system refused: nothing useful to tell the page.
  });
  return true;
}
