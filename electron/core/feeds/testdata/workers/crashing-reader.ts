// A feed reader thread that dies (as on running out of memory) when sent the
// body "crash", and reads every other body as the real one does.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', ({ task }: { task: { body: string } }) => {
  if (task.body === 'crash') process.exit(3);
});
// Imported after the listener above is in place, so it sees each task first.
await import('../../read-feed-worker.ts');
