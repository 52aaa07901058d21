// The thread side of a WorkerPool (worker-pool.ts): runs the tasks it is sent,
// one at a time, and answers with the result, or with the error's code and
// plain message (an ApiError cannot cross a thread boundary as itself).
import { parentPort } from 'node:worker_threads';
import { ApiError, type ErrorCode } from '../shared/errors.ts';

/** What the pool posts: the task with the id its answer must carry. */
export interface TaskEnvelope<Task> {
  id: number;
  task: Task;
}

export type WorkerAnswer<Result> =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; result: Result }
  | { kind: 'failed'; id: number; code: ErrorCode | null; message: string };

/**
 * Answers every task posted to this thread with `run`'s result. Call it once
 * every import has loaded: 'ready' tells the pool the thread has started, and
 * an error before it means the thread cannot start at all.
 */
export function serveTasks<Task, Result>(name: string, run: (task: Task) => Result): void {
  const port = parentPort;
  if (!port) throw new Error(`${name} runs only as a worker thread (see worker-pool.ts).`);
  port.on('message', ({ id, task }: TaskEnvelope<Task>) => {
    let reply: WorkerAnswer<Result>;
    try {
      reply = { kind: 'done', id, result: run(task) };
    } catch (error) {
      reply = error instanceof ApiError
        ? { kind: 'failed', id, code: error.code, message: error.message }
        : { kind: 'failed', id, code: null, message: String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerAnswer<Result>);
}
