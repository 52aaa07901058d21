import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HTTP_TOKEN_HEADER, type Api, type EventName, type EventPayload } from '../shared/api.ts';
import { DEFAULT_SETTINGS } from '../shared/models.ts';
import { sampleDiagnostics, sampleFolder, sampleSavedPage, sampleSource } from '../shared/testing/sample-models.ts';
import { createHost, type Host } from './server.ts';

/** A small in-memory Api: the host is a transport, so what it needs from the other side is calls and events. */
function memoryApi() {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const source = sampleSource;
  const folder = sampleFolder;
  const record = (method: string, args: unknown[]) => calls.push({ method, args });
  const savedPage = sampleSavedPage;
  const api: Api = {
    listSources: async () => (record('listSources', []), [source]),
    addFeed: async (url) => (record('addFeed', [url]), { ...source, feedUrl: url }),
    removeSource: async (id) => (record('removeSource', [id]), null),
    discoverFeeds: async (address) => (
      record('discoverFeeds', [address]),
      {
        candidates: [
          { url: address, title: source.title, format: 'rss', siteUrl: null, description: null, itemCount: 0, items: [], subscribedId: null },
        ],
      }
    ),
    updateSource: async (id, patch) => (record('updateSource', [id, patch]), { ...source, id, title: patch.title ?? source.title }),
    listFolders: async () => (record('listFolders', []), [folder]),
    createFolder: async (input) => (record('createFolder', [input]), { ...folder, name: input.name, parentId: input.parentId ?? null }),
    updateFolder: async (id, patch) => (record('updateFolder', [id, patch]), { ...folder, id, name: patch.name ?? folder.name }),
    deleteFolder: async (id) => (record('deleteFolder', [id]), null),
    importOpml: async (file) => (
      record('importOpml', [file.fileName]), { feedsAdded: 0, foldersCreated: 0, duplicates: 0, invalid: [], invalidCount: 0 }
    ),
    exportOpml: async () => (
      record('exportOpml', []), { fileName: 'broadsheet-subscriptions-2026-01-01.opml', mimeType: 'text/x-opml', content: '<opml/>', articles: 0 }
    ),
    listArticles: async (query) => (record('listArticles', [query]), { items: [], nextCursor: null }),
    getArticle: async (id) => {
      record('getArticle', [id]);
      throw Object.assign(new Error('gone'), { name: 'Error' });
    },
    setRead: async (ids, read) => (record('setRead', [ids, read]), null),
    setBookmarked: async (id, on) => (record('setBookmarked', [id, on]), null),
    refresh: async (id) => (record('refresh', [id]), { sources: 1, newArticles: 0, failed: 0, offline: false }),
    saveUrl: async (url) => (record('saveUrl', [url]), { ...savedPage, url }),
    importHtml: async (page) => (record('importHtml', [page.fileName]), savedPage),
    setArchived: async (id, on) => (record('setArchived', [id, on]), null),
    downloadArticle: async (id) => (record('downloadArticle', [id]), { ...savedPage, id }),
    markAllRead: async (request) => (record('markAllRead', [request]), { ids: [] }),
    getCounts: async () => (record('getCounts', []), { all: 0, unread: 0, bookmarked: 0, saved: 0, archive: 0 }),
    search: async (query) => (record('search', [query]), { items: [], total: 0 }),
    setReadingProgress: async (id, progress) => (record('setReadingProgress', [id, progress]), null),
    exportArticles: async (request) => (
      record('exportArticles', [request]), { fileName: 'export.json', mimeType: 'application/json', content: '[]', articles: 0 }
    ),
    createBackup: async () => (record('createBackup', []), { name: 'b.tar.gz', kind: 'manual', createdAt: source.createdAt, bytes: 0, articles: 0 }),
    listBackups: async () => (record('listBackups', []), []),
    restoreBackup: async (name) => (record('restoreBackup', [name]), null),
    getNotices: async () => (record('getNotices', []), []),
    dismissNotice: async (id) => (record('dismissNotice', [id]), null),
    getDiagnostics: async () => (record('getDiagnostics', []), sampleDiagnostics),
    getSettings: async () => (record('getSettings', []), DEFAULT_SETTINGS),
    updateSettings: async (patch) => (record('updateSettings', [patch]), { ...DEFAULT_SETTINGS, ...patch }),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: EventPayload<E>) => void)(payload);
  };
  const listenerCount = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);
  return { api, calls, emit, listenerCount };
}

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so Host, Origin and other headers a browser would set can be chosen freely. */
function raw(
  host: Host,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function call(host: Host, method: string, args: unknown, headers: Record<string, string> = {}) {
  return raw(host, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: host.token, ...headers },
    body: JSON.stringify({ args }),
  });
}

