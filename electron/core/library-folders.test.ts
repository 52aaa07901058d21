// Folders, feed settings and OPML through the Library, on a real library
// folder with feeds served by a real local HTTP server.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Folder, Source } from '../shared/models.ts';
import { IMPORTED_LOCAL_MESSAGE, openLibrary, type Library } from './library.ts';
import type { LookupAll } from './net/address-guard.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { record, rejection } from './testing/library-probes.ts';
import { serveFeed, startLocalServer, type LocalServer } from './testing/local-server.ts';

const fixture = (name: string) => readFileSync(new URL(`./feeds/testdata/${name}`, import.meta.url), 'utf8');
const NOW = new Date('2026-11-24T12:00:00.000Z');

let server: LocalServer;
const dirs: string[] = [];
const opened: Library[] = [];

function open(dataDir = newDir()): Library {
  const settings = createConfSettingsStore({ cwd: dataDir });
  if (!existsSync(join(dataDir, 'settings.json'))) settings.update({ downloadFullArticles: 'never' });
  const library = openLibrary({ dataDir, settings, now: () => NOW, fetch: viaLoopback, lookup: publicLookup });
  opened.push(library);
  return library;
}

// Feeds an OPML file lists are held to public addresses (a file chose them, not the
// reader). These tests give the local server a public name: a lookup that answers
// with a public address, and a fetch that still connects to the local server.
const PUBLIC_HOST = 'feeds.example';
const publicLookup: LookupAll = async (hostname) => [{ address: hostname === PUBLIC_HOST ? '93.184.216.34' : '127.0.0.1', family: 4 }];
const viaLoopback: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname === PUBLIC_HOST) url.hostname = '127.0.0.1';
  return fetch(url, init);
};
/** The local server's `path` under its public name. */
const publicUrl = (path: string) => server.url(path).replace('//127.0.0.1:', `//${PUBLIC_HOST}:`);

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-folders-'));
  dirs.push(dir);
  return dir;
}

