// fetchPage against a real HTTP server on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import { decodeHtml, fetchPage } from './fetch-page.ts';

// "Привет" in windows-1251 and "こんにちは" in Shift_JIS, written as the bytes a server sends.
const PRIVET_1251 = [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2];
const KONNICHIWA_SJIS = [0x82, 0xb1, 0x82, 0xf1, 0x82, 0xc9, 0x82, 0xbf, 0x82, 0xcd];
const ascii = (text: string) => [...Buffer.from(text, 'latin1')];
const bytes = (...parts: number[][]) => Buffer.from(parts.flat());

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case '/utf8':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>Été</title><p>Crème brûlée</p>');
        return;
      case '/cp1251-header':
        res.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' });
        res.end(bytes(ascii('<p>'), PRIVET_1251, ascii('</p>')));
        return;
      case '/cp1251-meta':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(bytes(ascii('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>'), PRIVET_1251, ascii('</p>')));
        return;
      case '/sjis-meta':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(bytes(ascii('<html><head><meta charset="shift_jis"></head><body><p>'), KONNICHIWA_SJIS, ascii('</p>')));
        return;
      case '/redirect':
        res.writeHead(302, { location: '/utf8' });
        res.end();
        return;
      case '/pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end('%PDF-1.4 ...');
        return;
      case '/pdf-untyped':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end('%PDF-1.7 binary');
        return;
      case '/image':
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.end(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
        return;
      case '/video':
        res.writeHead(200, { 'content-type': 'video/mp4' });
        res.end('....');
        return;
      case '/huge': {
        // No content-length: the cap has to hold while streaming.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const push = () => {
          while (sent < 40) {
            sent += 1;
            if (!res.write(chunk)) return void res.once('drain', push);
          }
          res.end();
        };
        push();
        return;
      }
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<p>start');
        // Never finishes: the deadline must end it.
        return;
      case '/gone':
        res.writeHead(410);
        res.end();
        return;
      default:
        res.writeHead(404);
        res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const get = (path: string, extra: Partial<Parameters<typeof fetchPage>[1]> = {}) => fetchPage(`${origin}${path}`, { fetch: globalThis.fetch, ...extra });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('fetchPage', () => {
  it('reads UTF-8 and reports where the page ended up after redirects', async () => {
    const page = await get('/redirect');
    expect(page.html).toContain('Crème brûlée');
    expect(page.finalUrl).toBe(`${origin}/utf8`);
    expect(page.contentType).toMatch(/^text\/html/);
  });

  it('decodes windows-1251 from the HTTP header and from <meta http-equiv>', async () => {
    expect((await get('/cp1251-header')).html).toContain('Привет');
    expect((await get('/cp1251-meta')).html).toContain('Привет');
  });

  it('decodes Shift_JIS from <meta charset>', async () => {
    expect((await get('/sjis-meta')).html).toContain('こんにちは');
  });

  it('refuses PDFs, images and videos in plain words, whether declared or sniffed', async () => {
    expect((await failure(get('/pdf'))).message).toBe('This address is a PDF, not a web page.');
    expect((await failure(get('/pdf-untyped'))).message).toBe('This address is a PDF, not a web page.');
    expect((await failure(get('/image'))).message).toBe('This address is an image, not a web page.');
    expect((await failure(get('/video'))).message).toBe('This address is a video, not a web page.');
  });

  it('stops reading at the size cap while streaming', async () => {
    const error = await failure(get('/huge', { maxBytes: 1024 * 1024 }));
    expect(error.code).toBe('fetch_failed');
    expect(error.message).toMatch(/larger than 1 MB/);
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    const error = await failure(get('/slow', { timeoutMs: 300 }));
    expect(error.message).toBe('127.0.0.1 took too long to answer.');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports HTTP errors and unreachable hosts as fetch_failed', async () => {
    expect((await failure(get('/gone'))).message).toBe('The server answered 410 Gone.');
    const closed = await failure(fetchPage('http://127.0.0.1:1/', { fetch: globalThis.fetch }));
    expect(closed.code).toBe('fetch_failed');
  });

  it('accepts only http(s) addresses', async () => {
    for (const address of ['file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'ftp://example.com/']) {
      expect((await failure(fetchPage(address, { fetch: globalThis.fetch }))).code).toBe('invalid_url');
    }
  });

  it('lets a byte-order mark win over a wrong header', () => {
    const withBom = bytes([0xef, 0xbb, 0xbf], [...Buffer.from('<p>Ünïcode</p>')]);
    expect(decodeHtml(withBom, 'text/html; charset=iso-8859-1')).toContain('Ünïcode');
  });
});
