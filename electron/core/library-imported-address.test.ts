// An imported HTML file names its own address (canonical, og:url), but the
// reader did not choose it: a hostile file must not make Broadsheet fetch on
// the reader's own network, neither its images at import nor the page itself
// on a later "Download". Only an address the reader gave vouches for its
// network. The fetch and the resolver are stand-ins that record every request
// and never touch the network, so any address may be named safely.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from './library.ts';
import { OWN_NETWORK_MESSAGE, type LookupAll } from './net/address-guard.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { pngBytes } from './testing/test-images.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');

const PARAGRAPHS = [
  'The harbour board met on Tuesday evening to decide the future of the old fish market, which has stood empty since the spring floods damaged its roof and most of the stalls along the quay.',
  'Several traders told the meeting that they would return if the building were repaired before the summer season, when visitors fill the town and the ferries run every hour from the pier.',
  'The board agreed to commission a survey of the roof and the sea wall, and to publish the results in January so that everyone who uses the market can see what the repairs would cost.',
  'A local architect offered to draw up plans at no charge, and the lifeboat crew said they would help clear the debris from the lower hall on the next two Saturdays if the weather holds.',
];

/** A saved web page as a browser writes it: its address in a canonical link, its pictures wherever it says. */
function savedFile(options: { canonical?: string; images: readonly string[]; title?: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${options.title ?? 'Fish market to be surveyed'}</title>
    ${options.canonical ? `<link rel="canonical" href="${options.canonical}">` : ''}
    </head><body><main><article><h1>${options.title ?? 'Fish market to be surveyed'}</h1>
    ${options.images.map((src, n) => `<figure><img src="${src}" alt="Picture ${n + 1}" width="800" height="500"></figure>`).join('\n')}
    ${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
    </article></main></body></html>`;
}

const SECRET_PAGE = savedFile({ title: 'Instance credentials', images: [] }).replace('The harbour board', 'SECRET-TOKEN-1234 The harbour board');

let dataDir: string;
let asked: string[];
const opened: Library[] = [];

/** Names resolve without DNS: one public site, one name on the LAN; anything else is not found. */
const lookup: LookupAll = async (hostname) => {
  if (hostname === 'news.example') return [{ address: '93.184.216.34', family: 4 }];
  if (hostname === 'intranet.test') return [{ address: '10.0.0.5', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

/** Answers every request without the network: pictures for .png, a page (with a secret in it) for anything else. */
const recordingFetch: typeof fetch = async (input) => {
  const url = input instanceof Request ? input.url : String(input);
  asked.push(url);
  if (new URL(url).pathname.endsWith('.png')) {
    const bytes = Buffer.from(pngBytes(64, 40, asked.length));
    return new Response(bytes, { headers: { 'content-type': 'image/png', 'content-length': String(bytes.byteLength) } });
  }
  if (new URL(url).pathname.endsWith('.xml')) {
    return new Response(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Quay news</title><link>https://news.example/</link>
        <item><title>Router story</title><guid>router-1</guid><link>http://192.168.1.1/story</link><description>Teaser.</description></item>
      </channel></rss>`,
      { headers: { 'content-type': 'application/rss+xml' } },
    );
  }
  return new Response(SECRET_PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } });
};

function open(): Library {
  const settings = createConfSettingsStore({ cwd: dataDir });
  settings.update({ downloadFullArticles: 'never' });
  const library = openLibrary({ dataDir, settings, now: () => NOW, fetch: recordingFetch, lookup });
  opened.push(library);
  return library;
}

