// Broadsheet's own backups: before a schema update (synchronous, database
// only) and daily (database only, copied on a worker thread); their names,
// kinds and manifests; how many are kept; when a daily one is due; and that a
// failed one leaves no file behind. Real databases, real archives, a real thread.
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { create } from 'tar';
import { describe, expect, it } from 'vitest';
import { addArticle, addFeed } from '../testing/library-rows.ts';
import { tempDirs } from '../testing/temp-dirs.ts';
import { DATABASE_FILE, openDatabase } from '../store/database.ts';
import { DAMAGED_DIR, recordPendingDamage } from '../store/pending-damage.ts';
import { LATEST_VERSION } from '../store/migrations.ts';
import {
  BACKUP_FORMAT_VERSION,
  backupsDir,
  createBackupArchive,
  createBeforeUpdateBackup,
  createDailyBackup,
  dailyBackupDue,
  isBackupName,
  kindOfName,
  listBackupArchives,
  pruneAutomaticBackups,
  readManifest,
  readManifestSync,
  removeLeftovers,
  unpackBackup,
} from './backup-archive.ts';

const tempDir = tempDirs('broadsheet-auto-backup-');

/** A library with a feed of `n` articles, the first one bookmarked. */
function library(dataDir: string, n = 3): void {
  const db = openDatabase(dataDir);
  db.transaction(() => {
    const feed = addFeed(db, 'Quay Weekly');
    for (let i = 0; i < n; i += 1) addArticle(db, feed, { title: `Story ${i}` });
    db.sql.exec("UPDATE articles SET bookmarked = 1, bookmarked_at = '2026-11-24T12:00:00.000Z' WHERE id = (SELECT MIN(id) FROM articles)");
  });
  db.close();
}

function titles(file: string): string[] {
  const sql = new DatabaseSync(file, { readOnly: true });
  try {
    return (sql.prepare('SELECT title FROM articles ORDER BY id').all() as Array<{ title: string }>).map((r) => r.title);
  } finally {
    sql.close();
  }
}

function backupNames(dataDir: string): string[] {
  return existsSync(backupsDir(dataDir)) ? readdirSync(backupsDir(dataDir)).sort() : [];
}

describe('backup names', () => {
  it('say what made them, and are all recognised', () => {
    for (const name of [
      'broadsheet-backup-2026-11-24T21-02-00Z.tar.gz',
      'broadsheet-backup-2026-11-24T21-02-00Z-2.tar.gz',
      'broadsheet-backup-2026-11-24T21-02-00Z-daily.tar.gz',
      'broadsheet-backup-2026-11-24T21-02-00Z-3-daily.tar.gz',
      'broadsheet-backup-2026-11-24T21-02-00Z-before-v6.tar.gz',
    ]) {
      expect(isBackupName(name), name).toBe(true);
    }
    for (const name of ['broadsheet-backup-2026-11-24T21-02-00Z-weekly.tar.gz', '../broadsheet-backup-2026-11-24T21-02-00Z.tar.gz', 'broadsheet-backup-2026-11-24T21-02-00Z-daily.tar']) {
      expect(isBackupName(name), name).toBe(false);
    }
    expect(kindOfName('broadsheet-backup-2026-11-24T21-02-00Z-2-daily.tar.gz')).toBe('daily');
    expect(kindOfName('broadsheet-backup-2026-11-24T21-02-00Z-before-v12.tar.gz')).toBe('before-update');
    expect(kindOfName('broadsheet-backup-2026-11-24T21-02-00Z-2.tar.gz')).toBe('manual');
  });
});

