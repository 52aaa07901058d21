import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  eventNames,
  ipcChannel,
  ipcEventChannel,
  methodNames,
  type ApiEvents,
  type ApiMethods,
  type EventName,
  type EventPayload,
} from '../../shared/api.ts';
import { ApiError } from '../../shared/errors.ts';
import { DEFAULT_SETTINGS } from '../../shared/models.ts';
import { sampleDiagnostics, sampleFolder, sampleSavedPage, sampleSource } from '../../shared/testing/sample-models.ts';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    ipcMain: {
      handle: vi.fn((channel: string, handler: Handler) => {
        // Electron throws on a second handler for one channel; so does this fake.
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
  };
});
vi.mock('electron', () => electron);

const { FORBIDDEN_REPLY, forwardEvents, setupIpcRouter } = await import('./router.ts');

const source = sampleSource;
const folder = sampleFolder;
const summary = sampleSavedPage;

const backup = {
  name: 'broadsheet-backup-2026-01-01T00-00-00Z.tar.gz',
  kind: 'manual' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
  bytes: 1024,
  articles: 2,
};

function fakeLibrary() {
  const api = {
    listSources: vi.fn(async () => [source]),
    addFeed: vi.fn(async () => source),
    removeSource: vi.fn(async () => null),
    discoverFeeds: vi.fn(async () => ({
      candidates: [
        { url: source.feedUrl, title: source.title, format: 'rss' as const, siteUrl: null, description: null, itemCount: 0, items: [], subscribedId: null },
      ],
    })),
    updateSource: vi.fn(async () => source),
    listFolders: vi.fn(async () => [folder]),
    createFolder: vi.fn(async () => folder),
    updateFolder: vi.fn(async () => folder),
    deleteFolder: vi.fn(async () => null),
    importOpml: vi.fn(async () => ({ feedsAdded: 1, foldersCreated: 1, duplicates: 0, invalid: [], invalidCount: 0 })),
    exportOpml: vi.fn(async () => ({ fileName: 'broadsheet-subscriptions-2026-01-01.opml', mimeType: 'text/x-opml', content: '<opml/>', articles: 0 })),
    listArticles: vi.fn(async () => ({ items: [], nextCursor: null })),
    getArticle: vi.fn(async () => {
      throw new ApiError('not_found', 'That article is no longer in your library.');
    }),
    setRead: vi.fn(async () => null),
    setBookmarked: vi.fn(async () => null),
    refresh: vi.fn(async () => ({ sources: 0, newArticles: 0, failed: 0, offline: false })),
    saveUrl: vi.fn(async () => summary),
    importHtml: vi.fn(async () => summary),
    setArchived: vi.fn(async () => null),
    downloadArticle: vi.fn(async () => summary),
    markAllRead: vi.fn(async () => ({ ids: [1, 2] })),
    getCounts: vi.fn(async () => ({ all: 2, unread: 1, bookmarked: 0, saved: 1, archive: 0 })),
    search: vi.fn(async () => ({ items: [], total: 0 })),
    setReadingProgress: vi.fn(async () => null),
    exportArticles: vi.fn(async () => ({ fileName: 'broadsheet-bookmarks-2026-01-01.md', mimeType: 'text/markdown', content: '', articles: 0 })),
    createBackup: vi.fn(async () => backup),
    listBackups: vi.fn(async () => [backup]),
    restoreBackup: vi.fn(async () => null),
    getNotices: vi.fn(async () => []),
    dismissNotice: vi.fn(async () => null),
    getDiagnostics: vi.fn(async () => sampleDiagnostics),
    getSettings: vi.fn(async () => ({ ...DEFAULT_SETTINGS })),
    updateSettings: vi.fn(async () => ({ ...DEFAULT_SETTINGS, theme: 'dark' as const })),
  } satisfies ApiMethods;
  return api;
}

type Frame = { url: string; parent: Frame | null };
const appFrame = (): Frame => ({ url: 'app://broadsheet/index.html', parent: null });
const invokeEvent = (senderFrame: Frame | null) => ({ senderFrame, sender: {} });

