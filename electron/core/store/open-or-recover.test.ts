// Opening a library whose file is damaged, with real damaged files: random
// bytes, a truncated file, a zeroed page in the middle of a real library, a
// file holding only its header, and the WAL beside them. Damage sets the file
// aside and opens an empty library with a notice; anything else (a folder in
// the file's place, a file another program has locked) keeps its error and
// moves nothing.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import type { BackupInfo } from '../../shared/models.ts';
import { createBackupArchive } from '../backup/backup-archive.ts';
import { silentLogger } from '../logger.ts';
import { NoticeBoard } from '../notices.ts';
import { addArticle, addFeed } from '../testing/library-rows.ts';
import { tempDirs } from '../testing/temp-dirs.ts';
import { DATABASE_FILE, openDatabase } from './database.ts';
import { LATEST_VERSION, migrate } from './migrations.ts';
import { CHECK_AT_START_MAX_BYTES, DAMAGED_DIR, openOrRecover, setAside, settingAsideUnfinished, type RenameFile } from './open-or-recover.ts';
import { clearPendingDamage, damagePending } from './pending-damage.ts';
import { wrap } from './database.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const tempDir = tempDirs('broadsheet-recover-');

/** A real library of a few hundred articles (about 1 MB), checkpointed so the file holds it all. */
function realLibrary(dataDir: string, articles = 300): void {
  const db = openDatabase(dataDir);
  db.transaction(() => {
    const feed = addFeed(db, 'Harbour News');
    for (let i = 0; i < articles; i += 1) {
      addArticle(db, feed, { title: `Tide report ${i}`, text: `The harbour master reports ${i} boats. ${'Calm seas and a light breeze. '.repeat(60)}` });
    }
  });
  db.sql.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
}

function open(dataDir: string, notices = new NoticeBoard(() => NOW)) {
  return { opened: openOrRecover({ dataDir, notices, now: () => NOW, logger: silentLogger }), notices };
}

/** The library files kept in damaged/ (not the record of the damage waiting for an answer). */
function damagedFiles(dataDir: string): string[] {
  return existsSync(join(dataDir, DAMAGED_DIR)) ? readdirSync(join(dataDir, DAMAGED_DIR)).filter((name) => name.startsWith('library-')).sort() : [];
}

