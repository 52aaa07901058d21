// What fetchFeed reads from an answer about asking again, and the transport
// details a polite client gets right: compression, redirects, stalls.
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardFetch } from '../net/address-guard.ts';
import { startLocalServer, type LocalServer } from '../testing/local-server.ts';
import { compressed, redirect, respond, stall } from '../testing/misbehaving-server.ts';
import { FeedHttpError, fetchFeed } from './fetch-feed.ts';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';
const NOW = new Date('2026-11-24T12:00:00.000Z');
const now = () => NOW;

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
  server.route('/feed.xml', respond(200, { 'content-type': 'application/rss+xml', 'cache-control': 'max-age=600' }, RSS));
  server.route('/gzip.xml', compressed(gzipSync(RSS), 'gzip'));
  server.route('/brotli.xml', compressed(brotliCompressSync(RSS), 'br'));
  server.route('/moved-301', redirect('/moved-308', 301));
  server.route('/moved-308', redirect('/feed.xml', 308));
  server.route('/moved-then-found', redirect('/found-302', 301));
  server.route('/found-302', redirect('/feed.xml', 302));
  server.route('/busy', respond(429, { 'retry-after': '90' }));
  server.route('/down', respond(503));
  server.route('/not-modified', respond(304, { etag: '"v2"', expires: 'Tue, 24 Nov 2026 13:00:00 GMT', date: 'Tue, 24 Nov 2026 12:00:00 GMT' }));
  server.route('/stall', stall());
  server.route('/moved-to-unchanged', redirect('/not-modified', 301));
  server.route('/found-to-unchanged', redirect('/not-modified', 302));
  server.route('/gone', respond(410));
});

afterAll(async () => {
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<FeedHttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedHttpError);
  return error as FeedHttpError;
}

describe('fetchFeed over HTTP', () => {
  it('offers brotli and gzip and reads both', async () => {
    for (const path of ['/gzip.xml', '/brotli.xml']) {
      const result = await fetchFeed(server.url(path));
      expect(result).toMatchObject({ status: 'ok', body: RSS });
    }
    expect(server.requests.at(-1)?.headers['accept-encoding']).toMatch(/\bbr\b.*\bgzip\b/);
  });

  it('hashes the body, the same for the same bytes', async () => {
    const first = await fetchFeed(server.url('/feed.xml'));
    const second = await fetchFeed(server.url('/gzip.xml'));
    expect(first.status === 'ok' && first.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.status === 'ok' && second.status === 'ok' && first.bodyHash === second.bodyHash).toBe(true);
  });

  it('reads freshness from Cache-Control, and from Expires on a 304 with its validators', async () => {
    expect(await fetchFeed(server.url('/feed.xml'), { now })).toMatchObject({ freshUntil: '2026-11-24T12:10:00.000Z' });
    expect(await fetchFeed(server.url('/not-modified'), { now, etag: '"v1"' })).toEqual({
      status: 'unchanged',
      etag: '"v2"',
      lastModified: null,
      freshUntil: '2026-11-24T13:00:00.000Z',
      permanentRedirect: null,
    });
  });

  it('reports the new address of a feed that moved for good even when it answers 304 there', async () => {
    const guarded = (typed: string) => guardFetch({ fetch: globalThis.fetch, origin: { typed } });
    const moved = await fetchFeed(server.url('/moved-to-unchanged'), { fetch: guarded(server.url('/moved-to-unchanged')), etag: '"v1"' });
    expect(moved).toMatchObject({ status: 'unchanged', permanentRedirect: server.url('/not-modified') });
    const found = await fetchFeed(server.url('/found-to-unchanged'), { fetch: guarded(server.url('/found-to-unchanged')), etag: '"v1"' });
    expect(found).toMatchObject({ status: 'unchanged', permanentRedirect: null });
  });

  it('tells a feed being added that it is gone without talking of checks stopped', async () => {
    const adding = await failure(fetchFeed(server.url('/gone'), { notFollowed: true }));
    expect(adding).toMatchObject({ gone: true, message: 'This feed has been removed by its publisher (410 Gone), so it cannot be followed.' });
    const followed = await failure(fetchFeed(server.url('/gone')));
    expect(followed.message).toMatch(/Broadsheet has stopped checking it\.$/);
  });

  it('reports a new address only when every redirect was permanent, and only through the guarded fetch', async () => {
    const guarded = (typed: string) => guardFetch({ fetch: globalThis.fetch, origin: { typed } });
    const permanent = await fetchFeed(server.url('/moved-301'), { fetch: guarded(server.url('/moved-301')) });
    expect(permanent).toMatchObject({ finalUrl: server.url('/feed.xml'), permanentRedirect: server.url('/feed.xml') });
    const mixed = await fetchFeed(server.url('/moved-then-found'), { fetch: guarded(server.url('/moved-then-found')) });
    expect(mixed).toMatchObject({ finalUrl: server.url('/feed.xml'), permanentRedirect: null });
    // A fetch that follows redirects itself does not say which kind they were.
    expect(await fetchFeed(server.url('/moved-301'))).toMatchObject({ permanentRedirect: null });
    expect(await fetchFeed(server.url('/feed.xml'), { fetch: guarded(server.url('/feed.xml')) })).toMatchObject({ permanentRedirect: null });
  });

  it('says when a 429 or 503 may be retried', async () => {
    const busy = await failure(fetchFeed(server.url('/busy'), { now }));
    expect(busy).toMatchObject({ httpStatus: 429, gone: false, message: 'The server answered 429 Too Many Requests.' });
    expect(busy.retryAt?.toISOString()).toBe('2026-11-24T12:01:30.000Z');
    const down = await failure(fetchFeed(server.url('/down'), { now }));
    expect(down.retryAt?.toISOString()).toBe('2026-11-24T12:15:00.000Z');
    const missing = await failure(fetchFeed(server.url('/nothing-here'), { now }));
    expect(missing).toMatchObject({ httpStatus: 404, retryAt: null, gone: false });
  });

  it('gives up on a server that goes quiet, before the overall deadline', async () => {
    const started = Date.now();
    await expect(fetchFeed(server.url('/stall'), { idleTimeoutMs: 200, timeoutMs: 10_000 })).rejects.toThrow(
      '127.0.0.1 stopped sending the feed partway.',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