let dir: string;
let host: Host;
let memory: ReturnType<typeof memoryApi>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bs-host-'));
  await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>Broadsheet</title><bs-app></bs-app>');
  await writeFile(path.join(dir, 'renderer', 'assets', 'app.js'), 'console.log("hi")');
  await writeFile(path.join(dir, 'renderer', 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(dir, 'secret.txt'), 'the library key');
  memory = memoryApi();
  host = await createHost({ api: memory.api, rendererDir: path.join(dir, 'renderer'), heartbeatMs: 50 });
});

afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('web host: the contract over HTTP', () => {
  it('prints an app address on loopback with the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('calls the method with the positional arguments and answers with an envelope', async () => {
    const reply = await call(host, 'setBookmarked', [7, true]);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: null });
    expect(memory.calls).toEqual([{ method: 'setBookmarked', args: [7, true] }]);
    expect(reply.headers['cache-control']).toBe('no-store');
  });

  it('sends failures of the library as envelopes without internals', async () => {
    const reply = await call(host, 'getArticle', [3]);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
    expect(reply.body).not.toContain('gone');
  });

  it('refuses a call without the token', async () => {
    const reply = await raw(host, {
      method: 'POST',
      path: '/api/listSources',
      headers: { 'content-type': 'application/json' },
      body: '{"args":[]}',
    });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(memory.calls).toEqual([]);
  });

  it('refuses a call with a wrong token', async () => {
    const reply = await call(host, 'listSources', [], { [HTTP_TOKEN_HEADER]: `${host.token.slice(0, -1)}x` });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(memory.calls).toEqual([]);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the right token', async () => {
    for (const name of [
      'evil.example',
      `evil.example:${host.port}`,
      `attacker.example:${host.port}`,
      // Names that resolve to 127.0.0.1 through public DNS: the classic rebinding set-up.
      `127.0.0.1.nip.io:${host.port}`,
      `localhost.evil.example:${host.port}`,
      `127.0.0.1:${host.port}.evil.example`,
      `[::1]:${host.port}`,
      `0.0.0.0:${host.port}`,
      '127.0.0.1',
      `127.0.0.1:${host.port + 1}`,
    ]) {
      const reply = await call(host, 'listSources', [], { host: name });
      expect(reply.status, name).toBe(403);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const page = await raw(host, { path: '/', headers: { host: 'evil.example' } });
    expect(page.status).toBe(403);
    expect(memory.calls).toEqual([]);
  });

  it('refuses a request without any Host header', async () => {
    // HTTP/1.0 lets a client leave Host out; HTTP/1.1 without it is refused by Node itself.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: host.port }, () => {
        socket.end(
          `POST /api/listSources HTTP/1.0\r\ncontent-type: application/json\r\n${HTTP_TOKEN_HEADER}: ${host.token}\r\ncontent-length: 11\r\n\r\n{"args":[]}`,
        );
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.[01] 403 /);
    expect(answer).toContain('"code":"forbidden"');
    expect(memory.calls).toEqual([]);
  });

  it('takes the token only from its header for calls: not from the address, not in another case', async () => {
    const inQuery = await raw(host, {
      method: 'POST',
      path: `/api/listSources?token=${host.token}`,
      headers: { 'content-type': 'application/json' },
      body: '{"args":[]}',
    });
    expect(inQuery.status).toBe(401);
    for (const given of [host.token.toUpperCase(), host.token.slice(1), `${host.token}${host.token}`, `Bearer ${host.token}`]) {
      const reply = await call(host, 'listSources', [], { [HTTP_TOKEN_HEADER]: given });
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(memory.calls).toEqual([]);
  });

  it('refuses the event stream to a foreign Host or Origin even with the token, subscribing to nothing', async () => {
    const foreign: Array<Record<string, string>> = [
      { host: `attacker.example:${host.port}` },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of foreign) {
      const reply = await raw(host, { path: `/api/events?token=${host.token}`, headers });
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(memory.listenerCount()).toBe(0);
  });

  it('accepts localhost under its own port', async () => {
    const reply = await call(host, 'listSources', [], { host: `localhost:${host.port}` });
    expect(reply.status).toBe(200);
  });

  it('refuses a foreign Origin or a cross-site fetch, even with the right token', async () => {
    const foreign: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: `http://attacker.example:${host.port}` },
      { origin: `http://127.0.0.1.nip.io:${host.port}` },
      { origin: `https://127.0.0.1:${host.port}` },
      { origin: `http://127.0.0.1:${host.port + 1}` },
      { origin: 'null' },
      { origin: '' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of foreign) {
      const reply = await call(host, 'listSources', [], headers);
      expect(reply.status, JSON.stringify(headers)).toBe(403);
    }
    expect(memory.calls).toEqual([]);
    const own = await call(host, 'listSources', [], { origin: host.origin, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it('refuses a body over 1 MB with 413 and calls nothing', async () => {
    const big = JSON.stringify({ args: ['https://example.com/' + 'a'.repeat(1024 * 1024)] });
    const tooBig = await raw(host, {
      method: 'POST',
      path: '/api/addFeed',
      headers: { 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: host.token },
      body: big,
    });
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(memory.calls).toEqual([]);
  });

  it('allows each method its own body cap: a 2 MB page import and 150,000 ids to mark read', async () => {
    const para = `<p>${'The harbour board met on Tuesday evening to decide the future of the old fish market. '.repeat(20)}</p>`;
    const html = `<!doctype html><html><head><title>Big</title></head><body><article>${para.repeat(1300)}</article></body></html>`;
    expect(html.length).toBeGreaterThan(2 * 1024 * 1024);
    const imported = await call(host, 'importHtml', [{ html, fileName: 'big.html' }]);
    expect(imported.status).toBe(200);
    expect(JSON.parse(imported.body)).toMatchObject({ ok: true });

    const ids = Array.from({ length: 150_000 }, (_, i) => i + 1_000_000);
    const marked = await call(host, 'setRead', [ids, true]);
    expect(marked.status).toBe(200);
    expect(JSON.parse(marked.body)).toEqual({ ok: true, value: null });
    expect(memory.calls.map((c) => c.method)).toEqual(['importHtml', 'setRead']);
    expect((memory.calls[1]?.args[0] as number[]).length).toBe(150_000);
  });

  it('still refuses a body over the method\'s own cap with 413', async () => {
    // setRead allows 4 MB; this is over it, though the ids would be few enough.
    const tooBig = await call(host, 'setRead', [[1], true, ' '.repeat(5 * 1024 * 1024)]);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('4 MB') } });
    expect(memory.calls).toEqual([]);
  });

  it('answers invalid payloads with invalid_input and calls nothing', async () => {
    const cases: Array<[string, unknown]> = [
      ['getArticle', ['1']],
      ['setRead', [[], true]],
      ['listArticles', [{ view: 'everything', limit: 10 }]],
      ['updateSettings', [{ theme: 'neon' }]],
      ['addFeed', 'https://example.com'],
      ['createFolder', [{ name: '' }]],
      ['updateSource', [1, { folderId: 'News' }]],
      ['importOpml', [{ text: '' }]],
    ];
    for (const [method, args] of cases) {
      const reply = await call(host, method, args);
      expect(reply.status, method).toBe(200);
      expect(JSON.parse(reply.body), method).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const notJson = await raw(host, {
      method: 'POST',
      path: '/api/listSources',
      headers: { 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: host.token },
      body: '{"args": [',
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(memory.calls).toEqual([]);
  });

  it('answers wrong content types, methods and routes with 415, 405 and 404', async () => {
    const form = await call(host, 'listSources', [], { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    const get = await raw(host, { path: '/api/listSources', headers: { [HTTP_TOKEN_HEADER]: host.token } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const unknown = await call(host, 'constructor', []);
    expect(unknown.status).toBe(404);
    expect(memory.calls).toEqual([]);
  });
});

describe('web host: events', () => {
  it('delivers events as server-sent events, with heartbeats, and unsubscribes when the page goes', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            if (text.includes(': connected')) {
              memory.emit('libraryChanged', { reason: 'bookmarks', sourceIds: [1] });
            }
            if (text.includes('event: libraryChanged') && text.includes(': heartbeat')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('event: libraryChanged\ndata: {"reason":"bookmarks","sourceIds":[1]}\n\n');
    await expect.poll(() => memory.listenerCount()).toBe(0);
  });

  it('refuses the event stream without the right token', async () => {
    const none = await raw(host, { path: '/api/events' });
    expect(none.status).toBe(401);
    const wrong = await raw(host, { path: '/api/events?token=nope' });
    expect(wrong.status).toBe(401);
    expect(memory.listenerCount()).toBe(0);
  });
});

describe('web host: static files', () => {
  it('serves the app with a strict policy and no caching of the page', async () => {
    const page = await raw(host, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<bs-app>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their types, and falls back to the page only for extensionless routes', async () => {
    const js = await raw(host, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const css = await raw(host, { path: '/assets/app.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const route = await raw(host, { path: '/feeds/12' });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<bs-app>');
    const missing = await raw(host, { path: '/assets/missing.js' });
    expect(missing.status).toBe(404);
    const post = await raw(host, { method: 'POST', path: '/index.html' });
    expect(post.status).toBe(405);
  });

  it('never serves a file outside the renderer folder', async () => {
    await symlink(path.join(dir, 'secret.txt'), path.join(dir, 'renderer', 'link.txt'));
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/link.txt', '/%00']) {
      const reply = await raw(host, { path: attempt });
      expect(reply.body, attempt).not.toContain('the library key');
      expect(reply.status, attempt).toBeGreaterThanOrEqual(400);
    }
  });

  it('explains what to do when the app has not been built', async () => {
    await rm(path.join(dir, 'renderer'), { recursive: true });
    const page = await raw(host, { path: '/' });
    expect(page.status).toBe(503);
    expect(page.body).toContain('npm start');
  });
});

describe('web host: network exposure', () => {
  it('listens on 127.0.0.1 only: no other address of this machine reaches it', async () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    const reachable = (address: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: host.port }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.1')).toBe(true);
    // Every address of every interface that is not loopback (link-local IPv6 needs a scope, so it is left out).
    const external = Object.entries(networkInterfaces()).flatMap(([name, infos]) =>
      (infos ?? [])
        .filter((info) => !info.internal && !(info.family === 'IPv6' && info.address.startsWith('fe80:')))
        .map((info) => ({ name, address: info.address })),
    );
    if (external.length === 0) {
      console.info('web host loopback test: this machine has no non-loopback address, so only 127.0.0.1 was checked.');
    }
    for (const { name, address } of external) expect(await reachable(address), `${name} ${address}`).toBe(false);
  });

  it('says plainly when the chosen port is taken', async () => {
    await expect(createHost({ api: memory.api, rendererDir: dir, port: host.port })).rejects.toThrow(/already in use/);
  });
});
