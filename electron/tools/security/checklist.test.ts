// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
// one test per item, in its order. Where the behaviour can be run, it is run
// against the fake Electron of electron/main/testing/fake-electron.ts (the
// preload gets a recording contextBridge); where it is a property of the
// source, the TypeScript compiler reads every source file of the app, so a
// second window, handler or call elsewhere cannot slip past. Items that do not
// apply say why, and assert that they still do not.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannel, methodNames } from '../../shared/api.ts';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../core/app-files.ts';

const bridge = vi.hoisted(() => ({ exposed: new Map<string, unknown>() }));
vi.mock('electron', async () => {
  const fake = await import('../../main/testing/fake-electron.ts');
  const { EventEmitter: Emitter } = await import('node:events');
  return {
    ...fake,
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value) },
    ipcRenderer: Object.assign(new Emitter(), { invoke: async () => ({ ok: true, value: null }) }),
  };
});

const fake = await import('../../main/testing/fake-electron.ts');
const { createMainWindow } = await import('../../main/windows/main-window.ts');
const { denyAllPermissions, hardenWebContents, setupHardening } = await import('../../main/hardening.ts');
const { openExternalWebUrl } = await import('../../main/open-external.ts');
const { FORBIDDEN_REPLY, setupIpcRouter } = await import('../../main/ipc/router.ts');
const { createAppRequestHandler, registerAppSchemeAsPrivileged } = await import('../../main/protocols/app-protocol.ts');
const { APP_ENTRY_URL } = await import('../../main/app-origin.ts');
await import('../../preload/index.ts');

const root = fileURLToPath(new URL('../../..', import.meta.url));
const fromRoot = (file: string) => path.join(root, file);

/** The app's own sources: what ships, not its tests, test doubles or build tools. */
function appSources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(fromRoot(dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!['testing', 'testdata', 'tools', 'node_modules'].includes(entry.name)) walk(relative);
      } else if (/\.(ts|js|html)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
        files.push(relative);
      }
    }
  };
  for (const dir of ['electron', 'renderer']) walk(dir);
  return files;
}
const SOURCES = appSources();
const SCRIPTS = SOURCES.filter((file) => !file.endsWith('.html'));
const parsed = new Map<string, ts.SourceFile>();
const sourceOf = (file: string): ts.SourceFile => {
  let source = parsed.get(file);
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(fromRoot(file), 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, source);
  }
  return source;
};

function visit(file: string, found: (node: ts.Node) => void): void {
  const walk = (node: ts.Node) => {
    found(node);
    ts.forEachChild(node, walk);
  };
  walk(sourceOf(file));
}

/** Every `name: value` in an object literal anywhere in the app, as `file: value`. */
function propertiesNamed(name: string): string[] {
  const hits: string[] = [];
  for (const file of SCRIPTS) {
    visit(file, (node) => {
      if (ts.isPropertyAssignment(node) && node.name.getText() === name) hits.push(`${file}: ${node.initializer.getText()}`);
      if (ts.isShorthandPropertyAssignment(node) && node.name.getText() === name) hits.push(`${file}: (shorthand)`);
    });
  }
  return hits;
}

/** Files that call `<something>.method(…)`, with the receiver's text: `ipcMain.handle` → ['electron/main/ipc/router.ts: ipcMain']. */
function callsOf(method: string): string[] {
  const hits: string[] = [];
  for (const file of SCRIPTS) {
    visit(file, (node) => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === method) {
        hits.push(`${file}: ${node.expression.expression.getText()}`);
      }
    });
  }
  return hits;
}

const printer = ts.createPrinter({ removeComments: true });
/** The file's code without its comments: a comment may name what the code must not do. */
const codeOf = (file: string): string =>
  file.endsWith('.html') ? readFileSync(fromRoot(file), 'utf8').replace(/<!--[\s\S]*?-->/g, '') : printer.printFile(sourceOf(file));
const grep = (pattern: RegExp) => SOURCES.filter((file) => pattern.test(codeOf(file)));

function openWindow() {
  const before = fake.BrowserWindow.windows.length;
  createMainWindow({
    url: APP_ENTRY_URL,
    preloadPath: '/app/preload.cjs',
    windowState: { get: () => null, set: () => {}, damaged: null },
  });
  const win = fake.BrowserWindow.windows[before];
  if (!win) throw new Error('no window was created');
  return { win, prefs: win.options.webPreferences as Record<string, unknown> };
}

type Directives = Map<string, string[]>;
const directives = (policy: string): Directives =>
  new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...values]) => [name, values]),
  );
const metaPolicy = (): string => {
  const html = readFileSync(fromRoot('renderer/index.html'), 'utf8');
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('renderer/index.html has no CSP meta tag');
  return match[1];
};

