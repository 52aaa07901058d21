import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/models.ts';
import { openLibrary, type Library } from './library.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { serveFeed, startLocalServer, type LocalServer } from './testing/local-server.ts';
import { record, rejection } from './testing/library-probes.ts';

const fixture = (name: string) => readFileSync(new URL(`./feeds/testdata/${name}`, import.meta.url), 'utf8');
const NOW = new Date('2026-11-24T12:00:00.000Z');

let server: LocalServer;
let dataDir: string;
const opened: Library[] = [];

/** These tests are about feeds; full-article downloads are off unless a test turns them on (see library-downloads.test.ts). */
function open(options: { fetch?: typeof fetch } = {}): Library {
  const settings = createConfSettingsStore({ cwd: dataDir });
  if (!existsSync(join(dataDir, 'settings.json'))) settings.update({ downloadFullArticles: 'never' });
  const library = openLibrary({
    dataDir,
    settings,
    now: () => NOW,
    ...options,
  });
  opened.push(library);
  return library;
}



/** An RSS feed whose items can be changed between refreshes. */
function rss(items: Array<{ guid: string; title: string; body?: string }>): string {
  const entries = items
    .map(
      (i, n) => `<item><title>${i.title}</title><guid>${i.guid}</guid><link>/posts/${i.guid}</link>
        <pubDate>${new Date(Date.UTC(2026, 10, 20, 12 - n)).toUTCString()}</pubDate>
        <description><![CDATA[${i.body ?? `<p>${i.title} body</p>`}]]></description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Changing Times</title><link>/</link>${entries}</channel></rss>`;
}

beforeEach(async () => {
  server = await startLocalServer();
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-library-'));
  server.route('/rss.xml', serveFeed(fixture('rss2.xml')));
  server.route('/atom.xml', serveFeed(fixture('atom.xml'), 'application/atom+xml'));
  server.route('/page.html', serveFeed(fixture('page.html'), 'text/html'));
});

afterEach(async () => {
  for (const library of opened.splice(0)) library.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  vi.useRealTimers();
});

describe('Library: subscribing and reading', () => {
  it('subscribes to a feed, lists, pages, reads and bookmarks; all of it survives a reopen', async () => {
    const library = open();
    const changes = record(library, 'libraryChanged');

    const source = await library.addFeed(server.url('/rss.xml'));
    expect(source).toMatchObject({
      kind: 'feed',
      title: 'The Harbour Gazette & Evening Post',
      feedUrl: server.url('/rss.xml'),
      siteUrl: 'https://harbour.example/',
      unreadCount: 4,
      articleCount: 4,
      lastError: null,
      lastFetchedAt: NOW.toISOString(),
      createdAt: NOW.toISOString(),
    });
    expect(changes).toEqual([{ reason: 'sources', sourceIds: [source.id] }]);
    expect(await library.listSources()).toEqual([source]);

    const first = await library.listArticles({ view: 'all', limit: 3 });
    expect(first.items.map((a) => a.title)).toEqual([
      // The undated letter sorts by when it was first seen (NOW), so it comes first.
      'Letters: the new car park',
      'Ferry timetable changes for the winter season',
      'Café on Quay Street wins “best breakfast”',
    ]);
    expect(first.nextCursor).not.toBeNull();
    const second = await library.listArticles({ view: 'all', limit: 3, cursor: first.nextCursor ?? '' });
    expect(second.items.map((a) => a.title)).toEqual(['Lifeboat crew called out twice in one night']);
    expect(second.nextCursor).toBeNull();

    const ferry = first.items[1];
    expect(ferry).toMatchObject({ sourceTitle: source.title, author: "Mairead O'Connell", read: false, bookmarked: false });
    const article = await library.getArticle(ferry?.id ?? 0);
    expect(article.sourceSiteUrl).toBe('https://harbour.example/');
    expect(article.contentHtml).not.toMatch(/script|alert/);
    expect(article.contentHtml).toContain('src="https://harbour.example/media/ferry.jpg"');
    expect(article.contentHtml).toContain('href="https://harbour.example/news/2026/10/ferry-review"');
    expect(article.excerpt).toMatch(/^From 1 December/);

    await library.setRead([article.id], true);
    await library.setBookmarked(article.id, true);
    expect(changes.slice(1)).toEqual([
      { reason: 'read', sourceIds: [source.id] },
      { reason: 'bookmarks', sourceIds: [source.id] },
    ]);
    expect((await library.listSources())[0]?.unreadCount).toBe(3);
    expect((await library.listArticles({ view: 'unread', limit: 10 })).items).toHaveLength(3);

    library.close();
    const reopened = open();
    expect(await reopened.getArticle(article.id)).toMatchObject({ read: true, bookmarked: true, title: article.title });
    expect((await reopened.listArticles({ view: 'bookmarked', limit: 10 })).items.map((a) => a.id)).toEqual([article.id]);
    expect(await reopened.listSources()).toMatchObject([{ id: source.id, unreadCount: 3, articleCount: 4 }]);
  });

  it('reads Atom with xml:base and lists sources by title', async () => {
    const library = open();
    await library.addFeed(server.url('/rss.xml'));
    const atom = await library.addFeed(server.url('/atom.xml'));
    expect((await library.listSources()).map((s) => s.title)).toEqual(['Field Notes & Observations', 'The Harbour Gazette & Evening Post']);
    const page = await library.listArticles({ view: 'all', sourceId: atom.id, limit: 10 });
    const frost = page.items.find((a) => a.title === 'First frost on the high ground');
    const html = (await library.getArticle(frost?.id ?? 0)).contentHtml;
    expect(html).toContain('src="https://fieldnotes.example/images/frost.jpg"');
    expect(html).not.toContain('onerror');
    const swans = page.items.find((a) => a.title === 'Counting whooper swans');
    expect((await library.getArticle(swans?.id ?? 0)).contentHtml).toContain('href="https://fieldnotes.example/archive/counts.html"');
  });

  it('refuses bad addresses, duplicates, web pages and failing servers in plain words, storing nothing', async () => {
    const library = open();
    for (const address of ['not a url', 'ftp://example.com/feed', 'example.com/feed']) {
      const error = await rejection(library.addFeed(address));
      expect(error.code).toBe('invalid_url');
      expect(error.message).toBe('That is not a web address. Feed addresses start with http:// or https://.');
    }
    const page = await rejection(library.addFeed(server.url('/page.html')));
    expect(page).toMatchObject({ code: 'not_a_feed', message: 'This address is a web page, not a feed.' });
    const missing = await rejection(library.addFeed(server.url('/nothing-here.xml')));
    expect(missing).toMatchObject({ code: 'fetch_failed', message: 'The server answered 404 Not Found.' });
    expect(await library.listSources()).toEqual([]);

    await library.addFeed(server.url('/rss.xml'));
    const duplicate = await rejection(library.addFeed(`${server.url('/rss.xml')}#again`));
    expect(duplicate).toMatchObject({ code: 'already_exists', message: 'You already follow “The Harbour Gazette & Evening Post”.' });
    expect(await library.listSources()).toHaveLength(1);
  });

  it('reports missing articles and sources as not_found', async () => {
    const library = open();
    expect(await rejection(library.getArticle(12345))).toMatchObject({ code: 'not_found' });
    expect(await rejection(library.setBookmarked(12345, true))).toMatchObject({ code: 'not_found' });
    expect(await rejection(library.removeSource(12345))).toMatchObject({ code: 'not_found' });
    expect(await rejection(library.refresh(12345))).toMatchObject({ code: 'not_found' });
  });

  it('removes a source together with its articles', async () => {
    const library = open();
    const source = await library.addFeed(server.url('/rss.xml'));
    const changes = record(library, 'libraryChanged');
    expect(await library.removeSource(source.id)).toBeNull();
    expect(changes).toEqual([{ reason: 'sources', sourceIds: [source.id] }]);
    expect(await library.listSources()).toEqual([]);
    expect((await library.listArticles({ view: 'all', limit: 10 })).items).toEqual([]);
  });

  it('keeps bookmarked articles, without a feed, when their feed is removed', async () => {
    const library = open();
    const source = await library.addFeed(server.url('/rss.xml'));
    const [first, second] = (await library.listArticles({ view: 'all', limit: 10 })).items;
    if (!first || !second) throw new Error('The fixture feed has at least two items.');
    await library.setBookmarked(first.id, true);
    await library.removeSource(source.id);

    const kept = (await library.listArticles({ view: 'bookmarked', limit: 10 })).items;
    expect(kept.map((a) => a.id)).toEqual([first.id]);
    expect(kept[0]).toMatchObject({ sourceId: null, sourceTitle: source.title, bookmarked: true, title: first.title });
    expect((await library.getArticle(first.id)).contentHtml).not.toBe('');
    expect((await library.listArticles({ view: 'all', limit: 10 })).items.map((a) => a.id)).toEqual([first.id]);
    expect((await library.search({ query: first.title.split(' ')[0] ?? '', limit: 10 })).items.map((a) => a.id)).toContain(first.id);

    // Subscribing again brings the feed's other items back; the kept bookmark is not duplicated into a clash.
    await library.addFeed(server.url('/rss.xml'));
    const all = (await library.listArticles({ view: 'all', limit: 50 })).items;
    expect(all.filter((a) => a.id === first.id)).toHaveLength(1);
  });

  it('stops calling a listener after it unsubscribes', async () => {
    const library = open();
    const seen: unknown[] = [];
    const unsubscribe = library.on('libraryChanged', (p) => seen.push(p));
    await library.updateSettings({ theme: 'dark' });
    unsubscribe();
    await library.updateSettings({ theme: 'light' });
    expect(seen).toEqual([{ reason: 'settings', sourceIds: [] }]);
  });

  it('says so when the data folder cannot hold a library', () => {
    // A file where the folder should be.
    const blocked = join(dataDir, 'file');
    writeFileSync(blocked, 'x');
    expect(() => openLibrary({ dataDir: blocked, settings: createConfSettingsStore({ cwd: dataDir }) })).toThrow(
      expect.objectContaining({ code: 'storage_failed' }),
    );
  });
});

describe('Library: refreshing', () => {
  it('adds new items, updates edited ones in place, keeps read and bookmark state', async () => {
    let items: Array<{ guid: string; title: string; body?: string }> = [
      { guid: 'a', title: 'Alpha' },
      { guid: 'b', title: 'Beta' },
    ];
    server.route('/changing.xml', serveFeed(() => rss(items)));
    const library = open();
    const source = await library.addFeed(server.url('/changing.xml'));
    const beta = (await library.listArticles({ view: 'all', limit: 10 })).items.find((a) => a.title === 'Beta');
    await library.setRead([beta?.id ?? 0], true);
    await library.setBookmarked(beta?.id ?? 0, true);

    items = [{ guid: 'c', title: 'Gamma' }, { guid: 'a', title: 'Alpha' }, { guid: 'b', title: 'Beta (corrected)', body: '<p>Fixed.</p>' }];
    expect(await library.refresh()).toEqual({ sources: 1, newArticles: 1, failed: 0, offline: false });
    const after = (await library.listArticles({ view: 'all', limit: 10 })).items;
    expect(after).toHaveLength(3);
    expect(after.find((a) => a.id === beta?.id)).toMatchObject({ title: 'Beta (corrected)', read: true, bookmarked: true });
    expect((await library.getArticle(beta?.id ?? 0)).contentHtml).toBe('<p>Fixed.</p>');

    // Same content again: nothing new, nothing duplicated.
    expect(await library.refresh(source.id)).toEqual({ sources: 1, newArticles: 0, failed: 0, offline: false });
    expect((await library.listArticles({ view: 'all', limit: 10 })).items).toHaveLength(3);
  });

  it('uses conditional GET: a 304 changes nothing and counts as success', async () => {
    server.route('/etag.xml', serveFeed(fixture('rss2.xml'), 'application/rss+xml', '"abc"'));
    const library = open();
    await library.addFeed(server.url('/etag.xml'));
    expect(await library.refresh()).toEqual({ sources: 1, newArticles: 0, failed: 0, offline: false });
    const last = server.requests.filter((r) => r.path === '/etag.xml').at(-1);
    expect(last?.headers['if-none-match']).toBe('"abc"');
    expect((await library.listSources())[0]).toMatchObject({ articleCount: 4, lastError: null });
  });

  const BUSY_503 = expect.stringMatching(/^The server answered 503 Service Unavailable\. Broadsheet will wait until (\w{3} )?\d\d:\d\d before asking again\.$/);

  it('reports progress per source; one failing feed does not stop the others, and its error is kept until it works', async () => {
    let failing = false;
    server.route('/flaky.xml', (request, response) => {
      if (failing) response.writeHead(503).end();
      else serveFeed(fixture('atom.xml'), 'application/atom+xml')(request, response);
    });
    const library = open();
    const good = await library.addFeed(server.url('/rss.xml'));
    const flaky = await library.addFeed(server.url('/flaky.xml'));
    failing = true;
    const progress = record(library, 'refreshProgress');
    const changes = record(library, 'libraryChanged');

    expect(await library.refresh()).toEqual({ sources: 2, newArticles: 0, failed: 1, offline: false });
    expect(progress[0]).toEqual({ done: 0, total: 2, running: true, sourceId: null, error: null, offline: false });
    expect(progress.slice(1, 3)).toEqual(
      expect.arrayContaining([
        { done: expect.any(Number), total: 2, running: true, sourceId: good.id, error: null, offline: false },
        { done: expect.any(Number), total: 2, running: true, sourceId: flaky.id, error: BUSY_503, offline: false },
      ]),
    );
    expect(progress.slice(1, 3).map((p) => p.done)).toEqual([1, 2]);
    expect(progress.at(-1)).toEqual({ done: 2, total: 2, running: false, sourceId: null, error: null, offline: false });
    expect(progress).toHaveLength(4);
    expect(changes).toEqual([{ reason: 'articles', sourceIds: [good.id, flaky.id] }]);

    const listed = await library.listSources();
    expect(listed.find((s) => s.id === flaky.id)?.lastError).toEqual(BUSY_503);
    expect(listed.find((s) => s.id === flaky.id)?.articleCount).toBe(3);
    expect(listed.find((s) => s.id === good.id)?.lastError).toBeNull();

    failing = false;
    expect(await library.refresh(flaky.id)).toEqual({ sources: 1, newArticles: 0, failed: 0, offline: false });
    expect((await library.listSources()).find((s) => s.id === flaky.id)?.lastError).toBeNull();
  });

  it('shares a refresh that is already running instead of starting another', async () => {
    const library = open();
    await library.addFeed(server.url('/rss.xml'));
    const before = server.requests.length;
    const [a, b, c] = await Promise.all([library.refresh(), library.refresh(), library.refresh(1)]);
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(server.requests.length - before).toBe(1);
  });

  it('downloads at most two feeds at once from one host', async () => {
    let active = 0;
    let peak = 0;
    const slow = (path: string) =>
      server.route(path, (request, response) => {
        active += 1;
        peak = Math.max(peak, active);
        setTimeout(() => {
          active -= 1;
          serveFeed(rss([{ guid: path, title: path }]))(request, response);
        }, 60);
      });
    const library = open();
    for (let i = 0; i < 7; i += 1) {
      slow(`/slow-${i}.xml`);
      await library.addFeed(server.url(`/slow-${i}.xml`));
    }
    peak = 0;
    expect(await library.refresh()).toEqual({ sources: 7, newArticles: 0, failed: 0, offline: false });
    expect(peak).toBe(2);
  });

  it('refreshes on the interval from settings once started, and follows changes to it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let fetches = 0;
    const counting: typeof fetch = (input, init) => {
      fetches += 1;
      return fetch(input, init);
    };
    const library = open({ fetch: counting });
    await library.updateSettings({ refreshIntervalMinutes: 5 });
    await library.addFeed(server.url('/rss.xml'));
    fetches = 0;
    library.startAutoRefresh();

    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(fetches).toBe(0);
    const done = new Promise<void>((resolve) => library.on('refreshProgress', (p) => !p.running && resolve()));
    await vi.advanceTimersByTimeAsync(60_000);
    vi.useRealTimers();
    await done;
    expect(fetches).toBe(1);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await library.updateSettings({ refreshIntervalMinutes: 0 });
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(fetches).toBe(1);
  });
});

describe('Library: settings', () => {
  it('reads and updates settings, persisting them in settings.json in the data folder', async () => {
    const library = open();
    expect(await library.getSettings()).toEqual({ ...DEFAULT_SETTINGS, downloadFullArticles: 'never' });
    expect(await library.updateSettings({ theme: 'dark', downloadFullArticles: 'bookmarked' })).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      downloadFullArticles: 'bookmarked',
      refreshIntervalMinutes: 30,
      markReadOnOpen: true,
    });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'dark', downloadFullArticles: 'bookmarked' });
    await expect(library.updateSettings({ downloadFullArticles: 'always' } as never)).rejects.toThrow();
    await expect(library.updateSettings({ theme: 'neon' } as never)).rejects.toThrow();
  });

  it('refuses calls after close in plain words', async () => {
    const library = open();
    library.close();
    library.close();
    expect(await rejection(library.listSources())).toMatchObject({ code: 'storage_failed', message: 'The library has been closed.' });
  });
});
