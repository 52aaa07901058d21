// A full disk, simulated two ways on real library folders. The database:
// PRAGMA max_page_count pinned to the file's size, so any write that needs a
// new page fails with SQLITE_FULL, as on a full disk. The image store: its
// writes fail with ENOSPC. Each call that cannot save says so in plain words
// (disk_full), a notice is posted once, and everything stored before stays
// exactly as it was.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAssetStore, type AssetStoreOptions } from './articles/asset-store.ts';
import { DISK_FULL_NOTICE, Library } from './library.ts';
import { NoticeBoard } from './notices.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { openDatabase, type Database } from './store/database.ts';
import { diskFullMessage } from './store/storage-errors.ts';
import { record, rejection } from './testing/library-probes.ts';
import { serveFeed, startLocalServer, type LocalServer } from './testing/local-server.ts';
import { pngBytes } from './testing/test-images.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');
let server: LocalServer;
let dataDir: string;
let items = 2;
const opened: Library[] = [];

const paragraph = (n: number) => `<p>Item ${n} of the harbour report: ${'the tide turned early and the boats came home before dark. '.repeat(12)}</p>`;
const FEED = (origin: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Quay Weekly</title><link>${origin}/</link>
  ${Array.from({ length: items }, (_, i) => `<item><guid>item-${i}</guid><title>Report ${i}</title><link>${origin}/page/${i}</link>
    <pubDate>Mon, 23 Nov 2026 0${i % 10}:00:00 GMT</pubDate><description><![CDATA[${paragraph(i)}]]></description></item>`).join('\n')}
</channel></rss>`;
const PAGE = (title: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><article>
  <h1>${title}</h1><figure><img src="/photo.png" alt="The quay" width="400" height="300"></figure>${paragraph(1).repeat(4)}</article></main></body></html>`;

beforeEach(async () => {
  items = 2;
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-disk-full-'));
  server = await startLocalServer();
  server.route('/feed.xml', serveFeed(() => FEED(server.origin)));
  server.route('/photo.png', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(pngBytes(400, 300, 7))));
  for (let i = 0; i < 300; i += 1) {
    server.route(`/page/${i}`, (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE(`Report ${i}`)));
  }
  server.route('/saved', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('A page to keep')));
});