describe('the backup before an update', () => {
  it('holds the database only, says so in its manifest, and is listed as before-update', async () => {
    const dataDir = tempDir();
    library(dataDir);
    const db = openDatabase(dataDir);
    const made = createBeforeUpdateBackup({ db, dataDir, fromVersion: LATEST_VERSION - 1, toVersion: LATEST_VERSION, now: new Date('2026-11-24T12:00:00Z') });
    db.close();
    expect(made).toMatchObject({ name: `broadsheet-backup-2026-11-24T12-00-00Z-before-v${LATEST_VERSION}.tar.gz`, kind: 'before-update', articles: 3 });
    const file = join(backupsDir(dataDir), made.name);
    const manifest = await readManifest(file);
    expect(manifest).toMatchObject({ kind: 'before-update', contents: 'database', formatVersion: BACKUP_FORMAT_VERSION, schemaVersion: LATEST_VERSION - 1 });
    expect(readManifestSync(file)).toEqual(manifest);
    expect(await listBackupArchives(dataDir)).toEqual([made]);
    const unpacked = await unpackBackup(dataDir, made.name);
    try {
      expect(readdirSync(unpacked.dir).sort()).toEqual(['library.db', 'manifest.json']);
      expect(titles(join(unpacked.dir, 'library.db'))).toEqual(['Story 0', 'Story 1', 'Story 2']);
    } finally {
      rmSync(unpacked.dir, { recursive: true, force: true });
    }
  });

  it('fails without leaving a file, and says why, when it cannot be written', () => {
    const dataDir = tempDir();
    library(dataDir);
    // The backups folder cannot be made: a file has its name.
    writeFileSync(backupsDir(dataDir), 'in the way');
    const db = openDatabase(dataDir);
    try {
      expect(() => createBeforeUpdateBackup({ db, dataDir, fromVersion: 4, toVersion: 5, now: new Date() })).toThrow(
        /could not make the backup it makes before updating your library, so it did not update it/,
      );
    } finally {
      db.close();
    }
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.backup-'))).toEqual([]);
  });
});

