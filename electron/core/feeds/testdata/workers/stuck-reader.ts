// A feed reader thread that never finishes the body "stuck" (as on a
// pathological document), and reads every other body as the real one does.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', ({ task }: { task: { body: string } }) => {
  // Blocks the thread for good, as a runaway parse would.
  if (task.body === 'stuck') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
// Imported after the listener above is in place, so it sees each task first.
await import('../../read-feed-worker.ts');