/** An RSS feed with one item, titled after its path, so every route is its own feed. */
function tinyFeed(name: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name} feed</title><link>https://${name}.example/</link>
    <item><title>${name} story</title><guid>${name}-1</guid><description>About the ${name} harbour.</description>
    <pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>`;
}

beforeEach(async () => {
  server = await startLocalServer();
  server.route('/rss.xml', serveFeed(fixture('rss2.xml')));
  server.route('/atom.xml', serveFeed(fixture('atom.xml'), 'application/atom+xml'));
  for (const name of ['alpha', 'beta', 'gamma', 'delta']) server.route(`/${name}.xml`, serveFeed(tinyFeed(name)));
});

afterEach(async () => {
  for (const library of opened.splice(0)) library.close();
  await server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Folders as a sorted list of "path: unread" entries. */
async function tree(library: Library): Promise<string[]> {
  const all = await library.listFolders();
  const byId = new Map(all.map((f) => [f.id, f]));
  const path = (f: Folder): string => {
    const parent = f.parentId === null ? undefined : byId.get(f.parentId);
    return parent ? `${path(parent)}/${f.name}` : f.name;
  };
  return all.map((f) => `${path(f)}: ${f.unreadCount}`).sort();
}

/** Feeds as sorted "folder path | title | address" entries. */
async function subscriptions(library: Library): Promise<string[]> {
  const all = await library.listFolders();
  const byId = new Map(all.map((f) => [f.id, f]));
  const path = (id: number | null): string => {
    const folder = id === null ? undefined : byId.get(id);
    return folder ? `${path(folder.parentId)}/${folder.name}` : '';
  };
  return (await library.listSources()).map((s) => `${path(s.folderId)} | ${s.title} | ${s.feedUrl}`).sort();
}

describe('Library: folders', () => {
  it('creates, renames, moves and deletes folders, with events and unread counts', async () => {
    const library = open();
    const changes = record(library, 'libraryChanged');
    const news = await library.createFolder({ name: 'News' });
    expect(news).toEqual({ id: news.id, name: 'News', parentId: null, unreadCount: 0 });
    const local = await library.createFolder({ name: 'Local', parentId: news.id });
    const gazette = await library.addFeed(server.url('/rss.xml'), { folderId: local.id });
    expect(gazette.folderId).toBe(local.id);
    expect(await tree(library)).toEqual(['News/Local: 4', 'News: 4']);

    expect(await library.updateFolder(local.id, { name: 'Harbour', parentId: null })).toMatchObject({
      name: 'Harbour',
      parentId: null,
      unreadCount: 4,
    });
    expect(await tree(library)).toEqual(['Harbour: 4', 'News: 0']);
    expect((await rejection(library.updateFolder(news.id, { parentId: news.id }))).code).toBe('invalid_input');
    expect((await rejection(library.createFolder({ name: 'harbour' }))).message).toBe('There is already a folder called “harbour” here.');
    expect((await rejection(library.updateFolder(999, { name: 'X' }))).code).toBe('not_found');

    await library.deleteFolder(local.id);
    expect((await library.listSources())[0]).toMatchObject({ id: gazette.id, folderId: null, unreadCount: 4 });
    expect(await tree(library)).toEqual(['News: 0']);
    expect((await rejection(library.deleteFolder(local.id))).code).toBe('not_found');
    expect(changes.map((c) => c.reason)).toEqual(['folders', 'folders', 'sources', 'folders', 'folders', 'folders', 'sources']);
    expect(changes.at(-1)).toEqual({ reason: 'sources', sourceIds: [gazette.id] });
  });

  it('lists, marks read and searches within a folder; an unknown folder is not_found', async () => {
    const library = open();
    const news = await library.createFolder({ name: 'News' });
    await library.addFeed(server.url('/rss.xml'), { folderId: news.id });
    const notes = await library.addFeed(server.url('/atom.xml'));

    expect((await library.listArticles({ view: 'all', folderId: news.id, limit: 50 })).items).toHaveLength(4);
    expect((await library.search({ query: 'frost', limit: 10 })).total).toBe(1);
    expect((await library.search({ query: 'frost', folderId: news.id, limit: 10 })).total).toBe(0);
    const { ids } = await library.markAllRead({ view: 'unread', folderId: news.id });
    expect(ids).toHaveLength(4);
    expect((await library.getCounts()).unread).toBe(notes.unreadCount);

    for (const call of [
      library.listArticles({ view: 'all', folderId: 999, limit: 10 }),
      library.markAllRead({ view: 'all', folderId: 999 }),
      library.search({ query: 'frost', folderId: 999, limit: 10 }),
    ]) {
      expect(await rejection(call)).toMatchObject({ code: 'not_found', message: 'That folder is no longer in your library.' });
    }
  });
});

describe('Library: feed settings', () => {
  it('subscribes into a folder under the reader’s own name; an unknown folder fetches nothing', async () => {
    const library = open();
    const folder = await library.createFolder({ name: 'Nature' });
    const notes = await library.addFeed(server.url('/atom.xml'), { folderId: folder.id, title: '  Moor notes ' });
    expect(notes).toMatchObject({ title: 'Moor notes', feedTitle: 'Field Notes & Observations', folderId: folder.id });

    const before = server.requests.length;
    expect((await rejection(library.addFeed(server.url('/rss.xml'), { folderId: 999 }))).code).toBe('not_found');
    expect(server.requests.length).toBe(before);
    expect(await library.listSources()).toHaveLength(1);
  });

  it('renames (and back), files in a folder and sets the refresh interval', async () => {
    const library = open();
    const changes = record(library, 'libraryChanged');
    const source = await library.addFeed(server.url('/rss.xml'));
    const folder = await library.createFolder({ name: 'Local' });
    changes.length = 0;

    const renamed = await library.updateSource(source.id, { title: 'The Gazette' });
    expect(renamed).toMatchObject({ title: 'The Gazette', feedTitle: 'The Harbour Gazette & Evening Post' });
    // The search index knows feeds by the name the reader gave them.
    expect((await library.search({ query: 'gazette ferry', limit: 5 })).total).toBe(1);
    expect((await library.listArticles({ view: 'all', limit: 1 })).items[0]?.sourceTitle).toBe('The Gazette');
    expect((await library.updateSource(source.id, { title: '' })).title).toBe('The Harbour Gazette & Evening Post');
    await library.updateSource(source.id, { title: 'Again' });
    expect((await library.updateSource(source.id, { title: null })).title).toBe('The Harbour Gazette & Evening Post');

    const filed = await library.updateSource(source.id, { folderId: folder.id, refreshIntervalMinutes: 0 });
    expect(filed).toMatchObject({ folderId: folder.id, refreshIntervalMinutes: 0, title: 'The Harbour Gazette & Evening Post' });
    expect(await tree(library)).toEqual(['Local: 4']);
    const back: Source = await library.updateSource(source.id, { folderId: null, refreshIntervalMinutes: null });
    expect(back).toMatchObject({ folderId: null, refreshIntervalMinutes: null });
    expect(await tree(library)).toEqual(['Local: 0']);

    expect(changes).toEqual([
      { reason: 'sources', sourceIds: [source.id] },
      { reason: 'sources', sourceIds: [source.id] },
      { reason: 'sources', sourceIds: [source.id] },
      { reason: 'sources', sourceIds: [source.id] },
      { reason: 'sources', sourceIds: [source.id] },
      { reason: 'folders', sourceIds: [source.id] },
      { reason: 'sources', sourceIds: [source.id] },
      { reason: 'folders', sourceIds: [source.id] },
    ]);
    expect((await library.updateSource(source.id, { refreshIntervalMinutes: 90 })).nextRefreshAt).toBe('2026-11-24T13:30:00.000Z');
    expect((await library.updateSource(source.id, { refreshIntervalMinutes: 0 })).nextRefreshAt).toBeNull();
    expect((await rejection(library.updateSource(source.id, { folderId: 999 }))).code).toBe('not_found');
    expect((await rejection(library.updateSource(999, { title: 'x' }))).code).toBe('not_found');
    expect((await library.listSources())[0]?.folderId).toBeNull();
  });
});

/** An OPML file listing the local server's feeds, as another reader would write it. */
function serverOpml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subscriptions from elsewhere</title></head>
  <body>
    <outline text="News" title="News">
      <outline type="rss" text="Gazette" title="Gazette" xmlUrl="${publicUrl('/rss.xml')}" htmlUrl="https://harbour.example/"/>
      <outline text="Nearby" title="Nearby">
        <outline type="rss" text="Alpha" xmlUrl="${publicUrl('/alpha.xml')}"/>
      </outline>
    </outline>
    <outline text="Nature" title="Nature">
      <outline type="rss" text="Field notes" xmlUrl="${publicUrl('/atom.xml')}"/>
      <outline type="rss" text="Gazette again" xmlUrl="${publicUrl('/rss.xml')}"/>
    </outline>
    <outline type="rss" text="Beta" xmlUrl="${publicUrl('/beta.xml')}"/>
    <outline type="rss" text="Gopher" xmlUrl="gopher://old.example/feed"/>
  </body>
</opml>`;
}

