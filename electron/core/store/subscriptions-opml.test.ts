import { beforeEach, describe, expect, it } from 'vitest';
import { readOpml } from '../feeds/opml.ts';
import { NOW } from '../testing/library-rows.ts';
import { openMemoryDatabase, type Database } from './database.ts';
import * as folders from './folders-repo.ts';
import * as sources from './sources-repo.ts';
import { applyOpml, subscriptionTree } from './subscriptions-opml.ts';

let db: Database;

beforeEach(() => {
  db = openMemoryDatabase();
});

const opml = (body: string) => readOpml(`<opml version="2.0"><body>${body}</body></opml>`);

describe('applying an OPML file', () => {
  it('creates folders and unfetched feeds named as the file names them, filed where the file files them', () => {
    const { summary, newSourceIds } = db.transaction(() =>
      applyOpml(
        db,
        opml(`<outline text="News"><outline text="Local"><outline text="Gazette" xmlUrl="https://gazette.example/rss"
               htmlUrl="https://gazette.example/"/></outline></outline><outline text="Loose" xmlUrl="https://loose.example/rss"/>`),
        NOW,
      ),
    );
    expect(summary).toEqual({ feedsAdded: 2, foldersCreated: 2, duplicates: 0, invalid: [], invalidCount: 0 });
    const [gazette, loose] = newSourceIds.map((id) => sources.getSource(db, id));
    const local = folders.listFolders(db).find((f) => f.name === 'Local');
    expect(gazette).toMatchObject({
      title: 'Gazette',
      feedUrl: 'https://gazette.example/rss',
      siteUrl: 'https://gazette.example/',
      folderId: local?.id,
      status: 'ok',
      lastFetchedAt: null,
      lastError: null,
      createdAt: NOW,
    });
    expect(loose).toMatchObject({ title: 'Loose', folderId: null });
  });

  it('names a feed the file names nothing after its host only until it is fetched, and marks every feed as imported', () => {
    const { newSourceIds } = db.transaction(() =>
      applyOpml(db, opml(`<outline xmlUrl="https://nameless.example/rss"/><outline text="Named" xmlUrl="https://named.example/rss"/>`), NOW),
    );
    const [nameless, named] = newSourceIds.map((id) => sources.getSource(db, id));
    expect(nameless).toMatchObject({ title: 'nameless.example', feedTitle: 'nameless.example' });
    expect(named).toMatchObject({ title: 'Named' });
    const customTitles = db.sql.prepare('SELECT custom_title, added_by FROM sources ORDER BY id').all();
    // No rename for the nameless one: the first refresh's feed title replaces the host name.
    expect(customTitles).toEqual([
      { custom_title: null, added_by: 'imported' },
      { custom_title: 'Named', added_by: 'imported' },
    ]);
    expect(newSourceIds.map((id) => sources.getFetchState(db, id)?.addedBy)).toEqual(['imported', 'imported']);
  });

  it('writes nothing when any part fails: it runs inside the caller’s transaction', () => {
    db.sql.exec(`CREATE TEMP TRIGGER refuse_boom BEFORE INSERT ON sources WHEN new.feed_url = 'https://boom.example/rss'
                 BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const reading = opml(`<outline text="Before"><outline text="A" xmlUrl="https://a.example/rss"/></outline>
                          <outline text="Boom" xmlUrl="https://boom.example/rss"/>`);
    expect(() => db.transaction(() => applyOpml(db, reading, NOW))).toThrow(/disk full/);
    expect(sources.listSources(db)).toEqual([]);
    expect(folders.listFolders(db)).toEqual([]);
  });

  it('lists at most 100 unusable outlines but counts them all', () => {
    const bad = Array.from({ length: 150 }, (_, i) => `<outline text="Bad ${i}" xmlUrl="ftp://bad${i}.example/"/>`).join('');
    const { summary } = db.transaction(() => applyOpml(db, opml(bad), NOW));
    expect(summary.invalid).toHaveLength(100);
    expect(summary.invalidCount).toBe(150);
    expect(summary.feedsAdded).toBe(0);
  });

  it('imports 50,000 feeds in one go', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `<outline text="F${i}" xmlUrl="https://h${i}.example/f"/>`).join('');
    const reading = opml(`<outline text="All">${many}</outline>`);
    const started = performance.now();
    const { summary } = db.transaction(() => applyOpml(db, reading, NOW));
    // Printed, not asserted: speed is for benchmarks, not tests.
    console.info(`applyOpml: 50,000 feeds in ${Math.round(performance.now() - started)} ms`);
    expect(summary.feedsAdded).toBe(50_000);
    expect(subscriptionTree(db).folders[0]?.feeds).toHaveLength(50_000);
  });
});

describe('the subscription tree', () => {
  it('nests folders and sorts folders and feeds by name, showing the reader’s names', () => {
    const b = folders.createFolder(db, 'b folder', null, NOW);
    const a = folders.createFolder(db, 'A folder', null, NOW);
    folders.createFolder(db, 'inner', a, NOW);
    const insert = (title: string, folderId: number | null, customTitle: string | null = null) =>
      sources.insertSource(db, {
        title,
        customTitle,
        feedUrl: `https://${title.replace(/\W/g, '')}.example/rss`,
        siteUrl: null,
        description: null,
        etag: null,
        lastModified: null,
        lastFetchedAt: null,
        createdAt: NOW,
        folderId,
      });
    insert('zeta', b);
    insert('Alpha', b, 'Renamed');
    insert('top', null);
    const root = subscriptionTree(db);
    expect(root.folders.map((f) => [f.name, f.folders.map((x) => x.name), f.feeds.map((x) => x.title)])).toEqual([
      ['A folder', ['inner'], []],
      ['b folder', [], ['Renamed', 'zeta']],
    ]);
    expect(root.feeds.map((f) => f.title)).toEqual(['top']);
  });
});
