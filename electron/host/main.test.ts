// The web host over a real library: what `broadsheet serve` and `npm start` run.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger.ts';
import { HTTP_EVENTS_PATH, HTTP_TOKEN_HEADER } from '../shared/api.ts';
import { startWebHost, type RunningWebHost } from './main.ts';

let feedServer: Server;
let feedUrl: string;
let dir: string;

beforeAll(async () => {
  const rss = await readFile(fileURLToPath(new URL('../cli/testdata/quay-weekly.rss.xml', import.meta.url)), 'utf8');
  feedServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(rss);
  });
  await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feed.xml`;
  dir = await mkdtemp(path.join(tmpdir(), 'bs-webhost-'));
});

afterAll(async () => {
  feedServer.closeAllConnections();
  await new Promise<void>((resolve) => feedServer.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function call(running: RunningWebHost, method: string, args: unknown[]): Promise<unknown> {
  const reply = await fetch(`${running.host.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: running.host.token },
    body: JSON.stringify({ args }),
  });
  return reply.json();
}

describe('startWebHost', () => {
  it('serves a library, pushes its events, and keeps what was saved across restarts', async () => {
    const dataDir = path.join(dir, 'library');
    const first = await startWebHost({ dataDir, rendererDir: path.join(dir, 'no-renderer'), logger: silentLogger });

    const events = await fetch(`${first.host.origin}${HTTP_EVENTS_PATH}?token=${first.host.token}`);
    const reader = events.body!.getReader();
    const seen: string[] = [];
    const sawChange = (async () => {
      const decoder = new TextDecoder();
      while (!seen.join('').includes('event: libraryChanged')) {
        const { value, done } = await reader.read();
        if (done) break;
        seen.push(decoder.decode(value));
      }
    })();

    const added = (await call(first, 'addFeed', [feedUrl])) as { ok: boolean; value: { id: number; title: string } };
    expect(added).toMatchObject({ ok: true, value: { title: 'Quay Weekly' } });
    await sawChange;
    expect(seen.join('')).toMatch(/event: libraryChanged\ndata: \{.*"reason":"sources"/);
    await reader.cancel();

    const page = (await call(first, 'listArticles', [{ view: 'all', limit: 10 }])) as { value: { items: Array<{ id: number }> } };
    const id = page.value.items[0]!.id;
    expect(await call(first, 'setBookmarked', [id, true])).toEqual({ ok: true, value: null });
    await first.close();
    await expect(fetch(`${first.host.origin}/`)).rejects.toThrow();

    const second = await startWebHost({ dataDir, rendererDir: path.join(dir, 'no-renderer'), logger: silentLogger });
    try {
      expect(second.host.token).not.toBe(first.host.token);
      const bookmarks = (await call(second, 'listArticles', [{ view: 'bookmarked', limit: 10 }])) as {
        value: { items: Array<{ id: number; bookmarked: boolean }> };
      };
      expect(bookmarks.value.items).toEqual([expect.objectContaining({ id, bookmarked: true })]);
    } finally {
      await second.close();
    }
  });
});