afterEach(async () => {
  for (const library of opened.splice(0)) library.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A Library over a database the test holds, so it can pin the database's size. */
function open(assets: AssetStoreOptions = {}): { library: Library; db: Database } {
  const db = openDatabase(dataDir);
  const settings = createConfSettingsStore({ cwd: dataDir });
  settings.update({ downloadFullArticles: 'never' });
  const library = new Library(db, { dataDir, settings, now: () => NOW, notices: new NoticeBoard(() => NOW), assets: createAssetStore(dataDir, assets) });
  opened.push(library);
  return { library, db };
}

/** From now on, no write may add a page to the database. */
function fillDisk(db: Database): void {
  const { page_count: pages } = db.sql.prepare('PRAGMA page_count').get() as { page_count: number };
  db.sql.exec(`PRAGMA max_page_count = ${pages}`);
}

function everything(db: Database): unknown[] {
  return db.sql.prepare('SELECT * FROM articles ORDER BY id').all().concat(db.sql.prepare('SELECT * FROM sources ORDER BY id').all());
}

function expectWhole(db: Database): void {
  expect(db.sql.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
  expect(db.sql.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
}

const OPML = (feeds: number) => `<?xml version="1.0"?><opml version="2.0"><head><title>Many</title></head><body>
  ${Array.from({ length: feeds }, (_, i) => `<outline type="rss" text="Feed number ${i} with a fairly long name" xmlUrl="https://feeds${i}.example.org/rss/all-the-news.xml" htmlUrl="https://feeds${i}.example.org/"/>`).join('\n')}
</body></opml>`;

describe('Library: the database cannot grow (a full disk)', () => {
  it('refuses each save in plain words, posts one notice, and keeps everything stored before', async () => {
    const { library, db } = open();
    const source = await library.addFeed(server.url('/feed.xml'));
    const ids = (await library.listArticles({ view: 'all', limit: 10 })).items.map((a) => a.id);
    await library.setBookmarked(ids[0] ?? 0, true);
    await library.setRead([ids[1] ?? 0], true);
    // The site's icon is looked for in the background: done before the disk fills.
    for (let i = 0; i < 500 && (db.sql.prepare('SELECT icon_checked_at FROM sources').get() as { icon_checked_at: string | null }).icon_checked_at === null; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    fillDisk(db);
    const before = everything(db);

    // A refresh with 200 new items: the feed fails with the disk's words, nothing half stored.
    items = 200;
    const progress = record(library, 'refreshProgress');
    const result = await library.refresh(source.id);
    expect(result).toMatchObject({ newArticles: 0, failed: 1 });
    expect(progress.find((p) => p.sourceId === source.id)?.error).toBe(diskFullMessage('the new articles from this feed'));

    const saveError = await rejection(library.saveUrl(server.url('/saved')));
    expect(saveError.toPayload()).toEqual({ code: 'disk_full', message: diskFullMessage('this page') });
    expect(saveError.message).toBe(
      'Your disk is full, so Broadsheet could not save this page. Nothing already in your library was changed. Free some space and try again.',
    );

    const importError = await rejection(library.importOpml({ text: OPML(300) }));
    expect(importError.toPayload()).toEqual({ code: 'disk_full', message: diskFullMessage('the feeds from this file') });

    expect(everything(db)).toEqual(before);
    expectWhole(db);
    // One notice for all of it.
    expect((await library.getNotices()).map((n) => [n.kind, n.message])).toEqual([['disk-full', DISK_FULL_NOTICE]]);
  });

  it('refuses a bookmark that needs room, and keeps every bookmark made before it', async () => {
    items = 250;
    const { library, db } = open();
    await library.addFeed(server.url('/feed.xml'));
    const ids = (await library.listArticles({ view: 'all', limit: 300 })).items.map((a) => a.id);
    fillDisk(db);
    // Bookmarks first fill the room left in the pages they touch; sooner or later one needs a new page.
    const done: number[] = [];
    let refused: { id: number; code: string; message: string } | null = null;
    for (const id of ids) {
      const outcome = await library.setBookmarked(id, true).then(
        () => null,
        (error: { code: string; message: string }) => error,
      );
      if (outcome) {
        refused = { id, code: outcome.code, message: outcome.message };
        break;
      }
      done.push(id);
    }
    expect(refused).toMatchObject({ code: 'disk_full', message: diskFullMessage('your bookmark') });
    const bookmarked = db.sql.prepare('SELECT id FROM articles WHERE bookmarked = 1 ORDER BY id').all().map((r) => r.id);
    expect(bookmarked).toEqual([...done].sort((a, b) => a - b));
    expect(bookmarked).not.toContain(refused?.id);
    expectWhole(db);
  });

  it('saves again once there is room', async () => {
    const { library, db } = open();
    fillDisk(db);
    expect((await rejection(library.saveUrl(server.url('/saved')))).code).toBe('disk_full');
    db.sql.exec('PRAGMA max_page_count = 1073741823');
    expect((await library.saveUrl(server.url('/saved'))).title).toBe('A page to keep');
  });
});

describe('Library: images cannot be written (a full disk)', () => {
  const noSpace: AssetStoreOptions = {
    writeFile: async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
    },
  };

  it('fails each download in plain words, leaves the article as it was, and posts one notice', async () => {
    const { library, db } = open(noSpace);
    await library.addFeed(server.url('/feed.xml'));
    const ids = (await library.listArticles({ view: 'all', limit: 10 })).items.map((a) => a.id);
    const before = await Promise.all(ids.map((id) => library.getArticle(id)));

    for (const id of ids) {
      const summary = await library.downloadArticle(id);
      expect(summary.download).toBe('failed');
    }
    for (const [i, id] of ids.entries()) {
      const after = await library.getArticle(id);
      expect(after.downloadError).toBe(diskFullMessage('this article'));
      // Not half stored: the feed's text, no images, no words from the page.
      expect(after.contentHtml).toBe(before[i]?.contentHtml);
      expect(after.wordCount).toBe(before[i]?.wordCount);
    }
    expect(db.sql.prepare('SELECT COUNT(*) AS n FROM article_assets').get()).toEqual({ n: 0 });
    expect((await library.getNotices()).map((n) => n.kind)).toEqual(['disk-full']);
    expect(readdirSync(join(dataDir, 'assets'), { recursive: true }).filter((f) => String(f).includes('.tmp-'))).toEqual([]);
  });

  it('refuses to save a page whose images cannot be stored, and stores nothing of it', async () => {
    const { library, db } = open(noSpace);
    const error = await rejection(library.saveUrl(server.url('/saved')));
    expect(error.toPayload()).toEqual({ code: 'disk_full', message: diskFullMessage('this page') });
    expect(db.sql.prepare('SELECT COUNT(*) AS n FROM articles').get()).toEqual({ n: 0 });
    expect((await library.getNotices()).map((n) => n.message)).toEqual([DISK_FULL_NOTICE]);
  });
});
