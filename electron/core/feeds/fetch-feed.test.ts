import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import { startLocalServer, type LocalServer } from '../testing/local-server.ts';
import { decodeBody, fetchFeed, parseWebAddress } from './fetch-feed.ts';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';

async function expectFetchError(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  expect((error as ApiError).message).toMatch(message);
}

describe('fetchFeed against a local server', () => {
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer();
    server.route('/feed.xml', (request, response) => {
      if (request.headers['if-none-match'] === '"v1"' || request.headers['if-modified-since'] === 'Tue, 24 Nov 2026 07:00:00 GMT') {
        response.writeHead(304).end();
        return;
      }
      response
        .writeHead(200, {
          'content-type': 'application/rss+xml; charset=utf-8',
          etag: '"v1"',
          'last-modified': 'Tue, 24 Nov 2026 07:00:00 GMT',
        })
        .end(RSS);
    });
    server.route('/moved', (_request, response) => {
      response.writeHead(301, { location: '/feed.xml' }).end();
    });
    server.route('/slow', (_request, response) => {
      setTimeout(() => response.writeHead(200).end(RSS), 2_000).unref();
    });
    server.route('/slow-body', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.write('<rss>');
      setTimeout(() => response.end('</rss>'), 2_000).unref();
    });
    server.route('/big-declared', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(2048) }).end('x'.repeat(2048));
    });
    server.route('/big-streamed', (_request, response) => {
      // Chunked, no Content-Length: the cap must hold while reading.
      response.writeHead(200, { 'content-type': 'text/xml' });
      let sent = 0;
      const timer = setInterval(() => {
        if (response.destroyed || sent > 50) {
          clearInterval(timer);
          response.end();
          return;
        }
        response.write('y'.repeat(512));
        sent += 1;
      }, 1);
    });
    server.route('/latin1-header', (_request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=ISO-8859-1' })
        .end(Buffer.from('<rss><channel><title>Caf\xe9</title></channel></rss>', 'latin1'));
    });
    server.route('/latin1-declared', (_request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(Buffer.from('<?xml version="1.0" encoding="windows-1252"?><rss><title>\x93quoted\x94 Caf\xe9</title></rss>', 'latin1'));
    });
    server.route('/gone', (_request, response) => {
      response.writeHead(410).end();
    });
    server.route('/broken', (_request, response) => {
      response.writeHead(500, 'Internal Server Error').end();
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('returns the body, the final URL and the validators', async () => {
    const result = await fetchFeed(server.url('/feed.xml'));
    expect(result).toEqual({
      status: 'ok',
      body: RSS,
      bodyHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      finalUrl: server.url('/feed.xml'),
      permanentRedirect: null,
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Tue, 24 Nov 2026 07:00:00 GMT',
      freshUntil: null,
    });
    const sent = server.requests.at(-1)?.headers;
    expect(sent?.['user-agent']).toMatch(/^Broadsheet\//);
    expect(sent?.accept).toMatch(/application\/rss\+xml/);
  });

  it('sends conditional headers and reports 304 as unchanged', async () => {
    expect(await fetchFeed(server.url('/feed.xml'), { etag: '"v1"' })).toMatchObject({ status: 'unchanged' });
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(await fetchFeed(server.url('/feed.xml'), { lastModified: 'Tue, 24 Nov 2026 07:00:00 GMT' })).toMatchObject({
      status: 'unchanged',
    });
  });

  it('follows redirects and reports where it ended up', async () => {
    const result = await fetchFeed(server.url('/moved'));
    expect(result.status === 'ok' && result.finalUrl).toBe(server.url('/feed.xml'));
  });

  it('says what the server answered for HTTP errors', async () => {
    await expectFetchError(fetchFeed(server.url('/missing')), 'fetch_failed', /^The server answered 404 Not Found\.$/);
    await expectFetchError(fetchFeed(server.url('/gone')), 'fetch_failed', /^This feed has been removed by its publisher \(410 Gone\)/);
    await expectFetchError(fetchFeed(server.url('/broken')), 'fetch_failed', /500 Internal Server Error/);
  });

  it('gives up on a slow server, whether it is slow to answer or slow to send', async () => {
    await expectFetchError(fetchFeed(server.url('/slow'), { timeoutMs: 200 }), 'fetch_failed', /took too long to answer/);
    await expectFetchError(fetchFeed(server.url('/slow-body'), { timeoutMs: 200 }), 'fetch_failed', /took too long/);
  });

  it('refuses bodies over the size cap, declared or streamed', async () => {
    await expectFetchError(fetchFeed(server.url('/big-declared'), { maxBytes: 1024 }), 'fetch_failed', /larger than/);
    await expectFetchError(fetchFeed(server.url('/big-streamed'), { maxBytes: 4096 }), 'fetch_failed', /larger than/);
  });

  it('decodes the charset from Content-Type or from the XML declaration', async () => {
    const fromHeader = await fetchFeed(server.url('/latin1-header'));
    expect(fromHeader.status === 'ok' && fromHeader.body).toContain('Café');
    const fromDeclaration = await fetchFeed(server.url('/latin1-declared'));
    expect(fromDeclaration.status === 'ok' && fromDeclaration.body).toContain('“quoted” Café');
  });

  it('says when nothing is listening', async () => {
    const closed = await startLocalServer();
    const address = closed.url('/feed.xml');
    await closed.close();
    await expectFetchError(fetchFeed(address), 'fetch_failed', /Could not reach 127\.0\.0\.1/);
  });

  it('uses the injected fetch', async () => {
    const seen: string[] = [];
    const counting: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    await fetchFeed(server.url('/feed.xml'), { fetch: counting });
    expect(seen).toEqual([server.url('/feed.xml')]);
  });

  it('can be stopped from outside', async () => {
    const controller = new AbortController();
    const pending = fetchFeed(server.url('/slow'), { signal: controller.signal });
    controller.abort();
    await expectFetchError(pending, 'fetch_failed', /stopped/);
  });
});

describe('parseWebAddress', () => {
  it('accepts http and https addresses and drops the fragment', () => {
    expect(parseWebAddress('  https://example.com/feed#top ').href).toBe('https://example.com/feed');
    expect(parseWebAddress('http://example.com').href).toBe('http://example.com/');
  });

  it.each(['example.com/feed', 'not a url', 'ftp://example.com/feed', 'file:///etc/passwd', 'javascript:alert(1)', 'https://'])(
    'rejects %s in plain words',
    (address) => {
      expect(() => parseWebAddress(address)).toThrow(
        expect.objectContaining({ code: 'invalid_url', message: expect.stringMatching(/start with http:\/\/ or https:\/\//) }),
      );
    },
  );
});

describe('decodeBody', () => {
  it('honours a UTF-16 byte-order mark', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from('<rss/>', 'utf16le')]);
    expect(decodeBody(bytes, null)).toBe('<rss/>');
  });

  it('recognises UTF-16 without a byte-order mark', () => {
    expect(decodeBody(new Uint8Array(Buffer.from('<rss/>', 'utf16le')), null)).toBe('<rss/>');
    expect(decodeBody(new Uint8Array(Buffer.from('<rss/>', 'utf16le').swap16()), null)).toBe('<rss/>');
  });

  it('falls back to UTF-8 for an unknown charset label', () => {
    expect(decodeBody(new TextEncoder().encode('é'), 'text/xml; charset=klingon')).toBe('é');
  });
});
