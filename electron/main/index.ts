// The composition root and the only place with lifecycle. Everything else in
// electron/main is a `setupX()` or `createX()` that this file calls once, in
// order, when the app is ready.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, shell } from 'electron';
import { createAssetStore } from '../core/articles/asset-store.ts';
import { openLibrary, type Library } from '../core/library.ts';
import { prepareLibraryUpdate } from '../core/library-update.ts';
import type { Logger } from '../core/logger.ts';
import { NoticeBoard } from '../core/notices.ts';
import { settingsResetMessage } from '../core/settings-conf.ts';
import { RecordingLogger } from '../core/diagnostics/recent-log.ts';
import { ipcEventChannel, type EventPayload } from '../shared/api.ts';
import { toErrorPayload } from '../shared/errors.ts';
import type { AppCommand } from '../shared/models.ts';
import { APP_ENTRY_URL } from './app-origin.ts';
import { dataDirOverride } from './data-dir.ts';
import { setupHardening } from './hardening.ts';
import { forwardEvents, setupIpcRouter } from './ipc/router.ts';
import { createMainLogger } from './logger.ts';
import { setupMenu } from './menu.ts';
import { registerAppSchemeAsPrivileged, setupAppProtocol } from './protocols/app-protocol.ts';
import {
  createElectronSettingsStore,
  createWindowStateStore,
  setupThemeSetting,
  windowStateResetMessage,
  type WindowStateStore,
} from './settings.ts';
import { createMainWindow } from './windows/main-window.ts';
import { createUpdateWindow, type UpdateWindow } from './windows/update-window.ts';

// Paths are relative to this file once bundled: dist/main/main.js next to
// dist/renderer/ and dist/preload/, wherever Electron was started from.
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));

// Tests and side-by-side libraries point the app elsewhere. This must happen
// before the single-instance lock, which is held per user-data folder.
const chosenDataDir = dataDirOverride(process.argv, process.env);
if (chosenDataDir) app.setPath('userData', chosenDataDir);

// Privileged schemes can only be registered before `ready`.
registerAppSchemeAsPrivileged();

/** How long the updating window may stay after the main window was opened, should that one never say it is ready. */
const UPDATE_WINDOW_LINGER_MS = 10_000;

let library: Library | null = null;
let mainWindow: BrowserWindow | null = null;
let windowState: WindowStateStore | null = null;
let logger: Logger | null = null;
/** Shown while a library due a schema update is backed up and updated, before the main window can open. */
let updateWindow: UpdateWindow | null = null;

function showMainWindow(): BrowserWindow {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return mainWindow;
  }
  if (!windowState) throw new Error('The window was asked for before the app was ready.');
  const created = createMainWindow({
    url: APP_ENTRY_URL,
    preloadPath: PRELOAD_PATH,
    windowState,
    ...(logger ? { logger } : {}),
  });
  created.on('closed', () => {
    if (mainWindow === created) mainWindow = null;
  });
  mainWindow = created;
  return created;
}

function sendAppCommand(command: AppCommand['command']): void {
  const target = showMainWindow();
  const payload: EventPayload<'appCommand'> = { command };
  const send = () => {
    if (!target.isDestroyed()) target.webContents.send(ipcEventChannel('appCommand'), payload);
  };
  // A window opened just now has no listeners until its page has loaded.
  if (target.webContents.isLoading()) target.webContents.once('did-finish-load', send);
  else send();
}

function closeUpdateWindow(): void {
  updateWindow?.close();
  updateWindow = null;
}

/** Once the main window is on screen, so there is never a moment with no window (which would quit the app). */
function closeUpdateWindowOnceShown(): void {
  if (!updateWindow) return;
  mainWindow?.once('ready-to-show', closeUpdateWindow);
  setTimeout(closeUpdateWindow, UPDATE_WINDOW_LINGER_MS);
}

function failToStart(title: string, error: unknown): void {
  closeUpdateWindow();
  const detail = toErrorPayload(error).message;
  logger?.error(title, { error: String(error) });
  dialog.showErrorBox(title, `${detail}\n\nYour library folder is ${app.getPath('userData')}`);
  app.exit(1);
}

async function onReady(): Promise<void> {
  const dataDir = app.getPath('userData');
  // Written to the log file; the recent problems are also kept for Help → Copy Diagnostics.
  const recorded = new RecordingLogger(createMainLogger({ dir: app.getPath('logs'), echo: !app.isPackaged }));
  logger = recorded;
  logger.info('Starting Broadsheet', { version: app.getVersion(), dataDir });

  setupHardening();
  const settings = createElectronSettingsStore({ cwd: dataDir, logger });
  setupThemeSetting(settings);
  windowState = createWindowStateStore({ cwd: dataDir, logger });
  // Files set aside at start are told in the app, not only in the log (openLibrary posts a library set aside).
  const notices = new NoticeBoard();
  if (settings.damaged) notices.post('settings-reset', settingsResetMessage(settings.damaged.keptAt), { keptAt: settings.damaged.keptAt });
  if (windowState.damaged) notices.post('settings-reset', windowStateResetMessage(windowState.damaged.keptAt), { keptAt: windowState.damaged.keptAt });

  // Served before the library opens: the updating window's page comes from the app's own origin too.
  setupAppProtocol(RENDERER_DIR, createAssetStore(dataDir));

  let opened: Library;
  try {
    // A library due a schema update is backed up first without blocking, in a window that says so; only the update itself blocks.
    let stepShown: Promise<void> = Promise.resolve();
    const prepared = await prepareLibraryUpdate(dataDir, {
      program: 'app',
      logger,
      onProgress: ({ phase }) => {
        updateWindow ??= createUpdateWindow({ onQuit: () => app.exit(0), logger: recorded });
        stepShown = updateWindow.showPhase(phase);
      },
    });
    await stepShown;
    opened = openLibrary({ dataDir, settings, notices, logger, recentLog: recorded, appVersion: app.getVersion(), program: 'app', prepared });
  } catch (error) {
    failToStart('Broadsheet could not open your library', error);
    return;
  }
  library = opened;

  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    logger.error('The window has nothing to show: the renderer is not built (run `npm run build`)', {
      rendererDir: RENDERER_DIR,
    });
  }
  setupIpcRouter(opened, logger);
  forwardEvents(opened, () => BrowserWindow.getAllWindows().map((win) => win.webContents));

  app.setAboutPanelOptions({ applicationName: 'Broadsheet', applicationVersion: app.getVersion() });
  const installMenu = () =>
    setupMenu({
      appName: 'Broadsheet',
      platform: process.platform,
      isPackaged: app.isPackaged,
      theme: settings.get().theme,
      actions: {
        sendCommand: sendAppCommand,
        setTheme: (theme) => {
          // Through the library, so the page hears about it like any other settings change.
          opened.updateSettings({ theme }).catch((error: unknown) => {
            logger?.warn('The theme could not be changed', { error: String(error) });
          });
        },
        showLibraryFolder: () => {
          shell.openPath(dataDir).catch(() => {});
        },
      },
    });
  installMenu();
  settings.onChange(installMenu);

  showMainWindow();
  opened.startAutoRefresh();
  closeUpdateWindowOnceShown();
}

if (!app.requestSingleInstanceLock()) {
  // Another Broadsheet already has this library open; it will come to the front.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (app.isReady() && library) showMainWindow();
    // While the library is being updated there is no main window to show yet.
    else updateWindow?.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && library && BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });

  app.on('will-quit', () => {
    library?.close();
    library = null;
  });

  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => failToStart('Broadsheet could not start', error));
}
