// Discovery and site icons through the Library: real local servers, a real
// library folder, the real address guard.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAssetRequest } from './articles/asset-serving.ts';
import { assetNameFromUrl } from './articles/asset-store.ts';
import type { Library } from './library.ts';
import { record, rejection } from './testing/library-probes.ts';
import { serveFeed, startLocalServer, type Handler, type LocalServer } from './testing/local-server.ts';
import { icoBytes } from './testing/test-icons.ts';
import { pngBytes } from './testing/test-images.ts';
import { testLibraries } from './testing/test-libraries.ts';

let server: LocalServer;
let dataDir: string;
let now = new Date('2026-11-24T12:00:00.000Z');
const { open, closeAll } = testLibraries(() => ({ dataDir, now: () => now }));

function rss(title: string, site: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>${site}</link>
    <item><title>${title} story</title><guid>${title}-1</guid><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>
    </channel></rss>`;
}

const serveBytes = (bytes: Uint8Array, contentType: string): Handler => (_request, response) => {
  response.writeHead(200, { 'content-type': contentType }).end(bytes);
};
const home = (head: string) => serveFeed(`<!doctype html><html><head><title>Site</title>${head}</head><body></body></html>`, 'text/html');
const requestsFor = (path: string) => server.requests.filter((r) => r.path === path).length;

/** The file a source's icon is stored in. */
function iconFile(library: Library, iconUrl: string | null): string {
  const name = assetNameFromUrl(iconUrl ?? '');
  expect(name, `${iconUrl} is an asset address`).not.toBeNull();
  return library.assets.pathOf(name ?? '') ?? '';
}

beforeEach(async () => {
  server = await startLocalServer();
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-discovery-'));
  now = new Date('2026-11-24T12:00:00.000Z');
});

afterEach(async () => {
  closeAll();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Library: discovering feeds', () => {
  it('lists a site’s feeds with previews and says which one is already followed', async () => {
    server.route('/', home(`<link rel="alternate" type="application/rss+xml" title="News" href="/news.xml">
      <link rel="alternate" type="application/rss+xml" title="Sport" href="/sport.xml">`));
    server.route('/news.xml', serveFeed(rss('News', server.url('/'))));
    server.route('/sport.xml', serveFeed(rss('Sport', server.url('/'))));
    const library = open();

    const before = await library.discoverFeeds(server.url('/'));
    expect(before.candidates.map((c) => [c.title, c.subscribedId, c.items.length])).toEqual([
      ['News', null, 1],
      ['Sport', null, 1],
    ]);
    const news = await library.addFeed(before.candidates[0]?.url ?? '');
    const after = await library.discoverFeeds(server.url('/'));
    expect(after.candidates.map((c) => c.subscribedId)).toEqual([news.id, null]);
  });

  it('refuses what is not an address, and says when there is no feed', async () => {
    server.route('/', home(''));
    const library = open();
    expect(await rejection(library.discoverFeeds('the news'))).toMatchObject({ code: 'invalid_url' });
    expect(await rejection(library.discoverFeeds(server.url('/')))).toMatchObject({ code: 'not_a_feed' });
  });
});

describe('Library: site icons', () => {
  it('fetches a new feed’s site icon in the background, stores it once, and does not ask again', async () => {
    server.route('/', home('<link rel="icon" sizes="48x48" href="/icon.png">'));
    server.route('/icon.png', serveBytes(pngBytes(48, 48), 'image/png'));
    server.route('/news.xml', serveFeed(rss('News', server.url('/'))));
    server.route('/sport.xml', serveFeed(rss('Sport', server.url('/'))));
    const library = open();
    const changes = record(library, 'libraryChanged');

    const news = await library.addFeed(server.url('/news.xml'));
    expect(news.iconUrl).toBeNull();
    await library.downloadsIdle();
    const [withIcon] = await library.listSources();
    expect(withIcon?.iconUrl).toMatch(/^\/asset\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
    expect(existsSync(iconFile(library, withIcon?.iconUrl ?? null))).toBe(true);
    expect(changes).toEqual([
      { reason: 'sources', sourceIds: [news.id] },
      { reason: 'sources', sourceIds: [news.id] },
    ]);

    // Another feed of the same site shares the stored file.
    await library.addFeed(server.url('/sport.xml'));
    await library.downloadsIdle();
    const icons = (await library.listSources()).map((s) => s.iconUrl);
    expect(new Set(icons)).toEqual(new Set([withIcon?.iconUrl]));

    const asked = requestsFor('/icon.png');
    await library.refresh();
    await library.downloadsIdle();
    expect(requestsFor('/icon.png')).toBe(asked);
  });

  it('keeps an icon while a feed uses it, and deletes it with the last feed that did', async () => {
    server.route('/', home(''));
    server.route('/favicon.ico', serveBytes(icoBytes(pngBytes(32, 32)), 'image/x-icon'));
    server.route('/news.xml', serveFeed(rss('News', server.url('/'))));
    server.route('/sport.xml', serveFeed(rss('Sport', server.url('/'))));
    const library = open();
    const news = await library.addFeed(server.url('/news.xml'));
    const sport = await library.addFeed(server.url('/sport.xml'));
    await library.downloadsIdle();
    const [first] = await library.listSources();
    expect(first?.iconUrl).toMatch(/\.ico$/);
    const file = iconFile(library, first?.iconUrl ?? null);
    // Both shells serve it, with its real type.
    expect(await resolveAssetRequest(library.assets, first?.iconUrl ?? '')).toMatchObject({ kind: 'file', contentType: 'image/x-icon' });

    // The sweep of unused images at start-up leaves icons alone.
    library.startAutoRefresh();
    await library.downloadsIdle();
    expect(existsSync(file)).toBe(true);

    await library.removeSource(news.id);
    await library.downloadsIdle();
    expect(existsSync(file)).toBe(true);
    await library.removeSource(sport.id);
    await library.downloadsIdle();
    expect(existsSync(file)).toBe(false);
  });

  it('remembers a site without an icon, and looks again a month later', async () => {
    server.route('/', home(''));
    server.route('/news.xml', serveFeed(rss('News', server.url('/'))));
    const library = open();
    await library.addFeed(server.url('/news.xml'));
    await library.downloadsIdle();
    expect((await library.listSources())[0]?.iconUrl).toBeNull();
    expect(requestsFor('/favicon.ico')).toBe(1);

    await library.refresh();
    await library.downloadsIdle();
    expect(requestsFor('/favicon.ico')).toBe(1);

    now = new Date('2026-12-26T12:00:00.000Z');
    server.route('/favicon.ico', serveBytes(icoBytes(pngBytes(16, 16), 16), 'image/x-icon'));
    await library.refresh();
    await library.downloadsIdle();
    expect(requestsFor('/favicon.ico')).toBe(2);
    expect((await library.listSources())[0]?.iconUrl).toMatch(/\.ico$/);
  });

  it('does not look for the icon of a feed whose refresh failed', async () => {
    let feedWorks = true;
    const feed = serveFeed(rss('News', server.url('/')));
    server.route('/news.xml', (request, response) => (feedWorks ? feed(request, response) : response.writeHead(500).end()));
    server.route('/', home(''));
    const library = open();
    await library.addFeed(server.url('/news.xml'));
    await library.downloadsIdle();
    expect(requestsFor('/favicon.ico')).toBe(1);

    now = new Date('2026-12-26T12:00:00.000Z');
    feedWorks = false;
    expect((await library.refresh()).failed).toBe(1);
    await library.downloadsIdle();
    expect(requestsFor('/favicon.ico')).toBe(1);
  });
});
