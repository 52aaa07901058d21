// Runs CPU-heavy work on worker threads, so the main thread (in Electron: every
// IPC answer, i.e. the whole UI) is left with the network and the SQLite
// writes. Threads are started when first needed, up to a size, do not keep the
// process alive while idle and end after a while idle. A task that takes too
// long ends its thread (nothing else stops a runaway parse), so one
// pathological document holds up nothing else. A thread that cannot start (a
// packaged app missing its worker file, say) is no failure: the pool then runs
// every task on the calling thread. The thread side is worker-pool-thread.ts.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../shared/errors.ts';
import type { Logger } from './logger.ts';
import type { TaskEnvelope, WorkerAnswer } from './worker-pool-thread.ts';

/** What the log and the callers are told, in the pool's own words. */
export interface WorkerPoolWords<Task> {
  /** Logged once, when work moves to the calling thread because no thread could start. */
  ranHere: string;
  /** Logged when a task passes its deadline and its thread is ended. */
  overdue: string;
  /** Logged when a thread dies under a task. */
  crashed: string;
  /** What the log may say about a task: an address, never its body. */
  describe(task: Task): Record<string, unknown>;
  overdueError(): ApiError;
  crashError(): ApiError;
  closedError(): ApiError;
}

export interface WorkerPoolOptions<Task, Result> {
  workerUrl: URL;
  /** Threads at most. */
  size: number;
  /** How long one task may take before its thread is ended and the task fails (ms). */
  deadlineMs: number;
  /** How long a thread may wait for work before it is ended (ms); another starts when needed. */
  idleMs: number;
  logger: Logger;
  /** The same work on the calling thread, for when no thread can start. */
  runHere(task: Task): Result;
  words: WorkerPoolWords<Task>;
}

/** One thread per core but one (the main thread keeps a core for itself), at least one, at most `max`. */
export function spareCores(max: number): number {
  return Math.max(1, Math.min(max, availableParallelism() - 1));
}

interface Job<Task, Result> {
  id: number;
  task: Task;
  resolve(result: Result): void;
  reject(error: Error): void;
}

interface Thread<Task, Result> {
  worker: Worker;
  /** Its imports loaded: an error after this is a job's, not a failure to start. */
  ready: boolean;
  job: Job<Task, Result> | null;
  /** The running job's deadline, or (no job) the end of its idleness. */
  timer: NodeJS.Timeout | null;
}

export class WorkerPool<Task, Result> {
  readonly #options: WorkerPoolOptions<Task, Result>;
  readonly #size: number;
  readonly #threads = new Set<Thread<Task, Result>>();
  readonly #queue: Job<Task, Result>[] = [];
  #nextId = 1;
  /** Set once a thread could not start: from then on every task runs here. */
  #inThread = false;
  #closed = false;

  constructor(options: WorkerPoolOptions<Task, Result>) {
    this.#options = options;
    this.#size = Math.max(1, options.size);
  }

