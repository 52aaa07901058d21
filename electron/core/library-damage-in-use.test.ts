// Damage met while the library is open, through the Library on a real file:
// a big library (too big to check before it opens) whose articles table has a
// page of zeros. Reading it gives the plain storage_failed error (not an
// internal one) and one notice offering the newest backup, and nothing moves
// while the library is in use; the next open checks the whole file, whatever
// its size, sets it aside and opens an empty library with the usual notice.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../shared/dispatch.ts';
import { ApiError } from '../shared/errors.ts';
import type { BackupInfo } from '../shared/models.ts';
import { createBackupArchive } from './backup/backup-archive.ts';
import { openLibrary, type Library } from './library.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { DATABASE_FILE, openDatabase } from './store/database.ts';
import { LATEST_VERSION } from './store/migrations.ts';
import { CHECK_AT_START_MAX_BYTES, checkAtNextStart, DAMAGED_DIR } from './store/open-or-recover.ts';
import { DAMAGED_IN_USE_MESSAGE } from './store/storage-errors.ts';
import { addArticle, addFeed } from './testing/library-rows.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const PAGE_BYTES = 4096;
let dataDir: string;
const opened: Library[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-damage-in-use-'));
});

afterEach(() => {
  for (const library of opened.splice(0)) library.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function open(): Library {
  const library = openLibrary({ dataDir, settings: createConfSettingsStore({ cwd: dataDir }), now: () => NOW });
  opened.push(library);
  return library;
}

function closeAll(): void {
  for (const library of opened.splice(0)) library.close();
}

/**
 * A library past the size checked before opening, with a backup, whose
 * articles table's root page is then zeroed: only reading articles meets it.
 */
async function bigLibraryDamagedInArticles(): Promise<BackupInfo> {
  const db = openDatabase(dataDir);
  db.transaction(() => {
    const feed = addFeed(db, 'Harbour News');
    for (let i = 0; i < 400; i += 1) {
      addArticle(db, feed, { title: `Tide report ${i}`, text: `The harbour master reports ${i} boats. ${'Calm seas and a light breeze. '.repeat(30)}` });
    }
  });
  const backup = await createBackupArchive({ db, dataDir, schemaVersion: LATEST_VERSION, now: new Date('2026-11-23T08:00:00.000Z') });
  // Grown past the limit with one big row: the size, not the content, decides when the file is checked.
  db.sql
    .prepare('INSERT INTO sources (title, feed_url, created_at, description) VALUES (?, ?, ?, ?)')
    .run('Big', 'https://big.example/feed', NOW.toISOString(), 'x'.repeat(CHECK_AT_START_MAX_BYTES + 1024));
  db.sql.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const { rootpage } = db.sql.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'articles'").get() as { rootpage: number };
  db.close();
  const path = join(dataDir, DATABASE_FILE);
  const bytes = readFileSync(path);
  expect(bytes.length).toBeGreaterThan(CHECK_AT_START_MAX_BYTES);
  // The root of a table of 400 articles is an interior page: every article is read through it.
  expect(bytes[(rootpage - 1) * PAGE_BYTES]).toBe(0x05);
  bytes.fill(0, (rootpage - 1) * PAGE_BYTES, rootpage * PAGE_BYTES);
  writeFileSync(path, bytes);
  return backup;
}

function keptFiles(): string[] {
  return existsSync(join(dataDir, DAMAGED_DIR)) ? readdirSync(join(dataDir, DAMAGED_DIR)).filter((name) => name.startsWith('library-')) : [];
}

describe('Damage met while the library is open', () => {
  it('is the plain storage_failed error with one notice offering the newest backup, and nothing moves', async () => {
    const backup = await bigLibraryDamagedInArticles();
    const library = open();
    // Too big to check before it opened: the damage has not shown yet.
    expect(await library.getNotices()).toEqual([]);
    expect(await library.listSources()).toHaveLength(2);

    const error = await library.listArticles({ view: 'all', limit: 50 }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'storage_failed', message: DAMAGED_IN_USE_MESSAGE });
    expect(DAMAGED_IN_USE_MESSAGE).toBe(
      'Part of your library file is damaged. Quit Broadsheet and open it again: it will check the file and offer your latest backup.',
    );
    // As it crosses to the app: not "Something went wrong inside Broadsheet".
    expect(await dispatch(library, 'listArticles', [{ view: 'all', limit: 50 }])).toEqual({
      ok: false,
      error: { code: 'storage_failed', message: DAMAGED_IN_USE_MESSAGE },
    });

    // One notice, however often the damage is met.
    expect(await library.getNotices()).toEqual([
      expect.objectContaining({ kind: 'library-damaged', message: DAMAGED_IN_USE_MESSAGE, keptAt: null, backup }),
    ]);
    // Nothing moved from under the open library; the next start is asked to check it.
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);
    expect(keptFiles()).toEqual([]);
    expect(existsSync(join(dataDir, DAMAGED_DIR, 'check-at-start'))).toBe(true);
  });

  it('is checked in full at the next open, whatever the size, set aside, and answered with the usual notice', async () => {
    const backup = await bigLibraryDamagedInArticles();
    const first = open();
    await expect(first.listArticles({ view: 'all', limit: 50 })).rejects.toMatchObject({ code: 'storage_failed' });
    const original = readFileSync(join(dataDir, DATABASE_FILE));
    closeAll();

    const library = open();
    const kept = join(dataDir, DAMAGED_DIR, 'library-2026-11-24T12-00-00Z.db');
    expect(await library.getNotices()).toEqual([expect.objectContaining({ kind: 'library-damaged', keptAt: kept, backup })]);
    expect((await library.listArticles({ view: 'all', limit: 50 })).items).toEqual([]);
    expect(await library.listSources()).toEqual([]);
    // The damaged file kept as it was at the end of the session, and no check asked for again.
    expect(readFileSync(kept).length).toBe(original.length);
    expect(existsSync(join(dataDir, DAMAGED_DIR, 'check-at-start'))).toBe(false);
    closeAll();

    // A second open is an ordinary one: the same notice, waiting for an answer; nothing more set aside.
    const again = open();
    expect(await again.getNotices()).toEqual([expect.objectContaining({ kind: 'library-damaged', keptAt: kept })]);
    expect(keptFiles().filter((name) => name.endsWith('.db'))).toEqual(['library-2026-11-24T12-00-00Z.db']);
  });

  it('checked at the next open and found whole (the damage was only in memory), opens as it is and is not checked again', async () => {
    const db = openDatabase(dataDir);
    db.transaction(() => addArticle(db, addFeed(db, 'Harbour News'), { title: 'Tide report' }));
    db.close();
    // What damage met in use leaves behind, for a file that is in fact whole.
    checkAtNextStart(dataDir, NOW);
    expect(existsSync(join(dataDir, DAMAGED_DIR, 'check-at-start'))).toBe(true);

    const reopened = open();
    expect(await reopened.getNotices()).toEqual([]);
    expect((await reopened.listArticles({ view: 'all', limit: 50 })).items).toHaveLength(1);
    expect(existsSync(join(dataDir, DAMAGED_DIR, 'check-at-start'))).toBe(false);
    expect(keptFiles()).toEqual([]);
  });
});
