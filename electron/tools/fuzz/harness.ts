// Runs fuzz inputs on a small pool of worker threads, each with a capped heap,
// and watches them: an input past its deadline has its thread terminated and
// replaced; a crash, a broken promise, a thread that dies or runs out of heap
// is a failure, saved to a file so it can be replayed. It measures time per
// input, the threads' heaps (and their heap after a full collection at 10% of
// the run and at its end, the leak check) and the process's peak RSS.
//
// The deadline counts the worker thread's CPU time, not the clock's: on a
// small machine shared with other work, a thread waiting for a core is not a
// slow parser. A wall-clock backstop (several times longer) catches an input
// that stops a thread without using CPU.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { FuzzInput } from './generate.ts';
import type { FuzzTarget } from './seeds.ts';
import type { FromWorker, Outcome, ToWorker, WorkerSetup } from './worker-loop.ts';

export type FailureKind = 'timeout' | 'crash' | 'violation' | 'out-of-memory' | 'worker-died';

export interface Failure {
  index: number;
  target: FuzzTarget;
  kind: FailureKind;
  detail: string;
  /** CPU time the input had used (ms). */
  cpuMs: number;
  bytes: number;
  seedName: string;
  mutations: string[];
  /** Where the input was saved (null when saving is off). */
  file: string | null;
}

export interface TargetFigures {
  inputs: number;
  ok: number;
  /** Clean refusals: an ApiError with a plain message. */
  refused: number;
  failures: number;
  /** CPU time per input (ms). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Wall-clock time of the slowest input (ms), waiting for a core included. */
  maxWallMs: number;
  /** The most CPU time per MB of input among inputs of 64 kB or more: what a bigger input would cost. */
  worstMsPerMb: number;
  /** Mean input size in bytes. */
  meanBytes: number;
}

export interface MemoryFigures {
  /** The largest heap a worker had in use right after an input (MB). */
  workerHeapPeakMb: number;
  /**
   * A worker's heap after a full collection once it had run 10% of the run's
   * share of a worker, and at its last measurement (the end of the run, or its
   * last tenth before it was replaced); MB, the largest over workers.
   */
  workerHeapAfterGcAt10PctMb: number | null;
  workerHeapAfterGcAtEndMb: number | null;
  /** The most a worker's collected heap grew between those two points (MB); null when no worker lived long enough to measure twice. */
  workerHeapGrowthMb: number | null;
  leakBoundMb: number;
  leaked: boolean;
  mainHeapBeforeMb: number;
  mainHeapAfterMb: number;
  /** The whole process (main thread and workers share it), at its peak (MB). */
  peakRssMb: number;
}

export interface HarnessReport {
  inputs: number;
  byTarget: Partial<Record<FuzzTarget, TargetFigures>>;
  failures: Failure[];
  memory: MemoryFigures;
  workersStarted: number;
  workersReplaced: number;
  elapsedS: number;
  inputsPerS: number;
}

export interface HarnessOptions {
  count: number;
  /** Input number i (called in order, once each, on the main thread). */
  makeInput(index: number): FuzzInput;
  /** The file name (without extension) a failing input is saved under, e.g. "42-17". */
  failureName(input: FuzzInput): string;
  /** Folder for failing inputs; null to save nothing. */
  failuresDir: string | null;
  /** CPU time an input may take (ms). */
  timeLimitMs: number;
  /** Wall-clock time an input may take (ms); by default ten times the CPU limit, at least 10 s. */
  wallLimitMs?: number;
  workers: number;
  /** Each worker's old-generation heap cap (MB). */
  heapMb: number;
  /** How much a worker's heap after collection may grow over the run (MB). */
  leakBoundMb: number;
  /** Inline images the pages carry are stored here. */
  assetDir: string;
  workerUrl?: URL;
  onProgress?(done: number, total: number): void;
}

const MB = 1024 * 1024;
/**
 * Each worker's stack: what V8 gives Node's main thread (~1 MB), where the
 * Library extracts pages and reads OPML, so deep recursion fails here as it would there.
 */
const STACK_MB = 1;

