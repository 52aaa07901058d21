// The address guard with a stub fetch and a stub resolver: no real DNS and no
// network, so hostile feeds can "live" anywhere, public addresses included.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import type { Agent } from 'undici';
import {
  classifyAddress,
  guardFetch,
  KEEP_ALIVE_MAX_TIMEOUT,
  KEEP_ALIVE_TIMEOUT,
  networkFetch,
  OWN_NETWORK_MESSAGE,
  POOL_LIMIT,
  type FetchOrigin,
  type LookupAll,
} from './address-guard.ts';

const HOSTS: Record<string, string[]> = {
  'news.example': ['93.184.216.34'],
  'cdn.example': ['2606:2800:220:1::1', '93.184.216.35'],
  'intranet.example': ['10.0.0.5'],
  'nas.lan': ['192.168.1.20'],
  'printer.lan': ['192.168.1.30'],
  'sneaky.example': ['93.184.216.36', '127.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
};

const lookup: LookupAll = async (hostname) => {
  const answers = HOSTS[hostname];
  if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

/** A stub web: `redirects` maps an address to its Location; everything else answers 200 with its own address. */
function stubWeb(redirects: Record<string, string> = {}) {
  const asked: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    asked.push(url);
    expect(init?.redirect).toBe('manual');
    const location = redirects[url];
    if (location !== undefined) return new Response('moved', { status: 302, headers: { location } });
    return new Response(`page at ${url}`, { status: 200, headers: { 'content-type': 'text/html' } });
  };
  return { fetch, asked };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

function guarded(origin: FetchOrigin, redirects: Record<string, string> = {}) {
  const web = stubWeb(redirects);
  return { fetch: guardFetch({ fetch: web.fetch, lookup, origin }), asked: web.asked };
}

describe('classifyAddress', () => {
  it('knows the ranges that are not the internet', () => {
    const cases: Array<[string, string | null]> = [
      ['93.184.216.34', 'public'],
      ['127.0.0.1', 'loopback'],
      ['127.9.9.9', 'loopback'],
      ['0.0.0.0', 'loopback'],
      ['::', 'loopback'],
      ['::1', 'loopback'],
      ['10.0.0.5', 'private'],
      ['172.16.0.1', 'private'],
      ['172.32.0.1', 'public'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'link-local'],
      ['100.64.0.1', 'shared'],
      ['100.128.0.1', 'public'],
      ['224.0.0.1', 'reserved'],
      ['255.255.255.255', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::ffff:a9fe:a9fe', 'link-local'],
      ['::ffff:93.184.216.34', 'public'],
      ['64:ff9b::10.0.0.1', 'private'],
      ['2002:c0a8:101::1', 'reserved'],
      ['fc00::1', 'private'],
      ['fd12:3456::1', 'private'],
      ['fe80::1%eth0', 'link-local'],
      ['ff02::1', 'reserved'],
      ['2001:db8::1', 'reserved'],
      ['2606:2800:220:1::1', 'public'],
      ['news.example', null],
    ];
    for (const [address, kind] of cases) expect([address, classifyAddress(address)]).toEqual([address, kind]);
  });
});

describe('guardFetch: a hostile feed cannot make Broadsheet fetch on the reader\u2019s network', () => {
  it('fetches public addresses for a public origin, and reports where it ended', async () => {
    const { fetch, asked } = guarded({ automatic: 'https://news.example/feed.xml' }, {
      'https://news.example/a': '/b',
      'https://news.example/b': 'https://cdn.example/c',
    });
    const response = await fetch('https://news.example/a', { redirect: 'follow' });
    expect(response.status).toBe(200);
    expect(response.url).toBe('https://cdn.example/c');
    expect(asked).toEqual(['https://news.example/a', 'https://news.example/b', 'https://cdn.example/c']);
  });

  it('refuses an item link that resolves to 10.0.0.5 when the feed is public, asking nothing', async () => {
    const { fetch, asked } = guarded({ automatic: 'https://news.example/feed.xml' });
    const error = await refusal(fetch('http://intranet.example/admin'));
    expect(error).toMatchObject({ code: 'fetch_failed', message: OWN_NETWORK_MESSAGE });
    expect(asked).toEqual([]);
  });

  it('refuses a host when any of its addresses is local', async () => {
    const { fetch, asked } = guarded({ automatic: 'https://news.example/feed.xml' });
    expect(await refusal(fetch('https://sneaky.example/'))).toMatchObject({ message: OWN_NETWORK_MESSAGE });
    expect(asked).toEqual([]);
  });

  it('refuses a redirect from a public address to 127.0.0.1 at the hop', async () => {
    const { fetch, asked } = guarded({ automatic: 'https://news.example/feed.xml' }, {
      'https://news.example/story': 'http://127.0.0.1:8080/secret',
    });
    expect(await refusal(fetch('https://news.example/story'))).toMatchObject({ message: OWN_NETWORK_MESSAGE });
    expect(asked).toEqual(['https://news.example/story']);
  });

  it('refuses IP literals: IPv4-mapped IPv6, cloud metadata, loopback, unspecified, unique local, link-local', async () => {
    const { fetch, asked } = guarded({ automatic: 'https://news.example/feed.xml' });
    for (const address of [
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]:3000/',
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:9000/',
      'http://0x7f.1/',
      'http://2130706433/',
      'http://0.0.0.0:8080/',
      'http://[::1]/',
      'http://[fd00::5]/',
      'http://[fe80::1]/',
      'http://100.64.1.1/',
      'http://localhost/',
      'http://224.0.0.251/',
    ]) {
      expect([address, (await refusal(fetch(address))).message]).toEqual([address, OWN_NETWORK_MESSAGE]);
    }
    expect(asked).toEqual([]);
  });

  it('allows an address of the same kind as the origin, and only that kind', async () => {
    const loopback = guarded({ automatic: 'http://127.0.0.1:4000/feed.xml' });
    expect((await loopback.fetch('http://127.0.0.1:4000/story.html')).status).toBe(200);
    expect((await loopback.fetch('http://localhost:4000/img.png')).status).toBe(200);
    expect((await loopback.fetch('https://news.example/')).status).toBe(200);
    expect(await refusal(loopback.fetch('http://10.0.0.5/'))).toMatchObject({ message: OWN_NETWORK_MESSAGE });
    expect(await refusal(loopback.fetch('http://169.254.169.254/'))).toMatchObject({ message: OWN_NETWORK_MESSAGE });

    const lan = guarded({ automatic: 'http://nas.lan/feed.xml' });
    expect((await lan.fetch('http://printer.lan/page')).status).toBe(200);
    expect((await lan.fetch('http://10.0.0.5/page')).status).toBe(200);
    expect(await refusal(lan.fetch('http://127.0.0.1/'))).toMatchObject({ message: OWN_NETWORK_MESSAGE });
  });

  it('allows public addresses only when there is no web origin (an imported file)', async () => {
    for (const origin of [null, 'https://imported-file.broadsheet.invalid/x.html', 'file:///home/me/x.html']) {
      const { fetch } = guarded({ automatic: origin });
      expect((await fetch('https://cdn.example/photo.jpg')).status).toBe(200);
      expect(await refusal(fetch('http://192.168.1.1/photo.jpg'))).toMatchObject({ message: OWN_NETWORK_MESSAGE });
    }
  });

  it('fetches a typed address as typed, holding its redirects to what was typed', async () => {
    const typedLocal = guarded({ typed: 'http://192.168.1.20/page' }, { 'http://192.168.1.20/page': '/moved' });
    const response = await typedLocal.fetch('http://192.168.1.20/page');
    expect(response.url).toBe('http://192.168.1.20/moved');
    expect((await guarded({ typed: 'http://127.0.0.1:1/' }).fetch('http://127.0.0.1:1/')).status).toBe(200);

    const typedPublic = guarded({ typed: 'https://news.example/s' }, { 'https://news.example/s': 'http://169.254.169.254/' });
    expect(await refusal(typedPublic.fetch('https://news.example/s'))).toMatchObject({ message: OWN_NETWORK_MESSAGE });
    expect(typedPublic.asked).toEqual(['https://news.example/s']);
  });

  it('stops redirect loops and long chains in plain words, and refuses redirects off the web', async () => {
    const origin = { automatic: 'https://news.example/' };
    const loop = guarded(origin, { 'https://news.example/a': '/b', 'https://news.example/b': '/a' });
    expect(await refusal(loop.fetch('https://news.example/a'))).toMatchObject({
      code: 'fetch_failed',
      message: 'news.example redirects in a loop and never reaches a page.',
    });

    const chain = Object.fromEntries(Array.from({ length: 10 }, (_, n) => [`https://news.example/${n}`, `/${n + 1}`]));
    const long = guarded(origin, chain);
    expect(await refusal(long.fetch('https://news.example/0'))).toMatchObject({ message: 'news.example redirected too many times.' });
    expect(long.asked).toHaveLength(6);
    // Five hops are fine.
    expect((await guarded(origin, chain).fetch('https://news.example/5')).url).toBe('https://news.example/10');

    const off = guarded(origin, { 'https://news.example/x': 'file:///etc/passwd' });
    expect(await refusal(off.fetch('https://news.example/x'))).toMatchObject({
      message: 'news.example redirected to an address that is not a web page.',
    });
  });

  it('passes a failed lookup on, so it reads as the host not found', async () => {
    const { fetch } = guarded({ automatic: 'https://news.example/' });
    await expect(fetch('https://nowhere.example/')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('guardFetch over real connections: the connection goes only where the check looked (DNS rebinding)', () => {
  let server: Server;
  let port: number;
  const received: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(request);
      response.end(`secret from ${request.headers.host}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Answers each name from a list in turn (the last answer repeats), counting the questions. */
  function rebinding(answers: Record<string, string[]>) {
    const asked: string[] = [];
    const lookup: LookupAll = async (hostname) => {
      const list = answers[hostname];
      if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      const address = list[Math.min(asked.filter((h) => h === hostname).length, list.length - 1)] ?? '';
      asked.push(hostname);
      return [{ address, family: 4 }];
    };
    return { lookup, asked };
  }

  it('connects to the address the guard\u2019s resolver gave, not to what the system would resolve', async () => {
    // No DNS server knows flip.example: reaching the server proves the connection used the guard's answer.
    const { lookup } = rebinding({ 'flip.example': ['127.0.0.1'] });
    const fetch = guardFetch({ fetch: networkFetch, lookup, origin: { automatic: `http://127.0.0.1:${port}/feed.xml` } });
    const before = received.length;
    const response = await fetch(`http://flip.example:${port}/story`);
    expect(await response.text()).toBe(`secret from flip.example:${port}`);
    expect(response.url).toBe(`http://flip.example:${port}/story`);
    expect(received.length).toBe(before + 1);
  });

  it('refuses a name that answers a public address to the check and 127.0.0.1 to the connection', async () => {
    const { lookup, asked } = rebinding({ 'news.example': ['93.184.216.34'], 'rebind.example': ['93.184.216.34', '127.0.0.1'] });
    const fetch = guardFetch({ fetch: networkFetch, lookup, origin: { automatic: 'https://news.example/feed.xml' } });
    const before = received.length;
    const error = await fetch(`http://rebind.example:${port}/admin`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'fetch_failed', message: OWN_NETWORK_MESSAGE });
    // The check asked once (public), the connection asked again (loopback) and stopped there.
    expect(asked.filter((h) => h === 'rebind.example')).toHaveLength(2);
    expect(received.length).toBe(before);
  });

  it('still reaches the host the reader typed, whatever it resolves to', async () => {
    const { lookup } = rebinding({ 'my-nas.example': ['127.0.0.1'] });
    const typed = `http://my-nas.example:${port}/feed.xml`;
    const fetch = guardFetch({ fetch: networkFetch, lookup, origin: { typed } });
    expect(await (await fetch(typed)).text()).toBe(`secret from my-nas.example:${port}`);
  });
});

describe('guardFetch connection pools: shared by fetches with the same rules, few, and not kept open for long', () => {
  /** A fetch that answers 200 and keeps the connection pool each request was given. */
  function poolRecorder() {
    const pools: Agent[] = [];
    const fetch: typeof globalThis.fetch = async (_input, init) => {
      const pinned = Object.getOwnPropertySymbols(init ?? {}).map((symbol) => (init as Record<symbol, unknown>)[symbol]);
      pools.push(pinned[0] as Agent);
      return new Response('ok');
    };
    return { fetch, pools };
  }
  /** Every name is public, so every typed host is allowed the same non-public kinds (none). */
  const publicLookup: LookupAll = async () => [{ address: '93.184.216.34', family: 4 }];

  it('gives fetches with the same rules one pool, and fetches with other rules another', async () => {
    const web = poolRecorder();
    const guard = (origin: FetchOrigin) => guardFetch({ fetch: web.fetch, lookup, origin });
    await guard({ automatic: 'https://news.example/feed.xml' })('https://cdn.example/a.png');
    await guard({ automatic: 'https://news.example/other.xml' })('https://cdn.example/b.png');
    await guard({ automatic: null })('https://news.example/c.html');
    await guard({ automatic: 'http://nas.lan/feed.xml' })('https://cdn.example/d.png');
    await guard({ typed: 'http://printer.lan/' })('http://printer.lan/');
    await guard({ typed: 'http://nas.lan/' })('http://nas.lan/');
    const [a, b, c, lan, printer, nas] = web.pools;
    expect(a).toBeDefined();
    // Public origins (or none) may reach the same: one pool.
    expect([b, c]).toEqual([a, a]);
    // A LAN origin may reach the LAN, and a typed host is reached whatever it is: pools of their own.
    expect(new Set([a, lan, printer, nas]).size).toBe(4);
  });

  it('keeps at most POOL_LIMIT pools, closing the least recently used, and opens a new one when it is needed again', async () => {
    const web = poolRecorder();
    const typedAt = (n: number) => guardFetch({ fetch: web.fetch, lookup: publicLookup, origin: { typed: `https://site-${n}.example/` } });
    const first = typedAt(0);
    await first('https://site-0.example/');
    for (let n = 1; n <= POOL_LIMIT; n += 1) await typedAt(n)('https://news.example/');
    const [oldest, ...rest] = web.pools;
    expect(oldest?.closed).toBe(true);
    expect(rest.filter((pool) => pool.closed)).toEqual([]);
    await first('https://site-0.example/');
    expect(web.pools.at(-1)).not.toBe(oldest);
    expect(web.pools.at(-1)?.closed).toBe(false);
  });

  it('keeps an idle connection 10 seconds, and at most 30 whatever the server asks', async () => {
    const web = poolRecorder();
    await guardFetch({ fetch: web.fetch, lookup, origin: { automatic: null } })('https://news.example/');
    const pool = web.pools[0] as unknown as Record<symbol, unknown>;
    // undici keeps an Agent's options under a symbol of its own; there is no public way to read them.
    const optionsSymbol = Object.getOwnPropertySymbols(pool).find((symbol) => symbol.description === 'options');
    expect(optionsSymbol && pool[optionsSymbol]).toMatchObject({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 30_000 });
    expect([KEEP_ALIVE_TIMEOUT, KEEP_ALIVE_MAX_TIMEOUT]).toEqual([10_000, 30_000]);
  });
});
