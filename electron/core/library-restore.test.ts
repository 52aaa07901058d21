// A restore interrupted halfway (the process dies between two renames) and a
// close() during a restore. A crash is simulated by a rename that never
// returns: the swap stops there, as it would if the process had died.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RESTORE_MARKER, recoverInterruptedRestore, swapInRestored } from './backup/restore-files.ts';
import { openLibrary, type Library } from './library.ts';
import { LOCK_FILE } from './library-lock.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { openDatabase } from './store/database.ts';

/** How the next renames behave: 'hang' never renames, 'rename-then-hang' renames and never returns. */
const renames = vi.hoisted(() => ({
  count: 0,
  stopAt: 0,
  /** Instead of a count: stops at the first rename this matches. */
  stopWhen: null as null | ((from: string, to: string) => boolean),
  mode: 'hang' as 'hang' | 'rename-then-hang',
  paused: null as null | (() => void),
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const rename: typeof actual.rename = async (from, to) => {
    renames.count += 1;
    const stop = renames.stopWhen ? renames.stopWhen(String(from), String(to)) : renames.count === renames.stopAt;
    if (!stop) return actual.rename(from, to);
    renames.stopWhen = null;
    if (renames.mode === 'rename-then-hang') await actual.rename(from, to);
    // Never settles unless a test resumes it (only the close() test does).
    await new Promise<void>((resolve) => (renames.paused = resolve));
    if (renames.mode === 'hang') await actual.rename(from, to);
  };
  return { ...actual, rename, default: { ...actual, rename } };
});

let dataDir: string;
const opened: Library[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-restore-'));
  renames.count = 0;
  renames.stopAt = 0;
  renames.stopWhen = null;
  renames.paused = null;
});

afterEach(() => {
  for (const library of opened.splice(0)) library.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A library database holding one marker row, so two libraries can be told apart. */
function writeLibrary(dir: string, title: string): void {
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(dir);
  db.sql
    .prepare("INSERT INTO sources (title, feed_url, created_at) VALUES (?, ?, '2026-01-01T00:00:00.000Z')")
    .run(title, `https://${title}.example/feed`);
  db.close();
  mkdirSync(join(dir, 'assets', 'ab'), { recursive: true });
  writeFileSync(join(dir, 'assets', 'ab', `${title}.png`), title);
}

function snapshotOf(dir: string): { db: string; assets: string[] } {
  return {
    db: readFileSync(join(dir, 'library.db')).toString('base64'),
    assets: existsSync(join(dir, 'assets', 'ab')) ? readdirSync(join(dir, 'assets', 'ab')) : [],
  };
}

describe('a restore the process died in the middle of', () => {
  // Each swap here writes the marker, then makes four moves, each after a marker write (a rename too): nine renames.
  const crashPoints = Array.from({ length: 9 }, (_, i) => i + 1).flatMap((n) => [
    { n, mode: 'hang' as const },
    { n, mode: 'rename-then-hang' as const },
  ]);

  it.each(crashPoints)('is undone on the next open (crash at rename $n, $mode)', async ({ n, mode }) => {
    writeLibrary(dataDir, 'current');
    const restored = join(dataDir, '.restore-x');
    writeLibrary(restored, 'backup');
    const before = snapshotOf(dataDir);
    renames.stopAt = n;
    renames.mode = mode;
    void swapInRestored(dataDir, restored, new Date('2026-11-24T12:00:00.000Z'));
    await vi.waitFor(() => expect(renames.paused).not.toBeNull());

    recoverInterruptedRestore(dataDir);
    expect(snapshotOf(dataDir)).toEqual(before);
    // Nothing else is left, but an unpacked backup nothing was moved from yet (a copy, harmless).
    const left = readdirSync(dataDir).filter((name) => name !== 'library.db' && name !== 'assets');
    expect(left.filter((name) => !(n === 1 && name === '.restore-x'))).toEqual([]);
  });

  it('has nothing to undo after a whole swap', async () => {
    writeLibrary(dataDir, 'current');
    writeLibrary(join(dataDir, '.restore-x'), 'backup');
    await swapInRestored(dataDir, join(dataDir, '.restore-x'), new Date('2026-11-24T12:00:00.000Z'));
    expect(existsSync(join(dataDir, RESTORE_MARKER))).toBe(false);
    expect(recoverInterruptedRestore(dataDir)).toBe(false);
  });
});

function open(): Library {
  const settings = createConfSettingsStore({ cwd: dataDir });
  settings.update({ downloadFullArticles: 'never' });
  const library = openLibrary({ dataDir, settings, fetch: async () => new Response('', { status: 404 }) });
  opened.push(library);
  return library;
}

const ARTICLE = (title: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${
    '<p>The harbour board met on Tuesday evening to decide the future of the old fish market, which has stood empty since the spring floods damaged its roof.</p>'.repeat(6)
  }</article></body></html>`;

async function titles(library: Library): Promise<string[]> {
  return (await library.listArticles({ view: 'saved', limit: 10 })).items.map((a) => a.title).sort();
}

/** Paths of library.db files this process holds open (Linux). */
function openDatabaseFiles(): string[] {
  const fds = readdirSync('/proc/self/fd');
  return fds
    .map((fd) => {
      try {
        return readlinkSync(join('/proc/self/fd', fd));
      } catch {
        return '';
      }
    })
    .filter((target) => target.startsWith(dataDir) && target.endsWith('library.db'));
}

describe('Library: an interrupted restore', () => {
  it('opens the library as it was before the restore, not the backup and not an empty one', async () => {
    const library = open();
    await library.importHtml({ html: ARTICLE('Kept before the backup'), fileName: 'a.html' });
    const backup = await library.createBackup();
    await library.importHtml({ html: ARTICLE('Added after the backup'), fileName: 'b.html' });
    // Dies right after moving the current database aside.
    renames.stopWhen = (from) => from === join(dataDir, 'library.db');
    renames.mode = 'rename-then-hang';
    void library.restoreBackup(backup.name);
    await vi.waitFor(() => expect(renames.paused).not.toBeNull());
    expect(existsSync(join(dataDir, 'library.db'))).toBe(false);

    // The process that was restoring is gone, and so is its hold on the library (its lock is stale).
    rmSync(join(dataDir, LOCK_FILE));
    const reopened = open();
    expect(await titles(reopened)).toEqual(['Added after the backup', 'Kept before the backup']);
    expect(existsSync(join(dataDir, RESTORE_MARKER))).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('close() during a restore leaves no database open', async () => {
    const library = open();
    await library.importHtml({ html: ARTICLE('Kept'), fileName: 'a.html' });
    const backup = await library.createBackup();
    // Pause in the middle of the swap (the restored database's move), with the old database closed.
    renames.stopWhen = (_from, to) => to === join(dataDir, 'library.db');
    renames.mode = 'hang';
    const restoring = library.restoreBackup(backup.name).catch(() => null);
    await vi.waitFor(() => expect(renames.paused).not.toBeNull());
    library.close();
    renames.paused?.();
    await restoring;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openDatabaseFiles()).toEqual([]);
  });
});
