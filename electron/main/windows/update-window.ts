// The small window shown while a library due a schema update is backed up
// and updated, before the library (and so the main window) can open: on a
// big library that takes most of a minute, and an app with nothing on screen
// looks dead. A static page (renderer/public/updating.html) with no preload
// and no IPC: the step under way is named in the address's fragment, which
// the page's own script shows. Hardened like the main window; closing it asks
// the reader to wait.
import { dialog } from 'electron';
import type { UpdatePhase } from '../../core/library-update.ts';
import type { Logger } from '../../core/logger.ts';
import { APP_ORIGIN } from '../app-origin.ts';
import { createHardenedWindow } from './hardened-window.ts';
import { windowBackground } from './main-window.ts';

export const UPDATE_PAGE_URL = `${APP_ORIGIN}/updating.html`;

/** The most the app waits for the window to show a step before it goes on without it. */
const SHOW_STEP_MAX_MS = 1_000;

export interface UpdateWindowOptions {
  /** Called when the reader, asked to wait, chooses to quit: nothing is changed before the update itself starts. */
  onQuit: () => void;
  logger?: Logger;
}

export interface UpdateWindow {
  /**
   * Shows the step under way; resolves once the page shows it (or after a
   * moment at most), so that a step that blocks the main process starts
   * with its name on screen.
   */
  showPhase(phase: UpdatePhase): Promise<void>;
  /** Brings the window to the front (another start of the app while it updates). */
  focus(): void;
  /** Closes the window without asking: the update is done, or failed and says so itself. */
  close(): void;
}

export function createUpdateWindow(options: UpdateWindowOptions): UpdateWindow {
  const win = createHardenedWindow(
    {
      width: 440,
      height: 200,
      useContentSize: true,
      center: true,
      resizable: false,
      maximizable: false,
      fullscreenable: false,
      title: 'Updating Broadsheet',
      show: false,
      backgroundColor: windowBackground(),
    },
    { spellcheck: false },
  );
  win.once('ready-to-show', () => {
    if (!win.isDestroyed()) win.show();
  });

  let closing = false;
  let asking = false;
  win.on('close', (event) => {
    if (closing) return;
    // Quitting halfway through the copy loses nothing, but the reader should know that waiting is what finishes it.
    event.preventDefault();
    if (asking) return;
    asking = true;
    dialog
      .showMessageBox(win, {
        type: 'info',
        buttons: ['Keep Updating', 'Quit'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
        message: 'Broadsheet is updating your library.',
        detail:
          'It makes a safety copy of your library first, then updates it. On a large library this can take a minute; Broadsheet opens by itself when it is done. ' +
          'If you quit now, your library stays as it was and the update starts again next time.',
      })
      .then(({ response }) => {
        asking = false;
        if (response === 1 && !closing) options.onQuit();
      })
      .catch((error: unknown) => {
        asking = false;
        options.logger?.warn('Could not ask whether to stop the update', { error: String(error) });
      });
  });

  let shown: UpdatePhase | null = null;
  return {
    async showPhase(phase) {
      if (win.isDestroyed() || phase === shown) return;
      shown = phase;
      const url = `${UPDATE_PAGE_URL}#${phase}`;
      // A new fragment is a same-page navigation: the page's script hears of it; a first load reads it.
      const loaded = win.loadURL(url).catch((error: unknown) => {
        options.logger?.warn('The updating window could not show its page', { url, error: String(error) });
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHOW_STEP_MAX_MS);
      });
      await Promise.race([loaded, late]);
      clearTimeout(timer);
    },
    focus() {
      if (win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.focus();
    },
    close() {
      closing = true;
      if (!win.isDestroyed()) win.close();
    },
  };
}