describe('Electron security checklist', () => {
  let windowPrefs: Record<string, unknown>;
  let rendererDir: string;
  beforeAll(() => {
    windowPrefs = openWindow().prefs;
    rendererDir = mkdtempSync(path.join(tmpdir(), 'bs-checklist-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Broadsheet</title>');
  });
  afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

  it('1. Only load secure content: the window loads the app’s own secure scheme, and the page may fetch nothing from the network', () => {
    const { win } = openWindow();
    expect((win.webContents as unknown as { url: string }).url).toBe(APP_ENTRY_URL);
    expect(APP_ENTRY_URL.startsWith('app://broadsheet/')).toBe(true);
    registerAppSchemeAsPrivileged();
    const registered = fake.calls.filter((call) => call.api === 'protocol.registerSchemesAsPrivileged').at(-1)?.args[0];
    expect(registered).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    // No source of the page's policy is a network origin.
    for (const [name, values] of directives(CONTENT_SECURITY_POLICY)) {
      for (const value of values) expect([`'self'`, `'none'`, 'data:'], `${name} ${value}`).toContain(value);
    }
    // Every URL the app gives a window is the entry URL (main/index.ts), never an http(s) address.
    // ... and the updating window's, the app's own static page (update-window.ts: UPDATE_PAGE_URL on APP_ORIGIN).
    expect(callsOf('loadURL')).toEqual(['electron/main/windows/main-window.ts: win', 'electron/main/windows/update-window.ts: win']);
    expect(readFileSync(fromRoot('electron/main/windows/update-window.ts'), 'utf8')).toMatch(/UPDATE_PAGE_URL = `\$\{APP_ORIGIN\}\/updating\.html`/);
    expect(readFileSync(fromRoot('electron/main/index.ts'), 'utf8')).toMatch(/createMainWindow\(\{\s*url: APP_ENTRY_URL,/);
  });

  it('2. Do not enable Node.js integration for remote content: no Node in the window, its frames or workers', () => {
    expect(windowPrefs).toMatchObject({ nodeIntegration: false, nodeIntegrationInSubFrames: false });
    expect(windowPrefs.nodeIntegrationInWorker).not.toBe(true);
    for (const name of ['nodeIntegration', 'nodeIntegrationInSubFrames', 'nodeIntegrationInWorker']) {
      expect(propertiesNamed(name).filter((hit) => !hit.endsWith(': false')), name).toEqual([]);
    }
  });

  it('3. Enable context isolation in all renderers', () => {
    expect(windowPrefs.contextIsolation).toBe(true);
    expect(propertiesNamed('contextIsolation').filter((hit) => !hit.endsWith(': true'))).toEqual([]);
  });

  it('4. Enable process sandboxing', () => {
    expect(windowPrefs.sandbox).toBe(true);
    expect(propertiesNamed('sandbox').filter((hit) => !hit.endsWith(': true'))).toEqual([]);
    expect(grep(/--no-sandbox|no-sandbox'|appendSwitch\(\s*['"]no-sandbox/)).toEqual([]);
  });

  it('5. Handle session permission requests from remote content: every request, check and device is denied on every session, but the app page writing the clipboard', () => {
    const granted: boolean[] = [];
    const handlers: { request?: unknown; check?: unknown; device?: unknown } = {};
    denyAllPermissions({
      setPermissionRequestHandler: (handler: unknown) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: unknown) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: unknown) => (handlers.device = handler),
    } as never);
    const request = handlers.request as (contents: unknown, permission: string, callback: (ok: boolean) => void, details?: never) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      request({}, permission, (ok) => granted.push(ok));
    }
    // Remote content (an article's frame, a page that got in) may not even write the clipboard.
    request({}, 'clipboard-sanitized-write', (ok) => granted.push(ok), { requestingUrl: 'https://news.example/', isMainFrame: true } as never);
    expect(granted).toEqual(Array(7).fill(false));
    expect((handlers.check as () => boolean)()).toBe(false);
    expect((handlers.device as () => boolean)()).toBe(false);

    const recorded = fake.calls.length;
    setupHardening();
    expect(fake.calls.slice(recorded).map((call) => call.api)).toEqual(
      expect.arrayContaining(['session.setPermissionRequestHandler', 'session.setPermissionCheckHandler', 'session.setDevicePermissionHandler']),
    );
    expect(fake.app.listenerCount('session-created')).toBeGreaterThan(0);
    // Hardening is set up before the library opens and before any window exists.
    const main = readFileSync(fromRoot('electron/main/index.ts'), 'utf8');
    expect(main.indexOf('setupHardening();')).toBeGreaterThan(0);
    expect(main.indexOf('setupHardening();')).toBeLessThan(main.indexOf('showMainWindow();\n  opened'));
  });

  it('6. Do not disable webSecurity', () => {
    expect(windowPrefs.webSecurity).toBe(true);
    expect(propertiesNamed('webSecurity').filter((hit) => !hit.endsWith(': true'))).toEqual([]);
    expect(grep(/disable-web-security/)).toEqual([]);
  });

  it('7. Define a Content Security Policy: strict, the same in the page and in every reply of the app protocol and web host', async () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual([`'none'`]);
    expect(policy.get('script-src')).toEqual([`'self'`]);
    expect(policy.get('base-uri')).toEqual([`'none'`]);
    expect(policy.get('frame-ancestors')).toEqual([`'none'`]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:|https:/);
    // The meta tag is what applies before any header; frame-ancestors is ignored in a meta tag, so it lives in the header only.
    const header = directives(CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors');
    expect(directives(metaPolicy())).toEqual(header);
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    for (const address of ['app://broadsheet/index.html', 'app://broadsheet/missing.js']) {
      const reply = await createAppRequestHandler(rendererDir)(new Request(address));
      expect(reply.headers.get('content-security-policy'), address).toBe(CONTENT_SECURITY_POLICY);
    }
    // The web host's replies: electron/host/server.test.ts ('serves the app with a strict policy').
  });

  it('8. Do not enable allowRunningInsecureContent', () => {
    expect(windowPrefs.allowRunningInsecureContent).toBe(false);
    expect(propertiesNamed('allowRunningInsecureContent').filter((hit) => !hit.endsWith(': false'))).toEqual([]);
  });

  it('9. Do not enable experimental features', () => {
    expect(windowPrefs.experimentalFeatures).not.toBe(true);
    expect(propertiesNamed('experimentalFeatures').filter((hit) => !hit.endsWith(': false'))).toEqual([]);
    expect(grep(/enable-experimental-web-platform-features/)).toEqual([]);
  });

  it('10. Do not use enableBlinkFeatures (and turn off middle-click, which could open a window past the handler)', () => {
    expect(windowPrefs.enableBlinkFeatures).toBeUndefined();
    expect(propertiesNamed('enableBlinkFeatures')).toEqual([]);
    expect(grep(/enable-blink-features/)).toEqual([]);
    expect(windowPrefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('11. <webview>: does not apply, Broadsheet never uses one (no allowpopups) — and cannot: the tag is off', () => {
    expect(windowPrefs.webviewTag).toBe(false);
    expect(propertiesNamed('webviewTag').filter((hit) => !hit.endsWith(': false'))).toEqual([]);
    expect(grep(/<webview|allowpopups|createElement\(\s*['"]webview/i)).toEqual([]);
  });

  it('12. Verify WebView options before creation: does not apply, and any attempt to attach one is refused', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: () => {} });
    hardenWebContents(contents as never);
    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach, { nodeIntegration: true }, { src: 'https://evil.example/' });
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('13. Disable or limit navigation: nothing leaves the app’s origin, by link or by redirect', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: () => {} });
    hardenWebContents(contents as never);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://broadsheet.evil/', 'javascript:alert(1)', 'data:text/html,x']) {
      for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
        const navigation = { url, isMainFrame: false, preventDefault: vi.fn() };
        expect(contents.listenerCount(event), event).toBeGreaterThan(0);
        contents.emit(event, navigation);
        expect(navigation.preventDefault, `${event} ${url}`).toHaveBeenCalled();
      }
    }
    const inside = { url: 'app://broadsheet/index.html#/feeds/1', isMainFrame: true, preventDefault: vi.fn() };
    contents.emit('will-navigate', inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    // Frames cannot be loaded at all (no frame-src or child-src: default-src 'none' applies), so no frame navigates.
    expect([...directives(CONTENT_SECURITY_POLICY).keys()].filter((name) => name === 'frame-src' || name === 'child-src')).toEqual([]);
    // Every web contents gets these rules, not only the window's: they hang on app 'web-contents-created'.
    expect(fake.app.listenerCount('web-contents-created')).toBeGreaterThan(0);
  });

  it('14. Disable or limit creation of new windows: every request is denied; web links go to the browser instead', () => {
    let handler: ((details: { url: string }) => { action: string }) | null = null;
    const contents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: (h: typeof handler) => (handler = h),
    });
    hardenWebContents(contents as never);
    for (const url of ['https://example.com/story', 'app://broadsheet/index.html', 'file:///etc/passwd', 'about:blank']) {
      expect(handler!({ url }), url).toEqual({ action: 'deny' });
    }
    // Every BrowserWindow is made by the hardened factory; its callers are the one reading window, and the small one shown while a library is updated.
    const windows: string[] = [];
    for (const file of SCRIPTS) {
      visit(file, (node) => {
        if (ts.isNewExpression(node) && ['BrowserWindow', 'BrowserView', 'WebContentsView'].includes(node.expression.getText())) windows.push(file);
      });
    }
    expect(windows).toEqual(['electron/main/windows/hardened-window.ts']);
    expect(grep(/createHardenedWindow\(/).filter((file) => !file.endsWith('/hardened-window.ts'))).toEqual([
      'electron/main/windows/main-window.ts',
      'electron/main/windows/update-window.ts',
    ]);
  });

  it('15. Do not use shell.openExternal with untrusted content: only http(s), from one place', () => {
    const opened = () => fake.calls.filter((call) => call.api === 'shell.openExternal').map((call) => call.args[0]);
    const before = opened().length;
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'ms-msdt:/id', 'app://broadsheet/', 'not a url', '']) {
      expect(openExternalWebUrl(url), url).toBe(false);
    }
    expect(opened().length).toBe(before);
    expect(openExternalWebUrl('https://example.com/story')).toBe(true);
    expect(opened().slice(before)).toEqual(['https://example.com/story']);
    expect(callsOf('openExternal')).toEqual(['electron/main/open-external.ts: shell']);
  });

  it('16. Use a current version of Electron', () => {
    const require = createRequire(import.meta.url);
    const installed = (require('electron/package.json') as { version: string }).version;
    const wanted = (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron ?? '';
    const major = Number(installed.split('.')[0]);
    expect(wanted).toMatch(new RegExp(`^\\^${major}\\.`));
    // Electron supports its latest three majors; 45 was current when this was written. Raise it with each upgrade.
    expect(major).toBeGreaterThanOrEqual(45);
  });

  it('17. Validate the sender of all IPC messages: every channel answers a foreign or nested frame with forbidden', async () => {
    const called: string[] = [];
    const api = Object.fromEntries(methodNames.map((name) => [name, async () => called.push(name)]));
    const dispose = setupIpcRouter(api as never);
    try {
      for (const name of methodNames) {
        const handler = fake.ipcHandlers.get(ipcChannel(name));
        expect(handler, name).toBeDefined();
        for (const senderFrame of [
          { url: 'https://evil.example/', parent: null },
          { url: 'app://broadsheet/index.html', parent: { url: 'app://broadsheet/index.html', parent: null } },
          null,
        ]) {
          expect(await handler!({ senderFrame, sender: {} }), name).toEqual(FORBIDDEN_REPLY);
        }
      }
      expect(called).toEqual([]);
    } finally {
      dispose();
    }
    // Requests are handled in one place, by invoke/handle only: no ipcMain.on, no sendSync.
    expect(callsOf('handle').filter((hit) => hit.endsWith('ipcMain'))).toEqual(['electron/main/ipc/router.ts: ipcMain']);
    expect(callsOf('on').filter((hit) => hit.endsWith('ipcMain'))).toEqual([]);
    expect(callsOf('handleOnce').concat(callsOf('sendSync'))).toEqual([]);
  });

  it('18. Avoid usage of the file:// protocol: the app is served from app://, and nothing loads a file', async () => {
    expect(APP_ENTRY_URL).toMatch(/^app:\/\//);
    expect(callsOf('loadFile')).toEqual([]);
    expect(grep(/loadURL\(\s*['"`]file:/)).toEqual([]);
    expect(propertiesNamed('allowFileAccessFromFileUrls').concat(propertiesNamed('allowUniversalAccessFromFileURLs'))).toEqual([]);
    // The scheme's handler answers only its own host, and never serves a file outside the renderer folder.
    const handler = createAppRequestHandler(rendererDir);
    expect((await handler(new Request('app://broadsheet/index.html'))).status).toBe(200);
    expect((await handler(new Request('app://other-host/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://broadsheet/../../../etc/passwd'))).status).toBe(404);
  });

  it('19. Check which fuses you can change: tested with the packaging configuration, in electron/tools/packaging.test.ts', () => {
    const packaging = readFileSync(fromRoot('electron/tools/packaging.test.ts'), 'utf8');
    expect(packaging).toContain("describe('Electron fuses'");
    for (const fuse of ['RunAsNode', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments']) expect(packaging).toContain(fuse);
  });

  it('20. Do not expose Electron APIs to untrusted web content: the page gets the contract and nothing else', () => {
    expect([...bridge.exposed.keys()]).toEqual(['broadsheet']);
    const exposed = bridge.exposed.get('broadsheet') as Record<string, unknown>;
    expect(Object.keys(exposed).sort()).toEqual([...methodNames, 'on'].sort());
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(exposed)).toBe(true);
    // The only call of exposeInMainWorld is the preload's; ipcRenderer itself never crosses the bridge.
    expect(callsOf('exposeInMainWorld')).toEqual(['electron/preload/index.ts: contextBridge']);
    const preload = sourceOf('electron/preload/index.ts').getText();
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(windowPrefs.preload).toBe('/app/preload.cjs');
  });
});