function invoke(method: string, event: unknown, ...args: unknown[]) {
  const handler = electron.handlers.get(`broadsheet:${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(event, ...args);
}

let library: ReturnType<typeof fakeLibrary>;
let dispose: () => void;
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

beforeEach(() => {
  electron.handlers.clear();
  electron.ipcMain.handle.mockClear();
  logger.warn.mockClear();
  library = fakeLibrary();
  dispose = setupIpcRouter(library, logger);
});

describe('ipc router', () => {
  it('registers every contract method exactly once, on the channel the shared helper names', () => {
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(methodNames.length);
    const channels = electron.ipcMain.handle.mock.calls.map((call) => call[0]);
    expect(new Set(channels).size).toBe(methodNames.length);
    expect(channels.sort()).toEqual(methodNames.map(ipcChannel).sort());
    expect(channels).toContain('broadsheet:addFeed');
  });

  it('passes a valid call from the app frame through to the library', async () => {
    const reply = await invoke('setRead', invokeEvent(appFrame()), [3, 4], true);
    expect(reply).toEqual({ ok: true, value: null });
    expect(library.setRead).toHaveBeenCalledWith([3, 4], true);
    expect(await invoke('listSources', invokeEvent(appFrame()))).toEqual({ ok: true, value: [source] });
    expect(await invoke('createFolder', invokeEvent(appFrame()), { name: '  News  ' })).toEqual({ ok: true, value: folder });
    // The schema trims the name before the library sees it.
    expect(library.createFolder).toHaveBeenCalledWith({ name: 'News' });
  });

  it('drops a sender on a foreign origin without calling the library', async () => {
    for (const url of [
      'https://evil.example/',
      'file:///tmp/page.html',
      'app://broadsheet.evil/index.html',
      'app://evil/index.html',
      'http://127.0.0.1:5173/',
      '',
    ]) {
      const reply = await invoke('addFeed', invokeEvent({ url, parent: null }), 'https://example.com/feed.xml');
      expect(reply, url).toEqual(FORBIDDEN_REPLY);
    }
    expect(library.addFeed).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalled();
  });

  it('drops a subframe, even one on the app origin', async () => {
    const sub = { url: 'app://broadsheet/index.html', parent: appFrame() };
    expect(await invoke('removeSource', invokeEvent(sub), 1)).toEqual(FORBIDDEN_REPLY);
    expect(library.removeSource).not.toHaveBeenCalled();
  });

  it('drops a sender whose frame is gone', async () => {
    expect(await invoke('listSources', invokeEvent(null))).toEqual(FORBIDDEN_REPLY);
    expect(library.listSources).not.toHaveBeenCalled();
  });

  it('answers invalid_input for payloads that break the schema, without calling the library', async () => {
    const bad: Array<[string, unknown[]]> = [
      ['addFeed', ['']],
      ['addFeed', [42]],
      ['removeSource', ['1']],
      ['setRead', [[], true]],
      ['setBookmarked', [1, 'yes']],
      ['listArticles', [{ view: 'everything', limit: 10 }]],
      ['updateSettings', [{ theme: 'neon' }]],
      ['getArticle', [1, 2]],
      ['createFolder', [{ name: '   ' }]],
      ['updateFolder', [1, { name: 'News', colour: 'red' }]],
      ['updateSource', [1, { refreshIntervalMinutes: -5 }]],
      ['importOpml', [{ text: '' }]],
      ['listArticles', [{ view: 'all', limit: 10, folderId: 0 }]],
    ];
    for (const [method, args] of bad) {
      const reply = await invoke(method, invokeEvent(appFrame()), ...args);
      expect(reply, method).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    for (const [method] of bad) expect(library[method as keyof typeof library], method).not.toHaveBeenCalled();
  });

  it('carries library errors back as { code, message }', async () => {
    expect(await invoke('getArticle', invokeEvent(appFrame()), 7)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'That article is no longer in your library.' },
    });
  });

  it('removes every handler when disposed', () => {
    dispose();
    expect(electron.handlers.size).toBe(0);
  });
});

describe('event forwarding', () => {
  function emitterApi() {
    const emitter = new EventEmitter();
    const api: ApiEvents = {
      on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
        emitter.on(event, listener);
        return () => emitter.off(event, listener);
      },
    };
    return { emitter, api };
  }

  function fakeContents(url: string, destroyed = false) {
    return { send: vi.fn(), getURL: () => url, isDestroyed: () => destroyed };
  }

  it('sends each library event to app pages on its own channel, and nowhere else', () => {
    const { emitter, api } = emitterApi();
    const app = fakeContents('app://broadsheet/index.html');
    const foreign = fakeContents('https://evil.example/');
    const gone = fakeContents('app://broadsheet/index.html', true);
    const stop = forwardEvents(api, () => [app, foreign, gone] as never);

    const progress = { done: 1, total: 2, running: true, sourceId: 1, error: null };
    emitter.emit('refreshProgress', progress);
    emitter.emit('libraryChanged', { reason: 'articles', sourceIds: [1] });
    expect(app.send.mock.calls).toEqual([
      [ipcEventChannel('refreshProgress'), progress],
      [ipcEventChannel('libraryChanged'), { reason: 'articles', sourceIds: [1] }],
    ]);
    expect(foreign.send).not.toHaveBeenCalled();
    expect(gone.send).not.toHaveBeenCalled();

    stop();
    for (const name of eventNames) expect(emitter.listenerCount(name), name).toBe(0);
    emitter.emit('refreshProgress', progress);
    expect(app.send).toHaveBeenCalledTimes(2);
  });
});
