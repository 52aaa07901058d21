// A fuzz run: the seeds loaded, inputs generated from the run's seed, the
// harness run over them. The CLI (run-fuzz.ts) and the tests call this.
import type { FuzzTarget } from './seeds.ts';
import { generateInput, targetOf } from './generate.ts';
import { runHarness, type HarnessReport } from './harness.ts';
import { FUZZ_TARGETS, loadRepoSeeds, loadSeeds, PROJECT_ROOT, type SeedSet } from './seeds.ts';

export interface FuzzOptions {
  inputs: number;
  seed: number;
  target: FuzzTarget | 'all';
  timeLimitMs: number;
  workers: number;
  heapMb: number;
  leakBoundMb: number;
  /** Where failing inputs are saved; null to save nothing. */
  failuresDir: string | null;
  /** Only the project's own fixtures, even when the shared corpus is there (what a clean clone has). */
  repoSeedsOnly: boolean;
  assetDir: string;
  workerUrl?: URL;
  root?: string;
  onStart?(info: { corpus: string | null; seedCounts: Record<FuzzTarget, number> }): void;
  onProgress?(done: number, total: number): void;
}

export interface FuzzRun {
  corpus: string | null;
  seedCounts: Record<FuzzTarget, number>;
  report: HarnessReport;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzRun> {
  const root = options.root ?? PROJECT_ROOT;
  const loaded: { seeds: SeedSet; corpus: string | null } = options.repoSeedsOnly ? { seeds: loadRepoSeeds(root), corpus: null } : loadSeeds(root);
  const seedCounts = Object.fromEntries(FUZZ_TARGETS.map((t) => [t, loaded.seeds[t].length])) as Record<FuzzTarget, number>;
  for (const target of options.target === 'all' ? FUZZ_TARGETS : [options.target]) {
    if (loaded.seeds[target].length === 0) throw new Error(`There are no seed documents for ${target}: the project's fixtures are missing.`);
  }
  options.onStart?.({ corpus: loaded.corpus, seedCounts });
  const report = await runHarness({
    count: options.inputs,
    makeInput: (index) => generateInput(options.seed, index, targetOf(index, options.target), loaded.seeds),
    failureName: (input) => `${options.seed}-${input.index}`,
    failuresDir: options.failuresDir,
    timeLimitMs: options.timeLimitMs,
    workers: options.workers,
    heapMb: options.heapMb,
    leakBoundMb: options.leakBoundMb,
    assetDir: options.assetDir,
    ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { corpus: loaded.corpus, seedCounts, report };
}