describe('Library: OPML import', () => {
  it('subscribes to every feed in its folders, skips duplicates, reports bad outlines, then fetches the new feeds', async () => {
    const library = open();
    const existingFolder = await library.createFolder({ name: 'nature' });
    await library.addFeed(publicUrl('/beta.xml'));
    const changes = record(library, 'libraryChanged');
    const progress = record(library, 'refreshProgress');

    const summary = await library.importOpml({ text: serverOpml(), fileName: 'elsewhere.opml' });
    expect(summary).toEqual({
      feedsAdded: 3,
      foldersCreated: 2,
      duplicates: 2,
      invalid: [{ title: 'Gopher', reason: 'Its feed address starts with “gopher:”; only http and https feeds can be followed.' }],
      invalidCount: 1,
    });
    // An existing folder of the same name (any case) is used, not duplicated.
    expect((await library.listFolders()).find((f) => f.id === existingFolder.id)?.name).toBe('nature');
    expect(await subscriptions(library)).toEqual([
      ` | beta feed | ${publicUrl('/beta.xml')}`,
      `/News | Gazette | ${publicUrl('/rss.xml')}`,
      `/News/Nearby | Alpha | ${publicUrl('/alpha.xml')}`,
      `/nature | Field notes | ${publicUrl('/atom.xml')}`,
    ]);
    expect(changes.slice(0, 2).map((c) => c.reason)).toEqual(['folders', 'sources']);
    expect(changes[1]?.sourceIds).toHaveLength(3);

    // Stored unfetched, then refreshed in the background: importOpml did not wait for it.
    await vi.waitFor(() => expect(progress.some((p) => !p.running)).toBe(true), { timeout: 5000 });
    const sources = await library.listSources();
    expect(sources.every((s) => s.status === 'ok' && s.lastError === null && s.lastFetchedAt !== null)).toBe(true);
    expect(sources.find((s) => s.feedUrl === publicUrl('/rss.xml'))).toMatchObject({
      title: 'Gazette',
      feedTitle: 'The Harbour Gazette & Evening Post',
      articleCount: 4,
    });
    expect(await tree(library)).toEqual(['News/Nearby: 1', 'News: 5', 'nature: 3']);

    const again = await library.importOpml({ text: serverOpml() });
    expect(again).toMatchObject({ feedsAdded: 0, foldersCreated: 0, duplicates: 5, invalidCount: 1 });
  });

  it('fetches the new feeds even when a refresh of everything was already under way', async () => {
    const library = open();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    server.route('/slow.xml', (request, response) => void held.then(() => serveFeed(tinyFeed('slow'))(request, response)));
    server.route('/slow-first.xml', serveFeed(tinyFeed('slow')));
    await library.addFeed(server.url('/slow-first.xml'));
    server.route('/slow-first.xml', (request, response) => void held.then(() => serveFeed(tinyFeed('slow'))(request, response)));
    const running = library.refresh();

    await library.importOpml({ text: `<opml><body><outline text="Gamma" xmlUrl="${publicUrl('/gamma.xml')}"/></body></opml>` });
    release();
    await running;
    await vi.waitFor(
      async () => expect((await library.listSources()).find((s) => s.title === 'Gamma')?.articleCount).toBe(1),
      { timeout: 5000 },
    );
  });

  it('names a feed the file names nothing after the feed itself once fetched, not after its host', async () => {
    const library = open();
    const progress = record(library, 'refreshProgress');
    await library.importOpml({ text: `<opml version="2.0"><body><outline xmlUrl="${publicUrl('/alpha.xml')}"/></body></opml>` });
    expect((await library.listSources())[0]).toMatchObject({ title: PUBLIC_HOST, lastFetchedAt: null });
    await vi.waitFor(() => expect(progress.some((p) => !p.running)).toBe(true), { timeout: 5000 });
    expect((await library.listSources())[0]).toMatchObject({ title: 'alpha feed', feedTitle: 'alpha feed' });
  });

  it('does not fetch a listed feed on this computer or the LAN until the reader types its address', async () => {
    const library = open();
    const progress = record(library, 'refreshProgress');
    const local = server.url('/delta.xml');
    const linkLocal = 'http://169.254.169.254/latest/meta-data/feed.xml';
    await library.importOpml({
      text: `<opml version="2.0"><body><outline text="Router" xmlUrl="${local}"/><outline text="Metadata" xmlUrl="${linkLocal}"/>
             <outline text="Alpha local" xmlUrl="${server.url('/alpha.xml')}"/><outline text="Gamma" xmlUrl="${publicUrl('/gamma.xml')}"/></body></opml>`,
    });
    await vi.waitFor(() => expect(progress.some((p) => !p.running)).toBe(true), { timeout: 5000 });
    const byTitle = new Map((await library.listSources()).map((s) => [s.title, s]));
    for (const title of ['Router', 'Metadata', 'Alpha local']) {
      expect(byTitle.get(title)).toMatchObject({ status: 'error', lastError: IMPORTED_LOCAL_MESSAGE, articleCount: 0 });
    }
    expect(byTitle.get('Gamma')).toMatchObject({ status: 'ok', articleCount: 1 });
    expect(server.requests.some((r) => r.path === '/delta.xml')).toBe(false);

    // Typed by the reader (in the add dialog, or added again): theirs now, fetched as typed.
    await library.discoverFeeds(local);
    await vi.waitFor(async () => expect((await library.listSources()).find((s) => s.title === 'Router')).toMatchObject({ status: 'ok', articleCount: 1 }), {
      timeout: 5000,
    });
    expect(await library.addFeed(server.url('/alpha.xml'))).toMatchObject({ title: 'Alpha local', status: 'ok', articleCount: 1 });
    expect(await library.refresh()).toMatchObject({ failed: 1 });
    expect((await library.listSources()).find((s) => s.title === 'Router')).toMatchObject({ status: 'ok', lastError: null });
  });

  it('changes nothing when the file is not OPML, and says what it is', async () => {
    const library = open();
    await library.createFolder({ name: 'Kept' });
    await library.addFeed(server.url('/alpha.xml'));
    const before = { folders: await library.listFolders(), sources: await library.listSources() };
    const changes = record(library, 'libraryChanged');

    expect(await rejection(library.importOpml({ text: fixture('rss2.xml') }))).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^This is an RSS feed, not a list of subscriptions/) as unknown as string,
    });
    expect((await rejection(library.importOpml({ text: fixture('page.html') }))).message).toMatch(/web page/);
    expect((await rejection(library.importOpml({ text: ' \n ' }))).message).toBe('The file is empty.');
    expect({ folders: await library.listFolders(), sources: await library.listSources() }).toEqual(before);
    expect(changes).toEqual([]);
  });
});