describe('the daily backup', () => {
  it('copies the database on a worker thread into a database-only archive listed as daily', async () => {
    const dataDir = tempDir();
    library(dataDir, 5);
    const made = await createDailyBackup({ dataDir, databasePath: join(dataDir, DATABASE_FILE), now: new Date('2026-11-24T03:00:00Z') });
    expect(made).toMatchObject({ name: 'broadsheet-backup-2026-11-24T03-00-00Z-daily.tar.gz', kind: 'daily', articles: 5 });
    const manifest = await readManifest(join(backupsDir(dataDir), made.name));
    expect(manifest).toMatchObject({ kind: 'daily', contents: 'database', schemaVersion: LATEST_VERSION, counts: { articles: 5, sources: 1, bookmarked: 1 } });
    const unpacked = await unpackBackup(dataDir, made.name);
    try {
      expect(titles(join(unpacked.dir, 'library.db'))).toEqual(['Story 0', 'Story 1', 'Story 2', 'Story 3', 'Story 4']);
    } finally {
      rmSync(unpacked.dir, { recursive: true, force: true });
    }
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.backup-'))).toEqual([]);
  });

  it('copies what is committed while the library is open and being written', async () => {
    const dataDir = tempDir();
    library(dataDir, 2);
    const db = openDatabase(dataDir);
    try {
      db.transaction(() => addArticle(db, 1, { title: 'Committed a moment ago' }));
      const made = await createDailyBackup({ dataDir, databasePath: join(dataDir, DATABASE_FILE), now: new Date('2026-11-24T03:00:00Z') });
      expect(made.articles).toBe(3);
    } finally {
      db.close();
    }
  });

  it('stopped (the library closing) ends at its next step and leaves no file behind', async () => {
    const dataDir = tempDir();
    library(dataDir);
    const stop = new AbortController();
    const making = createDailyBackup({ dataDir, databasePath: join(dataDir, DATABASE_FILE), now: new Date(), signal: stop.signal });
    stop.abort();
    await expect(making).rejects.toThrow();
    expect(backupNames(dataDir)).toEqual([]);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.backup-'))).toEqual([]);
  });

  it('fails without leaving a file behind', async () => {
    const dataDir = tempDir();
    library(dataDir);
    const error = await createDailyBackup({ dataDir, databasePath: join(dataDir, 'no-such.db'), now: new Date() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(backupNames(dataDir)).toEqual([]);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.backup-'))).toEqual([]);
  });

  it('is due when there is none, not within a day of the last, and after a day only if the library changed', async () => {
    const dataDir = tempDir();
    library(dataDir);
    const day = 24 * 60 * 60 * 1000;
    const first = new Date('2026-11-24T03:00:00Z');
    expect(dailyBackupDue(dataDir, first)).toBe(true);
    await createDailyBackup({ dataDir, databasePath: join(dataDir, DATABASE_FILE), now: first });
    expect(dailyBackupDue(dataDir, new Date(first.getTime() + day - 60_000))).toBe(false);
    // A day on, untouched: another copy would only push out an older, different one.
    expect(dailyBackupDue(dataDir, new Date(first.getTime() + day + 60_000))).toBe(false);
    const db = openDatabase(dataDir);
    db.transaction(() => addArticle(db, 1, { title: 'Something new' }));
    db.close();
    // Whatever the file system's clock granularity, the file now reads as changed.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dataDir, DATABASE_FILE), later, later);
    expect(dailyBackupDue(dataDir, new Date(first.getTime() + day + 60_000))).toBe(true);
  });

  it('counts the backup before an update as a recent one of Broadsheet\u2019s own, but not the reader\u2019s', async () => {
    const dataDir = tempDir();
    library(dataDir);
    const now = new Date('2026-11-24T03:00:00Z');
    const db = openDatabase(dataDir);
    await createBackupArchive({ db, dataDir, schemaVersion: LATEST_VERSION, now });
    expect(dailyBackupDue(dataDir, now)).toBe(true);
    createBeforeUpdateBackup({ db, dataDir, fromVersion: 4, toVersion: 5, now });
    db.close();
    expect(dailyBackupDue(dataDir, now)).toBe(false);
  });
});

describe('keeping backups', () => {
  it('keeps the newest 7 daily and 3 before-update backups and never deletes the reader\u2019s', () => {
    const dataDir = tempDir();
    const dir = backupsDir(dataDir);
    mkdirSync(dir, { recursive: true });
    const stamp = (day: number) => `2026-11-${String(day).padStart(2, '0')}T03-00-00Z`;
    const daily = Array.from({ length: 10 }, (_, i) => `broadsheet-backup-${stamp(i + 1)}-daily.tar.gz`);
    const beforeUpdate = Array.from({ length: 5 }, (_, i) => `broadsheet-backup-${stamp(i + 11)}-before-v${i + 2}.tar.gz`);
    const manual = [`broadsheet-backup-${stamp(1)}.tar.gz`, `broadsheet-backup-${stamp(2)}-2.tar.gz`];
    for (const name of [...daily, ...beforeUpdate, ...manual, 'notes.txt']) writeFileSync(join(dir, name), '');

    expect(pruneAutomaticBackups(dataDir, 'daily').sort()).toEqual(daily.slice(0, 3));
    expect(pruneAutomaticBackups(dataDir, 'before-update').sort()).toEqual(beforeUpdate.slice(0, 2));
    expect(backupNames(dataDir)).toEqual([...daily.slice(3), ...beforeUpdate.slice(2), ...manual, 'notes.txt'].sort());
  });
});

describe('keeping backups while a library is damaged', () => {
  const stamp = (day: number) => `2026-11-${String(day).padStart(2, '0')}T03-00-00Z`;
  const daily = Array.from({ length: 10 }, (_, i) => `broadsheet-backup-${stamp(i + 1)}-daily.tar.gz`);

  function withDailies(): string {
    const dataDir = tempDir();
    mkdirSync(backupsDir(dataDir), { recursive: true });
    for (const name of daily) writeFileSync(join(backupsDir(dataDir), name), '');
    return dataDir;
  }

  it('deletes none while the damage waits for an answer', () => {
    const dataDir = withDailies();
    recordPendingDamage(dataDir, { at: '2026-11-10T12:00:00.000Z', keptAt: join(dataDir, DAMAGED_DIR, 'library.db'), backup: null });
    expect(pruneAutomaticBackups(dataDir, 'daily')).toEqual([]);
    expect(backupNames(dataDir)).toEqual(daily);
  });

  it('never deletes the newest one made before a library was found damaged, answered or not', () => {
    const dataDir = withDailies();
    // Set aside on the 2nd at noon (and answered since: no record waits): the daily from that morning is kept.
    mkdirSync(join(dataDir, DAMAGED_DIR));
    writeFileSync(join(dataDir, DAMAGED_DIR, 'library-2026-11-02T12-00-00Z.db'), '');
    expect(pruneAutomaticBackups(dataDir, 'daily').sort()).toEqual([daily[0], daily[2]]);
    expect(backupNames(dataDir)).toEqual([daily[1], ...daily.slice(3)]);
  });
});

describe('leftovers of a backup or restore that stopped halfway', () => {
  it('are removed: work folders and half-written archives, and nothing else', () => {
    const dataDir = tempDir();
    library(dataDir);
    for (const dir of ['.backup-a1b2c3', '.restore-d4e5f6', 'before-restore-2026-11-24T12-00-00Z']) {
      mkdirSync(join(dataDir, dir));
      writeFileSync(join(dataDir, dir, 'library.db'), 'a copy');
    }
    mkdirSync(backupsDir(dataDir));
    const kept = ['broadsheet-backup-2026-11-24T12-00-00Z-daily.tar.gz', 'notes.txt'];
    for (const name of [...kept, '.broadsheet-backup-2026-11-25T12-00-00Z-daily.tar.gz.partial']) writeFileSync(join(backupsDir(dataDir), name), '');
    expect(removeLeftovers(dataDir)).toHaveLength(3);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(existsSync(join(dataDir, 'before-restore-2026-11-24T12-00-00Z', 'library.db'))).toBe(true);
    expect(backupNames(dataDir)).toEqual(kept);
  });
});

describe('manifests', () => {
  it('written before Broadsheet made backups of its own still read, as the reader\u2019s whole-library backups', async () => {
    const dataDir = tempDir();
    const work = tempDir();
    library(work);
    mkdirSync(join(work, 'assets'));
    const old = {
      format: 'broadsheet-backup',
      formatVersion: 1,
      schemaVersion: LATEST_VERSION,
      createdAt: '2026-10-01T08:00:00.000Z',
      counts: { articles: 3, sources: 1, bookmarked: 1, saved: 0, assets: 0 },
    };
    writeFileSync(join(work, 'manifest.json'), JSON.stringify(old));
    mkdirSync(backupsDir(dataDir), { recursive: true });
    const name = 'broadsheet-backup-2026-10-01T08-00-00Z.tar.gz';
    await create({ gzip: true, file: join(backupsDir(dataDir), name), cwd: work, portable: true }, ['manifest.json', 'library.db', 'assets']);
    expect(await readManifest(join(backupsDir(dataDir), name))).toMatchObject({ kind: 'manual', contents: 'library' });
    expect(await listBackupArchives(dataDir)).toEqual([expect.objectContaining({ name, kind: 'manual', articles: 3 })]);
  });

  it('of a whole library still say format 1, which older versions of Broadsheet restore', async () => {
    const dataDir = tempDir();
    library(dataDir);
    const db = openDatabase(dataDir);
    const made = await createBackupArchive({ db, dataDir, schemaVersion: LATEST_VERSION, now: new Date('2026-11-24T12:00:00Z') });
    db.close();
    expect(await readManifest(join(backupsDir(dataDir), made.name))).toMatchObject({ formatVersion: 1, kind: 'manual', contents: 'library' });
  });

  it('from a newer format are not offered', async () => {
    const dataDir = tempDir();
    const work = tempDir();
    library(work);
    writeFileSync(join(work, 'manifest.json'), JSON.stringify({
      format: 'broadsheet-backup',
      formatVersion: BACKUP_FORMAT_VERSION + 1,
      schemaVersion: LATEST_VERSION,
      createdAt: '2026-10-01T08:00:00.000Z',
      counts: { articles: 3, sources: 1, bookmarked: 1, saved: 0, assets: 0 },
    }));
    mkdirSync(backupsDir(dataDir), { recursive: true });
    await create({ gzip: true, file: join(backupsDir(dataDir), 'broadsheet-backup-2026-10-01T08-00-00Z.tar.gz'), cwd: work }, ['manifest.json', 'library.db']);
    expect(await listBackupArchives(dataDir)).toEqual([]);
    expect(() => readManifestSync(join(backupsDir(dataDir), 'broadsheet-backup-2026-10-01T08-00-00Z.tar.gz'))).toThrow();
  });
});
