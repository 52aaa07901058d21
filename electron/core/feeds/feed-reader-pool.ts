// Reads feed bodies (parse, sanitise, prepare: most of a refresh's CPU) on
// worker threads, so the main thread is left with the network and the SQLite
// writes and a refresh of many feeds uses every core. One thread per core but
// one (at least one, at most four), started when first needed, not keeping the
// process alive while idle and ended after a while idle. A read that takes
// too long ends its thread, so one pathological document cannot hold a refresh. A thread that cannot start (a packaged app missing its
// worker file, say) is no failure: the pool then reads on the calling thread.
import { workerFileUrl } from '../worker-file.ts';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../shared/errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { readFeed, type ReadFeed } from './read-feed.ts';
import type { ReaderMessage, ReadFeedTask } from './read-feed-worker.ts';

/**
 * The worker's file name without extension. Beside this module when run as
 * TypeScript; beside the bundle (dist/main, built by build-electron.ts) as JavaScript.
 */
export const READ_FEED_WORKER = 'read-feed-worker';

export function defaultWorkerUrl(moduleUrl = import.meta.url): URL {
  return workerFileUrl(READ_FEED_WORKER, moduleUrl);
}

export interface FeedReaderPoolOptions {
  /** Threads at most; cores − 1 (1 to 4) by default, the main thread keeping a core for itself. */
  size?: number;
  /** How long one read may take before its thread is ended and the feed fails (ms). */
  deadlineMs?: number;
  /** How long a thread may wait for work before it is ended (ms); another starts when needed. */
  idleMs?: number;
  workerUrl?: URL;
  logger?: Logger;
}

interface Job {
  task: ReadFeedTask;
  resolve(feed: ReadFeed): void;
  reject(error: Error): void;
}

interface Reader {
  worker: Worker;
  /** Its imports loaded: an error after this is a job's, not a failure to start. */
  ready: boolean;
  job: Job | null;
  /** The running job's deadline, or (no job) the end of its idleness. */
  timer: NodeJS.Timeout | null;
}

const MAX_THREADS = 4;
const DEFAULT_DEADLINE_MS = 20_000;
const DEFAULT_IDLE_MS = 30_000;

export class FeedReaderPool {
  readonly #size: number;
  readonly #deadlineMs: number;
  readonly #idleMs: number;
  readonly #workerUrl: URL;
  readonly #logger: Logger;
  readonly #readers = new Set<Reader>();
  readonly #queue: Job[] = [];
  #nextId = 1;
  /** Set once a thread could not start: from then on every body is read here. */
  #inThread = false;
  #closed = false;

  constructor(options: FeedReaderPoolOptions = {}) {
    this.#size = Math.max(1, options.size ?? Math.min(MAX_THREADS, availableParallelism() - 1));
    this.#deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.#idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.#workerUrl = options.workerUrl ?? defaultWorkerUrl();
    this.#logger = options.logger ?? silentLogger;
  }

