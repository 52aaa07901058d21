// The command line, run the way a user runs it: as a separate process, against
// a real feed served on 127.0.0.1 and a library in a temporary folder.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY, runAsProcess } from './testing/run-captured.ts';

const testdata = (name: string) => fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));

const oneLine = (text: string) => text.trimEnd().split('\n').length === 1;

let feedServer: Server;
let origin: string;
let dir: string;

beforeAll(async () => {
  const rss = await readFile(testdata('quay-weekly.rss.xml'), 'utf8');
  feedServer = createServer((req, res) => {
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(rss);
    } else if (req.url === '/about') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>About</title><h1>About us</h1>');
    } else {
      res.writeHead(404);
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), 'bs-cli-'));
});

afterAll(async () => {
  feedServer.closeAllConnections();
  await new Promise<void>((resolve) => feedServer.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

const ITEM_KEYS = ['author', 'contentHtml', 'enclosures', 'guid', 'publishedAt', 'summary', 'title', 'url'];
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/;

function expectFeedShape(feed: Record<string, unknown>): void {
  expect(Object.keys(feed).sort()).toEqual(['description', 'items', 'language', 'siteUrl', 'title']);
  for (const key of ['title', 'siteUrl', 'description', 'language']) {
    expect(feed[key] === null || typeof feed[key] === 'string', key).toBe(true);
  }
  const items = feed.items as Array<Record<string, unknown>>;
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
    for (const key of ITEM_KEYS.filter((k) => k !== 'enclosures')) {
      expect(item[key] === null || typeof item[key] === 'string', key).toBe(true);
    }
    if (item.publishedAt !== null) expect(item.publishedAt).toMatch(ISO_UTC);
    if (item.url !== null) expect(new URL(item.url as string).protocol).toMatch(/^https?:$/);
    for (const enclosure of item.enclosures as Array<Record<string, unknown>>) {
      expect(Object.keys(enclosure).sort()).toEqual(['length', 'type', 'url']);
      expect(new URL(enclosure.url as string).protocol).toMatch(/^https?:$/);
    }
  }
}

describe('broadsheet parse-feed', () => {
  it('prints an RSS 2.0 file in the agreed shape', async () => {
    const { code, stdout, stderr } = await runAsProcess(['parse-feed', testdata('quay-weekly.rss.xml')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const feed = JSON.parse(stdout);
    expectFeedShape(feed);
    expect(feed).toMatchObject({ title: 'Quay Weekly', siteUrl: 'https://quay-weekly.example/', language: 'en-gb' });
    expect(feed.items[0]).toEqual({
      guid: 'qw-tides-2026-12',
      title: 'Tide tables for December are out',
      url: 'https://quay-weekly.example/2026/11/tides',
      publishedAt: '2026-11-24T08:00:00.000Z',
      author: 'Lowenna Hicks',
      summary: expect.stringContaining('Spring tides'),
      contentHtml: expect.stringContaining('<b>4th</b>'),
      enclosures: [{ url: 'https://quay-weekly.example/media/tides-2026-12.pdf', type: 'application/pdf', length: '48213' }],
    });
  });

  it('prints an Atom file with relative links made absolute', async () => {
    const { code, stdout } = await runAsProcess(['parse-feed', testdata('moorland-diary.atom.xml')]);
    expect(code).toBe(0);
    const feed = JSON.parse(stdout);
    expectFeedShape(feed);
    expect(feed.title).toBe('Moorland Diary');
    expect(feed.items.map((i: { url: string }) => i.url)).toEqual([
      'https://moorland.example/diary/2026/first-frost',
      'https://moorland.example/diary/2026/ponies',
    ]);
    expect(feed.items[1].publishedAt).toBe('2026-11-02T14:20:00.000Z');
  });

  it('fetches a feed from a URL', async () => {
    const { code, stdout } = await runAsProcess(['parse-feed', `${origin}/feed.xml`]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).title).toBe('Quay Weekly');
  });

  it('fails with one plain line for a file that is not a feed, a missing file and an unreachable page', async () => {
    const html = path.join(dir, 'page.html');
    await writeFile(html, '<!doctype html><title>Hello</title><p>Just a page.</p>');
    for (const target of [html, path.join(dir, 'missing.xml'), `${origin}/about`, `${origin}/gone.xml`]) {
      const { code, stdout, stderr } = await runAsProcess(['parse-feed', target]);
      expect(code, target).toBe(1);
      expect(stdout, target).toBe('');
      expect(stderr, target).toMatch(/^broadsheet: /);
      expect(oneLine(stderr), stderr).toBe(true);
      expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
    }
    expect((await runAsProcess(['parse-feed', path.join(dir, 'missing.xml')])).stderr).toContain('There is no file');
    expect((await runAsProcess(['parse-feed', `${origin}/gone.xml`])).stderr).toContain('404');
  });
});

describe('broadsheet usage', () => {
  it('exits 2 with one line on usage mistakes', async () => {
    const mistakes = [
      ['frobnicate'],
      ['add'],
      ['show', 'twelve'],
      ['list', '--port', '80'],
      ['list', '--unread', '--bookmarked'],
      ['list', '--limit', '0'],
      ['serve', '--port', '99999'],
      ['parse-feed'],
      ['bookmark', '1', '2'],
      ['list', '--data-dir'],
    ];
    for (const args of mistakes) {
      const { code, stdout, stderr } = await runAsProcess(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout, args.join(' ')).toBe('');
      expect(oneLine(stderr), stderr).toBe(true);
      expect(stderr).toContain('broadsheet help');
    }
  });

  it('prints help for everything and for one command', async () => {
    const all = await runAsProcess(['help']);
    expect(all.code).toBe(0);
    for (const command of ['add URL', 'refresh', 'list', 'show ID', 'bookmark ID', 'serve', 'parse-feed FILE|URL']) {
      expect(all.stdout).toContain(command);
    }
    const one = await runAsProcess(['list', '--help']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('--bookmarked');
  });
});

describe('broadsheet with a library', () => {
  it('adds a feed, lists, bookmarks and shows articles, and keeps them in the data folder', async () => {
    const dataDir = path.join(dir, 'library');
    const run = (...args: string[]) => runAsProcess([...args, '--data-dir', dataDir]);

    const added = await run('add', `${origin}/feed.xml`);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Quay Weekly');

    const again = await run('add', `${origin}/feed.xml`);
    expect(again.code).toBe(1);
    expect(oneLine(again.stderr)).toBe(true);

    const listed = await run('list', '--json');
    expect(listed.code).toBe(0);
    const articles = JSON.parse(listed.stdout) as Array<{ id: number; title: string; read: boolean; bookmarked: boolean }>;
    expect(articles.map((a) => a.title)).toEqual(['Tide tables for December are out', 'Fish market opens late on Saturday']);
    const tides = articles[0]!;

    const text = await run('list');
    expect(text.stdout).toMatch(new RegExp(`^\\s*${tides.id} • .*Tide tables for December are out$`, 'm'));

    const bookmarked = await run('bookmark', String(tides.id));
    expect(bookmarked.code).toBe(0);
    expect(bookmarked.stdout).toContain('Bookmarked “Tide tables for December are out”');

    const onlyBookmarks = await run('list', '--bookmarked', '--json');
    expect(JSON.parse(onlyBookmarks.stdout).map((a: { id: number }) => a.id)).toEqual([tides.id]);

    const shown = await run('show', String(tides.id));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Tide tables for December are out');
    expect(shown.stdout).toContain('Quay Weekly · Lowenna Hicks · 2026-11-24 08:00 UTC');
    expect(shown.stdout).toContain('Spring tides on the 4th and the 19th.');
    expect(shown.stdout).not.toContain('<p>');

    const read = await run('read', String(tides.id));
    expect(read.code).toBe(0);
    const unread = await run('list', '--unread', '--json');
    expect(JSON.parse(unread.stdout).map((a: { title: string }) => a.title)).toEqual(['Fish market opens late on Saturday']);

    const off = await run('bookmark', String(tides.id), '--off');
    expect(off.code).toBe(0);
    expect((await run('list', '--bookmarked')).stdout).toContain('No bookmarks yet');

    const refreshed = await run('refresh');
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toContain('Refreshed 1 feed: 0 new articles.');

    const missing = await run('show', '99999');
    expect(missing.code).toBe(1);
    expect(oneLine(missing.stderr)).toBe(true);
  });

  it('says once, calmly, that it is offline when no feed can be reached', async () => {
    const inDir = (name: string) => (...args: string[]) => runAsProcess([...args, '--data-dir', path.join(dir, name)]);
    const [offline, partly] = [inDir('offline'), inDir('partly')];
    const rss = await readFile(testdata('quay-weekly.rss.xml'), 'utf8');
    const gone = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss));
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const goneFeed = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/feed.xml`;
    expect((await offline('add', goneFeed)).code).toBe(0);
    expect((await partly('add', goneFeed)).code).toBe(0);
    expect((await partly('add', `${origin}/feed.xml`)).code).toBe(0);
    gone.closeAllConnections();
    await new Promise<void>((resolve) => gone.close(() => resolve()));

    const none = await offline('refresh');
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('broadsheet: no feed could be reached; this computer seems to be offline.\n');

    // One feed still answers: not offline, and the one that failed says why.
    const some = await partly('refresh');
    expect(some.code).toBe(1);
    expect(some.stderr).toMatch(/could not be refreshed: Could not reach 127\.0\.0\.1/);
    expect(some.stderr).not.toMatch(/offline/);
  });

  it('serves the library on loopback and stops cleanly on SIGTERM', async () => {
    const dataDir = path.join(dir, 'served');
    const child = spawn(process.execPath, [CLI_ENTRY, 'serve', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        const match = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(out);
        if (match) resolve(match[0]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const { origin: appOrigin, hash } = new URL(url);
    const token = hash.slice('#token='.length);
    const reply = await fetch(`${appOrigin}/api/listSources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-broadsheet-token': token },
      body: '{"args":[]}',
    });
    expect(await reply.json()).toEqual({ ok: true, value: [] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
