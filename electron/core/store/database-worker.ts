// The thread runTask starts (database-thread.ts): does its one task and
// answers with the result, or with what went wrong, classified.
import { parentPort, workerData } from 'node:worker_threads';
import { failureOf, runTaskHere, type DatabaseTask, type WorkerMessage } from './database-thread.ts';

const port = parentPort;
if (!port) throw new Error('database-worker runs only as a worker thread (see database-thread.ts).');

// Sent once every import above has loaded: until then, an error means the thread cannot start at all.
port.postMessage({ kind: 'ready' } satisfies WorkerMessage);
let reply: WorkerMessage;
try {
  reply = { kind: 'done', result: runTaskHere(workerData as DatabaseTask) };
} catch (error) {
  reply = { kind: 'failed', failure: failureOf(error) };
}
port.postMessage(reply);