  /** The feed in `body`, fetched from `feedUrl`; rejects with the ApiError readFeed would throw. */
  read(body: string, feedUrl: string, now: Date): Promise<ReadFeed> {
    if (this.#closed) return Promise.reject(closedError());
    const task: ReadFeedTask = { id: this.#nextId++, body, feedUrl, now: now.getTime() };
    if (this.#inThread) return readHere(task);
    return new Promise<ReadFeed>((resolve, reject) => {
      this.#queue.push({ task, resolve, reject });
      this.#dispatch();
    });
  }

  /** Whether bodies are read on worker threads (false once a thread could not start). */
  get usesThreads(): boolean {
    return !this.#inThread;
  }

  /** How many reader threads are running now. */
  get threadCount(): number {
    return this.#readers.size;
  }

  /** Stops every thread; jobs not finished are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    const readers = [...this.#readers];
    this.#readers.clear();
    for (const job of this.#queue.splice(0)) job.reject(closedError());
    for (const reader of readers) {
      clearReaderTimer(reader);
      reader.job?.reject(closedError());
    }
    await Promise.all(readers.map((reader) => reader.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#inThread && !this.#closed) {
      const reader = [...this.#readers].find((r) => r.job === null) ?? (this.#readers.size < this.#size ? this.#start() : null);
      if (!reader) return;
      const job = this.#queue.shift() as Job;
      reader.job = job;
      // Busy, it keeps the process alive (a CLI refresh waits for it); idle, it must not.
      reader.worker.ref();
      // A new thread's loading does not count against the read: its clock starts once it is ready.
      if (reader.ready) this.#startDeadline(reader);
      reader.worker.postMessage(job.task);
    }
  }

  #start(): Reader {
    const worker = new Worker(this.#workerUrl);
    const reader: Reader = { worker, ready: false, job: null, timer: null };
    this.#readers.add(reader);
    worker.unref();
    worker.on('message', (message: ReaderMessage) => this.#answered(reader, message));
    worker.on('error', (error) => this.#failed(reader, error));
    worker.on('exit', (code) => this.#failed(reader, new Error(`The feed reader thread stopped (exit code ${code}).`)));
    return reader;
  }

  #answered(reader: Reader, message: ReaderMessage): void {
    if (message.kind === 'ready') {
      reader.ready = true;
      if (reader.job) this.#startDeadline(reader);
      return;
    }
    const job = reader.job;
    if (!job || job.task.id !== message.id) return;
    reader.job = null;
    reader.worker.unref();
    this.#setTimer(reader, this.#idleMs, () => this.#retire(reader));
    if (message.kind === 'done') job.resolve(message.feed);
    else job.reject(message.code === null ? new Error(message.message) : new ApiError(message.code, message.message));
    this.#dispatch();
  }

  /** A thread that failed is gone: its job fails (or, if it never started, every job moves to this thread). */
  #failed(reader: Reader, error: Error): void {
    if (!this.#readers.delete(reader)) return;
    clearReaderTimer(reader);
    const job = reader.job;
    reader.job = null;
    void reader.worker.terminate();
    if (this.#closed) return;
    if (!reader.ready) {
      // The others load the same file and fare no better: they stop, and every job is read here instead.
      this.#inThread = true;
      this.#logger.warn('Feeds are read on the main thread: a reader thread could not start', { error: String(error) });
      const others = [...this.#readers];
      this.#readers.clear();
      const waiting = [job, ...others.map((other) => other.job), ...this.#queue.splice(0)].filter((j) => j !== null);
      for (const other of others) {
        clearReaderTimer(other);
        void other.worker.terminate();
      }
      for (const w of waiting) readHere(w.task).then(w.resolve, w.reject);
      return;
    }
    // Only a crash gets here (readFeed's own errors are answers): the message stays plain for the reader.
    if (job) {
      this.#logger.error('A feed reader thread failed', { feedUrl: job.task.feedUrl, error: String(error) });
      job.reject(new ApiError('internal', 'Broadsheet could not read this feed: reading it stopped unexpectedly.'));
    }
    this.#dispatch();
  }

  /** A timer that does not keep the process alive, replacing the reader's previous one. */
  #setTimer(reader: Reader, ms: number, then: () => void): void {
    clearReaderTimer(reader);
    reader.timer = setTimeout(then, ms);
    reader.timer.unref();
  }

  #startDeadline(reader: Reader): void {
    this.#setTimer(reader, this.#deadlineMs, () => this.#overdue(reader));
  }

  /** A read past its deadline: its thread is ended (nothing else stops a runaway parse), the feed fails, the rest go on. */
  #overdue(reader: Reader): void {
    if (!this.#readers.delete(reader)) return;
    const job = reader.job;
    reader.job = null;
    reader.timer = null;
    void reader.worker.terminate();
    if (job) {
      this.#logger.warn('A feed took too long to read; its reader thread was ended', { feedUrl: job.task.feedUrl });
      job.reject(new ApiError('not_a_feed', 'Broadsheet took too long to read this feed.'));
    }
    this.#dispatch();
  }

  /** An idle thread is ended; the next read starts another. */
  #retire(reader: Reader): void {
    if (reader.job !== null || !this.#readers.delete(reader)) return;
    reader.timer = null;
    void reader.worker.terminate();
  }
}

function clearReaderTimer(reader: Reader): void {
  if (reader.timer !== null) clearTimeout(reader.timer);
  reader.timer = null;
}

/** readFeed on this thread, as a promise (its error a rejection). */
function readHere(task: ReadFeedTask): Promise<ReadFeed> {
  return new Promise((resolve) => resolve(readFeed(task.body, task.feedUrl, new Date(task.now))));
}

function closedError(): ApiError {
  return new ApiError('internal', 'Broadsheet is closing; the feed was not read.');
}
