// The refresh engine through the Library's public API against a real local
// server and the real store: permanent redirects, 410, Retry-After, 304 and
// unchanged bodies, compression, back-off, the automatic schedule and retention.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RefreshProgress, Source } from '../shared/models.ts';
import { MOVED_LOCAL_MESSAGE, type Library } from './library.ts';
import { serveFeed, startLocalServer, type LocalServer } from './testing/local-server.ts';
import { record } from './testing/library-probes.ts';
import { compressed, redirect, respond } from './testing/misbehaving-server.ts';
import { testLibraries } from './testing/test-libraries.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let server: LocalServer;
let dataDir: string;
let clock: Date;
const { open, closeAll } = testLibraries(() => ({ dataDir, now: () => clock }));

function rss(guids: string[], title = 'Feed'): string {
  const items = guids.map((g) => `<item><title>Story ${g}</title><guid>${g}</guid><link>/posts/${g}</link><description>Body ${g}</description></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>/</link>${items.join('')}</channel></rss>`;
}

function requestsTo(path: string): number {
  return server.requests.filter((r) => r.path === path).length;
}

async function sourceOf(library: Library, id: number): Promise<Source> {
  const found = (await library.listSources()).find((s) => s.id === id);
  if (!found) throw new Error(`no source ${id}`);
  return found;
}

/** Reads the library's database file directly, as stored. */
function stored<T>(sql: string): T[] {
  const db = new DatabaseSync(join(dataDir, 'library.db'), { readOnly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

beforeEach(async () => {
  server = await startLocalServer();
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-refresh-'));
  clock = NOW;
});

afterEach(async () => {
  closeAll();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  vi.useRealTimers();
});

describe('Library refresh: what the server says', () => {
  it('follows a permanent redirect to the feed’s new address, but not a temporary one or onto another feed’s address', async () => {
    server.route('/old.xml', serveFeed(rss(['a'])));
    server.route('/temporary.xml', serveFeed(rss(['t'])));
    server.route('/taken.xml', serveFeed(rss(['x'])));
    server.route('/new.xml', serveFeed(rss(['a', 'b'])));
    server.route('/other.xml', serveFeed(rss(['o'])));
    const library = open();
    const moved = await library.addFeed(server.url('/old.xml'));
    const temporary = await library.addFeed(server.url('/temporary.xml'));
    const taken = await library.addFeed(server.url('/taken.xml'));
    await library.addFeed(server.url('/other.xml'));
    server.route('/old.xml', redirect('/new.xml', 301));
    server.route('/temporary.xml', redirect('/hop.xml', 308));
    server.route('/hop.xml', redirect('/new.xml', 302));
    server.route('/taken.xml', redirect('/other.xml', 308));

    // b at the new address; the temporary one now reads another document (a and b).
    expect(await library.refresh()).toMatchObject({ failed: 1, newArticles: 3 });
    expect(await sourceOf(library, moved.id)).toMatchObject({ feedUrl: server.url('/new.xml'), articleCount: 2 });
    // One hop of the way was temporary: the old address stays.
    expect(await sourceOf(library, temporary.id)).toMatchObject({ feedUrl: server.url('/temporary.xml') });
    // Another feed already has that address: this one keeps its own, and stores no copy of the other feed.
    expect(await sourceOf(library, taken.id)).toMatchObject({
      feedUrl: server.url('/taken.xml'),
      status: 'error',
      lastError: `This feed now redirects to “${server.url('/other.xml')}”, which you already follow.`,
      articleCount: 1,
    });

    const before = requestsTo('/old.xml');
    await library.refresh(moved.id);
    expect(requestsTo('/old.xml')).toBe(before);
  });

  it('moves a feed that moved for good even when its new address answers 304', async () => {
    server.route('/old.xml', serveFeed(rss(['a']), undefined, '"v1"'));
    const library = open();
    const source = await library.addFeed(server.url('/old.xml'));
    server.route('/new.xml', serveFeed(rss(['a']), undefined, '"v1"'));
    server.route('/old.xml', redirect('/new.xml', 301));

    expect(await library.refresh(source.id)).toMatchObject({ failed: 0, newArticles: 0 });
    // Asked conditionally at the new address, which answered 304.
    expect(server.requests.at(-1)).toMatchObject({ path: '/new.xml', headers: { 'if-none-match': '"v1"' } });
    expect(await sourceOf(library, source.id)).toMatchObject({ feedUrl: server.url('/new.xml'), status: 'ok' });
    await library.refresh(source.id);
    expect(requestsTo('/old.xml')).toBe(2);
  });

  it('holds a typed feed that moved for good to another host to public addresses, until the reader types the new one', async () => {
    server.route('/old.xml', serveFeed(rss(['a'])));
    const library = open();
    const source = await library.addFeed(server.url('/old.xml'));
    // Another name for this computer: the reader vouched for 127.0.0.1, not for wherever the server sends the feed.
    const elsewhere = `http://localhost:${new URL(server.origin).port}/new.xml`;
    server.route('/new.xml', serveFeed(rss(['a', 'b'])));
    server.route('/old.xml', redirect(elsewhere, 301));

    await library.refresh(source.id);
    expect(await sourceOf(library, source.id)).toMatchObject({ feedUrl: elsewhere });
    const fetchedBefore = requestsTo('/new.xml');
    expect(await library.refresh(source.id)).toMatchObject({ failed: 1 });
    expect(requestsTo('/new.xml')).toBe(fetchedBefore);
    expect(await sourceOf(library, source.id)).toMatchObject({ status: 'error', lastError: MOVED_LOCAL_MESSAGE });

    // Typing the new address makes it the reader's own again.
    await library.addFeed(elsewhere);
    expect(await sourceOf(library, source.id)).toMatchObject({ status: 'ok', lastError: null });
  });

  it('stops checking a feed its publisher removed (410), until the reader asks for it by name', async () => {
    server.route('/removed.xml', serveFeed(rss(['a'])));
    server.route('/fine.xml', serveFeed(rss(['f'])));
    const library = open();
    const removed = await library.addFeed(server.url('/removed.xml'));
    await library.addFeed(server.url('/fine.xml'));
    server.route('/removed.xml', respond(410));

    expect(await library.refresh()).toMatchObject({ sources: 2, failed: 1 });
    expect(await sourceOf(library, removed.id)).toMatchObject({
      status: 'gone',
      lastError: 'This feed has been removed by its publisher (410 Gone). Broadsheet has stopped checking it.',
      nextRefreshAt: null,
      articleCount: 1,
    });

    // Adding a feed that is already gone says so without talking of checks stopped: nothing was followed.
    server.route('/never.xml', respond(410));
    await expect(library.addFeed(server.url('/never.xml'))).rejects.toMatchObject({
      code: 'fetch_failed',
      message: 'This feed has been removed by its publisher (410 Gone), so it cannot be followed.',
    });

    const asked = requestsTo('/removed.xml');
    expect(await library.refresh()).toMatchObject({ sources: 1, failed: 0 });
    expect(requestsTo('/removed.xml')).toBe(asked);

    // The publisher brought it back and the reader tries it.
    server.route('/removed.xml', serveFeed(rss(['a', 'b'])));
    expect(await library.refresh(removed.id)).toMatchObject({ sources: 1, failed: 0, newArticles: 1 });
    expect(await sourceOf(library, removed.id)).toMatchObject({ status: 'ok', lastError: null });
  });

  it('waits as long as a 429 or 503 asks (Retry-After) before asking again, except when the reader names the feed', async () => {
    server.route('/busy.xml', serveFeed(rss(['a'])));
    server.route('/down.xml', serveFeed(rss(['d'])));
    const library = open();
    const busy = await library.addFeed(server.url('/busy.xml'));
    const down = await library.addFeed(server.url('/down.xml'));
    server.route('/busy.xml', respond(429, { 'retry-after': '120' }));
    server.route('/down.xml', respond(503, { 'retry-after': 'Tue, 24 Nov 2026 14:00:00 GMT' }));

    await library.refresh();
    expect(await sourceOf(library, busy.id)).toMatchObject({
      status: 'error',
      lastError: expect.stringMatching(/^The server answered 429 Too Many Requests\. Broadsheet will wait until \d\d:\d\d before asking again\.$/),
      // Automatic refreshes also back off: twice the 30-minute interval after one failure.
      nextRefreshAt: at(60 * MIN),
    });
    expect(await sourceOf(library, down.id)).toMatchObject({ nextRefreshAt: at(2 * 60 * MIN) });

    // A minute later, a refresh of everything reports the wait and asks neither.
    clock = new Date(NOW.getTime() + MIN);
    const progress = record(library, 'refreshProgress');
    const asked = server.requests.length;
    expect(await library.refresh()).toMatchObject({ sources: 2, failed: 2, offline: false });
    expect(server.requests.length).toBe(asked);
    const busyReport = progress.find((p: RefreshProgress) => p.sourceId === busy.id);
    expect(busyReport?.error).toMatch(/^The server asked Broadsheet to wait until \d\d:\d\d\.$/);

    // Past its Retry-After, the busy feed is asked again (the other still waits).
    server.route('/busy.xml', serveFeed(rss(['a', 'b'])));
    clock = new Date(NOW.getTime() + 3 * MIN);
    expect(await library.refresh()).toMatchObject({ failed: 1, newArticles: 1 });
    expect(requestsTo('/down.xml')).toBe(2);

    // Named by the reader, the waiting feed is asked at once.
    server.route('/down.xml', serveFeed(rss(['d'])));
    expect(await library.refresh(down.id)).toMatchObject({ failed: 0 });
    expect(await sourceOf(library, down.id)).toMatchObject({ status: 'ok', lastError: null });
  });

  it('writes nothing but the time for a 304 or for the very same body', async () => {
    server.route('/etag.xml', serveFeed(rss(['a', 'b']), 'application/rss+xml', '"v1"'));
    server.route('/plain.xml', serveFeed(rss(['c', 'd'])));
    const library = open();
    await library.addFeed(server.url('/etag.xml'));
    await library.addFeed(server.url('/plain.xml'));
    // The first refresh stores the body hashes; the rest must change nothing.
    await library.refresh();
    const articlesBefore = stored('SELECT * FROM articles ORDER BY id');
    const sourcesBefore = stored('SELECT id, title, feed_url, etag, body_hash, latest_article_ids, failure_count FROM sources ORDER BY id');

    clock = new Date(NOW.getTime() + 10 * MIN);
    expect(await library.refresh()).toEqual({ sources: 2, newArticles: 0, failed: 0, offline: false });
    expect(server.requests.filter((r) => r.path === '/etag.xml').at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(stored('SELECT * FROM articles ORDER BY id')).toEqual(articlesBefore);
    expect(stored('SELECT id, title, feed_url, etag, body_hash, latest_article_ids, failure_count FROM sources ORDER BY id')).toEqual(sourcesBefore);
    expect(stored('SELECT last_fetched_at FROM sources')).toEqual([
      { last_fetched_at: clock.toISOString() },
      { last_fetched_at: clock.toISOString() },
    ]);
  });

  it('reads feeds sent with gzip or brotli', async () => {
    server.route('/gzip.xml', compressed(gzipSync(rss(['g1', 'g2'], 'Gzipped')), 'gzip'));
    server.route('/brotli.xml', compressed(brotliCompressSync(rss(['b1', 'b2', 'b3'], 'Brotli')), 'br'));
    const library = open();
    expect(await library.addFeed(server.url('/gzip.xml'))).toMatchObject({ title: 'Gzipped', articleCount: 2 });
    const brotli = await library.addFeed(server.url('/brotli.xml'));
    expect(await library.refresh(brotli.id)).toMatchObject({ failed: 0 });
    expect(await sourceOf(library, brotli.id)).toMatchObject({ title: 'Brotli', articleCount: 3, status: 'ok' });
  });
});

describe('Library refresh: when feeds are asked again', () => {
  it('backs off a feed that keeps failing, but not for failures where no server answered', async () => {
    server.route('/failing.xml', serveFeed(rss(['a'])));
    const library = open();
    await library.updateSettings({ refreshIntervalMinutes: 30 });
    const failing = await library.addFeed(server.url('/failing.xml'));
    expect(failing.nextRefreshAt === null || failing.nextRefreshAt === at(30 * MIN)).toBe(true);
    server.route('/failing.xml', respond(500));
    await library.refresh();
    expect(await sourceOf(library, failing.id)).toMatchObject({ status: 'error', nextRefreshAt: at(60 * MIN) });
    await library.refresh();
    expect(await sourceOf(library, failing.id)).toMatchObject({ nextRefreshAt: at(120 * MIN) });

    server.route('/failing.xml', serveFeed(rss(['a'])));
    await library.refresh();
    expect(await sourceOf(library, failing.id)).toMatchObject({ status: 'ok', nextRefreshAt: at(30 * MIN) });
  });

  it('knows when a feed is next refreshed from the moment it is added, even with automatic refresh off', async () => {
    server.route('/added.xml', serveFeed(rss(['a'])));
    server.route('/imported.xml', serveFeed(rss(['i'])));
    const library = open();
    await library.updateSettings({ refreshIntervalMinutes: 60 });
    const added = await library.addFeed(server.url('/added.xml'));
    expect(added.nextRefreshAt).toBe(at(60 * MIN));
    // Never fetched yet: due now (and refreshed in the background at once).
    await library.importOpml({ text: `<opml version="2.0"><body><outline text="I" xmlUrl="${server.url('/imported.xml')}"/></body></opml>` });
    expect((await library.listSources()).find((s) => s.feedUrl === server.url('/imported.xml'))?.nextRefreshAt).toBe(NOW.toISOString());
  });

  it('plans the next refresh with the interval the reader set while the feed was downloading', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let hold = false;
    server.route('/slow.xml', (request, response) => {
      const send = serveFeed(rss(['a', String(server.requests.length)]));
      if (hold) void held.then(() => send(request, response));
      else send(request, response);
    });
    const library = open();
    await library.updateSettings({ refreshIntervalMinutes: 60 });
    const source = await library.addFeed(server.url('/slow.xml'));
    hold = true;
    const run = library.refresh(source.id);
    await library.updateSettings({ refreshIntervalMinutes: 120 });
    release();
    await run;
    expect(await sourceOf(library, source.id)).toMatchObject({ status: 'ok', nextRefreshAt: at(120 * MIN) });
  });

  it('paces automatic refreshes by Cache-Control max-age, which a refresh on demand ignores', async () => {
    server.route('/cached.xml', (request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml', 'cache-control': 'public, max-age=7200' }).end(rss(['a']));
    });
    const library = open();
    await library.updateSettings({ refreshIntervalMinutes: 15 });
    const cached = await library.addFeed(server.url('/cached.xml'));
    await library.refresh();
    expect(await sourceOf(library, cached.id)).toMatchObject({ nextRefreshAt: at(2 * 60 * MIN) });
    await library.refresh();
    expect(requestsTo('/cached.xml')).toBe(3);
  });

  it('refreshes each feed automatically when it is due: its own interval, the global one, never, or gone', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
    clock = NOW;
    const paths = ['/global.xml', '/every-five.xml', '/never.xml', '/gone.xml'];
    for (const path of paths) server.route(path, serveFeed(rss([path])));
    const library = open();
    await library.updateSettings({ refreshIntervalMinutes: 30 });
    const [global, five, never, gone] = await Promise.all(paths.map((p) => library.addFeed(server.url(p))));
    await library.updateSource(five?.id ?? 0, { refreshIntervalMinutes: 5 });
    await library.updateSource(never?.id ?? 0, { refreshIntervalMinutes: 0 });
    server.route('/gone.xml', respond(410));
    await library.refresh(gone?.id ?? 0);
    const counted = () => paths.map((p) => requestsTo(p));
    const start = counted();
    library.startAutoRefresh();

    // Every five minutes the five-minute feed; at thirty minutes, the global one too.
    for (let step = 1; step <= 6; step += 1) {
      const ended = new Promise<void>((resolve) => {
        const stop = library.on('refreshProgress', (p) => {
          if (!p.running) {
            stop();
            resolve();
          }
        });
      });
      await vi.advanceTimersByTimeAsync(5 * MIN);
      clock = new Date();
      await ended;
    }
    const fetched = counted().map((n, i) => n - (start[i] ?? 0));
    expect(fetched).toEqual([1, 6, 0, 0]);
    expect(await sourceOf(library, five?.id ?? 0)).toMatchObject({ nextRefreshAt: at(35 * MIN) });
    expect(await sourceOf(library, global?.id ?? 0)).toMatchObject({ nextRefreshAt: at(60 * MIN) });
    expect(await sourceOf(library, never?.id ?? 0)).toMatchObject({ nextRefreshAt: null });

    // Automatic refresh off: the feed with its own interval keeps it; the others stop.
    await library.updateSettings({ refreshIntervalMinutes: 0 });
    expect(await sourceOf(library, global?.id ?? 0)).toMatchObject({ nextRefreshAt: null });
    expect(await sourceOf(library, five?.id ?? 0)).toMatchObject({ nextRefreshAt: at(35 * MIN) });
  });
});

describe('Library refresh: retention', () => {
  it('removes old feed articles the feed no longer lists, never bookmarked ones, and does not bring them back', async () => {
    let guids = ['a', 'b', 'c'];
    server.route('/kept.xml', (request, response) => serveFeed(rss(guids))(request, response));
    const library = open();
    const source = await library.addFeed(server.url('/kept.xml'));
    const byTitle = async () => new Map((await library.listArticles({ view: 'all', limit: 50 })).items.map((a) => [a.title, a]));
    await library.setBookmarked((await byTitle()).get('Story b')?.id ?? 0, true);
    await library.downloadsIdle();

    // Forty days on the feed lists only c and a new d.
    clock = new Date(NOW.getTime() + 40 * DAY);
    guids = ['d', 'c'];
    await library.refresh();
    expect([...(await byTitle()).keys()].sort()).toEqual(['Story a', 'Story b', 'Story c', 'Story d']);

    const changed = new Promise<void>((resolve) => {
      library.on('libraryChanged', (change) => change.reason === 'articles' && resolve());
    });
    await library.updateSettings({ retentionDays: 30 });
    await changed;
    // a: old and gone from the feed. b: bookmarked. c: old but still listed. d: new.
    expect([...(await byTitle()).keys()].sort()).toEqual(['Story b', 'Story c', 'Story d']);

    guids = ['a', 'd', 'c'];
    expect(await library.refresh(source.id)).toMatchObject({ newArticles: 0 });
    expect([...(await byTitle()).keys()].sort()).toEqual(['Story b', 'Story c', 'Story d']);
  });
});
