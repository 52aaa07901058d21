import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: { requestingUrl?: string; isMainFrame?: boolean },
) => void;

function fakeSession() {
  const handlers: {
    request?: PermissionRequestHandler;
    check?: (...args: unknown[]) => boolean;
    device?: (...args: unknown[]) => boolean;
  } = {};
  return {
    handlers,
    setPermissionRequestHandler: vi.fn((h: PermissionRequestHandler) => (handlers.request = h)),
    setPermissionCheckHandler: vi.fn((h: (...args: unknown[]) => boolean) => (handlers.check = h)),
    setDevicePermissionHandler: vi.fn((h: (...args: unknown[]) => boolean) => (handlers.device = h)),
  };
}

const electron = vi.hoisted(() => ({
  app: null as unknown as EventEmitter,
  session: { defaultSession: null as unknown },
  shell: { openExternal: vi.fn(async (_url: string) => {}) },
}));
vi.mock('electron', () => electron);

const { setupHardening } = await import('./hardening.ts');

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

function navigationEvent(url: string, isMainFrame = true) {
  return { url, isMainFrame, preventDefault: vi.fn() };
}

let defaultSession: ReturnType<typeof fakeSession>;
let contents: FakeWebContents;

beforeEach(() => {
  electron.shell.openExternal.mockClear();
  electron.app = new EventEmitter();
  defaultSession = fakeSession();
  electron.session.defaultSession = defaultSession;
  setupHardening();
  contents = new FakeWebContents();
  electron.app.emit('web-contents-created', {}, contents);
});

describe('hardening', () => {
  it('denies every new window, opening only http(s) addresses in the browser', () => {
    const open = contents.windowOpenHandler;
    expect(open).not.toBeNull();
    expect(open!({ url: 'https://example.com/story' })).toEqual({ action: 'deny' });
    expect(open!({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://broadsheet/', 'not a url']) {
      expect(open!({ url })).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal.mock.calls.map((c) => c[0])).toEqual([
      'https://example.com/story',
      'http://example.com/',
    ]);
  });

  it('blocks navigation away from the app and hands web links to the browser', () => {
    const away = navigationEvent('https://evil.example/');
    contents.emit('will-navigate', away);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://evil.example/');

    const file = navigationEvent('file:///home/me/.ssh/id_rsa');
    contents.emit('will-navigate', file);
    expect(file.preventDefault).toHaveBeenCalled();

    const lookalike = navigationEvent('app://broadsheet.evil/index.html');
    contents.emit('will-navigate', lookalike);
    expect(lookalike.preventDefault).toHaveBeenCalled();

    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('keeps every frame inside the page on the app, without opening anything', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://broadsheet.evil/', 'javascript:alert(1)', 'data:text/html,x']) {
      const frame = navigationEvent(url, false);
      contents.emit('will-frame-navigate', frame);
      expect(frame.preventDefault, url).toHaveBeenCalled();
    }
    const inside = navigationEvent('app://broadsheet/index.html', false);
    contents.emit('will-frame-navigate', inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    // The main frame is will-navigate's to decide (a web link opens in the browser): this handler leaves it alone.
    const main = navigationEvent('https://example.com/story', true);
    contents.emit('will-frame-navigate', main);
    expect(main.preventDefault).not.toHaveBeenCalled();
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('lets the app navigate within its own origin', () => {
    const inside = navigationEvent('app://broadsheet/index.html');
    contents.emit('will-navigate', inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const redirect = navigationEvent('app://broadsheet/index.html');
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).not.toHaveBeenCalled();
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('blocks redirects off the app without opening anything', () => {
    const redirect = navigationEvent('https://tracker.example/');
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('refuses to attach webviews', () => {
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check, on the default and on later sessions', () => {
    const later = fakeSession();
    electron.app.emit('session-created', later);
    for (const s of [defaultSession, later]) {
      const callback = vi.fn();
      for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
        s.handlers.request!(contents, permission, callback);
      }
      expect(callback.mock.calls).toEqual(Array(5).fill([false]));
      expect(s.handlers.check!(contents, 'media', 'app://broadsheet', {})).toBe(false);
      expect(s.handlers.device!({ deviceType: 'usb' })).toBe(false);
    }
  });

  it('lets only the app page itself write to the clipboard (Copy Diagnostics), never read it', () => {
    const callback = vi.fn();
    const page = { requestingUrl: 'app://broadsheet/index.html', isMainFrame: true };
    defaultSession.handlers.request!(contents, 'clipboard-sanitized-write', callback, page);
    defaultSession.handlers.request!(contents, 'clipboard-read', callback, page);
    defaultSession.handlers.request!(contents, 'clipboard-sanitized-write', callback, { ...page, isMainFrame: false });
    defaultSession.handlers.request!(contents, 'clipboard-sanitized-write', callback, { requestingUrl: 'https://news.example/', isMainFrame: true });
    defaultSession.handlers.request!(contents, 'clipboard-sanitized-write', callback);
    expect(callback.mock.calls).toEqual([[true], [false], [false], [false], [false]]);
    expect(defaultSession.handlers.check!(contents, 'clipboard-sanitized-write', 'app://broadsheet', page)).toBe(true);
    expect(defaultSession.handlers.check!(contents, 'clipboard-sanitized-write', 'https://news.example', { requestingUrl: 'https://news.example/', isMainFrame: true })).toBe(false);
  });
});
