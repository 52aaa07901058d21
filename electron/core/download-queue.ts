// Full-article downloads run a few at a time, each article at most once at a
// time: asking again for an article already waiting or running joins that
// job. Asked-for-now downloads (a retry, a new bookmark) go before the ones a
// refresh queued. Closing stops every job; waiting ones end without running.
import PQueue from 'p-queue';

export interface DownloadQueueOptions {
  concurrency: number;
  /** Does the work for one article; must not throw (failures are its own to record). */
  run(id: number, signal: AbortSignal): Promise<void>;
}

/** A download someone is waiting for goes first. */
export const PRIORITY_NOW = 1;
export const PRIORITY_BACKGROUND = 0;

export class DownloadQueue {
  readonly #queue: PQueue;
  readonly #run: DownloadQueueOptions['run'];
  readonly #jobs = new Map<number, Promise<void>>();
  readonly #stop = new AbortController();

  constructor(options: DownloadQueueOptions) {
    this.#queue = new PQueue({ concurrency: options.concurrency });
    this.#run = options.run;
  }

  /** Articles waiting or downloading. */
  get pending(): number {
    return this.#jobs.size;
  }

  has(id: number): boolean {
    return this.#jobs.has(id);
  }

  /** Queues the article (or joins its queued job); resolves when its job has finished. */
  add(id: number, priority = PRIORITY_BACKGROUND): Promise<void> {
    const existing = this.#jobs.get(id);
    if (existing) return existing;
    const signal = this.#stop.signal;
    const job = this.#queue
      .add(
        async () => {
          if (signal.aborted) return;
          await this.#run(id, signal);
        },
        { priority },
      )
      .then(
        () => undefined,
        // run() records its own failures; anything escaping it must not reject callers.
        () => undefined,
      )
      .finally(() => this.#jobs.delete(id));
    this.#jobs.set(id, job);
    return job;
  }

  /** Resolves when every job queued so far has finished. */
  async idle(): Promise<void> {
    await this.#queue.onIdle();
  }

  /** Aborts running jobs; waiting ones finish at once without running. */
  close(): void {
    this.#stop.abort();
  }
}
