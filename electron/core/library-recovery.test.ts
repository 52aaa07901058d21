// Recovery through the Library, on real library folders: a damaged file at
// start (set aside, an empty library, a notice offering the newest backup,
// which restores the feeds and bookmarks and clears the notice); damage the
// background check of a big library finds (answered the same way); the daily
// backup (made when due, database only, restorable with the images kept);
// and a failed one (a notice, nothing stopped).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupInfo } from '../shared/models.ts';
import { assetNameFromUrl } from './articles/asset-store.ts';
import type { Library } from './library.ts';
import { DATABASE_FILE, openDatabase } from './store/database.ts';
import { CHECK_AT_START_MAX_BYTES, DAMAGED_DIR } from './store/open-or-recover.ts';
import { damagePending } from './store/pending-damage.ts';
import { record } from './testing/library-probes.ts';
import { serveFeed, startLocalServer, type LocalServer } from './testing/local-server.ts';
import { pngBytes } from './testing/test-images.ts';
import { quayWeeklyFeed } from './testing/quay-weekly-feed.ts';
import { testLibraries } from './testing/test-libraries.ts';

const START = new Date('2026-11-24T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
let clock = START;
let server: LocalServer;
let dataDir: string;
const { open, close, closeAll } = testLibraries(() => ({ dataDir, now: () => clock }));

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The harbour wall</title></head><body><main><article>
  <h1>The harbour wall</h1><figure><img src="/wall.png" alt="The wall" width="400" height="300"></figure>
  ${'<p>The harbour wall was built in 1820 and has stood through every winter storm since, though the stones at its end need mending.</p>'.repeat(4)}
  </article></main></body></html>`;

beforeEach(async () => {
  clock = START;
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-recovery-'));
  server = await startLocalServer();
  server.route('/feed.xml', serveFeed(() => quayWeeklyFeed(server.origin)));
  server.route('/wall', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
  server.route('/wall.png', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(pngBytes(400, 300, 5))));
});

afterEach(async () => {
  closeAll();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

/** A feed of two articles, one bookmarked. */
async function withFeed(library: Library): Promise<{ bookmarked: number }> {
  await library.addFeed(server.url('/feed.xml'));
  const items = (await library.listArticles({ view: 'all', limit: 10 })).items;
  const tides = items.find((a) => a.title.startsWith('Tide'))?.id ?? 0;
  await library.setBookmarked(tides, true);
  return { bookmarked: tides };
}

/** A library with that feed, backed up at `takenAt` and closed; the clock is back at START. */
async function backedUpFeed(takenAt = START): Promise<BackupInfo> {
  const first = open();
  await withFeed(first);
  clock = takenAt;
  const backup = await first.createBackup();
  close(first);
  clock = START;
  return backup;
}

function removeDatabaseFiles(): void {
  for (const file of readdirSync(dataDir).filter((name) => name.startsWith(`${DATABASE_FILE}-`))) rmSync(join(dataDir, file));
}

describe('Library: a damaged library file at start', () => {
  it('opens an empty library, says so plainly, offers the newest backup, and restoring it brings everything back', async () => {
    const backup = await backedUpFeed(new Date('2026-11-20T09:30:00.000Z'));
    const damaged = randomBytes(32 * 1024);
    writeFileSync(join(dataDir, DATABASE_FILE), damaged);
    removeDatabaseFiles();

    const library = open();
    expect(await library.listSources()).toEqual([]);
    const [notice] = await library.getNotices();
    const keptAt = join(dataDir, DAMAGED_DIR, 'library-2026-11-24T12-00-00Z.db');
    expect(notice).toMatchObject({ kind: 'library-damaged', keptAt, backup });
    expect(notice?.message).toMatch(/^Broadsheet could not read your library file, so it started with an empty one\. The damaged file was kept in /);
    expect(notice?.message).toMatch(/You can restore the backup from 20 Nov 2026, \d\d:30\.$/);
    expect(readFileSync(keptAt).equals(damaged)).toBe(true);

    // Copies of the empty library must not push out the backups that can bring the old one back.
    expect(await library.backUpIfDue()).toBeNull();
    expect((await library.listBackups()).map((b) => b.name)).toEqual([backup.name]);

    const changes = record(library, 'noticesChanged');
    await library.restoreBackup(notice?.backup?.name ?? '');
    expect((await library.listSources()).map((s) => s.title)).toEqual(['Quay Weekly']);
    expect((await library.listArticles({ view: 'bookmarked', limit: 10 })).items.map((a) => a.title)).toEqual(['Tide tables for December']);
    expect(await library.getNotices()).toEqual([]);
    expect(changes.at(-1)).toEqual({ notices: [] });
    expect(damagePending(dataDir)).toBe(false);
    // The damaged file is still kept; and, answered, the notice no longer holds back the daily backup.
    expect(existsSync(keptAt)).toBe(true);
    expect((await library.backUpIfDue())?.kind).toBe('daily');
  });

  it('says there is no backup when there is none', async () => {
    writeFileSync(join(dataDir, DATABASE_FILE), randomBytes(8192));
    const library = open();
    const [notice] = await library.getNotices();
    expect(notice).toMatchObject({ kind: 'library-damaged', backup: null });
    expect(notice?.message).toMatch(/There is no backup to restore your library from\.$/);
    // And it is a working library.
    await library.addFeed(server.url('/feed.xml'));
    expect(await library.listSources()).toHaveLength(1);
  });

  it('of a big library, found by the check in the background after start, is answered the same way', async () => {
    const backup = await backedUpFeed();
    // Grown past what is checked before opening by one big value, whose overflow pages fill the file's middle.
    const db = openDatabase(dataDir);
    db.sql.prepare("UPDATE sources SET description = ? WHERE title = 'Quay Weekly'").run('x'.repeat(CHECK_AT_START_MAX_BYTES + 4096));
    db.sql.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    removeDatabaseFiles();
    const bytes = readFileSync(join(dataDir, DATABASE_FILE));
    const middle = Math.floor(bytes.length / 4096 / 2);
    bytes.fill(0, middle * 4096, (middle + 1) * 4096);
    writeFileSync(join(dataDir, DATABASE_FILE), bytes);

    const library = open();
    // Not checked before opening: the library opens as it is (its articles read; the feed's broken description would not).
    expect((await library.listArticles({ view: 'all', limit: 10 })).items).toHaveLength(2);
    expect(await library.getNotices()).toEqual([]);
    const changed = record(library, 'libraryChanged');
    library.startAutoRefresh();
    await until(() => changed.some((c) => c.reason === 'restored'));

    const [notice] = await library.getNotices();
    expect(notice).toMatchObject({ kind: 'library-damaged', backup });
    expect(await library.listSources()).toEqual([]);
    expect(statSync(notice?.keptAt ?? '').size).toBe(bytes.length);
    await library.restoreBackup(backup.name);
    expect((await library.listArticles({ view: 'bookmarked', limit: 10 })).items).toHaveLength(1);
  });
});

/** Saves the page with one image; returns the article's id and the image's name. */
async function savedWithImage(library: Library): Promise<{ id: number; image: string }> {
  const saved = await library.saveUrl(server.url('/wall'));
  const article = await library.getArticle(saved.id);
  const image = assetNameFromUrl(/src="([^"]+)"/.exec(article.contentHtml)?.[1] ?? '') ?? '';
  expect(image).not.toBe('');
  return { id: saved.id, image };
}

function corrupt(): void {
  writeFileSync(join(dataDir, DATABASE_FILE), randomBytes(32 * 1024));
  removeDatabaseFiles();
}

describe('Library: a damaged library waiting for an answer', () => {
  it('keeps every stored image: no sweep runs, and the library set aside has its images beside it', async () => {
    const first = open();
    const { image } = await savedWithImage(first);
    await first.createBackup();
    close(first);
    corrupt();

    const library = open();
    library.startAutoRefresh();
    await library.downloadsIdle();
    // The empty library uses no images; the backup that brings the old one back needs them.
    expect(existsSync(join(dataDir, 'assets', image))).toBe(true);
    expect(existsSync(join(dataDir, DAMAGED_DIR, 'library-2026-11-24T12-00-00Z-assets', image))).toBe(true);
    close(library);
    // Nor at the next start, while the damage still waits for an answer.
    const again = open();
    again.startAutoRefresh();
    await again.downloadsIdle();
    expect(existsSync(join(dataDir, 'assets', image))).toBe(true);
  });

  it('is still offered after a restart, holds back the daily backup until answered, and dismissing it declines', async () => {
    const backup = await backedUpFeed(new Date('2026-11-20T09:30:00.000Z'));
    corrupt();
    const damagedStart = open();
    const [found] = await damagedStart.getNotices();
    close(damagedStart);

    clock = new Date(START.getTime() + 3 * DAY);
    const library = open();
    const [notice] = await library.getNotices();
    expect(notice).toMatchObject({ kind: 'library-damaged', message: found?.message, keptAt: found?.keptAt, backup });
    await library.addFeed(server.url('/feed.xml'));
    expect(await library.backUpIfDue()).toBeNull();

    await library.dismissNotice(notice?.id ?? '');
    expect(damagePending(dataDir)).toBe(false);
    expect((await library.backUpIfDue())?.kind).toBe('daily');
    close(library);
    expect(await open().getNotices()).toEqual([]);
  });
});

describe('Library: what a stopped backup or restore left', () => {
  it('is removed when the library opens', async () => {
    close(open());
    for (const dir of ['.backup-x1y2z3', '.restore-a1b2c3']) {
      mkdirSync(join(dataDir, dir));
      writeFileSync(join(dataDir, dir, DATABASE_FILE), randomBytes(4096));
    }
    mkdirSync(join(dataDir, 'backups'), { recursive: true });
    writeFileSync(join(dataDir, 'backups', '.broadsheet-backup-2026-11-24T12-00-00Z-daily.tar.gz.partial'), randomBytes(4096));
    open();
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(dataDir, 'backups'))).toEqual([]);
  });

  it('by close() during the daily backup is nothing: the backup stops and removes its files', async () => {
    const library = open();
    await withFeed(library);
    const making = library.backUpIfDue();
    close(library);
    expect(await making).toBeNull();
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.backup-'))).toEqual([]);
    expect(existsSync(join(dataDir, 'backups')) ? readdirSync(join(dataDir, 'backups')) : []).toEqual([]);
    // And the lock went once it had stopped.
    await until(() => {
      try {
        close(open());
        return true;
      } catch {
        return false;
      }
    });
  });
});

describe('Library: restoring a backup of the database only', () => {
  it('downloads again the articles whose images were deleted since the backup', async () => {
    const library = open();
    const { id, image } = await savedWithImage(library);
    const backup = await library.backUpIfDue();
    // Deleted since (as retention or an unsave would): the backup holds no images to bring it back.
    rmSync(join(dataDir, 'assets', image));
    await library.restoreBackup(backup?.name ?? '');
    expect((await library.getArticle(id)).download).toBe('queued');

    library.startAutoRefresh();
    await until(() => existsSync(join(dataDir, 'assets', image)));
    await library.downloadsIdle();
    expect((await library.getArticle(id)).download).toBe('done');
  });
});

describe('Library: the daily backup', () => {
  it('is made when due, once a day, of the database only, and listed as daily', async () => {
    const library = open();
    await withFeed(library);
    const made = await library.backUpIfDue();
    expect(made).toMatchObject({ kind: 'daily', articles: 2, name: 'broadsheet-backup-2026-11-24T12-00-00Z-daily.tar.gz' });
    clock = new Date(START.getTime() + 6 * 60 * 60 * 1000);
    await library.setRead([1], true);
    expect(await library.backUpIfDue()).toBeNull();
    clock = new Date(START.getTime() + DAY + 60_000);
    await library.setRead([1], false);
    const next = await library.backUpIfDue();
    expect(next?.kind).toBe('daily');
    expect((await library.listBackups()).map((b) => b.kind)).toEqual(['daily', 'daily']);
  });

  it('restores the database and keeps the library\u2019s images, and the library kept aside is whole', async () => {
    const library = open();
    const saved = await library.saveUrl(server.url('/wall'));
    const article = await library.getArticle(saved.id);
    const image = assetNameFromUrl(/src="([^"]+)"/.exec(article.contentHtml)?.[1] ?? '') ?? '';
    expect(image).not.toBe('');
    const backup = await library.backUpIfDue();
    await library.setArchived(saved.id, true);
    await library.restoreBackup(backup?.name ?? '');

    expect((await library.listArticles({ view: 'saved', limit: 10 })).items.map((a) => a.id)).toEqual([saved.id]);
    // Still where it was: a database-only backup brings no images, and the library's own stay.
    expect(readFileSync(join(dataDir, 'assets', image)).length).toBeGreaterThan(0);
    const aside = readdirSync(dataDir).find((name) => name.startsWith('before-restore-')) ?? '';
    expect(existsSync(join(dataDir, aside, DATABASE_FILE))).toBe(true);
    expect(existsSync(join(dataDir, aside, 'assets', image))).toBe(true);
    const kept = new DatabaseSync(join(dataDir, aside, DATABASE_FILE), { readOnly: true });
    expect(kept.prepare('SELECT archived FROM articles WHERE id = ?').get(saved.id)).toEqual({ archived: 1 });
    kept.close();
  });

  it('that fails posts a notice and stops nothing', async () => {
    const library = open();
    await withFeed(library);
    // The backups folder cannot be made: a file has its name.
    writeFileSync(join(dataDir, 'backups'), 'in the way');
    expect(await library.backUpIfDue()).toBeNull();
    const [notice] = await library.getNotices();
    expect(notice).toMatchObject({ kind: 'backup-failed' });
    expect(notice?.message).toBe('Broadsheet could not make today\u2019s backup of your library. Nothing in your library was changed; it tries again every hour.');
    await library.setRead([1], true);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.backup-'))).toEqual([]);
  });
});
