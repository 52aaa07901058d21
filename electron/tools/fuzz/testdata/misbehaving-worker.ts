// A fuzz worker whose feeds target misbehaves on purpose when the input holds
// a marker, so the harness's own tests can see it notice each kind of failure:
// a busy loop, a thread that blocks, a crash, a worker that dies, one that runs
// out of heap, a broken promise. Every other input goes to the real target.
import { workerData } from 'node:worker_threads';
import { createTargets, InvariantViolation, type TargetRunner } from '../targets.ts';
import { serveTargets, type WorkerSetup } from '../worker-loop.ts';

const setup = workerData as WorkerSetup;
const real = await createTargets(setup.assetDir);
const hoard: unknown[] = [];

const feeds: TargetRunner = async (input) => {
  const text = Buffer.from(input.bytes).toString('latin1');
  if (text.includes('SPIN-ME')) for (;;);
  if (text.includes('BLOCK-ME')) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  if (text.includes('CRASH-ME')) throw new TypeError('Cannot read properties of undefined (reading "fuzz")');
  if (text.includes('EXIT-ME')) process.exit(3);
  if (text.includes('OOM-ME')) for (;;) hoard.push(new Array(1_000_000).fill({ leak: hoard.length }));
  if (text.includes('VIOLATE-ME')) throw new InvariantViolation('a feed item kept a <script> tag.');
  return real.feeds(input);
};

serveTargets({ ...real, feeds });
