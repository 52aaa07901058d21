// Typed access to the folders table: a tree (OPML nests folders), names unique
// among siblings whatever their case, and unread counts that include every
// folder inside. Callers run multi-row changes inside a transaction.
import { ApiError } from '../../shared/errors.ts';
import type { Folder } from '../../shared/models.ts';
import type { Database } from './database.ts';

/** Deeper trees help nobody and would not survive an OPML round trip through other readers. */
export const MAX_FOLDER_DEPTH = 20;

/**
 * The ids of the folder given as the one parameter and of every folder inside
 * it. UNION (not UNION ALL) stops even if the table ever held a cycle.
 */
const SUBTREE_SQL = `WITH RECURSIVE subtree(id) AS (
    SELECT id FROM folders WHERE id = ?
    UNION SELECT f.id FROM folders f JOIN subtree t ON f.parent_id = t.id
  ) SELECT id FROM subtree`;

/**
 * A condition on `articles a`: the article belongs to a feed filed in the
 * folder (one parameter, the folder's id) or in any folder inside it.
 */
export const IN_FOLDER_CONDITION = `a.source_id IN (SELECT fs.id FROM sources fs WHERE fs.folder_id IN (${SUBTREE_SQL}))`;

/**
 * The same condition, checked on each row rather than used to probe an index
 * (the unary +): for search, where the full-text index drives and probing per
 * feed in the folder would cost that many lookups for every match.
 */
export const IN_FOLDER_CHECK = `+${IN_FOLDER_CONDITION}`;

interface FolderRow {
  id: number;
  name: string;
  parent_id: number | null;
  unread_count: number;
}

/**
 * Every folder with its unread count, in one statement. Unread means what the
 * unread view lists (read = 0 AND archived = 0), counted per feed from the
 * small articles_listed_unread index, then summed up each folder's subtree.
 */
export function listFolders(db: Database): Folder[] {
  const rows = db.sql
    .prepare(
      `WITH RECURSIVE
         unread(source_id, n) AS (
           SELECT source_id, COUNT(*) FROM articles INDEXED BY articles_listed_unread
           WHERE read = 0 AND archived = 0 GROUP BY source_id
         ),
         per_folder(folder_id, n) AS (
           SELECT s.folder_id, SUM(u.n) FROM unread u JOIN sources s ON s.id = u.source_id
           WHERE s.folder_id IS NOT NULL GROUP BY s.folder_id
         ),
         within(ancestor, id) AS (
           SELECT id, id FROM folders
           UNION SELECT w.ancestor, f.id FROM within w JOIN folders f ON f.parent_id = w.id
         )
       SELECT f.id, f.name, f.parent_id,
              COALESCE((SELECT SUM(p.n) FROM within w JOIN per_folder p ON p.folder_id = w.id WHERE w.ancestor = f.id), 0)
                AS unread_count
       FROM folders f
       ORDER BY f.name COLLATE NOCASE, f.id`,
    )
    .all() as unknown as FolderRow[];
  return rows.map(toFolder);
}

export function getFolder(db: Database, id: number): Folder | null {
  return listFolders(db).find((folder) => folder.id === id) ?? null;
}

export function folderExists(db: Database, id: number): boolean {
  return db.sql.prepare('SELECT 1 AS found FROM folders WHERE id = ?').get(id) !== undefined;
}

/** The folder called `name` (any case) directly inside `parentId` (null: the top level), if there is one. */
export function findChildFolder(db: Database, parentId: number | null, name: string): number | null {
  const wanted = foldName(name);
  const siblings = db.sql
    .prepare('SELECT id, name FROM folders WHERE parent_id IS ?')
    .all(parentId) as unknown as Array<{ id: number; name: string }>;
  return siblings.find((sibling) => foldName(sibling.name) === wanted)?.id ?? null;
}

/** Creates a folder; throws not_found for an unknown parent and already_exists for a name taken there. */
export function createFolder(db: Database, name: string, parentId: number | null, now: string): number {
  if (parentId !== null) {
    if (!folderExists(db, parentId)) throw folderGone('The folder to put it in is no longer in your library.');
    if (depthOf(db, parentId) + 1 > MAX_FOLDER_DEPTH) throw tooDeep();
  }
  assertNameFree(db, parentId, name, null);
  const result = db.sql
    .prepare('INSERT INTO folders (name, parent_id, created_at) VALUES (?, ?, ?)')
    .run(name, parentId, now);
  return Number(result.lastInsertRowid);
}

export interface FolderChange {
  name?: string;
  /** null: to the top level. */
  parentId?: number | null;
}