  /** The task's result; rejects with the ApiError `runHere` would throw, or the pool's own. */
  run(task: Task): Promise<Result> {
    if (this.#closed) return Promise.reject(this.#options.words.closedError());
    if (this.#inThread) return this.#runHere(task);
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, task, resolve, reject });
      this.#dispatch();
    });
  }

  /** Whether tasks run on worker threads (false once a thread could not start). */
  get usesThreads(): boolean {
    return !this.#inThread;
  }

  /** How many threads are running now. */
  get threadCount(): number {
    return this.#threads.size;
  }

  /** Stops every thread; jobs not finished are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    const threads = [...this.#threads];
    this.#threads.clear();
    for (const job of this.#queue.splice(0)) job.reject(this.#options.words.closedError());
    for (const thread of threads) {
      clearThreadTimer(thread);
      thread.job?.reject(this.#options.words.closedError());
    }
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  #runHere(task: Task): Promise<Result> {
    return new Promise((resolve) => resolve(this.#options.runHere(task)));
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#inThread && !this.#closed) {
      const thread = [...this.#threads].find((t) => t.job === null) ?? (this.#threads.size < this.#size ? this.#start() : null);
      if (!thread) return;
      const job = this.#queue.shift() as Job<Task, Result>;
      thread.job = job;
      // Busy, it keeps the process alive (a command-line run waits for it); idle, it must not.
      thread.worker.ref();
      // A new thread's loading does not count against the task: its clock starts once it is ready.
      if (thread.ready) this.#startDeadline(thread);
      thread.worker.postMessage({ id: job.id, task: job.task } satisfies TaskEnvelope<Task>);
    }
  }

  #start(): Thread<Task, Result> {
    const worker = new Worker(this.#options.workerUrl);
    const thread: Thread<Task, Result> = { worker, ready: false, job: null, timer: null };
    this.#threads.add(thread);
    worker.unref();
    worker.on('message', (message: WorkerAnswer<Result>) => this.#answered(thread, message));
    worker.on('error', (error) => this.#failed(thread, error));
    worker.on('exit', (code) => this.#failed(thread, new Error(`The worker thread stopped (exit code ${code}).`)));
    return thread;
  }

  #answered(thread: Thread<Task, Result>, message: WorkerAnswer<Result>): void {
    if (message.kind === 'ready') {
      thread.ready = true;
      if (thread.job) this.#startDeadline(thread);
      return;
    }
    const job = thread.job;
    if (!job || job.id !== message.id) return;
    thread.job = null;
    thread.worker.unref();
    this.#setTimer(thread, this.#options.idleMs, () => this.#retire(thread));
    if (message.kind === 'done') job.resolve(message.result);
    else job.reject(message.code === null ? new Error(message.message) : new ApiError(message.code, message.message));
    this.#dispatch();
  }

  /** A thread that failed is gone: its job fails (or, if it never started, every job moves to this thread). */
  #failed(thread: Thread<Task, Result>, error: Error): void {
    if (!this.#threads.delete(thread)) return;
    clearThreadTimer(thread);
    const job = thread.job;
    thread.job = null;
    void thread.worker.terminate();
    if (this.#closed) return;
    const { logger, words } = this.#options;
    if (!thread.ready) {
      // The others load the same file and fare no better: they stop, and every job runs here instead.
      this.#inThread = true;
      logger.warn(words.ranHere, { error: String(error) });
      const others = [...this.#threads];
      this.#threads.clear();
      const waiting = [job, ...others.map((other) => other.job), ...this.#queue.splice(0)].filter((j) => j !== null);
      for (const other of others) {
        clearThreadTimer(other);
        void other.worker.terminate();
      }
      for (const w of waiting) this.#runHere(w.task).then(w.resolve, w.reject);
      return;
    }
    // Only a crash gets here (the task's own errors are answers): the message stays plain for the reader.
    if (job) {
      logger.error(words.crashed, { ...words.describe(job.task), error: String(error) });
      job.reject(words.crashError());
    }
    this.#dispatch();
  }

  /** A timer that does not keep the process alive, replacing the thread's previous one. */
  #setTimer(thread: Thread<Task, Result>, ms: number, then: () => void): void {
    clearThreadTimer(thread);
    thread.timer = setTimeout(then, ms);
    thread.timer.unref();
  }

  #startDeadline(thread: Thread<Task, Result>): void {
    this.#setTimer(thread, this.#options.deadlineMs, () => this.#overdue(thread));
  }

  /** A task past its deadline: its thread is ended, the task fails, the rest go on. */
  #overdue(thread: Thread<Task, Result>): void {
    if (!this.#threads.delete(thread)) return;
    const job = thread.job;
    thread.job = null;
    thread.timer = null;
    void thread.worker.terminate();
    if (job) {
      this.#options.logger.warn(this.#options.words.overdue, this.#options.words.describe(job.task));
      job.reject(this.#options.words.overdueError());
    }
    this.#dispatch();
  }

  /** An idle thread is ended; the next task starts another. */
  #retire(thread: Thread<Task, Result>): void {
    if (thread.job !== null || !this.#threads.delete(thread)) return;
    thread.timer = null;
    void thread.worker.terminate();
  }
}

function clearThreadTimer<Task, Result>(thread: Thread<Task, Result>): void {
  if (thread.timer !== null) clearTimeout(thread.timer);
  thread.timer = null;
}
