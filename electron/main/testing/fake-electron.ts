// A stand-in for the 'electron' module, loaded in place of it (see
// run-bundle.ts) so the built main bundle can be started under plain Node on
// machines without an Electron binary. It implements only what Broadsheet's
// main process calls, and records those calls for the test to inspect.
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const calls: Array<{ api: string; args: unknown[] }> = [];
const record = (api: string, ...args: unknown[]) => calls.push({ api, args });

const paths = new Map<string, string>([['userData', path.join(os.tmpdir(), 'fake-electron-userData')]]);
let ready = false;
let resolveReady: () => void = () => {};
const readyPromise = new Promise<void>((resolve) => {
  resolveReady = resolve;
});

class FakeApp extends EventEmitter {
  isPackaged = false;
  getPath(name: string): string {
    if (name === 'logs') return path.join(paths.get('userData') ?? os.tmpdir(), 'logs');
    const value = paths.get(name);
    if (!value) throw new Error(`fake electron: no path ${name}`);
    return value;
  }
  setPath(name: string, value: string): void {
    record('app.setPath', name, value);
    paths.set(name, value);
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getName(): string {
    return 'Broadsheet';
  }
  requestSingleInstanceLock(): boolean {
    record('app.requestSingleInstanceLock', paths.get('userData'));
    return true;
  }
  whenReady(): Promise<void> {
    return readyPromise;
  }
  isReady(): boolean {
    return ready;
  }
  quit(): void {
    record('app.quit');
  }
  exit(code?: number): void {
    record('app.exit', code);
  }
  setAboutPanelOptions(options: unknown): void {
    record('app.setAboutPanelOptions', options);
  }
}
export const app = new FakeApp();

/** Called by the driver: the app becomes ready. */
export function becomeReady(): void {
  ready = true;
  app.emit('ready');
  resolveReady();
}

export const ipcHandlers = new Map<string, Handler>();
export const ipcMain = Object.assign(new EventEmitter(), {
  handle(channel: string, handler: Handler) {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    ipcHandlers.delete(channel);
  },
});

export let protocolHandler: ((request: Request) => Promise<Response> | Response) | null = null;
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown) {
    record('protocol.registerSchemesAsPrivileged', schemes, { ready });
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
    record('protocol.handle', scheme);
    protocolHandler = handler;
  },
};

export const nativeTheme = Object.assign(new EventEmitter(), {
  themeSource: 'system' as string,
  get shouldUseDarkColors() {
    return this.themeSource === 'dark';
  },
});

const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
export const screen = {
  getAllDisplays: () => [{ workArea }],
  getPrimaryDisplay: () => ({ workArea }),
};

class FakeSession {
  setPermissionRequestHandler(handler: unknown) {
    record('session.setPermissionRequestHandler', typeof handler);
  }
  setPermissionCheckHandler(handler: unknown) {
    record('session.setPermissionCheckHandler', typeof handler);
  }
  setDevicePermissionHandler(handler: unknown) {
    record('session.setDevicePermissionHandler', typeof handler);
  }
}
export const session = { defaultSession: new FakeSession() };

class FakeWebContents extends EventEmitter {
  url = '';
  sent: Array<[string, unknown]> = [];
  destroyed = false;
  windowOpenHandler: unknown = null;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  getURL() {
    return this.url;
  }
  isLoading() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  reload() {}
  setWindowOpenHandler(handler: unknown) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static windows: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.windows.filter((w) => !w.destroyed);
  }
  readonly options: Record<string, unknown>;
  readonly webContents = new FakeWebContents();
  destroyed = false;
  shown = false;
  /** Every address loadURL was given, in order. */
  readonly loaded: string[] = [];
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    BrowserWindow.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.url = url;
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() {
    this.shown = true;
  }
  focus() {}
  /** As Electron does: 'close' may be prevented; if not, the window goes and 'closed' follows. */
  close() {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  maximize() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setBackgroundColor(colour: string) {
    record('BrowserWindow.setBackgroundColor', colour);
  }
  getNormalBounds() {
    return { x: 10, y: 10, width: 1280, height: 820 };
  }
}

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu(menu: { template: unknown[] }) {
    record('Menu.setApplicationMenu', menu.template.length);
  },
};

/** What the next message box answers (the index of the button chosen). */
export const messageBoxAnswers: number[] = [];

export const dialog = {
  showErrorBox(title: string, content: string) {
    record('dialog.showErrorBox', title, content);
  },
  async showMessageBox(_window: unknown, options: { message: string; buttons?: string[] }) {
    record('dialog.showMessageBox', options);
    return { response: messageBoxAnswers.shift() ?? 0, checkboxChecked: false };
  },
};

export const shell = {
  openExternal: async (url: string) => {
    record('shell.openExternal', url);
  },
  openPath: async (target: string) => {
    record('shell.openPath', target);
    return '';
  },
};

export default { app, ipcMain, protocol, nativeTheme, screen, session, BrowserWindow, Menu, dialog, shell };