describe('Library: OPML export', () => {
  it('round-trips: exported, then imported into an empty library, gives the same folders and feeds; into itself, nothing', async () => {
    const library = open();
    const news = await library.createFolder({ name: 'News & Views' });
    const local = await library.createFolder({ name: 'Local', parentId: news.id });
    await library.createFolder({ name: 'Empty' });
    await library.addFeed(server.url('/rss.xml'), { folderId: local.id, title: 'My <Gazette>' });
    await library.addFeed(server.url('/atom.xml'), { folderId: news.id });
    await library.addFeed(server.url('/gamma.xml'));

    const file = await library.exportOpml();
    expect(file).toMatchObject({ fileName: 'broadsheet-subscriptions-2026-11-24.opml', mimeType: 'text/x-opml', articles: 0 });
    expect(file.content).toContain('<title>Broadsheet subscriptions</title>');
    expect(file.content).toContain('<dateCreated>Tue, 24 Nov 2026 12:00:00 GMT</dateCreated>');
    expect(file.content).toContain(`xmlUrl="${server.url('/rss.xml')}" htmlUrl="https://harbour.example/" title="My &lt;Gazette&gt;"`);

    const fresh = open();
    const summary = await fresh.importOpml({ text: file.content });
    expect(summary).toEqual({ feedsAdded: 3, foldersCreated: 3, duplicates: 0, invalid: [], invalidCount: 0 });
    expect(await subscriptions(fresh)).toEqual(await subscriptions(library));
    expect((await fresh.listFolders()).map((f) => f.name).sort()).toEqual((await library.listFolders()).map((f) => f.name).sort());

    expect(await library.importOpml({ text: file.content })).toEqual({
      feedsAdded: 0,
      foldersCreated: 0,
      duplicates: 3,
      invalid: [],
      invalidCount: 0,
    });
  });
});