function articleCount(dataDir: string): number {
  const sql = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
  try {
    return (sql.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
  } finally {
    sql.close();
  }
}

/** Opens a damaged library and checks what every kind of damage must lead to. */
function expectRecovered(dataDir: string, original: Buffer): void {
  const { opened, notices } = open(dataDir);
  try {
    // An empty library, up to date, in the file's place.
    expect((opened.db.sql.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n).toBe(0);
    expect((opened.db.sql.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(LATEST_VERSION);
  } finally {
    opened.db.close();
  }
  // The damaged file kept, byte for byte, under a name with the time.
  const kept = join(dataDir, DAMAGED_DIR, 'library-2026-11-24T12-00-00Z.db');
  expect(readFileSync(kept).equals(original)).toBe(true);
  const [notice] = notices.list();
  expect(notice).toMatchObject({ kind: 'library-damaged', keptAt: kept, backup: null });
  expect(notice?.message).toBe(
    `Broadsheet could not read your library file, so it started with an empty one. The damaged file was kept in ${kept}. ` +
      'There is no backup to restore your library from.',
  );
}

describe('openOrRecover: a damaged library file', () => {
  it('of random bytes is set aside and an empty library opens, with a notice', () => {
    const dataDir = tempDir();
    const bytes = randomBytes(64 * 1024);
    writeFileSync(join(dataDir, DATABASE_FILE), bytes);
    expectRecovered(dataDir, bytes);
  });

  it('cut short (truncated to half) is set aside', () => {
    const dataDir = tempDir();
    realLibrary(dataDir);
    const half = readFileSync(join(dataDir, DATABASE_FILE)).subarray(0, 40 * 4096);
    writeFileSync(join(dataDir, DATABASE_FILE), half);
    expectRecovered(dataDir, half);
  });

  it('holding only its 100-byte header is set aside', () => {
    const dataDir = tempDir();
    realLibrary(dataDir);
    const header = readFileSync(join(dataDir, DATABASE_FILE)).subarray(0, 100);
    writeFileSync(join(dataDir, DATABASE_FILE), header);
    expectRecovered(dataDir, header);
  });

  it('with a page of zeros in the middle (opens, but fails the page check) is set aside', () => {
    const dataDir = tempDir();
    realLibrary(dataDir);
    const bytes = readFileSync(join(dataDir, DATABASE_FILE));
    const pages = bytes.length / 4096;
    expect(pages).toBeGreaterThan(50);
    const middle = Math.floor(pages / 2);
    bytes.fill(0, middle * 4096, (middle + 1) * 4096);
    writeFileSync(join(dataDir, DATABASE_FILE), bytes);
    // The damage does not show on opening: only a walk of every page finds it.
    const sql = new DatabaseSync(join(dataDir, DATABASE_FILE));
    expect((sql.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(LATEST_VERSION);
    sql.close();
    expectRecovered(dataDir, bytes);
  });

  it('moves its WAL and shared-memory files aside with it, untouched, so they are never read as part of the new library', () => {
    // Commits left in the WAL (not yet folded into the file), as when Broadsheet stopped mid-session.
    const { dataDir: copyDir, files } = libraryWithWal(300);
    const wal = files.get(`${DATABASE_FILE}-wal`) ?? Buffer.alloc(0);
    expect(wal.length).toBeGreaterThan(4096);
    // A page the WAL does not hold is damaged in the file: the WAL cannot mend it.
    const bytes = readFileSync(join(copyDir, DATABASE_FILE));
    const page = Math.floor(bytes.length / 4096 / 3);
    bytes.fill(0, page * 4096, (page + 1) * 4096);
    writeFileSync(join(copyDir, DATABASE_FILE), bytes);

    expectRecovered(copyDir, bytes);
    expect(damagedFiles(copyDir)).toEqual(['library-2026-11-24T12-00-00Z.db', 'library-2026-11-24T12-00-00Z.db-shm', 'library-2026-11-24T12-00-00Z.db-wal']);
    expect(readFileSync(join(copyDir, DAMAGED_DIR, 'library-2026-11-24T12-00-00Z.db-wal')).equals(wal)).toBe(true);
  });

  it('is whole again when the WAL holds good copies of its damaged pages, as SQLite reads them, and is not set aside', () => {
    const dataDir = tempDir();
    realLibrary(dataDir);
    const writer = openDatabase(dataDir);
    writer.sql.exec('PRAGMA wal_autocheckpoint = 0');
    writer.transaction(() => {
      addArticle(writer, 1, { title: 'Only in the WAL' });
      // Writes the header, so the WAL holds a copy of page 1 (the header and the schema).
      writer.sql.exec(`PRAGMA user_version = ${LATEST_VERSION}`);
    });
    const copyDir = tempDir();
    for (const file of readdirSync(dataDir)) writeFileSync(join(copyDir, file), readFileSync(join(dataDir, file)));
    writer.close();
    const bytes = readFileSync(join(copyDir, DATABASE_FILE));
    bytes.fill(0x5a, 0, 4096);
    writeFileSync(join(copyDir, DATABASE_FILE), bytes);
    const { opened, notices } = open(copyDir);
    opened.db.close();
    expect(notices.list()).toEqual([]);
    expect(articleCount(copyDir)).toBe(301);
  });

  it('offers the newest backup that reads, by its date', async () => {
    const dataDir = tempDir();
    realLibrary(dataDir, 20);
    const db = openDatabase(dataDir);
    const older = await createBackupArchive({ db, dataDir, schemaVersion: LATEST_VERSION, now: new Date('2026-11-20T08:00:00.000Z') });
    const newer = await createBackupArchive({ db, dataDir, schemaVersion: LATEST_VERSION, now: new Date('2026-11-22T09:30:00.000Z') });
    db.close();
    // The newest archive is unreadable: the one before it is offered.
    writeFileSync(join(dataDir, 'backups', 'broadsheet-backup-2026-11-23T10-00-00Z.tar.gz'), randomBytes(2000));
    writeFileSync(join(dataDir, DATABASE_FILE), randomBytes(8192));
    rmSync(join(dataDir, `${DATABASE_FILE}-wal`), { force: true });
    rmSync(join(dataDir, `${DATABASE_FILE}-shm`), { force: true });

    const { opened, notices } = open(dataDir);
    opened.db.close();
    const [notice] = notices.list();
    expect(notice?.backup).toEqual(newer);
    expect(notice?.backup).not.toEqual(older);
    const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(newer.createdAt));
    expect(notice?.message).toMatch(new RegExp(`You can restore the backup from ${when}\\.$`));
  });

  it('that lost its whole content (an empty file where a library with backups was) is treated as damaged', async () => {
    const { dataDir, backup } = await backedUpLibrary();
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith(DATABASE_FILE))) rmSync(join(dataDir, file));
    writeFileSync(join(dataDir, DATABASE_FILE), '');
    const { opened, notices } = open(dataDir);
    opened.db.close();
    expect(notices.list()[0]).toMatchObject({ kind: 'library-damaged', backup });
  });

  it('twice in one second keeps both damaged files', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, DATABASE_FILE), randomBytes(8192));
    open(dataDir).opened.db.close();
    writeFileSync(join(dataDir, DATABASE_FILE), randomBytes(8192));
    for (const file of ['-wal', '-shm']) rmSync(join(dataDir, `${DATABASE_FILE}${file}`), { force: true });
    open(dataDir).opened.db.close();
    expect(damagedFiles(dataDir)).toEqual(['library-2026-11-24T12-00-00Z-2.db', 'library-2026-11-24T12-00-00Z.db']);
  });

  it('waits, on disk, for an answer: the next open (by any program) posts the same notice again, until it is cleared', async () => {
    const { dataDir, backup } = await backedUpLibrary();
    writeFileSync(join(dataDir, DATABASE_FILE), randomBytes(8192));
    for (const file of ['-wal', '-shm']) rmSync(join(dataDir, `${DATABASE_FILE}${file}`), { force: true });
    const first = open(dataDir);
    first.opened.db.close();
    const [found] = first.notices.list();
    expect(damagePending(dataDir)).toBe(true);

    // Another start, another program: a new notice board, the same notice.
    const again = open(dataDir);
    again.opened.db.close();
    expect(again.notices.list()).toEqual([expect.objectContaining({ kind: 'library-damaged', message: found?.message, keptAt: found?.keptAt, backup })]);
    expect(damagedFiles(dataDir)).toEqual(['library-2026-11-24T12-00-00Z.db']);

    clearPendingDamage(dataDir);
    const answered = open(dataDir);
    answered.opened.db.close();
    expect(answered.notices.list()).toEqual([]);
  });

  it('keeps the images with the file set aside, as links, and leaves them in place', () => {
    const dataDir = tempDir();
    realLibrary(dataDir, 5);
    const image = `ab/${'ab'.repeat(32)}.png`;
    mkdirSync(join(dataDir, 'assets', 'ab'), { recursive: true });
    writeFileSync(join(dataDir, 'assets', image), 'image bytes');
    writeFileSync(join(dataDir, DATABASE_FILE), randomBytes(8192));
    for (const file of ['-wal', '-shm']) rmSync(join(dataDir, `${DATABASE_FILE}${file}`), { force: true });
    open(dataDir).opened.db.close();
    const kept = join(dataDir, DAMAGED_DIR, 'library-2026-11-24T12-00-00Z-assets', image);
    expect(readFileSync(kept, 'utf8')).toBe('image bytes');
    expect(statSync(kept).ino).toBe(statSync(join(dataDir, 'assets', image)).ino);
  });
});

