// An extractor thread that never finishes the page "spin" (as on a hostile
// page that takes minutes of CPU), and extracts every other page as the real one does.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', ({ task }: { task: { html: string } }) => {
  // Busy for good, as a runaway parse would be: only ending the thread stops it.
  if (task.html === 'spin') for (let turns = 0; turns >= 0; turns = (turns + 1) % 1_000_000);
});
// Imported after the listener above is in place, so it sees each task first.
await import('../../extract-article-worker.ts');
