import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import { guardFetch, type FetchOrigin } from '../net/address-guard.ts';
import { serveFeed, startLocalServer, type LocalServer } from '../testing/local-server.ts';
import { addressesToTry, declaredFeeds, discoverFeeds, newest, USUAL_FEED_PATHS, type DiscoverOptions } from './discover.ts';
import { parseFeedDocument, type ParsedItem } from './parse-feed.ts';

let server: LocalServer;

beforeEach(async () => {
  server = await startLocalServer();
});

afterEach(async () => {
  await server.close();
});

function rss(title: string, items = 3): string {
  const entries = Array.from(
    { length: items },
    (_, n) => `<item><title>${title} item ${n + 1}</title><link>https://site.example/${n + 1}</link>
      <pubDate>${new Date(Date.UTC(2026, 10, 1 + n)).toUTCString()}</pubDate></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://site.example/</link>
    <description>About ${title}</description>${entries}</channel></rss>`;
}

const ATOM = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Notes</title><id>urn:x</id>
  <updated>2026-11-01T00:00:00Z</updated><entry><title>Only entry</title><id>urn:x:1</id><updated>2026-11-01T00:00:00Z</updated></entry></feed>`;
const JSON_FEED = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Json Notes', items: [{ id: '1', title: 'One' }] });

function page(head: string, body = '<p>Hello</p>'): string {
  return `<!doctype html><html><head><title>A site</title>${head}</head><body>${body}</body></html>`;
}

const servePage = (html: string) => serveFeed(html, 'text/html; charset=utf-8');

/** The library's wiring: every fetch held to what its origin may reach (loopback here, as the typed address is). */
function options(subscribed: Record<string, number> = {}): DiscoverOptions {
  return {
    fetchFor: (origin: FetchOrigin) => guardFetch({ fetch: globalThis.fetch, origin }),
    subscribedId: (urls) => urls.map((url) => subscribed[url]).find((id) => id !== undefined) ?? null,
  };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('addressesToTry', () => {
  it('keeps an http(s) address as typed, without its fragment', () => {
    expect(addressesToTry('https://news.example/feed.xml#top')).toEqual(['https://news.example/feed.xml']);
    expect(addressesToTry('  http://news.example  ')).toEqual(['http://news.example/']);
  });

  it('tries https, then http, for a bare domain, with or without a path', () => {
    expect(addressesToTry('example.com')).toEqual(['https://example.com/', 'http://example.com/']);
    expect(addressesToTry('www.example.com/blog')).toEqual(['https://www.example.com/blog', 'http://www.example.com/blog']);
    expect(addressesToTry('localhost:8080/feed')).toEqual(['https://localhost:8080/feed', 'http://localhost:8080/feed']);
    expect(addressesToTry('feed://example.com/rss')).toEqual(['https://example.com/rss', 'http://example.com/rss']);
    expect(addressesToTry('feed:https://example.com/rss')).toEqual(['https://example.com/rss']);
  });

  it('refuses what is not a web address, in plain words', () => {
    for (const input of ['news', 'my feed.com', 'ftp://example.com/feed', 'javascript:alert(1)', 'mailto:a@b.example', '']) {
      let error: unknown = null;
      try {
        addressesToTry(input);
      } catch (caught) {
        error = caught;
      }
      expect(error, input).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('invalid_url');
    }
  });
});

describe('declaredFeeds', () => {
  it('reads feed links in document order, resolved against <base href>, skipping what is not a feed', () => {
    const html = page(`
      <base href="https://cdn.example/site/">
      <link rel="stylesheet" href="style.css">
      <link rel="alternate" hreflang="fr" href="/fr/">
      <link rel="alternate" type="application/json+oembed" href="/oembed">
      <link rel="alternate" type="application/rss+xml" title="Posts" href="feed.xml">
      <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://other.example/atom">
      <link rel="feed" href="/everything">
      <link rel="alternate" type="application/feed+json" href="javascript:alert(1)">
      <link rel="alternate" type="application/rss+xml" href="feed.xml">`);
    expect(declaredFeeds(html, 'https://site.example/post/1')).toEqual([
      { url: 'https://cdn.example/site/feed.xml', title: 'Posts' },
      { url: 'https://other.example/atom', title: null },
      { url: 'https://cdn.example/everything', title: null },
    ]);
  });
});

describe('newest', () => {
  it('puts dated items newest first, then undated ones in feed order', () => {
    const item = (title: string, publishedAt: string | null): ParsedItem => ({
      guid: null, title, url: null, publishedAt, author: null, summary: null, contentHtml: null, enclosures: [], imageUrl: null,
    });
    const items = [item('u1', null), item('old', '2026-01-01T00:00:00.000Z'), item('u2', null), item('new', '2026-06-01T00:00:00.000Z')];
    expect(newest(items, 3).map((i) => i.title)).toEqual(['new', 'old', 'u1']);
  });
});

describe('discoverFeeds against a local server', () => {
  it('offers the address itself when it is a feed, with a preview of its newest five items', async () => {
    server.route('/feed.xml', serveFeed(rss('Harbour News', 7)));
    const [candidate, ...rest] = await discoverFeeds(server.url('/feed.xml'), options());
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({
      url: server.url('/feed.xml'),
      title: 'Harbour News',
      format: 'rss',
      siteUrl: 'https://site.example/',
      description: 'About Harbour News',
      itemCount: 7,
      subscribedId: null,
    });
    expect(candidate?.items.map((i) => i.title)).toEqual(['Harbour News item 7', 'Harbour News item 6', 'Harbour News item 5', 'Harbour News item 4', 'Harbour News item 3']);
    expect(candidate?.items[0]).toEqual({ title: 'Harbour News item 7', url: 'https://site.example/7', publishedAt: '2026-11-07T00:00:00.000Z' });
  });

  it('follows a redirect to the feed, offers its final address and knows it is followed under the old one', async () => {
    server.route('/old-feed', (_request, response) => response.writeHead(301, { location: '/feed.xml' }).end());
    server.route('/feed.xml', serveFeed(rss('Moved')));
    const [candidate] = await discoverFeeds(server.url('/old-feed'), options({ [server.url('/old-feed')]: 7 }));
    expect(candidate).toMatchObject({ url: server.url('/feed.xml'), title: 'Moved', subscribedId: 7 });
  });

  it('offers the declared or typed address, not where a temporary redirect leads (a link that may expire)', async () => {
    server.route('/', servePage(page('<link rel="alternate" type="application/rss+xml" href="/feed">')));
    server.route('/feed', (_request, response) => response.writeHead(302, { location: '/cdn/feed.xml?token=expires-soon' }).end());
    server.route('/typed', (_request, response) => response.writeHead(307, { location: '/cdn/feed.xml?token=expires-soon' }).end());
    server.route('/cdn/feed.xml', serveFeed(rss('Signed')));
    const [declared] = await discoverFeeds(server.url('/'), options());
    expect(declared).toMatchObject({ url: server.url('/feed'), title: 'Signed' });
    const [typed] = await discoverFeeds(server.url('/typed'), options());
    expect(typed).toMatchObject({ url: server.url('/typed'), title: 'Signed' });
  });

  it('lists the feeds a home page declares, in its order, comment feeds last, each once, broken ones left out', async () => {
    server.route(
      '/',
      servePage(
        page(`
          <link rel="alternate" type="application/rss+xml" title="Site » Comments Feed" href="/comments/feed">
          <link rel="alternate" type="application/rss+xml" title="Site » Feed" href="/feed.xml">
          <link rel="alternate" type="application/atom+xml" href="/atom.xml">
          <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/12">
          <link rel="alternate" type="application/feed+json" href="/feed.json">
          <link rel="alternate" type="application/rss+xml" title="Same feed, older address" href="/rss">
          <link rel="alternate" type="application/rss+xml" title="Gone" href="/missing.xml">`),
      ),
    );
    server.route('/comments/feed', serveFeed(rss('Comments for Site')));
    server.route('/feed.xml', serveFeed(rss('Site')));
    server.route('/atom.xml', serveFeed(ATOM, 'application/atom+xml'));
    server.route('/wp-json/wp/v2/pages/12', serveFeed('{"id":12,"title":{"rendered":"About"}}', 'application/json'));
    server.route('/feed.json', serveFeed(JSON_FEED, 'application/feed+json'));
    server.route('/rss', (_request, response) => response.writeHead(301, { location: '/feed.xml' }).end());

    const candidates = await discoverFeeds(server.url('/'), options({ [server.url('/feed.xml')]: 3 }));
    expect(candidates.map((c) => [c.url, c.title, c.format, c.subscribedId])).toEqual([
      [server.url('/feed.xml'), 'Site', 'rss', 3],
      [server.url('/atom.xml'), 'Atom Notes', 'atom', null],
      [server.url('/feed.json'), 'Json Notes', 'json', null],
      [server.url('/comments/feed'), 'Comments for Site', 'rss', null],
    ]);
    // The guessed places are not asked when the page declares its feeds.
    expect(server.requests.some((r) => r.path === '/index.xml')).toBe(false);
  });

  it('finds an article page’s feeds on its site’s home page', async () => {
    server.route('/2026/11/story.html', servePage(page('<link rel="canonical" href="/2026/11/story.html">')));
    server.route('/', servePage(page('<link rel="alternate" type="application/atom+xml" title="Notes" href="/atom.xml">')));
    server.route('/atom.xml', serveFeed(ATOM, 'application/atom+xml'));
    const candidates = await discoverFeeds(server.url('/2026/11/story.html'), options());
    expect(candidates.map((c) => c.url)).toEqual([server.url('/atom.xml')]);
  });

  it('tries the usual places when no page declares a feed', async () => {
    server.route('/', servePage(page('')));
    server.route('/index.xml', serveFeed(rss('Hugo site')));
    server.route('/feed.json', serveFeed(JSON_FEED, 'application/feed+json'));
    // A soft 404: an HTML page where a feed might be is not a feed.
    server.route('/feed', servePage(page('', '<h1>Not found</h1>')));
    const candidates = await discoverFeeds(server.url('/'), options());
    expect(candidates.map((c) => c.url)).toEqual([server.url('/index.xml'), server.url('/feed.json')]);
    for (const path of USUAL_FEED_PATHS) expect(server.requests.some((r) => r.path === path), path).toBe(true);
  });

  it('tries https, then http, for an address typed without a scheme', async () => {
    server.route('/feed.xml', serveFeed(rss('Plain http')));
    const bare = server.url('/feed.xml').replace(/^http:\/\//, '');
    const [candidate] = await discoverFeeds(bare, options());
    expect(candidate).toMatchObject({ url: server.url('/feed.xml'), title: 'Plain http' });
  });

  it('says in plain words when a site has no feed at all', async () => {
    server.route('/', servePage(page('')));
    const error = await failure(discoverFeeds(server.url('/'), options()));
    expect(error.code).toBe('not_a_feed');
    expect(error.message).toBe(
      `No feed was found at ${new URL(server.origin).host}. Check the address, or look on the site for a link named RSS, Atom or Feed and add that.`,
    );
  });

  it('says what is wrong with a broken feed rather than that there is none', async () => {
    const broken = '<?xml version="1.0"?><nonsense><a>1</a></nonsense>';
    server.route('/broken.xml', serveFeed(broken, 'application/xml'));
    const error = await failure(discoverFeeds(server.url('/broken.xml'), options()));
    const parserSays = await failure(Promise.resolve().then(() => parseFeedDocument(broken, server.url('/broken.xml'))));
    expect(error).toMatchObject({ code: 'not_a_feed', message: parserSays.message });
    expect(error.message).not.toMatch(/No feed was found/);
  });

  it('passes on why an address cannot be reached', async () => {
    const missing = await failure(discoverFeeds(server.url('/nothing-here'), options()));
    expect(missing).toMatchObject({ code: 'fetch_failed', message: 'The server answered 404 Not Found.' });
    // Nothing is followed yet: a removed feed is not one Broadsheet "stopped checking".
    server.route('/removed.xml', (_request, response) => response.writeHead(410).end());
    const gone = await failure(discoverFeeds(server.url('/removed.xml'), options()));
    expect(gone.message).toBe('This feed has been removed by its publisher (410 Gone), so it cannot be followed.');

    const closed = await startLocalServer();
    const address = closed.url('/');
    await closed.close();
    const refused = await failure(discoverFeeds(address, options()));
    expect(refused.code).toBe('fetch_failed');
    expect(refused.message).toMatch(/refused the connection/);
  });

  it('gives up in plain words when the site is too slow to search in time', async () => {
    server.route('/', servePage(page('<link rel="alternate" type="application/rss+xml" href="/slow.xml">')));
    server.route('/slow.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.write('<?xml version="1.0"?>');
    });
    const started = Date.now();
    const error = await failure(discoverFeeds(server.url('/'), { ...options(), deadlineMs: 300 }));
    expect(error).toMatchObject({ code: 'fetch_failed', message: `${new URL(server.origin).host} took too long to answer; no feed was found in time.` });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not follow a page’s links onto this computer when the page is on the internet', async () => {
    // The page is fetched as typed (a public-looking name resolved by a stub), but what it points to must stay public.
    server.route('/', servePage(page(`<link rel="alternate" type="application/rss+xml" href="${server.url('/private.xml')}">`)));
    server.route('/private.xml', serveFeed(rss('Private')));
    const publicName = 'news.example';
    const lookup = async (hostname: string) =>
      hostname === publicName ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
    const viaLoopback: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.hostname === publicName) url.host = new URL(server.origin).host;
      return fetch(url, init);
    };
    const error = await failure(
      discoverFeeds(`http://${publicName}/`, {
        fetchFor: (origin) => guardFetch({ fetch: viaLoopback, lookup, origin }),
        subscribedId: () => null,
      }),
    );
    expect(error.code).toBe('not_a_feed');
    expect(server.requests.some((r) => r.path === '/private.xml')).toBe(false);
  });
});
