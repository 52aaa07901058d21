// Full articles, read-later and offline reading, end to end through the
// Library: a real HTTP server on 127.0.0.1 serves feeds, article pages and
// real PNG images; the real fetcher, extractor, image store and database do
// the rest.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadPolicy } from '../shared/models.ts';
import { assetNameFromUrl } from './articles/asset-store.ts';
import { openLibrary, type Library } from './library.ts';
import type { LookupAll } from './net/address-guard.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { openDatabase } from './store/database.ts';
import { serveFeed, startLocalServer, type LocalServer } from './testing/local-server.ts';
import { record, rejection } from './testing/library-probes.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');

let server: LocalServer;
let dataDir: string;
const opened: Library[] = [];

/** A real PNG of the given size, each one different (the colour comes from `seed`). */
function png(width: number, height: number, seed: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x += 1) row.set([(seed * 40) % 256, (x * 7) % 256, (seed * 90) % 256], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PARAGRAPHS = [
  'The harbour board met on Tuesday evening to decide the future of the old fish market, which has stood empty since the spring floods damaged its roof and most of the stalls along the quay.',
  'Several traders told the meeting that they would return if the building were repaired before the summer season, when visitors fill the town and the ferries run every hour from the pier.',
  'The board agreed to commission a survey of the roof and the sea wall, and to publish the results in January so that everyone who uses the market can see what the repairs would cost.',
  'A local architect offered to draw up plans at no charge, and the lifeboat crew said they would help clear the debris from the lower hall on the next two Saturdays if the weather holds.',
];

/** A realistic article page: navigation, share bar, a figure and a lead image, then the story. */
function articlePage(options: { title: string; image: string; lead?: string; canonical?: string; extraImage?: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${options.title} | The Quay Herald</title>
    <meta property="og:site_name" content="The Quay Herald">
    <meta property="og:type" content="article">
    ${options.lead ? `<meta property="og:image" content="${options.lead}">` : ''}
    ${options.canonical ? `<link rel="canonical" href="${options.canonical}">` : ''}
    <meta property="article:published_time" content="2026-11-20T08:00:00Z">
    <meta name="author" content="Morag Baird">
    </head><body>
    <header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
    <main><article>
      <h1>${options.title}</h1>
      <p class="byline">By Morag Baird</p>
      <figure><img src="${options.image}" alt="The old fish market" width="800" height="500"><figcaption>The old fish market on the quay.</figcaption></figure>
      ${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
      ${options.extraImage ? `<p><img src="${options.extraImage}" alt="The sea wall"></p>` : ''}
      <p>The next meeting of the board is on the second Tuesday of December, in the lifeboat station hall.</p>
    </article></main>
    <footer><p>Follow us on social media</p><a href="/privacy">Privacy</a></footer>
    </body></html>`;
}

function feed(items: Array<{ guid: string; path: string; title: string }>): string {
  const entries = items
    .map(
      (item, n) => `<item><title>${item.title}</title><guid>${item.guid}</guid><link>${server.url(item.path)}</link>
        <pubDate>${new Date(Date.UTC(2026, 10, 20, 12 - n)).toUTCString()}</pubDate>
        <description>A short teaser for ${item.title}.</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>The Quay Herald</title><link>${server.url('/')}</link>${entries}</channel></rss>`;
}

function serveImage(bytes: Buffer, type = 'image/png') {
  return serveFeed(bytes.toString('latin1'), type);
}

function routeImage(path: string, bytes: Buffer) {
  server.route(path, (_request, response) => {
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(bytes.length) }).end(bytes);
  });
}

function open(policy: DownloadPolicy = 'new', options: { fetch?: typeof fetch } = {}): Library {
  const settings = createConfSettingsStore({ cwd: dataDir });
  settings.update({ downloadFullArticles: policy });
  const library = openLibrary({ dataDir, settings, now: () => NOW, ...options });
  opened.push(library);
  return library;
}



/** Every image file in the library's asset folder, as asset names. */
function storedAssets(): string[] {
  const root = join(dataDir, 'assets');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).filter((f) => !f.startsWith('.')).map((f) => `${d.name}/${f}`))
    .filter((name) => /^[0-9a-f]{2}\/[0-9a-f]{64}\.\w+$/.test(name))
    .sort();
}

/** The asset names an article's HTML and metadata point at. */
function assetsIn(html: string): string[] {
  return [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1] ?? '').filter((src) => src.startsWith('/asset/'));
}

beforeEach(async () => {
  server = await startLocalServer();
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-downloads-'));
  routeImage('/img/market.png', png(64, 40, 1));
  routeImage('/img/lead.png', png(120, 80, 2));
  routeImage('/img/wall.png', png(50, 50, 3));
  server.route('/pixel.gif', serveImage(png(1, 1, 9)));
  server.route(
    '/news/market.html',
    serveFeed(articlePage({ title: 'Fish market to be surveyed', image: '/img/market.png', lead: '/img/lead.png' }), 'text/html; charset=utf-8'),
  );
  server.route(
    '/news/wall.html',
    serveFeed(articlePage({ title: 'Sea wall repairs begin', image: '/img/wall.png', extraImage: '/missing.png' }), 'text/html'),
  );
  server.route('/video.html', serveFeed('<!doctype html><html><head><title>Watch</title><meta property="og:type" content="video.other"></head><body><video src="/v.mp4"></video><p>Watch the video.</p></body></html>', 'text/html'));
  server.route(
    '/feed.xml',
    serveFeed(() =>
      feed([
        { guid: 'market', path: '/news/market.html', title: 'Fish market to be surveyed' },
        { guid: 'wall', path: '/news/wall.html', title: 'Sea wall repairs begin' },
      ]),
    ),
  );
});

afterEach(async () => {
  for (const library of opened.splice(0)) library.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Library: full articles on refresh', () => {
  it('downloads new items with their images, shows progress, and reads them from local assets only', async () => {
    const library = open('new');
    const progress = record(library, 'downloadProgress');
    const changes = record(library, 'libraryChanged');
    await library.addFeed(server.url('/feed.xml'));
    await library.downloadsIdle();

    const items = (await library.listArticles({ view: 'all', limit: 10 })).items;
    expect(items.map((a) => [a.title, a.download])).toEqual([
      ['Fish market to be surveyed', 'done'],
      ['Sea wall repairs begin', 'done'],
    ]);
    const market = await library.getArticle(items[0]?.id ?? 0);
    expect(market).toMatchObject({
      title: 'Fish market to be surveyed',
      author: expect.stringMatching(/Morag Baird/),
      siteName: 'The Quay Herald',
      lang: 'en',
      download: 'done',
      downloadError: null,
      readingMinutes: 1,
      wordCount: expect.any(Number),
      leadImageUrl: expect.stringMatching(/^\/asset\//),
      thumbnailUrl: expect.stringMatching(/^\/asset\//),
    });
    expect(market.wordCount).toBeGreaterThan(100);
    expect(market.contentHtml).toContain('commission a survey of the roof');
    expect(market.contentHtml).not.toMatch(/Follow us|Privacy|<nav/);
    // Every image now points at a stored file; nothing points at the web.
    expect(market.contentHtml).not.toContain(server.origin);
    const srcs = assetsIn(market.contentHtml);
    expect(srcs.length).toBeGreaterThan(0);
    for (const src of [...srcs, market.leadImageUrl ?? '']) {
      const name = assetNameFromUrl(src);
      expect(name && library.assets.has(name), src).toBe(true);
    }

    // The image that could not be fetched is a neat placeholder, not a broken link.
    const wall = await library.getArticle(items[1]?.id ?? 0);
    expect(wall.contentHtml).toContain('bs-missing-image');
    expect(wall.contentHtml).not.toContain('/missing.png');

    // Each article went queued → downloading → done, and the count of pending ones ran down to nothing.
    for (const item of items) {
      expect(progress.filter((p) => p.articleId === item.id).map((p) => p.state)).toEqual(['queued', 'downloading', 'done']);
    }
    expect(progress.at(-1)?.pending).toBe(0);
    expect(changes.filter((c) => c.reason === 'downloads')).toHaveLength(2);
  });

  it('downloads nothing on refresh when set to "never" or "bookmarked", but always when an article is bookmarked', async () => {
    const library = open('never');
    await library.addFeed(server.url('/feed.xml'));
    await library.downloadsIdle();
    const [market] = (await library.listArticles({ view: 'all', limit: 10 })).items;
    expect(market?.download).toBe('none');
    expect(server.requests.some((r) => r.path.startsWith('/news/'))).toBe(false);

    await library.updateSettings({ downloadFullArticles: 'bookmarked' });
    server.route(
      '/feed.xml',
      serveFeed(feed([{ guid: 'video', path: '/video.html', title: 'Watch the launch' }, { guid: 'market', path: '/news/market.html', title: 'Fish market to be surveyed' }])),
    );
    expect(await library.refresh()).toMatchObject({ newArticles: 1, offline: false });
    await library.downloadsIdle();
    expect(server.requests.some((r) => r.path === '/video.html')).toBe(false);

    await library.setBookmarked(market?.id ?? 0, true);
    await library.downloadsIdle();
    expect(await library.getArticle(market?.id ?? 0)).toMatchObject({ download: 'done', bookmarked: true });
    expect((await library.listArticles({ view: 'bookmarked', limit: 10 })).items[0]?.download).toBe('done');
  });

  it('keeps a page that is not an article as it came from the feed, marked not_article', async () => {
    server.route('/feed.xml', serveFeed(() => feed([{ guid: 'video', path: '/video.html', title: 'Watch the launch' }])));
    const library = open('new');
    await library.addFeed(server.url('/feed.xml'));
    await library.downloadsIdle();
    const [video] = (await library.listArticles({ view: 'all', limit: 10 })).items;
    const article = await library.getArticle(video?.id ?? 0);
    expect(article).toMatchObject({ download: 'not_article', downloadError: null, title: 'Watch the launch' });
    expect(article.contentHtml).toContain('A short teaser for Watch the launch.');
  });

  it('records a failure in plain words, and a retry with downloadArticle stores the article', async () => {
    let broken = true;
    server.route('/news/flaky.html', (request, response) => {
      if (broken) response.writeHead(503).end();
      else serveFeed(articlePage({ title: 'Ferry back in service', image: '/img/market.png' }), 'text/html')(request, response);
    });
    server.route('/feed.xml', serveFeed(() => feed([{ guid: 'flaky', path: '/news/flaky.html', title: 'Ferry back in service' }])));
    const library = open('new');
    const progress = record(library, 'downloadProgress');
    await library.addFeed(server.url('/feed.xml'));
    await library.downloadsIdle();
    const [flaky] = (await library.listArticles({ view: 'all', limit: 10 })).items;
    expect(flaky?.download).toBe('failed');
    expect(await library.getArticle(flaky?.id ?? 0)).toMatchObject({ downloadError: 'The server answered 503 Service Unavailable.' });
    expect(progress.at(-1)).toEqual({ articleId: flaky?.id, state: 'failed', error: 'The server answered 503 Service Unavailable.', pending: 0 });

    broken = false;
    const retried = await library.downloadArticle(flaky?.id ?? 0);
    expect(retried).toMatchObject({ id: flaky?.id, download: 'done', readingMinutes: 1, thumbnailUrl: expect.stringMatching(/^\/asset\//) });
    expect(await library.getArticle(flaky?.id ?? 0)).toMatchObject({ downloadError: null });

    // Once stored, a failed fresh download leaves the stored article whole and says what went wrong.
    broken = true;
    expect(await library.downloadArticle(flaky?.id ?? 0)).toMatchObject({ download: 'done' });
    expect(await library.getArticle(flaky?.id ?? 0)).toMatchObject({
      download: 'done',
      downloadError: 'The server answered 503 Service Unavailable.',
      contentHtml: expect.stringContaining('commission a survey'),
    });

    expect(await rejection(library.downloadArticle(424242))).toMatchObject({ code: 'not_found' });
  });

  it('asking twice for the same article runs one download', async () => {
    const library = open('never');
    await library.addFeed(server.url('/feed.xml'));
    const [market] = (await library.listArticles({ view: 'all', limit: 10 })).items;
    const before = server.requests.filter((r) => r.path === '/news/market.html').length;
    const [a, b] = await Promise.all([library.downloadArticle(market?.id ?? 0), library.downloadArticle(market?.id ?? 0)]);
    expect(a).toEqual(b);
    expect(server.requests.filter((r) => r.path === '/news/market.html').length - before).toBe(1);
  });
});

describe('Library: a hostile feed cannot make Broadsheet fetch on the reader\u2019s network', () => {
  it('does not fetch an item linking to another kind of local address than its feed, and says why in plain words', async () => {
    // The feed is on 127.0.0.1 (this computer); its items point into the LAN, and a page of its own redirects there.
    const asked: string[] = [];
    const recording: typeof fetch = (input, init) => {
      asked.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const lookup: LookupAll = async (hostname) => {
      if (hostname === 'intranet.test') return [{ address: '10.0.0.5', family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    };
    server.route('/news/hop.html', (_request, response) => response.writeHead(302, { location: 'http://192.168.7.7/router' }).end());
    server.route(
      '/news/metadata.html',
      serveFeed(articlePage({ title: 'Harbour lights', image: '/img/market.png', extraImage: 'http://169.254.169.254/latest/meta-data/x.png' }), 'text/html'),
    );
    const items = [
      ['intranet', 'http://intranet.test/story.html', 'Intranet story'],
      ['literal', 'http://[fd00::7]/story.html', 'Unique local story'],
      ['hop', server.url('/news/hop.html'), 'Redirected story'],
      ['metadata', server.url('/news/metadata.html'), 'Harbour lights'],
    ]
      .map(([guid, link, title]) => `<item><title>${title}</title><guid>${guid}</guid><link>${link}</link><description>Teaser.</description></item>`)
      .join('');
    server.route('/feed.xml', serveFeed(`<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>${items}</channel></rss>`));

    const settings = createConfSettingsStore({ cwd: dataDir });
    settings.update({ downloadFullArticles: 'new' });
    const library = openLibrary({ dataDir, settings, now: () => NOW, fetch: recording, lookup });
    opened.push(library);
    await library.addFeed(server.url('/feed.xml'));
    await library.downloadsIdle();

    const listed = (await library.listArticles({ view: 'all', limit: 10 })).items;
    const byTitle = new Map(await Promise.all(listed.map(async (a) => [a.title, await library.getArticle(a.id)] as const)));
    for (const title of ['Intranet story', 'Unique local story', 'Redirected story']) {
      expect([title, byTitle.get(title)?.download, byTitle.get(title)?.downloadError]).toEqual([
        title,
        'failed',
        'Broadsheet does not fetch addresses on your own network on its own.',
      ]);
    }
    // A page on the feed's own kind of address is stored; its image on the metadata address is a placeholder.
    const harbour = byTitle.get('Harbour lights');
    expect(harbour?.download).toBe('done');
    expect(harbour?.contentHtml).toContain('bs-missing-image');
    expect(asked.filter((url) => !url.startsWith(server.origin))).toEqual([]);
    expect(asked).toContain(server.url('/news/hop.html'));
  });
});

describe('Library: read later', () => {
  it('saves a page with its images; saving it again returns the same one, back from the archive', async () => {
    const library = open('never');
    const changes = record(library, 'libraryChanged');
    const saved = await library.saveUrl(server.url('/news/market.html'));
    expect(saved).toMatchObject({
      sourceId: null,
      sourceTitle: 'The Quay Herald',
      title: 'Fish market to be surveyed',
      url: server.url('/news/market.html'),
      saved: true,
      archived: false,
      download: 'done',
      readingMinutes: 1,
      thumbnailUrl: expect.stringMatching(/^\/asset\//),
      publishedAt: '2026-11-20T08:00:00.000Z',
    });
    expect(changes).toEqual([{ reason: 'saved', sourceIds: [] }]);
    const article = await library.getArticle(saved.id);
    expect(article.contentHtml).toContain('commission a survey');
    expect(article.contentHtml).not.toContain(server.origin);
    expect((await library.listArticles({ view: 'saved', limit: 10 })).items.map((a) => a.id)).toEqual([saved.id]);

    await library.setArchived(saved.id, true);
    expect((await library.listArticles({ view: 'saved', limit: 10 })).items).toEqual([]);
    expect((await library.listArticles({ view: 'archive', limit: 10 })).items.map((a) => a.id)).toEqual([saved.id]);

    const pageRequests = server.requests.filter((r) => r.path === '/news/market.html').length;
    const again = await library.saveUrl(`${server.url('/news/market.html')}#comments`);
    expect(again).toMatchObject({ id: saved.id, archived: false });
    expect(server.requests.filter((r) => r.path === '/news/market.html').length).toBe(pageRequests);
    expect((await library.listArticles({ view: 'saved', limit: 10 })).items).toHaveLength(1);
    // Saved pages are not feeds: the sources list stays empty.
    expect(await library.listSources()).toEqual([]);
  });

  it('refuses what is not a web address, and stores nothing when the page cannot be fetched', async () => {
    const library = open('never');
    for (const address of ['not a url', 'ftp://example.com/x', 'javascript:alert(1)']) {
      expect(await rejection(library.saveUrl(address))).toMatchObject({
        code: 'invalid_url',
        message: 'That is not a web address. Page addresses start with http:// or https://.',
      });
    }
    expect(await rejection(library.saveUrl(server.url('/nowhere.html')))).toMatchObject({ code: 'fetch_failed' });
    expect((await library.listArticles({ view: 'saved', limit: 10 })).items).toEqual([]);
    expect(await rejection(library.setArchived(424242, true))).toMatchObject({ code: 'not_found' });
  });

  it('archives only saved pages', async () => {
    const library = open('never');
    await library.addFeed(server.url('/feed.xml'));
    const [market] = (await library.listArticles({ view: 'all', limit: 10 })).items;
    expect(await rejection(library.setArchived(market?.id ?? 0, true))).toMatchObject({ code: 'invalid_input' });
  });

  it('imports an HTML file, taking its address from the canonical link and fetching its web images', async () => {
    // An address a file names is held to the internet (the file chose it, not the
    // reader), so the local server goes by a public name here: a lookup that answers
    // a public address, and a fetch that still connects to the local server.
    const publicUrl = (path: string) => server.url(path).replace('//127.0.0.1:', '//quay-herald.example:');
    const lookup: LookupAll = async () => [{ address: '93.184.216.34', family: 4 }];
    const viaLoopback: typeof fetch = (input, init) =>
      fetch(String(input instanceof Request ? input.url : input).replace('//quay-herald.example:', '//127.0.0.1:'), init);
    const settings = createConfSettingsStore({ cwd: dataDir });
    settings.update({ downloadFullArticles: 'never' });
    const library = openLibrary({ dataDir, settings, now: () => NOW, fetch: viaLoopback, lookup });
    opened.push(library);
    const html = articlePage({
      title: 'Lifeboat station reopens',
      image: publicUrl('/img/wall.png'),
      canonical: publicUrl('/news/lifeboat.html'),
      extraImage: 'images/local-only.png',
    });
    const imported = await library.importHtml({ html, fileName: 'Lifeboat station reopens.html' });
    expect(imported).toMatchObject({ saved: true, url: publicUrl('/news/lifeboat.html'), title: 'Lifeboat station reopens', download: 'done' });
    const article = await library.getArticle(imported.id);
    expect(assetsIn(article.contentHtml)).toHaveLength(1);
    // The relative image resolves against the canonical address, which serves nothing: a placeholder.
    expect(article.contentHtml).toContain('bs-missing-image');
    // The same file again is the same article.
    expect((await library.importHtml({ html, fileName: 'copy.html' })).id).toBe(imported.id);
    // So is saving its address.
    expect((await library.saveUrl(publicUrl('/news/lifeboat.html'))).id).toBe(imported.id);
  });

  it('imports a file that names no address under its contents, with placeholders for its local images', async () => {
    const library = open('never');
    const html = articlePage({ title: 'Notes from the quay', image: 'Notes_files/photo.jpg' }).replace(
      '</article>',
      '<p>Anyone may read <a href="minutes.html">the minutes of the meeting</a> at the harbour office on weekdays.</p></article>',
    );
    const imported = await library.importHtml({ html, fileName: 'C:\\Users\\me\\Notes from the quay.html' });
    expect(imported).toMatchObject({ url: null, saved: true, download: 'done', title: 'Notes from the quay' });
    const article = await library.getArticle(imported.id);
    expect(article.contentHtml).toContain('bs-missing-image');
    expect(article.contentHtml).toContain('aria-label="The old fish market"');
    // A link into a file that has no address keeps its words and loses the link.
    expect(article.contentHtml).toMatch(/read (<a[^>]*>)?the minutes of the meeting/);
    expect(article.contentHtml).not.toMatch(/broadsheet\.invalid|file:/);
    expect(server.requests.filter((r) => r.path.includes('photo'))).toEqual([]);
    expect((await library.importHtml({ html })).id).toBe(imported.id);
    expect(await rejection(library.downloadArticle(imported.id))).toMatchObject({ code: 'invalid_input' });

    const empty = await rejection(library.importHtml({ html: '<html><body><p>Hi</p></body></html>', fileName: 'hi.html' }));
    expect(empty).toMatchObject({ code: 'invalid_input' });
    expect(await rejection(library.importHtml({ html, url: 'ftp://x.example/' }))).toMatchObject({ code: 'invalid_url' });
    expect(await rejection(library.importHtml({ html: '' } as never))).toMatchObject({ code: 'invalid_input' });
  });
});

