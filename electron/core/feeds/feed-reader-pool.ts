// Reads feed bodies (parse, sanitise, prepare: most of a refresh's CPU) on
// worker threads (see ../worker-pool.ts), so a refresh of many feeds uses every
// core and one pathological document cannot hold a refresh: one thread per
// core but one (at least one, at most four), each read with a deadline, and
// the calling thread as the fallback when no thread can start.
import { workerFileUrl } from '../worker-file.ts';
import { ApiError } from '../../shared/errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { spareCores, WorkerPool } from '../worker-pool.ts';
import { readFeed, type ReadFeed } from './read-feed.ts';
import type { ReadFeedTask } from './read-feed-worker.ts';

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

const MAX_THREADS = 4;
const DEFAULT_DEADLINE_MS = 20_000;
const DEFAULT_IDLE_MS = 30_000;

export class FeedReaderPool {
  readonly #pool: WorkerPool<ReadFeedTask, ReadFeed>;

  constructor(options: FeedReaderPoolOptions = {}) {
    this.#pool = new WorkerPool({
      workerUrl: options.workerUrl ?? defaultWorkerUrl(),
      size: options.size ?? spareCores(MAX_THREADS),
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
      logger: options.logger ?? silentLogger,
      runHere: (task) => readFeed(task.body, task.feedUrl, new Date(task.now)),
      words: {
        ranHere: 'Feeds are read on the main thread: a reader thread could not start',
        overdue: 'A feed took too long to read; its reader thread was ended',
        crashed: 'A feed reader thread failed',
        describe: (task) => ({ feedUrl: task.feedUrl }),
        overdueError: () => new ApiError('not_a_feed', 'Broadsheet took too long to read this feed.'),
        crashError: () => new ApiError('internal', 'Broadsheet could not read this feed: reading it stopped unexpectedly.'),
        closedError: () => new ApiError('internal', 'Broadsheet is closing; the feed was not read.'),
      },
    });
  }

  /** The feed in `body`, fetched from `feedUrl`; rejects with the ApiError readFeed would throw. */
  read(body: string, feedUrl: string, now: Date): Promise<ReadFeed> {
    return this.#pool.run({ body, feedUrl, now: now.getTime() });
  }

  /** Whether bodies are read on worker threads (false once a thread could not start). */
  get usesThreads(): boolean {
    return this.#pool.usesThreads;
  }

  /** How many reader threads are running now. */
  get threadCount(): number {
    return this.#pool.threadCount;
  }

  /** Stops every thread; reads not finished are rejected. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}
