// Keeps the fuzzer itself from rotting: a short run over the project's own
// fixtures (what a clean clone has), a harness that notices each kind of
// failure, and output checks that do catch unsafe HTML.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFuzz } from './fuzz.ts';
import type { FuzzInput } from './generate.ts';
import { runHarness } from './harness.ts';
import { assertSafeHtml, InvariantViolation } from './targets.ts';

let scratch: string;
let assetDir: string;
let failuresDir: string;

beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'broadsheet-fuzz-test-'));
  assetDir = path.join(scratch, 'assets');
  failuresDir = path.join(scratch, 'failures');
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('a fuzz run over the project’s own fixtures', () => {
  it('runs 150 inputs through feeds, pages and OPML with no failure, and reports its figures', async () => {
    const { report, corpus, seedCounts } = await runFuzz({
      inputs: 150,
      seed: 20260115,
      target: 'all',
      // Generous: this checks the harness, not the speed of a busy test machine.
      timeLimitMs: 20_000,
      workers: 2,
      heapMb: 1024,
      leakBoundMb: 64,
      failuresDir,
      repoSeedsOnly: true,
      assetDir,
    });
    expect(corpus).toBeNull();
    expect(seedCounts.feeds).toBeGreaterThan(5);
    expect(seedCounts.pages).toBeGreaterThan(2);
    expect(seedCounts.opml).toBeGreaterThan(2);
    expect(report.failures.map((f) => `${f.kind} #${f.index} ${f.target}: ${f.detail}`)).toEqual([]);
    expect(report.inputs).toBe(150);
    expect(report.byTarget.feeds?.inputs).toBe(60);
    expect(report.byTarget.pages?.inputs).toBe(60);
    expect(report.byTarget.opml?.inputs).toBe(30);
    for (const figures of Object.values(report.byTarget)) {
      expect(figures.ok + figures.refused).toBe(figures.inputs);
      expect(figures.maxMs).toBeGreaterThanOrEqual(figures.p99Ms);
      expect(figures.p99Ms).toBeGreaterThanOrEqual(figures.p50Ms);
    }
    // Hostile input is refused cleanly some of the time, and read the rest.
    expect(report.byTarget.feeds?.refused).toBeGreaterThan(0);
    expect(report.byTarget.feeds?.ok).toBeGreaterThan(0);
    expect(report.memory.workerHeapPeakMb).toBeGreaterThan(0);
    expect(report.memory.workerHeapGrowthMb).not.toBeNull();
    expect(report.memory.leaked).toBe(false);
    expect(report.memory.peakRssMb).toBeGreaterThan(0);
    expect(report.workersReplaced).toBe(0);
    expect(existsSync(failuresDir)).toBe(false);
  });
});

describe('the harness', () => {
  const marked = (index: number, marker: string): FuzzInput => ({
    index,
    target: 'feeds',
    bytes: new TextEncoder().encode(`<rss><channel><title>${marker}</title></channel></rss>`),
    contentType: 'application/rss+xml',
    pageMode: 'download',
    seedName: `marker ${marker}`,
    mutations: [marker],
  });

  it('notices a busy loop, a blocked thread, a crash, a dead or exhausted worker and a broken promise, replaces the worker, and saves each input', async () => {
    const markers = ['fine', 'SPIN-ME', 'BLOCK-ME', 'CRASH-ME', 'EXIT-ME', 'OOM-ME', 'VIOLATE-ME', 'fine again'];
    const report = await runHarness({
      count: markers.length,
      makeInput: (index) => marked(index, markers[index] ?? ''),
      failureName: (input) => `test-${input.index}`,
      failuresDir,
      timeLimitMs: 1000,
      wallLimitMs: 5000,
      workers: 2,
      heapMb: 64,
      leakBoundMb: 64,
      assetDir,
      workerUrl: new URL('./testdata/misbehaving-worker.ts', import.meta.url),
    });
    const kinds = Object.fromEntries(report.failures.map((f) => [markers[f.index], f.kind]));
    expect(kinds).toEqual({
      'SPIN-ME': 'timeout',
      'BLOCK-ME': 'timeout',
      'CRASH-ME': 'crash',
      'EXIT-ME': 'worker-died',
      'OOM-ME': 'out-of-memory',
      'VIOLATE-ME': 'violation',
    });
    expect(report.failures.find((f) => f.kind === 'crash')?.detail).toMatch(/^TypeError: Cannot read properties/);
    expect(report.failures.find((f) => markers[f.index] === 'SPIN-ME')?.detail).toMatch(/more than 1000 ms of CPU/);
    expect(report.failures.find((f) => markers[f.index] === 'BLOCK-ME')?.detail).toMatch(/longer than 5000 ms by the clock/);
    expect(report.byTarget.feeds).toMatchObject({ inputs: 8, ok: 2, failures: 6 });
    expect(report.workersReplaced).toBe(4);
    const saved = readdirSync(failuresDir).sort();
    expect(saved).toHaveLength(12);
    const about = JSON.parse(readFileSync(path.join(failuresDir, 'test-3.json'), 'utf8')) as { target: string; kind: string; contentType: string };
    expect(about).toMatchObject({ target: 'feeds', kind: 'crash', contentType: 'application/rss+xml' });
    expect(readFileSync(path.join(failuresDir, 'test-3.bin'), 'utf8')).toContain('CRASH-ME');
  });
});

describe('the check on stored HTML', () => {
  const unsafe = [
    '<p>x</p><script>alert(1)</script>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" jav&#x09;ascript:alert(1)">x</a>',
    '<img src="x.png" onerror="alert(1)">',
    '<p style="color:red">x</p>',
    '<iframe src="https://x.example/"></iframe>',
    '<img src="data:text/html,hi">',
    '<img srcset="javascript:alert(1) 1x">',
    '<a href="data:text/html,hi">x</a>',
  ];

  it('catches script, handlers, styles, frames and script or data URLs', () => {
    for (const html of unsafe) expect(() => assertSafeHtml(html, 'a test'), html).toThrow(InvariantViolation);
  });

  it('lets through what the sanitiser keeps, and text that only mentions such things', () => {
    const safe = [
      '<p>Type javascript:alert(1) or onclick="x" into the box &lt;script&gt;</p>',
      '<a href="https://x.example/" rel="noopener noreferrer" target="_blank">link</a>',
      '<img src="data:image/png;base64,iVBORw0KGgo=" loading="lazy" alt="a">',
      '<span class="bs-missing-image" role="img" aria-label="A ferry"></span>',
    ];
    for (const html of safe) expect(() => assertSafeHtml(html, 'a test'), html).not.toThrow();
  });
});
