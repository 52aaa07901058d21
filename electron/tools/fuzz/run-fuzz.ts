// `npm run fuzz -- [--inputs N] [--seed N] [--target feeds|pages|opml|all]
// [--time-limit-ms N] [--workers N] [--heap-mb N] [--leak-bound-mb N]
// [--failures-dir DIR] [--repo-seeds-only] [--replay FILE.bin]`:
// mutates the feed, page and OPML corpora and runs every input through the
// parsers on worker threads (see harness.ts). Prints readable lines and, last,
// one JSON object of the figures. Exits 1 when any input failed or a worker's
// heap grew past the bound.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFuzz, type FuzzOptions, type FuzzRun } from './fuzz.ts';
import { runHarness, type HarnessReport } from './harness.ts';
import type { FuzzInput, PageMode } from './generate.ts';
import { FUZZ_TARGETS, PROJECT_ROOT, type FuzzTarget } from './seeds.ts';

const USAGE =
  'Usage: npm run fuzz -- [--inputs N] [--seed N] [--target feeds|pages|opml|all] [--time-limit-ms N] [--workers N] [--heap-mb N] [--leak-bound-mb N] [--failures-dir DIR] [--repo-seeds-only] [--replay FILE.bin]';

interface Cli extends Omit<FuzzOptions, 'assetDir' | 'onProgress'> {
  replay: string | null;
}

function parseCli(args: string[]): Cli {
  const cli: Cli = {
    inputs: 10_000,
    seed: Math.floor(Math.random() * 2 ** 31),
    target: 'all',
    timeLimitMs: 2000,
    workers: 2,
    heapMb: 1024,
    leakBoundMb: 64,
    failuresDir: path.join(PROJECT_ROOT, 'fuzz-failures'),
    repoSeedsOnly: false,
    replay: null,
  };
  const whole = (value: string | undefined, min: number, max: number, flag: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} takes a whole number from ${min} to ${max}.\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const value = () => args[(i += 1)];
    if (arg === '--inputs') cli.inputs = whole(value(), 1, 10_000_000, arg);
    else if (arg === '--seed') cli.seed = whole(value(), 0, 2 ** 32 - 1, arg);
    else if (arg === '--time-limit-ms') cli.timeLimitMs = whole(value(), 10, 600_000, arg);
    else if (arg === '--workers') cli.workers = whole(value(), 1, 64, arg);
    else if (arg === '--heap-mb') cli.heapMb = whole(value(), 32, 16_384, arg);
    else if (arg === '--leak-bound-mb') cli.leakBoundMb = whole(value(), 1, 16_384, arg);
    else if (arg === '--failures-dir') cli.failuresDir = path.resolve(value() ?? '');
    else if (arg === '--repo-seeds-only') cli.repoSeedsOnly = true;
    else if (arg === '--replay') cli.replay = path.resolve(value() ?? '');
    else if (arg === '--target') {
      const target = value();
      if (target !== 'all' && !FUZZ_TARGETS.includes(target as FuzzTarget)) throw new Error(`--target takes feeds, pages, opml or all.\n${USAGE}`);
      cli.target = target as FuzzTarget | 'all';
    } else throw new Error(`Unknown option "${arg}".\n${USAGE}`);
  }
  return cli;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const count = (n: number) => n.toLocaleString('en');
const mb = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(1)} MB`);

function printReport(report: HarnessReport): void {
  out('');
  out(`CPU time per input; "max wall" includes waiting for a core.`);
  out(`${'target'.padEnd(8)} ${'inputs'.padStart(7)} ${'ok'.padStart(7)} ${'refused'.padStart(8)} ${'failed'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'max wall'.padStart(9)} ${'mean size'.padStart(10)}`);
  for (const [target, f] of Object.entries(report.byTarget)) {
    out(
      `${target.padEnd(8)} ${count(f.inputs).padStart(7)} ${count(f.ok).padStart(7)} ${count(f.refused).padStart(8)} ${count(f.failures).padStart(7)} ${f.p50Ms.toFixed(1).padStart(8)} ${f.p99Ms.toFixed(1).padStart(8)} ${f.maxMs.toFixed(1).padStart(8)} ${f.maxWallMs.toFixed(0).padStart(9)} ${`${Math.round(f.meanBytes / 1024)} kB`.padStart(10)}`,
    );
  }
  out(`Most CPU per MB of input (inputs of 64 kB or more): ${Object.entries(report.byTarget).map(([t, f]) => `${t} ${count(f.worstMsPerMb)} ms/MB`).join(', ')}.`);
  const m = report.memory;
  out('');
  out(`Worker heap: peak ${mb(m.workerHeapPeakMb)}; after GC at 10% ${mb(m.workerHeapAfterGcAt10PctMb)}, at the end ${mb(m.workerHeapAfterGcAtEndMb)} (growth ${mb(m.workerHeapGrowthMb)}, bound ${m.leakBoundMb} MB${m.leaked ? ': EXCEEDED' : ''}).`);
  out(`Main heap: ${mb(m.mainHeapBeforeMb)} before, ${mb(m.mainHeapAfterMb)} after. Peak RSS of the process: ${mb(m.peakRssMb)}.`);
  out(`${count(report.inputs)} inputs in ${report.elapsedS.toFixed(1)} s (${report.inputsPerS.toFixed(1)} inputs/s); workers started ${report.workersStarted}, replaced ${report.workersReplaced}.`);
  if (report.failures.length > 0) {
    out('');
    out(`${report.failures.length} failure(s):`);
    for (const f of report.failures.slice(0, 25)) {
      out(`  #${f.index} ${f.target} ${f.kind} after ${f.cpuMs} ms of CPU, ${count(f.bytes)} bytes from ${f.seedName} [${f.mutations.join(', ')}]`);
      out(`    ${f.detail.split('\n').join('\n    ')}`);
      if (f.file) out(`    saved: ${path.relative(process.cwd(), f.file)}`);
    }
    if (report.failures.length > 25) out(`  … and ${report.failures.length - 25} more.`);
  }
}

