// The one place the app makes a BrowserWindow, so every window gets the same
// locked-down web preferences by construction: isolated, sandboxed, no Node.
// The preferences stay an object literal inside `new BrowserWindow(…)` on
// purpose: Electronegativity (npm run security) reads them only there.
import { BrowserWindow, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';

/** What a window may choose for its page; every other web preference is fixed. */
export type WindowPageChoices = Pick<WebPreferences, 'preload' | 'spellcheck'>;

export function createHardenedWindow(
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
  page: WindowPageChoices,
): BrowserWindow {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      // A window without a preload has no preload key at all, not an undefined one.
      ...(page.preload === undefined ? {} : { preload: page.preload }),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click on a link must not open anything behind the window-open handler's back.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: page.spellcheck,
    },
  });
}
