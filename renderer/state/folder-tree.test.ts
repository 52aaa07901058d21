import { describe, expect, it } from 'vitest';
import type { Folder, Source } from '../../electron/shared/models.ts';
import { sampleSource } from './sample-source.ts';
import { buildTree, folderChoices, folderFeedCount, folderOptionLabel, folderPath, folderUnread, loadCollapsed, saveCollapsed, visibleRows } from './folder-tree.ts';

const folder = (id: number, name: string, parentId: number | null = null): Folder => ({ id, name, parentId, unreadCount: 0 });
const source = (id: number, title: string, folderId: number | null, unreadCount: number): Source =>
  sampleSource({ id, title, folderId, unreadCount, articleCount: unreadCount });

describe('buildTree', () => {
  const folders = [folder(1, 'News'), folder(2, 'Local', 1), folder(3, 'Blogs')];
  const sources = [source(10, 'Gazette', 2, 4), source(11, 'Wire', 1, 3), source(12, 'Notes', 3, 2), source(13, 'Loose', null, 5)];

  it('nests folders by name, files feeds under them and sums unread counts up the tree', () => {
    const tree = buildTree(folders, sources);
    expect(tree.folders.map((n) => n.folder.name)).toEqual(['Blogs', 'News']);
    const news = tree.folders[1];
    expect(news?.unread).toBe(7);
    expect(news?.folders.map((n) => [n.folder.name, n.level, n.unread])).toEqual([['Local', 2, 4]]);
    expect(news?.sources.map((s) => s.title)).toEqual(['Wire']);
    expect(tree.sources.map((s) => s.title)).toEqual(['Loose']);
    expect(folderUnread(tree, 2)).toBe(4);
    expect(folderUnread(tree, 99)).toBe(0);
  });

  it('puts feeds of a missing folder, and folders whose parents form a loop, at the top level', () => {
    const tree = buildTree([folder(1, 'A', 2), folder(2, 'B', 1)], [source(10, 'Orphan', 7, 1)]);
    expect(tree.sources.map((s) => s.title)).toEqual(['Orphan']);
    const names = (nodes: typeof tree.folders): string[] => nodes.flatMap((n) => [n.folder.name, ...names(n.folders)]);
    expect(names(tree.folders).sort()).toEqual(['A', 'B']);
  });

  it('lists the visible rows in order; a collapsed folder hides what is inside it', () => {
    const tree = buildTree(folders, sources);
    const rows = (collapsed: number[]) => visibleRows(tree, new Set(collapsed)).map((r) => `${r.kind}:${r.id}@${r.level}`);
    expect(rows([])).toEqual(['folder:3@1', 'source:12@2', 'folder:1@1', 'folder:2@2', 'source:10@3', 'source:11@2', 'source:13@1']);
    expect(rows([1])).toEqual(['folder:3@1', 'source:12@2', 'folder:1@1', 'source:13@1']);
    const local = visibleRows(tree, new Set()).find((r) => r.kind === 'folder' && r.id === 2);
    expect(local).toMatchObject({ parent: 1, expanded: true, hasChildren: true });
  });

  it('offers folders in tree order with their depth, for choosing one', () => {
    expect(folderChoices(folders)).toEqual([
      { id: 3, name: 'Blogs', depth: 0 },
      { id: 1, name: 'News', depth: 0 },
      { id: 2, name: 'Local', depth: 1 },
    ]);
  });

  it('leaves a folder and everything inside it out of the choices for moving it', () => {
    const deeper = [...folders, folder(4, 'Harbour', 2)];
    expect(folderChoices(deeper, 1).map((c) => c.name)).toEqual(['Blogs']);
    expect(folderChoices(deeper, 2).map((c) => c.name)).toEqual(['Blogs', 'News']);
  });

  it('indents nested folders in a select', () => {
    expect(folderOptionLabel('Nature', 0)).toBe('Nature');
    expect(folderOptionLabel('Coast', 1)).toBe('\u00a0\u00a0\u00a0\u00a0Coast');
  });

  it('counts the feeds a folder holds, nested ones too, and finds the folders a folder sits in', () => {
    const tree = buildTree([...folders, folder(4, 'Empty')], sources);
    expect(folderFeedCount(tree, 1)).toBe(2);
    expect(folderFeedCount(tree, 4)).toBe(0);
    expect(folderPath(folders, 2)).toEqual([1, 2]);
    expect(folderPath(folders, null)).toEqual([]);
    expect(folderPath([folder(1, 'A', 2), folder(2, 'B', 1)], 1)).toEqual([2, 1]);
  });
});

describe('collapsed folders', () => {
  it('are remembered, and anything unreadable is ignored', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    saveCollapsed(new Set([3, 5]), storage);
    expect([...loadCollapsed(storage)]).toEqual([3, 5]);
    data.set('broadsheet.collapsedFolders', '{not json');
    expect(loadCollapsed(storage).size).toBe(0);
    data.set('broadsheet.collapsedFolders', '[1, "2", -3, 4.5]');
    expect([...loadCollapsed(storage)]).toEqual([1]);
  });
});