/** Renames and/or moves a folder. Never into itself or a folder inside it. */
export function updateFolder(db: Database, id: number, change: FolderChange): void {
  const current = db.sql.prepare('SELECT name, parent_id FROM folders WHERE id = ?').get(id) as
    | { name: string; parent_id: number | null }
    | undefined;
  if (!current) throw folderGone();
  const name = change.name ?? current.name;
  const parentId = change.parentId === undefined ? current.parent_id : change.parentId;
  if (parentId !== null && parentId !== current.parent_id) {
    if (!folderExists(db, parentId)) throw folderGone('The folder to move it into is no longer in your library.');
    if (subtreeIds(db, id).includes(parentId)) {
      throw new ApiError(
        'invalid_input',
        parentId === id ? 'A folder cannot go inside itself.' : 'A folder cannot go inside one of its own folders.',
      );
    }
    if (depthOf(db, parentId) + heightOf(db, id) > MAX_FOLDER_DEPTH) throw tooDeep();
  }
  assertNameFree(db, parentId, name, id);
  db.sql.prepare('UPDATE folders SET name = ?, parent_id = ? WHERE id = ?').run(name, parentId, id);
}

/**
 * Deletes a folder. Its feeds and the folders inside it move up to where it
 * was, so nothing is unsubscribed; a moved folder whose name is taken there
 * gets a number ("News (2)"). Returns the feeds that moved, or null when there
 * was no such folder.
 */
export function deleteFolder(db: Database, id: number): { movedSourceIds: number[] } | null {
  const row = db.sql.prepare('SELECT parent_id FROM folders WHERE id = ?').get(id) as { parent_id: number | null } | undefined;
  if (!row) return null;
  const parentId = row.parent_id;
  const moved = db.sql
    .prepare('UPDATE sources SET folder_id = ? WHERE folder_id = ? RETURNING id')
    .all(parentId, id) as unknown as Array<{ id: number }>;
  const children = db.sql.prepare('SELECT id, name FROM folders WHERE parent_id = ? ORDER BY id').all(id) as unknown as Array<{
    id: number;
    name: string;
  }>;
  // parent_id is ON DELETE CASCADE: the children must be out before the folder goes.
  const move = db.sql.prepare('UPDATE folders SET parent_id = ?, name = ? WHERE id = ?');
  for (const child of children) move.run(parentId, freeName(db, parentId, child.name, id), child.id);
  db.sql.prepare('DELETE FROM folders WHERE id = ?').run(id);
  return { movedSourceIds: moved.map((r) => r.id).sort((x, y) => x - y) };
}

/** The folder and every folder inside it. */
export function subtreeIds(db: Database, id: number): number[] {
  const rows = db.sql.prepare(SUBTREE_SQL).all(id) as unknown as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

/** 1 for a top-level folder, 2 for one inside it, and so on. */
function depthOf(db: Database, id: number): number {
  const row = db.sql
    .prepare(
      `WITH RECURSIVE up(id, depth) AS (
         SELECT parent_id, 1 FROM folders WHERE id = ?
         UNION SELECT f.parent_id, up.depth + 1 FROM folders f JOIN up ON f.id = up.id
       ) SELECT MAX(depth) AS depth FROM up`,
    )
    .get(id) as { depth: number | null };
  return row.depth ?? 0;
}

/** How many levels the folder and the folders inside it take: 1 when it has none inside. */
function heightOf(db: Database, id: number): number {
  const row = db.sql
    .prepare(
      `WITH RECURSIVE down(id, level) AS (
         SELECT id, 1 FROM folders WHERE id = ?
         UNION SELECT f.id, down.level + 1 FROM folders f JOIN down ON f.parent_id = down.id
       ) SELECT MAX(level) AS level FROM down`,
    )
    .get(id) as { level: number | null };
  return row.level ?? 1;
}

function assertNameFree(db: Database, parentId: number | null, name: string, self: number | null): void {
  const taken = findChildFolderExcept(db, parentId, name, self);
  if (taken !== null) throw new ApiError('already_exists', `There is already a folder called “${name}” here.`);
}

function findChildFolderExcept(db: Database, parentId: number | null, name: string, self: number | null): number | null {
  const wanted = foldName(name);
  const siblings = db.sql
    .prepare('SELECT id, name FROM folders WHERE parent_id IS ? AND id IS NOT ?')
    .all(parentId, self) as unknown as Array<{ id: number; name: string }>;
  return siblings.find((sibling) => foldName(sibling.name) === wanted)?.id ?? null;
}

/** `name`, or "name (2)", "name (3)"… whichever is free among `parentId`'s folders (ignoring `leaving`, about to go). */
function freeName(db: Database, parentId: number | null, name: string, leaving: number): string {
  let candidate = name;
  for (let n = 2; findChildFolderExcept(db, parentId, candidate, leaving) !== null; n += 1) candidate = `${name} (${n})`;
  return candidate;
}

/**
 * The unique index compares with NOCASE, which folds ASCII only; people expect
 * “Économie” and “économie” to be the same name too.
 */
function foldName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('und');
}

function toFolder(row: FolderRow): Folder {
  return { id: row.id, name: row.name, parentId: row.parent_id, unreadCount: row.unread_count };
}

function folderGone(message = 'That folder is no longer in your library.'): ApiError {
  return new ApiError('not_found', message);
}

function tooDeep(): ApiError {
  return new ApiError('invalid_input', `Folders can be nested at most ${MAX_FOLDER_DEPTH} deep.`);
}