interface Running {
  input: FuzzInput;
  started: number;
  /** The thread's CPU time (µs) when the input was sent. */
  cpuAtStart: Promise<number>;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  running: Running | null;
  waitingForHeap: boolean;
  /** Set once the harness ended it (deadline, failure, the end): its exit is expected. */
  retired: boolean;
  done: number;
  /** Its heap after a full collection, every tenth of a worker's share of the run and at the end. */
  heapChecks: number[];
}

export const defaultWorkerUrl = (): URL => new URL('./fuzz-worker.ts', import.meta.url);

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const round = (n: number, places = 1): number => Math.round(n * 10 ** places) / 10 ** places;

/** The worker thread's CPU time so far (µs). */
async function cpuOf(worker: Worker): Promise<number> {
  const usage = await worker.cpuUsage();
  return usage.user + usage.system;
}

export function runHarness(options: HarnessOptions): Promise<HarnessReport> {
  return new Promise((resolve, reject) => {
    collectGarbage();
    const mainHeapBefore = getHeapStatistics().used_heap_size;
    const startedAt = performance.now();
    // A worker's heap is measured (after a full collection) every tenth of its share of the inputs.
    const checkEvery = Math.max(1, Math.round((0.1 * options.count) / options.workers));
    const slots = new Set<Slot>();
    const allSlots: Slot[] = [];
    const wallLimitMs = options.wallLimitMs ?? Math.max(10_000, options.timeLimitMs * 10);
    const times = new Map<FuzzTarget, number[]>();
    const walls = new Map<FuzzTarget, number>();
    const perMb = new Map<FuzzTarget, number>();
    const tallies = new Map<FuzzTarget, { ok: number; refused: number; failures: number; bytes: number }>();
    const failures: Failure[] = [];
    let next = 0;
    let finished = 0;
    let heapPeak = 0;
    let ending = false;
    let settled = false;

    const tally = (target: FuzzTarget) => {
      let t = tallies.get(target);
      if (!t) tallies.set(target, (t = { ok: 0, refused: 0, failures: 0, bytes: 0 }));
      return t;
    };

    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      for (const slot of slots) {
        slot.retired = true;
        if (slot.running) clearTimeout(slot.running.timer);
        void slot.worker.terminate();
      }
      reject(error);
    };

    const record = (running: Running, outcome: Outcome | FailureKind, detail: string, cpuMs: number) => {
      const { input } = running;
      const t = tally(input.target);
      t.bytes += input.bytes.length;
      let list = times.get(input.target);
      if (!list) times.set(input.target, (list = []));
      list.push(cpuMs);
      walls.set(input.target, Math.max(walls.get(input.target) ?? 0, performance.now() - running.started));
      if (input.bytes.length >= 64 * 1024) perMb.set(input.target, Math.max(perMb.get(input.target) ?? 0, cpuMs / (input.bytes.length / MB)));
      if (outcome === 'ok') t.ok += 1;
      else if (outcome === 'refused') t.refused += 1;
      else {
        t.failures += 1;
        failures.push({
          index: input.index,
          target: input.target,
          kind: outcome,
          detail,
          cpuMs: round(cpuMs),
          bytes: input.bytes.length,
          seedName: input.seedName,
          mutations: input.mutations,
          file: saveFailure(options, input, outcome, detail),
        });
      }
      finished += 1;
      options.onProgress?.(finished, options.count);
    };

    const start = (): Slot => {
      const setup: WorkerSetup = { assetDir: options.assetDir };
      const worker = new Worker(options.workerUrl ?? defaultWorkerUrl(), {
        workerData: setup,
        resourceLimits: { maxOldGenerationSizeMb: options.heapMb, stackSizeMb: STACK_MB },
      });
      const slot: Slot = { worker, ready: false, running: null, waitingForHeap: false, retired: false, done: 0, heapChecks: [] };
      slots.add(slot);
      allSlots.push(slot);
      worker.on('message', (message: FromWorker) => onMessage(slot, message));
      worker.on('error', (error: Error & { code?: string }) => {
        const kind: FailureKind = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'worker-died';
        lost(slot, kind, `${error.name}: ${error.message}`);
      });
      worker.on('exit', (code) => lost(slot, 'worker-died', `The worker thread exited (code ${code}).`));
      return slot;
    };

    /** A worker gone without being asked to go: its input (if any) failed, and another takes its place. */
    const lost = (slot: Slot, kind: FailureKind, detail: string) => {
      if (slot.retired || settled) return;
      slot.retired = true;
      slots.delete(slot);
      void slot.worker.terminate();
      if (!slot.ready) {
        fail(new Error(`A fuzz worker could not start: ${detail}`));
        return;
      }
      if (slot.running) {
        clearTimeout(slot.running.timer);
        // The thread is gone, and its CPU time with it: the clock's time stands in.
        record(slot.running, kind, detail, performance.now() - slot.running.started);
        slot.running = null;
      }
      replace();
    };

    const replace = () => {
      if (!ending) dispatch(start());
      else maybeEnd();
    };

    const onMessage = (slot: Slot, message: FromWorker) => {
      if (slot.retired) return;
      if (message.kind === 'ready') {
        slot.ready = true;
      } else if (message.kind === 'heap') {
        slot.waitingForHeap = false;
        slot.heapChecks.push(message.heapAfterGc);
        if (ending) {
          maybeEnd();
          return;
        }
      } else {
        const running = slot.running;
        if (!running || running.input.index !== message.id) return;
        clearTimeout(running.timer);
        slot.running = null;
        slot.done += 1;
        heapPeak = Math.max(heapPeak, message.heapUsed);
        record(running, message.outcome, message.detail, message.cpuMs);
      }
      dispatch(slot);
    };

    const post = (slot: Slot, message: ToWorker, transfer: ArrayBuffer[] = []) => slot.worker.postMessage(message, transfer);

    const dispatch = (slot: Slot) => {
      if (settled || slot.retired || !slot.ready || slot.running || slot.waitingForHeap) return;
      if (slot.done > 0 && slot.done % checkEvery === 0 && slot.heapChecks.length < slot.done / checkEvery) {
        slot.waitingForHeap = true;
        post(slot, { kind: 'gc' });
        return;
      }
      if (next >= options.count) {
        maybeEnd();
        return;
      }
      let input: FuzzInput;
      try {
        input = options.makeInput(next);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      next += 1;
      // A copy of its own, so the buffer can be handed over (generated bytes may share a pooled buffer).
      const bytes = new Uint8Array(input.bytes);
      const running: Running = {
        input,
        started: performance.now(),
        cpuAtStart: cpuOf(slot.worker).catch(() => 0),
        timer: setTimeout(() => void checkDeadline(slot, running), options.timeLimitMs),
      };
      slot.running = running;
      post(slot, { kind: 'run', id: input.index, target: input.target, bytes, contentType: input.contentType, pageMode: input.pageMode }, [bytes.buffer]);
    };

    /** The CPU limit, or the wall-clock backstop, reached? If not yet, look again when it could be. */
    const checkDeadline = async (slot: Slot, running: Running) => {
      let usedMs: number;
      try {
        usedMs = ((await cpuOf(slot.worker)) - (await running.cpuAtStart)) / 1000;
      } catch {
        return; // The thread has gone; its 'exit' says what happened.
      }
      if (slot.running !== running || slot.retired) return;
      const wallMs = performance.now() - running.started;
      if (usedMs >= options.timeLimitMs) {
        overdue(slot, `It used more than ${options.timeLimitMs} ms of CPU (${Math.round(wallMs)} ms by the clock); the worker was terminated.`, usedMs);
      } else if (wallMs >= wallLimitMs) {
        overdue(slot, `It took longer than ${wallLimitMs} ms by the clock (${Math.round(usedMs)} ms of CPU); the worker was terminated.`, usedMs);
      } else {
        running.timer = setTimeout(() => void checkDeadline(slot, running), Math.max(20, Math.min(options.timeLimitMs - usedMs, wallLimitMs - wallMs)));
      }
    };

    /** Past its deadline: nothing but ending the thread stops a runaway parse. */
    const overdue = (slot: Slot, detail: string, cpuMs: number) => {
      const running = slot.running;
      if (!running || slot.retired) return;
      slot.retired = true;
      slots.delete(slot);
      slot.running = null;
      void slot.worker.terminate();
      record(running, 'timeout', detail, cpuMs);
      replace();
    };

    /** Once every input is done: a last collection in each worker (the leak check), then the report. */
    const maybeEnd = () => {
      if (settled || finished < options.count) return;
      if ([...slots].some((slot) => slot.running)) return;
      if (!ending) {
        ending = true;
        for (const slot of slots) {
          if (!slot.ready) continue;
          slot.waitingForHeap = true;
          post(slot, { kind: 'gc' });
        }
      }
      if ([...slots].some((slot) => slot.waitingForHeap)) return;
      settled = true;
      for (const slot of slots) {
        slot.retired = true;
        void slot.worker.terminate();
      }
      resolve(report());
    };

    const report = (): HarnessReport => {
      collectGarbage();
      const byTarget: Partial<Record<FuzzTarget, TargetFigures>> = {};
      for (const [target, t] of tallies) {
        const sorted = [...(times.get(target) ?? [])].sort((a, b) => a - b);
        const inputs = t.ok + t.refused + t.failures;
        byTarget[target] = {
          inputs,
          ok: t.ok,
          refused: t.refused,
          failures: t.failures,
          p50Ms: round(percentile(sorted, 50)),
          p99Ms: round(percentile(sorted, 99)),
          maxMs: round(sorted.at(-1) ?? 0),
          maxWallMs: round(walls.get(target) ?? 0),
          worstMsPerMb: Math.round(perMb.get(target) ?? 0),
          meanBytes: inputs > 0 ? Math.round(t.bytes / inputs) : 0,
        };
      }
      const measured = allSlots.filter((slot) => slot.heapChecks.length >= 2);
      const first = (slot: Slot) => slot.heapChecks[0] ?? 0;
      const last = (slot: Slot) => slot.heapChecks.at(-1) ?? 0;
      const growth = measured.length > 0 ? Math.max(...measured.map((slot) => last(slot) - first(slot))) / MB : null;
      const largest = (values: Array<number | null>) => {
        const known = values.filter((v): v is number => v !== null);
        return known.length > 0 ? round(Math.max(...known) / MB) : null;
      };
      const elapsedS = (performance.now() - startedAt) / 1000;
      return {
        inputs: finished,
        byTarget,
        failures,
        memory: {
          workerHeapPeakMb: round(heapPeak / MB),
          workerHeapAfterGcAt10PctMb: largest(measured.map(first)),
          workerHeapAfterGcAtEndMb: largest(measured.map(last)),
          workerHeapGrowthMb: growth === null ? null : round(growth),
          leakBoundMb: options.leakBoundMb,
          leaked: growth !== null && growth > options.leakBoundMb,
          mainHeapBeforeMb: round(mainHeapBefore / MB),
          mainHeapAfterMb: round(getHeapStatistics().used_heap_size / MB),
          peakRssMb: round((process.resourceUsage().maxRSS * 1024) / MB),
        },
        workersStarted: allSlots.length,
        workersReplaced: allSlots.length - Math.min(options.workers, allSlots.length),
        elapsedS: round(elapsedS),
        inputsPerS: round(finished / elapsedS),
      };
    };

    if (options.count === 0) {
      settled = true;
      resolve(report());
      return;
    }
    for (let i = 0; i < Math.min(options.workers, options.count); i += 1) start();
    // Workers dispatch themselves once ready (see onMessage).
  });
}

/** Writes the input (bytes as they were fed) and what is known about it beside it; returns the .bin path. */
function saveFailure(options: HarnessOptions, input: FuzzInput, kind: FailureKind, detail: string): string | null {
  if (options.failuresDir === null) return null;
  try {
    mkdirSync(options.failuresDir, { recursive: true });
    const base = path.join(options.failuresDir, options.failureName(input));
    writeFileSync(`${base}.bin`, input.bytes);
    const about = { index: input.index, target: input.target, contentType: input.contentType, pageMode: input.pageMode, seedName: input.seedName, mutations: input.mutations, kind, detail };
    writeFileSync(`${base}.json`, `${JSON.stringify(about, null, 2)}\n`);
    return `${base}.bin`;
  } catch {
    // Saving is a courtesy; the failure itself is still reported.
    return null;
  }
}
