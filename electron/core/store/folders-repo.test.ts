import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import { addArticle, addFeed, addSavedPage, NOW } from '../testing/library-rows.ts';
import * as articles from './articles-repo.ts';
import { openMemoryDatabase, type Database } from './database.ts';
import * as folders from './folders-repo.ts';
import { search } from './search-repo.ts';
import * as sources from './sources-repo.ts';

let db: Database;

beforeEach(() => {
  db = openMemoryDatabase();
});

function create(name: string, parentId: number | null = null): number {
  return folders.createFolder(db, name, parentId, NOW);
}

function fileIn(sourceId: number, folderId: number | null): void {
  sources.updateSourceSettings(db, sourceId, { folderId });
}

function failure(work: () => unknown): ApiError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('it did not fail');
}

const names = () => folders.listFolders(db).map((f) => [f.name, f.parentId]);

describe('folders', () => {
  it('nests, and keeps names unique among siblings whatever their case (accents too)', () => {
    const news = create('News');
    const world = create('World', news);
    create('World');
    expect(names()).toEqual([
      ['News', null],
      ['World', news],
      ['World', null],
    ]);
    const taken = failure(() => create('news'));
    expect(taken.code).toBe('already_exists');
    expect(taken.message).toBe('There is already a folder called “news” here.');
    create('Économie');
    expect(failure(() => create('ÉCONOMIE')).code).toBe('already_exists');
    expect(failure(() => create('Sport', 999)).code).toBe('not_found');
    expect(folders.findChildFolder(db, news, 'WORLD')).toBe(world);
    expect(folders.findChildFolder(db, null, 'world')).not.toBe(world);
  });

  it('renames and moves, never into itself or a folder inside it', () => {
    const a = create('A');
    const b = create('B', a);
    const c = create('C', b);
    folders.updateFolder(db, c, { name: 'C renamed', parentId: null });
    expect(folders.getFolder(db, c)).toMatchObject({ name: 'C renamed', parentId: null });
    folders.updateFolder(db, c, { parentId: b });
    // Renaming to another case of its own name is allowed.
    folders.updateFolder(db, c, { name: 'c RENAMED' });
    expect(folders.getFolder(db, c)).toMatchObject({ name: 'c RENAMED', parentId: b });

    expect(failure(() => folders.updateFolder(db, a, { parentId: a })).message).toBe('A folder cannot go inside itself.');
    expect(failure(() => folders.updateFolder(db, a, { parentId: c })).message).toBe('A folder cannot go inside one of its own folders.');
    expect(failure(() => folders.updateFolder(db, a, { parentId: 999 })).code).toBe('not_found');
    expect(failure(() => folders.updateFolder(db, 999, { name: 'X' })).code).toBe('not_found');
    create('Taken', a);
    expect(failure(() => folders.updateFolder(db, b, { name: 'taken' })).code).toBe('already_exists');
    expect(folders.getFolder(db, a)).toMatchObject({ name: 'A', parentId: null });
  });

  it('caps nesting at 20 levels, for new folders and moved ones', () => {
    let parent: number | null = null;
    const chain: number[] = [];
    for (let level = 1; level <= folders.MAX_FOLDER_DEPTH; level += 1) {
      parent = create(`L${level}`, parent);
      chain.push(parent);
    }
    expect(failure(() => create('L21', parent)).message).toBe('Folders can be nested at most 20 deep.');
    const two = create('Two');
    create('Inside two', two);
    // L19 + a folder two levels tall = 21 levels.
    expect(failure(() => folders.updateFolder(db, two, { parentId: chain[18] ?? null })).code).toBe('invalid_input');
    folders.updateFolder(db, two, { parentId: chain[17] ?? null });
  });

  it('deletes a folder, moving its feeds and folders up to where it was; a clashing name gets a number', () => {
    const news = create('News');
    const local = create('Local', news);
    const inner = create('Sport', local);
    const sport = create('Sport', news);
    const feed = addFeed(db, 'Harbour Gazette');
    const deep = addFeed(db, 'Match Reports');
    fileIn(feed, local);
    fileIn(deep, inner);

    expect(folders.deleteFolder(db, local)).toEqual({ movedSourceIds: [feed] });
    expect(sources.getSource(db, feed)?.folderId).toBe(news);
    expect(sources.getSource(db, deep)?.folderId).toBe(inner);
    expect(folders.getFolder(db, inner)).toMatchObject({ name: 'Sport (2)', parentId: news });
    expect(folders.getFolder(db, sport)).toMatchObject({ name: 'Sport', parentId: news });
    expect(sources.listSources(db)).toHaveLength(2);

    folders.deleteFolder(db, news);
    expect(names()).toEqual([
      ['Sport', null],
      ['Sport (2)', null],
    ]);
    expect(sources.getSource(db, feed)?.folderId).toBeNull();
    expect(folders.deleteFolder(db, news)).toBeNull();
  });

  it('counts unread articles of a folder’s feeds and of every folder inside it', () => {
    const news = create('News');
    const local = create('Local', news);
    const empty = create('Empty');
    const harbour = addFeed(db, 'Harbour');
    const world = addFeed(db, 'World');
    const loose = addFeed(db, 'Loose');
    fileIn(harbour, local);
    fileIn(world, news);
    const read = addArticle(db, harbour, { title: 'read one' });
    addArticle(db, harbour, { title: 'unread one' });
    addArticle(db, harbour, { title: 'unread two' });
    addArticle(db, world, { title: 'world' });
    addArticle(db, loose, { title: 'loose' });
    addSavedPage(db, { title: 'saved page' });
    articles.setRead(db, [read], true);

    const counts = Object.fromEntries(folders.listFolders(db).map((f) => [f.name, f.unreadCount]));
    expect(counts).toEqual({ Empty: 0, Local: 2, News: 3 });
    expect(folders.getFolder(db, empty)?.unreadCount).toBe(0);
  });

  it('counts from the small unread index, never the table', () => {
    const plan = db.sql
      .prepare(
        `EXPLAIN QUERY PLAN SELECT source_id, COUNT(*) FROM articles INDEXED BY articles_listed_unread
         WHERE read = 0 AND archived = 0 GROUP BY source_id`,
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/COVERING INDEX articles_listed_unread/);
    // listFolders names that index outright: were it ever unusable, SQLite would refuse the statement.
    expect(() => folders.listFolders(db)).not.toThrow();
  });
});

