// Extracts articles (linkedom, Readability, clean-up, sanitising: seconds of
// CPU for a large or hostile page) on worker threads (see ../worker-pool.ts),
// so saving or downloading a page never freezes the main thread, which in
// Electron answers every IPC call. A page past its deadline ends its thread and
// fails in plain words; the calling thread is the fallback when no thread can start.
import { ApiError } from '../../shared/errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { workerFileUrl } from '../worker-file.ts';
import { spareCores, WorkerPool } from '../worker-pool.ts';
import type { ExtractArticleTask } from './extract-article-worker.ts';
import { extractArticle, type ExtractedArticle } from './extract.ts';

/**
 * The worker's file name without extension. Beside this module when run as
 * TypeScript; beside the bundle (dist/main, built by build-electron.ts) as JavaScript.
 */
export const EXTRACT_ARTICLE_WORKER = 'extract-article-worker';

export function defaultWorkerUrl(moduleUrl = import.meta.url): URL {
  return workerFileUrl(EXTRACT_ARTICLE_WORKER, moduleUrl);
}

export interface ArticleExtractorPoolOptions {
  /** Threads at most; cores − 1 (1 to 2) by default. */
  size?: number;
  /** How long one page may take before its thread is ended and the page fails (ms). */
  deadlineMs?: number;
  /** How long a thread may wait for work before it is ended (ms); another starts when needed. */
  idleMs?: number;
  workerUrl?: URL;
  logger?: Logger;
}

/** Each thread holds a whole page's document while it works (hundreds of MB for the largest): fewer than for feeds. */
const MAX_THREADS = 2;
const DEFAULT_DEADLINE_MS = 15_000;
const DEFAULT_IDLE_MS = 30_000;

export class ArticleExtractorPool {
  readonly #pool: WorkerPool<ExtractArticleTask, ExtractedArticle>;

  constructor(options: ArticleExtractorPoolOptions = {}) {
    this.#pool = new WorkerPool({
      workerUrl: options.workerUrl ?? defaultWorkerUrl(),
      size: options.size ?? spareCores(MAX_THREADS),
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
      logger: options.logger ?? silentLogger,
      runHere: (task) => extractArticle(task.html, task.pageUrl),
      words: {
        ranHere: 'Pages are read on the main thread: an extractor thread could not start',
        overdue: 'A page took too long to read; its extractor thread was ended',
        crashed: 'An extractor thread failed',
        // A file's stand-in address is a file name, a web address may carry a reader's token: the origin only.
        describe: (task) => ({ origin: originOf(task.pageUrl) }),
        overdueError: () => new ApiError('internal', 'This page took too long to read, so Broadsheet stopped.'),
        crashError: () => new ApiError('internal', 'Broadsheet could not read this page: reading it stopped unexpectedly.'),
        closedError: () => new ApiError('internal', 'Broadsheet is closing; the page was not read.'),
      },
    });
  }

  /** The article in `html`, read as the page at `pageUrl`; what extractArticle returns, off this thread. */
  extract(html: string, pageUrl: string): Promise<ExtractedArticle> {
    return this.#pool.run({ html, pageUrl });
  }

  /** Whether pages are read on worker threads (false once a thread could not start). */
  get usesThreads(): boolean {
    return this.#pool.usesThreads;
  }

  /** How many extractor threads are running now. */
  get threadCount(): number {
    return this.#pool.threadCount;
  }

  /** Stops every thread; pages not finished are rejected. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}

function originOf(pageUrl: string): string {
  try {
    return new URL(pageUrl).origin;
  } catch {
    return 'unknown';
  }
}
