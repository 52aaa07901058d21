// The one reading window. It opens where it was left, paints the theme's
// background before the page loads (no white flash in dark mode), and is
// locked down: isolated, sandboxed, no Node, only the preload's bridge.
import { nativeTheme, screen, type BrowserWindow } from 'electron';
import type { Logger } from '../../core/logger.ts';
import type { WindowState, WindowStateStore } from '../settings.ts';
import { createHardenedWindow } from './hardened-window.ts';
import { MIN_WINDOW_SIZE, fitWindowState } from './window-bounds.ts';

/** The renderer's --bg-app in each theme (renderer/styles/tokens.css), so the window never flashes another colour. */
export const WINDOW_BACKGROUND = { light: '#ffffff', dark: '#1b1b1d' } as const;

export function windowBackground(): string {
  return nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}

export interface MainWindowOptions {
  url: string;
  preloadPath: string;
  windowState: WindowStateStore;
  logger?: Logger;
}

const SAVE_DELAY_MS = 500;

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { url, preloadPath, windowState, logger } = options;
  const placement = fitWindowState(
    windowState.get(),
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
  );

  const win = createHardenedWindow(
    {
      ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : { center: true }),
      width: placement.width,
      height: placement.height,
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
      title: 'Broadsheet',
      show: false,
      backgroundColor: windowBackground(),
    },
    { preload: preloadPath, spellcheck: true },
  );

  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize();
    win.show();
  });

  const onThemeUpdated = () => {
    if (!win.isDestroyed()) win.setBackgroundColor(windowBackground());
  };
  nativeTheme.on('updated', onThemeUpdated);

  const currentState = (): WindowState => {
    const bounds = win.getNormalBounds();
    return { ...bounds, maximized: win.isMaximized() };
  };
  let saveTimer: NodeJS.Timeout | undefined;
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (!win.isDestroyed()) windowState.set(currentState());
    }, SAVE_DELAY_MS);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', () => {
    clearTimeout(saveTimer);
    windowState.set(currentState());
  });
  win.on('closed', () => {
    nativeTheme.off('updated', onThemeUpdated);
  });

  let reloadedAfterCrash = false;
  win.webContents.on('render-process-gone', (_event, details) => {
    logger?.error('The window’s page stopped', { reason: details.reason, exitCode: details.exitCode });
    // One automatic recovery; a page that keeps crashing should not loop forever.
    if (details.reason !== 'clean-exit' && !reloadedAfterCrash && !win.isDestroyed()) {
      reloadedAfterCrash = true;
      win.webContents.reload();
    }
  });

  win.loadURL(url).catch((error: unknown) => {
    logger?.error('The app page could not be loaded', { url, error: String(error) });
  });
  return win;
}
