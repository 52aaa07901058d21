// Rules every web contents and session gets, whoever creates it: no new
// windows, no navigation away from the app, no <webview>, no permissions.
// Links to the web open in the user's browser instead.
import { app, session, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';
import { openExternalWebUrl } from './open-external.ts';

export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalWebUrl(url);
    return { action: 'deny' };
  });

  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    // A plain link in an article is a request to read the original: give it to the browser.
    if (event.isMainFrame) openExternalWebUrl(event.url);
  });

  // will-navigate sees only the main frame. A frame inside the page (the CSP
  // loads none, but should one appear) stays on the app too, and is never
  // handed to the browser: a frame navigating is not the reader clicking a link.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || isAppUrl(event.url)) return;
    event.preventDefault();
  });

  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/**
 * The one permission granted, and only to the app's own page: writing text to
 * the clipboard (Help → Copy Diagnostics). Reading the clipboard is never allowed.
 */
const APP_PAGE_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function appPageMayUse(permission: string, requestingUrl: string | undefined, isMainFrame: boolean): boolean {
  return APP_PAGE_PERMISSIONS.has(permission) && isMainFrame && isAppUrl(requestingUrl);
}

/** Denies every permission, request, check and device, except the app page's clipboard writes. */
export function denyAllPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(appPageMayUse(permission, details?.requestingUrl, details?.isMainFrame === true)),
  );
  target.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    appPageMayUse(permission, details?.requestingUrl, details?.isMainFrame === true),
  );
  target.setDevicePermissionHandler(() => false);
}

export function setupHardening(): void {
  denyAllPermissions(session.defaultSession);
  app.on('session-created', denyAllPermissions);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