const onHost = (host: string) => asked.filter((url) => new URL(url).hostname === host);

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-imported-address-'));
  asked = [];
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((library) => library.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Library: an address an imported file names is held to the internet', () => {
  it('does not fetch the file’s pictures on the network its canonical address names, but does fetch public ones', async () => {
    const library = open();
    const html = savedFile({
      canonical: 'http://192.168.1.1/story',
      images: ['/cgi-bin/reboot.png', 'http://intranet.test/photo.png', 'https://news.example/img/harbour.png'],
    });
    const imported = await library.importHtml({ html, fileName: 'story.html' });
    expect(imported).toMatchObject({ url: 'http://192.168.1.1/story', saved: true, download: 'done' });
    expect(asked).toEqual(['https://news.example/img/harbour.png']);
    const article = await library.getArticle(imported.id);
    expect(article.contentHtml.match(/bs-missing-image/g)?.length).toBe(2);
    expect(article.contentHtml).toContain('/asset/');
  });

  it('does not download, later, the page at a local address the file named', async () => {
    const library = open();
    const html = savedFile({ canonical: 'http://169.254.169.254/latest/meta-data/', images: [] });
    const imported = await library.importHtml({ html, fileName: 'story.html' });
    const after = await library.downloadArticle(imported.id);
    expect(asked).toEqual([]);
    const article = await library.getArticle(after.id);
    expect(article.downloadError).toBe(OWN_NETWORK_MESSAGE);
    expect(article.contentHtml).not.toContain('SECRET-TOKEN');
    expect(article.contentHtml).toContain('commission a survey');
  });

  it('holds a file’s pictures to the internet when it fills in a page stored before', async () => {
    const library = open();
    // First a file with no article in it: kept as a link to its canonical address.
    const stub = '<!doctype html><html><head><link rel="canonical" href="http://192.168.1.1/story"></head><body><p>Hi</p></body></html>';
    const first = await library.importHtml({ html: stub, fileName: 'stub.html' });
    expect(first.download).toBe('not_article');
    const html = savedFile({ canonical: 'http://192.168.1.1/story', images: ['/cgi-bin/reboot.png', 'https://news.example/img/harbour.png'] });
    const second = await library.importHtml({ html, fileName: 'story.html' });
    expect(second).toMatchObject({ id: first.id, download: 'done' });
    expect(asked).toEqual(['https://news.example/img/harbour.png']);
  });

  it('does not download a removed feed’s kept bookmark from the local address its feed wrote', async () => {
    const library = open();
    const source = await library.addFeed('https://news.example/feed.xml');
    const [item] = (await library.listArticles({ view: 'all', limit: 10 })).items;
    // Bookmarking downloads it while the feed is there: refused, the feed being on the internet.
    await library.setBookmarked(item?.id ?? 0, true);
    await library.downloadsIdle();
    await library.removeSource(source.id);
    await library.downloadArticle(item?.id ?? 0);
    // (The feed's site icon is fetched meanwhile; that is the feed's own public site.)
    expect(onHost('192.168.1.1')).toEqual([]);
    expect((await library.getArticle(item?.id ?? 0)).downloadError).toBe(OWN_NETWORK_MESSAGE);
  });
});

describe('Library: an address the reader gave vouches for its own network', () => {
  it('fetches the pictures and the page at the local address given with the file', async () => {
    const library = open();
    const html = savedFile({ images: ['/cgi-bin/photo.png'] });
    const imported = await library.importHtml({ html, fileName: 'story.html', url: 'http://192.168.1.1/story' });
    expect(asked).toEqual(['http://192.168.1.1/cgi-bin/photo.png']);
    expect((await library.getArticle(imported.id)).contentHtml).not.toContain('bs-missing-image');
    await library.downloadArticle(imported.id);
    expect(onHost('192.168.1.1')).toContain('http://192.168.1.1/story');
    expect((await library.getArticle(imported.id)).contentHtml).toContain('SECRET-TOKEN');
  });

  it('downloads again a page saved by the local address the reader typed', async () => {
    const library = open();
    const saved = await library.saveUrl('http://192.168.1.1/story');
    asked = [];
    await library.downloadArticle(saved.id);
    expect(asked).toEqual(['http://192.168.1.1/story']);
    expect((await library.getArticle(saved.id)).downloadError).toBeNull();
  });
});
