// Between the library's feeds and folders and an OPML subscription list: what
// an import writes (folders reused by name, duplicates skipped) and the tree
// an export writes out.
import type { OpmlImportSummary } from '../../shared/models.ts';
import type { OpmlContents, OpmlFeed, OpmlFolder, OpmlReading } from '../feeds/opml.ts';
import type { Database } from './database.ts';
import { createFolder, findChildFolder } from './folders-repo.ts';
import { listFeedUrls, sourceInserter } from './sources-repo.ts';

/** The summary lists at most this many unusable outlines (the contract's cap); invalidCount has them all. */
const MAX_LISTED_PROBLEMS = 100;

export interface OpmlApplied {
  summary: OpmlImportSummary;
  /** The feeds created, never fetched yet. */
  newSourceIds: number[];
}

/**
 * Adds what an OPML file lists: each folder is reused when one of that name
 * (any case) is already at the same level, else created; each feed not
 * already followed (or listed earlier in the file) becomes a source that has
 * never been fetched, named as the file names it. Call inside a transaction.
 */
export function applyOpml(db: Database, reading: OpmlReading, now: string): OpmlApplied {
  const followed = listFeedUrls(db);
  const insertSource = sourceInserter(db);
  const newSourceIds: number[] = [];
  let foldersCreated = 0;
  let duplicates = 0;

  const addFeeds = (feeds: readonly OpmlFeed[], folderId: number | null) => {
    for (const feed of feeds) {
      if (followed.has(feed.feedUrl)) {
        duplicates += 1;
        continue;
      }
      followed.add(feed.feedUrl);
      newSourceIds.push(
        insertSource({
          // Until the first refresh brings the feed's own title.
          title: feed.title ?? new URL(feed.feedUrl).hostname,
          // What the reader called it where they came from, until they rename it here; nothing when the file named it nothing.
          customTitle: feed.title,
          // The file chose this address, not the reader: refreshes keep it to public addresses.
          addedBy: 'imported',
          feedUrl: feed.feedUrl,
          siteUrl: feed.siteUrl,
          description: null,
          etag: null,
          lastModified: null,
          lastFetchedAt: null,
          createdAt: now,
          folderId,
        }),
      );
    }
  };
  const addFolders = (folders: readonly OpmlFolder[], parentId: number | null) => {
    for (const folder of folders) {
      let id = findChildFolder(db, parentId, folder.name);
      if (id === null) {
        id = createFolder(db, folder.name, parentId, now);
        foldersCreated += 1;
      }
      addFolders(folder.folders, id);
      addFeeds(folder.feeds, id);
    }
  };

  addFolders(reading.folders, null);
  addFeeds(reading.feeds, null);
  return {
    summary: {
      feedsAdded: newSourceIds.length,
      foldersCreated,
      duplicates,
      invalid: reading.problems.slice(0, MAX_LISTED_PROBLEMS),
      invalidCount: reading.problems.length,
    },
    newSourceIds,
  };
}

/** Every feed in its folder, folders and feeds each sorted by name, for writing out as OPML. */
export function subscriptionTree(db: Database): OpmlContents {
  const folderRows = db.sql.prepare('SELECT id, name, parent_id FROM folders').all() as unknown as Array<{
    id: number;
    name: string;
    parent_id: number | null;
  }>;
  const sourceRows = db.sql
    .prepare('SELECT COALESCE(custom_title, title) AS title, feed_url, site_url, folder_id FROM sources')
    .all() as unknown as Array<{ title: string; feed_url: string; site_url: string | null; folder_id: number | null }>;

  const root: OpmlContents = { folders: [], feeds: [] };
  const byId = new Map<number, OpmlFolder>(folderRows.map((row) => [row.id, { name: row.name, folders: [], feeds: [] }]));
  for (const row of folderRows) {
    const folder = byId.get(row.id);
    const parent = row.parent_id === null ? root : byId.get(row.parent_id);
    if (folder && parent) parent.folders.push(folder);
  }
  for (const row of sourceRows) {
    const folder = (row.folder_id === null ? undefined : byId.get(row.folder_id)) ?? root;
    folder.feeds.push({ title: row.title, feedUrl: row.feed_url, siteUrl: row.site_url });
  }
  sortTree(root);
  return root;
}

function sortTree(node: OpmlContents): void {
  const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  node.folders.sort((a, b) => byName.compare(a.name, b.name));
  node.feeds.sort((a, b) => byName.compare(a.title ?? '', b.title ?? '') || a.feedUrl.localeCompare(b.feedUrl));
  for (const folder of node.folders) sortTree(folder);
}
