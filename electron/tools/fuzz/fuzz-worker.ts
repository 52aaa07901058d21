// The fuzz worker thread the harness starts: the real targets, served.
import { workerData } from 'node:worker_threads';
import { createTargets } from './targets.ts';
import { serveTargets, type WorkerSetup } from './worker-loop.ts';

const setup = workerData as WorkerSetup;
serveTargets(await createTargets(setup.assetDir));
