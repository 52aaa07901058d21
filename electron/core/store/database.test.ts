// Every connection to the library waits for another program's lock rather
// than failing at once, from its very first statement: the lock here is held
// by a real second process, as a backup tool or a reader of the folder would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import { DATABASE_FILE, openDatabase } from './database.ts';
import { runTaskHere } from './database-thread.ts';
import { openDatabaseToRead } from './read-only-database.ts';

/** Takes SQLite's exclusive lock on the file, says "locked", and lets go `ms` later. */
const HOLD_LOCK = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1]);
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));
`;
/** Long enough that an opener without a busy timeout meets the lock; well inside the 5 s it waits. */
const HOLD_MS = 1_000;

let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'broadsheet-db-'));
  // A library in rollback-journal mode (as a copy made by VACUUM INTO is): there a held lock blocks readers too.
  openDatabase(dir).close();
  const sql = new DatabaseSync(join(dir, DATABASE_FILE));
  sql.exec('PRAGMA journal_mode = DELETE');
  sql.close();
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once another process holds the lock (it lets go by itself HOLD_MS later). */
async function lockBriefly(): Promise<void> {
  const child = spawn(process.execPath, ['-e', HOLD_LOCK, join(dir, DATABASE_FILE), String(HOLD_MS)], { stdio: 'pipe' });
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`The lock holder stopped (exit ${code}): ${stderr}`)));
  });
}

describe('connections wait for a lock held for a moment', () => {
  it('opens the library for writing (turning on WAL) once the other program lets go', async () => {
    await lockBriefly();
    const database = openDatabase(dir);
    try {
      expect((database.sql.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    } finally {
      database.close();
    }
  });

  it('checks the library on its read-only connection once the other program lets go', async () => {
    await lockBriefly();
    expect(runTaskHere({ kind: 'check', path: join(dir, DATABASE_FILE) })).toEqual({ kind: 'checked', problems: [] });
  });

  it('opens the library to read once the other program lets go', async () => {
    await lockBriefly();
    const database = openDatabaseToRead(dir, new ApiError('library_busy', 'unusable'));
    database.close();
  });
});
