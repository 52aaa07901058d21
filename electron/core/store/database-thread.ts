// Work that reads the whole library file (checking every page, copying it for
// a backup) takes seconds on a big library: 10 s each for 2.2 GB. node:sqlite
// is synchronous, so that work runs on a worker thread with its own read-only
// connection (WAL lets it read while the app writes), and the app stays
// responsive. A thread that cannot start (a packaged app missing the worker
// file) is no failure: the work then runs on the calling thread.
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../shared/errors.ts';
import { workerFileUrl } from '../worker-file.ts';
import { BUSY_TIMEOUT_MS } from './database.ts';
import { isDamaged, isDiskFull } from './storage-errors.ts';

export type DatabaseTask =
  /** PRAGMA quick_check: every page and index structure, not the rows' contents against the indexes. */
  | { kind: 'check'; path: string }
  /** VACUUM INTO `to`: a consistent, compact copy, whatever is being written meanwhile. */
  | { kind: 'copy'; path: string; to: string };

export interface LibraryCounts {
  articles: number;
  sources: number;
  bookmarked: number;
  saved: number;
}

export type TaskResult =
  | { kind: 'checked'; problems: string[] }
  | { kind: 'copied'; schemaVersion: number; counts: LibraryCounts };

/** What crosses back from the thread when the task throws: an Error does not keep its fields. */
export type TaskFailure = { damaged: boolean; diskFull: boolean; message: string };

export type WorkerMessage = { kind: 'ready' } | { kind: 'done'; result: TaskResult } | { kind: 'failed'; failure: TaskFailure };

/** The worker's file name: beside this module as TypeScript, beside the bundle (dist/main) as JavaScript. */
export const DATABASE_WORKER = 'database-worker';

export function defaultWorkerUrl(moduleUrl = import.meta.url): URL {
  return workerFileUrl(DATABASE_WORKER, moduleUrl);
}

/** What a library holds, counted on any schema version (saved pages came with version 3). */
export function libraryCounts(sql: DatabaseSync): LibraryCounts {
  const n = (query: string) => (sql.prepare(query).get() as { n: number }).n;
  const columns = (sql.prepare('PRAGMA table_info(articles)').all() as Array<{ name: string }>).map((c) => c.name);
  return {
    articles: n('SELECT COUNT(*) AS n FROM articles'),
    sources: n('SELECT COUNT(*) AS n FROM sources'),
    bookmarked: n('SELECT COUNT(*) AS n FROM articles WHERE bookmarked = 1'),
    saved: columns.includes('saved') ? n('SELECT COUNT(*) AS n FROM articles WHERE saved = 1') : 0,
  };
}

/** Runs `task` on this thread. */
export function runTaskHere(task: DatabaseTask): TaskResult {
  // A writer may be committing: wait for it rather than fail (see BUSY_TIMEOUT_MS).
  const sql = new DatabaseSync(task.path, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
  try {
    if (task.kind === 'check') return { kind: 'checked', problems: quickCheck(sql) };
    sql.prepare('VACUUM INTO ?').run(task.to);
    const copy = new DatabaseSync(task.to, { readOnly: true });
    try {
      const version = (copy.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
      return { kind: 'copied', schemaVersion: version, counts: libraryCounts(copy) };
    } finally {
      copy.close();
    }
  } finally {
    sql.close();
  }
}

/** What is wrong with the file, in SQLite's words; empty when nothing is. Pages too broken to walk count as a problem. */
export function quickCheck(sql: DatabaseSync): string[] {
  try {
    const rows = sql.prepare('PRAGMA quick_check').all() as Array<{ quick_check: string }>;
    return rows.length === 1 && rows[0]?.quick_check === 'ok' ? [] : rows.map((row) => row.quick_check);
  } catch (error) {
    if (isDamaged(error)) return [(error as Error).message];
    throw error;
  }
}

export function failureOf(error: unknown): TaskFailure {
  return { damaged: isDamaged(error), diskFull: isDiskFull(error), message: error instanceof Error ? error.message : String(error) };
}

/** The error a failure stands for, with the classification intact (see storage-errors.ts). */
export function errorOf(failure: TaskFailure): Error {
  if (failure.diskFull) return new ApiError('disk_full', failure.message);
  return Object.assign(new Error(failure.message), failure.damaged ? { errcode: 11 } : {});
}

/** Runs `task` on a worker thread (on this one if no thread can start). */
export function runTask(task: DatabaseTask, workerUrl: URL = defaultWorkerUrl()): Promise<TaskResult> {
  return new Promise<TaskResult>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl, { workerData: task });
    } catch {
      runHere(task, resolve, reject);
      return;
    }
    let ready = false;
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      done();
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'ready') ready = true;
      else if (message.kind === 'done') settle(() => resolve(message.result));
      else settle(() => reject(errorOf(message.failure)));
    });
    // Before 'ready' the thread could not load its code: the work is done here instead.
    const failed = (error: Error) => settle(() => (ready ? reject(error) : runHere(task, resolve, reject)));
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(`The database thread stopped (exit code ${code}).`)));
  });
}

function runHere(task: DatabaseTask, resolve: (result: TaskResult) => void, reject: (error: unknown) => void): void {
  try {
    resolve(runTaskHere(task));
  } catch (error) {
    reject(error);
  }
}
