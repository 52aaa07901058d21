// `broadsheet extract`, run as a separate process the way a user runs it,
// against a fixture file and a page served on 127.0.0.1.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsProcess } from './testing/run-captured.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../core/articles/testdata/${name}`, import.meta.url));
const KEYS = ['byline', 'contentHtml', 'excerpt', 'lang', 'leadImageUrl', 'publishedAt', 'siteName', 'text', 'title', 'wordCount'];

let server: Server;
let origin: string;

beforeAll(async () => {
  const html = await readFile(fixture('harbour-ferry.html'));
  server = createServer((req, res) => {
    if (req.url === '/story') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else if (req.url === '/report.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.4');
    } else {
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

describe('broadsheet extract', () => {
  it('prints exactly the agreed fields for a saved file, resolving links against its canonical address', async () => {
    const { code, stdout, stderr } = await runAsProcess(['extract', fixture('harbour-ferry.html')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(KEYS);
    expect(typeof out.wordCount).toBe('number');
    for (const key of KEYS.filter((k) => k !== 'wordCount')) expect(out[key] === null || typeof out[key] === 'string', key).toBe(true);
    expect(out.title).toBe('New electric ferry cuts harbour crossing to nine minutes');
    expect(out.publishedAt).toBe('2024-05-13T07:30:00.000Z');
    expect(out.contentHtml).toContain('href="https://courier.example/places/north-quay"');
    expect(String(out.text).split('\n\n')).toHaveLength(6);
  });

  it('uses --url for a file’s links when given', async () => {
    const { code, stdout } = await runAsProcess(['extract', fixture('harbour-ferry.html'), '--url', 'https://mirror.example/ferry']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { contentHtml: string }).contentHtml).toContain('href="https://mirror.example/places/north-quay"');
  });

  it('fetches a URL and resolves against where it was served', async () => {
    const { code, stdout } = await runAsProcess(['extract', `${origin}/story`]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { contentHtml: string; leadImageUrl: string };
    expect(out.contentHtml).toContain(`href="${origin}/places/north-quay"`);
    expect(out.leadImageUrl).toBe(`${origin}/media/ferry-wide.jpg`);
  });

  it('fails with one plain line and a non-zero exit on bad input', async () => {
    for (const [args, message] of [
      [['extract', '/no/such/page.html'], 'There is no file at /no/such/page.html.'],
      [['extract', `${origin}/report.pdf`], 'This address is a PDF, not a web page.'],
      [['extract', `${origin}/missing`], 'The server answered 404 Not Found.'],
      [['extract', fixture('harbour-ferry.html'), '--url', 'ftp://x'], 'That is not a web address.'],
    ] as const) {
      const { code, stdout, stderr } = await runAsProcess([...args]);
      expect(code, args.join(' ')).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain(message);
    }
    const usage = await runAsProcess(['extract']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('"extract" needs FILE|URL.');
  });

  it('is listed in the help', async () => {
    const { stdout } = await runAsProcess(['help']);
    expect(stdout).toContain('extract FILE|URL [--url PAGE_URL]');
    expect((await runAsProcess(['help', 'extract'])).stdout).toContain('--url PAGE_URL');
  });
});