describe('Library: offline and clean-up', () => {
  it('reports offline once when no source can be reached, keeping each feed its error', async () => {
    const library = open('never');
    const a = await library.addFeed(server.url('/feed.xml'));
    server.route('/other.xml', serveFeed(() => feed([])));
    const b = await library.addFeed(server.url('/other.xml'));
    await server.close();
    const progress = record(library, 'refreshProgress');
    const result = await library.refresh();
    expect(result).toEqual({ sources: 2, newArticles: 0, failed: 2, offline: true });
    expect(progress.at(-1)).toMatchObject({ running: false, offline: true });
    expect(progress.slice(0, -1).every((p) => !p.offline)).toBe(true);
    const listed = await library.listSources();
    for (const id of [a.id, b.id]) expect(listed.find((s) => s.id === id)?.lastError).toMatch(/refused the connection|was cut off/);
    // Everything stored still reads.
    expect((await library.listArticles({ view: 'all', limit: 10 })).items).toHaveLength(2);
    server = await startLocalServer(); // for afterEach
  });

  it('is not offline when a server answered, even with an error', async () => {
    const library = open('never');
    await library.addFeed(server.url('/feed.xml'));
    server.route('/feed.xml', (_request, response) => response.writeHead(500).end());
    expect(await library.refresh()).toEqual({ sources: 1, newArticles: 0, failed: 1, offline: false });
  });

  it('removing a source deletes its images, keeping those a saved page also uses', async () => {
    const library = open('new');
    const source = await library.addFeed(server.url('/feed.xml'));
    await library.downloadsIdle();
    const saved = await library.saveUrl(server.url('/news/market.html'));
    const savedImages = assetsIn((await library.getArticle(saved.id)).contentHtml).map((src) => assetNameFromUrl(src));
    const before = storedAssets();
    expect(before.length).toBeGreaterThanOrEqual(3);

    await library.removeSource(source.id);
    await library.downloadsIdle();
    const after = storedAssets();
    expect(after.length).toBeLessThan(before.length);
    for (const name of savedImages) expect(after).toContain(name);
    // The saved page still reads with its pictures.
    expect((await library.getArticle(saved.id)).download).toBe('done');
  });

  it('an article deleted while it downloads leaves no images behind', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.route('/img/slow.png', (_request, response) => {
      void gate.then(() => response.writeHead(200, { 'content-type': 'image/png' }).end(png(30, 30, 7)));
    });
    server.route('/news/slow.html', serveFeed(articlePage({ title: 'Slow story', image: '/img/slow.png' }), 'text/html'));
    server.route('/feed.xml', serveFeed(() => feed([{ guid: 'slow', path: '/news/slow.html', title: 'Slow story' }])));
    const library = open('new');
    const source = await library.addFeed(server.url('/feed.xml'));
    while (!server.requests.some((r) => r.path === '/img/slow.png')) await new Promise((r) => setTimeout(r, 10));
    await library.removeSource(source.id);
    release();
    await library.downloadsIdle();
    await new Promise((r) => setTimeout(r, 50));
    expect(storedAssets()).toEqual([]);
  });

  it('on start, deletes stored images no article uses (left by a crash), keeping the ones in use', async () => {
    const library = open('never');
    const saved = await library.saveUrl(server.url('/news/market.html'));
    const inUse = storedAssets();
    expect(inUse.length).toBeGreaterThan(0);
    const orphan = `${'ef'}/${'ef'.padEnd(64, '0')}.png`;
    mkdirSync(join(dataDir, 'assets', 'ef'), { recursive: true });
    writeFileSync(join(dataDir, 'assets', orphan), png(10, 10, 5));
    library.close();

    const reopened = open('never');
    reopened.startAutoRefresh();
    for (let i = 0; i < 50 && storedAssets().includes(orphan); i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(storedAssets()).toEqual(inUse);
    expect((await reopened.getArticle(saved.id)).download).toBe('done');
  });

  it('downloads at most three articles at once', async () => {
    let active = 0;
    let peak = 0;
    const items = Array.from({ length: 7 }, (_, i) => ({ guid: `s${i}`, path: `/news/s${i}.html`, title: `Story ${i}` }));
    for (const item of items) {
      server.route(item.path, (request, response) => {
        active += 1;
        peak = Math.max(peak, active);
        setTimeout(() => {
          active -= 1;
          serveFeed(articlePage({ title: item.title, image: '/img/market.png' }), 'text/html')(request, response);
        }, 40);
      });
    }
    server.route('/feed.xml', serveFeed(() => feed(items)));
    const library = open('new');
    await library.addFeed(server.url('/feed.xml'));
    await library.downloadsIdle();
    expect(peak).toBe(3);
    const listed = (await library.listArticles({ view: 'all', limit: 10 })).items;
    expect(listed.every((a) => a.download === 'done')).toBe(true);
  });

  it('closing stops downloads cleanly; they resume when the library starts again', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let hold = true;
    server.route('/news/held.html', (request, response) => {
      if (hold) void gate.then(() => response.destroy());
      else serveFeed(articlePage({ title: 'Held story', image: '/img/market.png' }), 'text/html')(request, response);
    });
    server.route('/feed.xml', serveFeed(() => feed([{ guid: 'held', path: '/news/held.html', title: 'Held story' }])));
    const library = open('new');
    await library.addFeed(server.url('/feed.xml'));
    while (!server.requests.some((r) => r.path === '/news/held.html')) await new Promise((r) => setTimeout(r, 10));
    library.close();
    release();
    await new Promise((r) => setTimeout(r, 50));

    // Left as "downloading" on disk; the next start picks it up.
    const db = openDatabase(dataDir);
    expect(db.sql.prepare('SELECT download_state AS s FROM articles').all()).toEqual([{ s: 'downloading' }]);
    db.close();
    hold = false;
    const reopened = open('new');
    reopened.startAutoRefresh();
    await new Promise((r) => setTimeout(r, 20));
    await reopened.downloadsIdle();
    expect((await reopened.listArticles({ view: 'all', limit: 10 })).items[0]?.download).toBe('done');
  });
});