describe('lists, mark all read and search within a folder', () => {
  let news: number;
  let local: number;
  let harbour: number;
  let world: number;
  let other: number;
  const ids: Record<string, number> = {};

  beforeEach(() => {
    news = create('News');
    local = create('Local', news);
    harbour = addFeed(db, 'Harbour');
    world = addFeed(db, 'World');
    other = addFeed(db, 'Other');
    fileIn(harbour, local);
    fileIn(world, news);
    ids.ferry = addArticle(db, harbour, { title: 'Ferry timetable', text: 'ferry harbour', publishedAt: '2026-11-20T00:00:00.000Z' });
    ids.summit = addArticle(db, world, { title: 'Summit ends', text: 'harbour summit', publishedAt: '2026-11-21T00:00:00.000Z' });
    ids.market = addArticle(db, other, { title: 'Market day', text: 'harbour market', publishedAt: '2026-11-22T00:00:00.000Z' });
  });

  it('lists the folder’s feeds and those of the folders inside it', () => {
    const list = (folderId: number) => articles.listArticles(db, { view: 'all', folderId, limit: 10 }).items.map((a) => a.title);
    expect(list(news)).toEqual(['Summit ends', 'Ferry timetable']);
    expect(list(local)).toEqual(['Ferry timetable']);
    const paged = articles.listArticles(db, { view: 'unread', folderId: news, limit: 1 });
    expect(paged.items.map((a) => a.id)).toEqual([ids.summit]);
    const next = articles.listArticles(db, { view: 'unread', folderId: news, limit: 1, cursor: paged.nextCursor ?? '' });
    expect(next.items.map((a) => a.id)).toEqual([ids.ferry]);
    expect(next.nextCursor).toBeNull();
  });

  it('marks all read in the folder and the folders inside it only', () => {
    expect(articles.markAllRead(db, 'unread', undefined, news)).toEqual({
      ids: [ids.ferry, ids.summit].sort((x, y) => (x ?? 0) - (y ?? 0)),
      sourceIds: expect.arrayContaining([harbour, world]) as unknown as number[],
    });
    expect(articles.getSummary(db, ids.market ?? 0)?.read).toBe(false);
    expect(folders.getFolder(db, news)?.unreadCount).toBe(0);
  });

  it('searches within the folder, with or without a view', () => {
    const found = (folderId: number, view?: 'unread') =>
      search(db, { query: 'harbour', folderId, limit: 10, ...(view ? { view } : {}) }).items.map((i) => i.title).sort();
    expect(found(news)).toEqual(['Ferry timetable', 'Summit ends']);
    expect(found(local)).toEqual(['Ferry timetable']);
    articles.setRead(db, [ids.ferry ?? 0], true);
    expect(found(news, 'unread')).toEqual(['Summit ends']);
    expect(search(db, { query: 'harbour', limit: 10 }).total).toBe(3);
  });
});
