// Export, backup and restore through the Library, on a real library folder:
// a local HTTP server serves a feed, an article page and a real PNG; the
// real fetcher, image store, database and tar archives do the rest.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../shared/api.ts';
import type { Article } from '../shared/models.ts';
import { assetNameFromUrl } from './articles/asset-store.ts';
import type { Library } from './library.ts';
import { pngBytes } from './testing/test-images.ts';
import { serveFeed, startLocalServer, type LocalServer } from './testing/local-server.ts';
import { rejection } from './testing/library-probes.ts';
import { quayWeeklyFeed } from './testing/quay-weekly-feed.ts';
import { testLibraries } from './testing/test-libraries.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');
let clock = NOW;
let server: LocalServer;
let dataDir: string;
const { open, closeAll } = testLibraries(() => ({ dataDir, now: () => clock }));

const STORY = [
  'The harbour board met on Tuesday evening to decide the future of the old fish market, which has stood empty since the spring floods damaged its roof.',
  'Several traders told the meeting that they would return if the building were repaired before the summer season, when visitors fill the town.',
  'The board agreed to commission a survey of the roof and the sea wall, and to publish the results in January for everyone to see.',
];

function page(title: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
    <meta property="og:site_name" content="The Quay Herald"></head><body><main><article>
    <h1>${title}</h1><figure><img src="/market.png" alt="The old fish market" width="400" height="300"></figure>
    ${STORY.map((p) => `<p>${p}</p>`).join('\n')}</article></main></body></html>`;
}

beforeEach(async () => {
  clock = NOW;
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-backup-'));
  server = await startLocalServer();
  server.route('/feed.xml', serveFeed(() => quayWeeklyFeed(server.origin)));
  server.route('/market.png', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(pngBytes(400, 300, 3))));
  for (const path of ['/tides', '/market', '/saved']) {
    server.route(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`Story at ${path}`)));
  }
});

afterEach(async () => {
  closeAll();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A library with a feed (one article bookmarked and downloaded, one read) and a saved page with its image. */
async function populated(): Promise<{ library: Library; tides: number; market: number; saved: number }> {
  const library = open();
  const source = await library.addFeed(server.url('/feed.xml'));
  const list = await library.listArticles({ view: 'all', sourceId: source.id, limit: 10 });
  const tides = list.items.find((a) => a.title.startsWith('Tide'))?.id ?? 0;
  const market = list.items.find((a) => a.title.startsWith('Fish'))?.id ?? 0;
  await library.setBookmarked(tides, true);
  await library.downloadArticle(tides);
  await library.setRead([market], true);
  const saved = (await library.saveUrl(server.url('/saved'))).id;
  await library.setReadingProgress(saved, 0.5);
  await library.downloadsIdle();
  return { library, tides, market, saved };
}

async function snapshot(library: Library): Promise<{ articles: Article[]; images: Record<string, string> }> {
  const all = [
    ...(await library.listArticles({ view: 'all', limit: 100 })).items,
    ...(await library.listArticles({ view: 'archive', limit: 100 })).items,
  ];
  const articles = await Promise.all(all.map((a) => library.getArticle(a.id)));
  const images: Record<string, string> = {};
  for (const article of articles) {
    for (const match of article.contentHtml.matchAll(/src="([^"]+)"/g)) {
      const name = assetNameFromUrl(match[1] ?? '');
      if (name) images[name] = readFileSync(join(dataDir, 'assets', name)).toString('base64');
    }
  }
  return { articles: articles.sort((a, b) => a.id - b.id), images };
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

describe('Library: export', () => {
  it('writes bookmarks and saved pages as Markdown, HTML and JSON, named for what and when', async () => {
    const { library, tides, saved } = await populated();
    const md = await library.exportArticles({ scope: 'bookmarked', format: 'markdown' });
    expect(md).toMatchObject({ fileName: 'broadsheet-bookmarks-2026-11-24.md', articles: 1 });
    expect(md.content).toContain('## Tide tables for December');
    expect(md.content).toContain(`- Link: <${server.url('/tides')}>`);
    expect(md.content).toContain('- Source: Quay Weekly');
    expect(md.content).toContain('The harbour board met on Tuesday evening');
    expect(md.content).toContain('*Image: The old fish market*');
    expect(md.content).not.toContain('/asset/');
    expect(md.content).not.toContain('<p>');

    const html = await library.exportArticles({ scope: 'both', format: 'html' });
    expect(html).toMatchObject({ fileName: 'broadsheet-bookmarks-and-saved-2026-11-24.html', mimeType: 'text/html; charset=utf-8', articles: 2 });
    expect(html.content).toMatch(/^<!doctype html>/);
    expect(html.content).toContain('<style>');
    expect(html.content).toContain('Images are not included');
    expect(html.content).not.toMatch(/<img|\/asset\/|<script/);

    const json = await library.exportArticles({ scope: 'saved', format: 'json' });
    expect(json.fileName).toBe('broadsheet-saved-2026-11-24.json');
    const parsed = JSON.parse(json.content) as { articles: Array<{ id: number; text: string; html: string; saved: boolean }> };
    expect(parsed.articles.map((a) => a.id)).toEqual([saved]);
    expect(parsed.articles[0]?.text).toContain('fish market');
    expect(parsed.articles[0]?.html).toContain('<p>');
    expect(tides).toBeGreaterThan(0);
  });

  it('exports an empty file, not an error, when there is nothing to export', async () => {
    const library = open();
    const empty = await library.exportArticles({ scope: 'bookmarked', format: 'json' });
    expect(empty.articles).toBe(0);
    expect(JSON.parse(empty.content).articles).toEqual([]);
  });
});

describe('Library: backup and restore', () => {
  it('round-trips bookmarks, saved pages, images, read state and reading progress', async () => {
    const { library, tides, market, saved } = await populated();
    const before = await snapshot(library);
    expect(Object.keys(before.images).length).toBeGreaterThan(0);

    const backup = await library.createBackup();
    expect(backup.name).toBe('broadsheet-backup-2026-11-24T12-00-00Z.tar.gz');
    expect(backup.articles).toBe(3);
    expect(backup.bytes).toBeGreaterThan(0);
    expect(await library.listBackups()).toEqual([backup]);

    // Change everything after the backup.
    await library.setBookmarked(tides, false);
    await library.setRead([market], false);
    await library.setArchived(saved, true);
    await library.setReadingProgress(saved, 0.9);
    const sources = await library.listSources();
    await library.removeSource(sources[0]?.id ?? 0);
    await library.downloadsIdle();
    expect((await library.listArticles({ view: 'all', limit: 10 })).items).toHaveLength(0);

    const changed: Array<EventPayload<'libraryChanged'>> = [];
    library.on('libraryChanged', (p) => changed.push(p));
    clock = new Date('2026-11-25T09:30:00.000Z');
    expect(await library.restoreBackup(backup.name)).toBeNull();

    expect(changed).toContainEqual({ reason: 'restored', sourceIds: [] });
    expect(await snapshot(library)).toEqual(before);
    expect((await library.getArticle(saved)).readingProgress).toBe(0.5);
    expect(await library.getCounts()).toEqual({ all: 3, unread: 2, bookmarked: 1, saved: 1, archive: 0 });
    expect((await library.search({ query: 'harbour board', limit: 10 })).total).toBeGreaterThan(0);
    // The library as it was is kept, never deleted.
    const kept = join(dataDir, 'before-restore-2026-11-25T09-30-00Z');
    expect(existsSync(join(kept, 'library.db'))).toBe(true);
    // And the restored library opens again as it is.
    library.close();
    const reopened = open();
    expect(await snapshot(reopened)).toEqual(before);
  });

  it('offers only its own backups by name, never a path', async () => {
    const library = open();
    await library.createBackup();
    for (const name of ['../library.db', '/etc/passwd', 'broadsheet-backup-2026-11-24T12-00-00Z.tar.gz/../x', 'other.tar.gz']) {
      expect((await rejection(library.restoreBackup(name))).code).toBe('not_found');
    }
  });

  it('lists backups newest first', async () => {
    const library = open();
    const first = await library.createBackup();
    clock = new Date('2026-11-26T00:00:00.000Z');
    const second = await library.createBackup();
    const again = await library.createBackup();
    expect(again.name).toBe('broadsheet-backup-2026-11-26T00-00-00Z-2.tar.gz');
    expect((await library.listBackups()).map((b) => b.name)).toEqual([again.name, second.name, first.name].sort().reverse());
  });

  it('refuses a second restore without ending the first: no download restarts into the restored library', async () => {
    const held: Array<() => void> = [];
    const oneItemFeed = (name: string, path: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${name}</title>
      <item><guid>${name}</guid><title>Story ${name}</title><link>${server.url(path)}</link><description>Summary ${name}</description></item>
      </channel></rss>`;
    server.route('/a.xml', serveFeed(() => oneItemFeed('A', '/tides')));
    server.route('/b.xml', serveFeed(() => oneItemFeed('B', '/held')));
    // Answers only when the test says so, whatever the client's abort: a slow server.
    server.route('/held', (_req, res) => {
      held.push(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Story from B')));
    });
    const library = open();
    await library.updateSettings({ refreshIntervalMinutes: 0 });
    const a = await library.addFeed(server.url('/a.xml'));
    const backup = await library.createBackup();
    await library.removeSource(a.id);
    await library.addFeed(server.url('/b.xml'));
    const id = (await library.listArticles({ view: 'all', limit: 5 })).items[0]?.id ?? 0;
    library.startAutoRefresh();
    await library.setBookmarked(id, true);
    await until(() => held.length === 1);

    const first = library.restoreBackup(backup.name);
    const second = await rejection(library.restoreBackup(backup.name));
    expect(second.message).toMatch(/restoring a backup/);
    // The refused call must not have ended the first restore or restarted its downloads.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(held).toHaveLength(1);

    held.shift()?.();
    expect(await first).toBeNull();
    await library.downloadsIdle();
    for (const release of held.splice(0)) release();
    await library.downloadsIdle();
    // The id is reused by the restored library's own article, which must stay as the backup had it.
    const restored = await library.getArticle(id);
    expect(restored).toMatchObject({ title: 'Story A', download: 'none' });
    expect(restored.contentHtml).not.toMatch(/Story from B/);
  });

  it('leaves the library exactly as it was when the backup is damaged', async () => {
    const { library } = await populated();
    const backup = await library.createBackup();
    const before = await snapshot(library);
    const file = join(dataDir, 'backups', backup.name);
    const whole = readFileSync(file);

    // Truncated: the manifest still reads, the rest does not.
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const truncated = await rejection(library.restoreBackup(backup.name));
    expect(truncated.code).toBe('storage_failed');
    expect(truncated.message).toMatch(/Your library was not changed/);

    // Whole archive, but a database that is not one.
    writeFileSync(file, whole);
    const restoredDir = mkdtempSync(join(tmpdir(), 'broadsheet-bad-'));
    try {
      const tar = await import('tar');
      await tar.extract({ file, cwd: restoredDir });
      writeFileSync(join(restoredDir, 'library.db'), 'this is not a database');
      await tar.create({ gzip: true, file, cwd: restoredDir }, ['manifest.json', 'library.db', 'assets']);
    } finally {
      rmSync(restoredDir, { recursive: true, force: true });
    }
    const corrupt = await rejection(library.restoreBackup(backup.name));
    expect(corrupt.message).toMatch(/damaged.*Your library was not changed/);

    // Garbage that only looks like a backup by name.
    writeFileSync(file, gzipSync(Buffer.from('nothing here')));
    expect((await rejection(library.restoreBackup(backup.name))).code).toBe('not_found');

    expect(await snapshot(library)).toEqual(before);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('before-restore') || n.startsWith('.restore'))).toEqual([]);
  });
});