function figures(cli: Cli, run: FuzzRun | null, report: HarnessReport): Record<string, unknown> {
  const failuresByKind: Record<string, number> = {};
  for (const f of report.failures) failuresByKind[f.kind] = (failuresByKind[f.kind] ?? 0) + 1;
  return {
    seed: cli.seed,
    inputs: report.inputs,
    target: cli.target,
    timeLimitMs: cli.timeLimitMs,
    workers: cli.workers,
    corpus: run ? run.corpus !== null : null,
    seeds: run?.seedCounts ?? null,
    byTarget: report.byTarget,
    failures: report.failures.length,
    failuresByKind,
    memory: report.memory,
    workersReplaced: report.workersReplaced,
    elapsedS: report.elapsedS,
    inputsPerS: report.inputsPerS,
    passed: report.failures.length === 0 && !report.memory.leaked,
  };
}

/** One saved input, run again the way it failed (its .json beside it says how it was fed). */
async function replay(cli: Cli, assetDir: string): Promise<HarnessReport> {
  const file = cli.replay ?? '';
  if (!existsSync(file)) throw new Error(`There is no file ${file} to replay.`);
  const aboutFile = file.replace(/\.bin$/, '.json');
  const about = existsSync(aboutFile)
    ? (JSON.parse(readFileSync(aboutFile, 'utf8')) as { target: FuzzTarget; contentType: string | null; pageMode: PageMode; index: number })
    : { target: cli.target === 'all' ? 'feeds' : cli.target, contentType: null, pageMode: 'download' as const, index: 0 };
  const input: FuzzInput = { ...about, bytes: readFileSync(file), seedName: path.basename(file), mutations: ['(replayed)'] };
  out(`Replaying ${path.relative(process.cwd(), file)}: ${about.target}, ${count(input.bytes.length)} bytes, Content-Type ${about.contentType ?? '(none)'}.`);
  return runHarness({
    count: 1,
    makeInput: () => input,
    failureName: () => '',
    failuresDir: null,
    timeLimitMs: cli.timeLimitMs,
    workers: 1,
    heapMb: cli.heapMb,
    leakBoundMb: cli.leakBoundMb,
    assetDir,
  });
}

async function main(): Promise<number> {
  const cli = parseCli(process.argv.slice(2));
  const assetDir = mkdtempSync(path.join(tmpdir(), 'broadsheet-fuzz-'));
  try {
    if (cli.replay !== null) {
      const report = await replay(cli, assetDir);
      printReport(report);
      out(JSON.stringify(figures(cli, null, report)));
      return report.failures.length === 0 ? 0 : 1;
    }
    let lastTenth = 0;
    const run = await runFuzz({
      ...cli,
      assetDir,
      onStart: (info) => {
        out(`Seed ${cli.seed} (run it again with --seed ${cli.seed}); ${count(cli.inputs)} inputs, target ${cli.target}, ${cli.timeLimitMs} ms each at most, ${cli.workers} workers of ${cli.heapMb} MB heap.`);
        out(
          info.corpus !== null
            ? `Seeds: the shared corpus (${path.relative(process.cwd(), info.corpus) || info.corpus}) and the project's fixtures: ${Object.entries(info.seedCounts).map(([t, n]) => `${count(n)} ${t}`).join(', ')}.`
            : `Seeds: the project's fixtures only (${cli.repoSeedsOnly ? 'as asked' : 'no ../shared/corpus beside the project'}): ${Object.entries(info.seedCounts).map(([t, n]) => `${count(n)} ${t}`).join(', ')}.`,
        );
      },
      onProgress: (done, total) => {
        const tenth = Math.floor((done * 10) / total);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          out(`  ${String(tenth * 10).padStart(3)}%  ${count(done)} inputs`);
        }
      },
    });
    printReport(run.report);
    const result = figures(cli, run, run.report);
    out(JSON.stringify(result));
    return result.passed === true ? 0 : 1;
  } finally {
    rmSync(assetDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