/** A small library with a backup from 20 Nov 2026, closed. */
async function backedUpLibrary(): Promise<{ dataDir: string; backup: BackupInfo }> {
  const dataDir = tempDir();
  realLibrary(dataDir, 5);
  const db = openDatabase(dataDir);
  const backup = await createBackupArchive({ db, dataDir, schemaVersion: LATEST_VERSION, now: new Date('2026-11-20T08:00:00.000Z') });
  db.close();
  return { dataDir, backup };
}

/** A library with commits still in its WAL, as when Broadsheet stopped mid-session; the files as a crash leaves them. */
function libraryWithWal(articles = 20): { dataDir: string; files: Map<string, Buffer> } {
  const dataDir = tempDir();
  realLibrary(dataDir, articles);
  const writer = openDatabase(dataDir);
  writer.sql.exec('PRAGMA wal_autocheckpoint = 0');
  writer.transaction(() => addArticle(writer, 1, { title: 'Only in the WAL' }));
  const copyDir = tempDir();
  for (const file of readdirSync(dataDir)) writeFileSync(join(copyDir, file), readFileSync(join(dataDir, file)));
  writer.close();
  const files = new Map(readdirSync(copyDir).filter((f) => f.startsWith(DATABASE_FILE)).map((f) => [f, readFileSync(join(copyDir, f))]));
  expect([...files.keys()].sort()).toEqual([DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`]);
  return { dataDir: copyDir, files };
}

/** A rename that does its first `renames` for real, then fails every time with `error`: a crash, or Windows refusing. */
function renameFailingAfter(renames: number, error: () => Error): RenameFile {
  let done = 0;
  return (from, to) => {
    if (done >= renames) throw error();
    done += 1;
    renameSync(from, to);
  };
}

const KEPT = 'library-2026-11-24T12-00-00Z';

describe('openOrRecover: setting a damaged library aside moves its files as one', () => {
  it('finishes, at the next open, a move the process stopped in the middle of (WAL moved, file not), and shows the notice', () => {
    const { dataDir, files } = libraryWithWal();
    // The process stops after moving the -shm and -wal, before the .db: nothing after that runs.
    const crash = () => new Error('the process stopped here');
    expect(() => setAside(dataDir, NOW, renameFailingAfter(2, crash))).toThrow(ApiError);
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);
    expect(existsSync(join(dataDir, `${DATABASE_FILE}-wal`))).toBe(false);
    expect(settingAsideUnfinished(dataDir)).toBe(true);

    // Without the record, this open would read library.db without its WAL: an older library that looks healthy.
    const { opened, notices } = open(dataDir);
    try {
      expect((opened.db.sql.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n).toBe(0);
    } finally {
      opened.db.close();
    }
    expect(damagedFiles(dataDir)).toEqual([`${KEPT}.db`, `${KEPT}.db-shm`, `${KEPT}.db-wal`]);
    for (const [file, bytes] of files) {
      expect(readFileSync(join(dataDir, DAMAGED_DIR, `${KEPT}${file.slice('library'.length)}`)).equals(bytes), file).toBe(true);
    }
    const keptAt = join(dataDir, DAMAGED_DIR, `${KEPT}.db`);
    expect(notices.list()).toEqual([expect.objectContaining({ kind: 'library-damaged', keptAt })]);
    expect(damagePending(dataDir)).toBe(true);
    expect(settingAsideUnfinished(dataDir)).toBe(false);
    // The kept files are one library again: the commit that was only in the WAL is in it.
    const kept = new DatabaseSync(keptAt, { readOnly: true });
    try {
      expect((kept.prepare("SELECT COUNT(*) AS n FROM articles WHERE title = 'Only in the WAL'").get() as { n: number }).n).toBe(1);
    } finally {
      kept.close();
    }
  });

  it('leaves the new library alone when the process stopped after every file moved, and still records the damage', () => {
    const { dataDir } = libraryWithWal();
    setAside(dataDir, NOW);
    // The empty library opened in its place, and written to, before the damage was recorded.
    const fresh = openDatabase(dataDir);
    fresh.transaction(() => addFeed(fresh, 'Added after'));
    fresh.close();
    expect(damagePending(dataDir)).toBe(false);

    const { opened, notices } = open(dataDir);
    opened.db.close();
    const sql = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
    try {
      expect((sql.prepare('SELECT title FROM sources').all() as Array<{ title: string }>).map((r) => r.title)).toEqual(['Added after']);
    } finally {
      sql.close();
    }
    expect(damagedFiles(dataDir)).toEqual([`${KEPT}.db`, `${KEPT}.db-shm`, `${KEPT}.db-wal`]);
    expect(notices.list()).toEqual([expect.objectContaining({ kind: 'library-damaged', keptAt: join(dataDir, DAMAGED_DIR, `${KEPT}.db`) })]);
    expect(damagePending(dataDir)).toBe(true);
  });

  it('puts everything back and says so in plain words when another program holds the file (EPERM, as on Windows)', () => {
    const { dataDir, files } = libraryWithWal();
    const busy = () => Object.assign(new Error(`EPERM: operation not permitted, rename '${join(dataDir, DATABASE_FILE)}'`), { code: 'EPERM' });
    // The -shm and -wal move; the .db, held open elsewhere, does not.
    const refusingTheFile: RenameFile = (from, to) => {
      if (from === join(dataDir, DATABASE_FILE)) throw busy();
      renameSync(from, to);
    };
    let error: unknown = null;
    try {
      setAside(dataDir, NOW, refusingTheFile);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('storage_failed');
    expect((error as ApiError).message).toBe(
      'Broadsheet could not set your damaged library aside because another program is using it. ' +
        `Close other programs using ${join(dataDir, DATABASE_FILE)} and start Broadsheet again.`,
    );
    // Everything where it was, byte for byte, and no record of a move left to finish.
    for (const [file, bytes] of files) expect(readFileSync(join(dataDir, file)).equals(bytes), file).toBe(true);
    expect(damagedFiles(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, DAMAGED_DIR, 'moving.json'))).toBe(false);
    const { opened, notices } = open(dataDir);
    opened.db.close();
    expect(notices.list()).toEqual([]);
    expect(articleCount(dataDir)).toBe(21);
  });
});

describe('openOrRecover: what is not damage', () => {
  it('opens a healthy library as it is, checked, with no notice', () => {
    const dataDir = tempDir();
    realLibrary(dataDir, 50);
    const { opened, notices } = open(dataDir);
    opened.db.close();
    expect(opened.checkLater).toBe(false);
    expect(articleCount(dataDir)).toBe(50);
    expect(notices.list()).toEqual([]);
    expect(damagedFiles(dataDir)).toEqual([]);
  });

  it('ignores a WAL of garbage beside a healthy file, as SQLite does, and keeps every article', () => {
    const dataDir = tempDir();
    realLibrary(dataDir, 50);
    writeFileSync(join(dataDir, `${DATABASE_FILE}-wal`), randomBytes(50_000));
    const { opened, notices } = open(dataDir);
    opened.db.close();
    expect(articleCount(dataDir)).toBe(50);
    expect(notices.list()).toEqual([]);
  });

  it('starts a new library in an empty folder with no notice', () => {
    const dataDir = tempDir();
    const { opened, notices } = open(dataDir);
    opened.db.close();
    expect(notices.list()).toEqual([]);
    expect(damagedFiles(dataDir)).toEqual([]);
  });

  it('keeps the error and moves nothing when the file cannot be opened at all (a folder in its place)', () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, DATABASE_FILE));
    expect(() => open(dataDir)).toThrow(ApiError);
    expect(statSync(join(dataDir, DATABASE_FILE)).isDirectory()).toBe(true);
    expect(damagedFiles(dataDir)).toEqual([]);
  });

  it('keeps the error and moves nothing when another program holds the file locked', () => {
    const dataDir = tempDir();
    realLibrary(dataDir, 10);
    const other = new DatabaseSync(join(dataDir, DATABASE_FILE));
    other.exec('PRAGMA journal_mode = DELETE');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const error = (() => {
        try {
          open(dataDir);
          return null;
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).message).toMatch(/another program is holding it open/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(damagedFiles(dataDir)).toEqual([]);
    expect(articleCount(dataDir)).toBe(10);
  });

  it('leaves a library too big to check quickly for a check in the background', () => {
    const dataDir = tempDir();
    const db = wrap(new DatabaseSync(join(dataDir, DATABASE_FILE)));
    migrate(db);
    // Grown past the limit with one big row: the size, not the content, decides.
    db.sql.prepare('INSERT INTO sources (title, feed_url, created_at, description) VALUES (?, ?, ?, ?)').run(
      'Big',
      'https://big.example/feed',
      NOW.toISOString(),
      'x'.repeat(CHECK_AT_START_MAX_BYTES + 1024),
    );
    db.close();
    const { opened } = open(dataDir);
    opened.db.close();
    expect(opened.checkLater).toBe(true);
  });
});
