// The inside of a fuzz worker thread: runs each input it is sent through its
// target and answers with the outcome, the time the target took and the
// thread's heap. A deadline, a crash of the thread or running out of heap are
// the harness's to notice (see harness.ts); here every thrown error is sorted
// into a clean refusal (an ApiError with a plain message) or a crash.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { ApiError } from '../../shared/errors.ts';
import type { PageMode } from './generate.ts';
import type { FuzzTarget } from './seeds.ts';
import { InvariantViolation, type TargetRunner } from './targets.ts';

export type Outcome = 'ok' | 'refused' | 'crash' | 'violation';

export type ToWorker =
  | { kind: 'run'; id: number; target: FuzzTarget; bytes: Uint8Array; contentType: string | null; pageMode: PageMode }
  /** Collect garbage and report the heap left: the leak check's measurements. */
  | { kind: 'gc' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; outcome: Outcome; detail: string; cpuMs: number; heapUsed: number; heapTotal: number }
  | { kind: 'heap'; heapAfterGc: number };

/** Data the harness starts each worker with. */
export interface WorkerSetup {
  assetDir: string;
}

/** A refusal's message is for people: one plain sentence, no stack, no code. */
function isPlainMessage(message: string): boolean {
  return message.length > 0 && message.length <= 500 && !/\n\s+at |\b(TypeError|RangeError|SyntaxError|undefined|null|NaN|\[object )\b/.test(message);
}

function classify(error: unknown): { outcome: Outcome; detail: string } {
  if (error instanceof InvariantViolation) return { outcome: 'violation', detail: error.message };
  if (error instanceof ApiError) {
    if (isPlainMessage(error.message)) return { outcome: 'refused', detail: `${error.code}: ${error.message}` };
    return { outcome: 'crash', detail: `an ApiError whose message is not plain: ${error.code}: ${error.message.slice(0, 300)}` };
  }
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return { outcome: 'crash', detail: detail.split('\n').slice(0, 8).join('\n') };
}

/** A real garbage collection, without asking for --expose-gc on the command line. */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** This thread's CPU time since `start` (ms). */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const now = process.threadCpuUsage();
  return (now.user - start.user + now.system - start.system) / 1000;
}

/** Serves `targets` on this worker thread until it is terminated. */
export function serveTargets(targets: Record<FuzzTarget, TargetRunner>): void {
  const port = parentPort;
  if (!port) throw new Error('The fuzz worker runs only as a worker thread (see harness.ts).');
  const gc = collectGarbage();
  // Libraries talk on the console about bad input (parse-srcset logs every odd srcset); over
  // thousands of hostile inputs that would bury the report. What matters comes back as an outcome.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => {};
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'gc') {
      gc();
      port.postMessage({ kind: 'heap', heapAfterGc: getHeapStatistics().used_heap_size } satisfies FromWorker);
      return;
    }
    const cpu = process.threadCpuUsage();
    const runner = targets[message.target];
    void runner({ target: message.target, bytes: message.bytes, contentType: message.contentType, pageMode: message.pageMode })
      .then(
        () => ({ outcome: 'ok' as Outcome, detail: '' }),
        (error: unknown) => classify(error),
      )
      .then(({ outcome, detail }) => {
        const heap = getHeapStatistics();
        port.postMessage({
          kind: 'result',
          id: message.id,
          outcome,
          detail,
          cpuMs: cpuMsSince(cpu),
          heapUsed: heap.used_heap_size,
          heapTotal: heap.total_heap_size,
        } satisfies FromWorker);
      });
  });
  port.postMessage({ kind: 'ready' } satisfies FromWorker);
}
