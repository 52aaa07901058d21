// `npm run security`: Electronegativity over electron/ and renderer/, failing
// on any finding of medium severity or above that the allowlist does not name
// with a reason. The tool itself never fails (it exits 0 with findings), so the
// gate reads its result and decides.
//
// Run in-process through its library entry, not its command line: the command
// line fetches translations and Electron's release list from the network and
// then crashes on a timer of its HTTP client (got) after the answer. Here its
// HTTP client is replaced by one that is offline, the Electron version is
// given, and the release-list check (the only one that needs the network) is
// left out; whether Electron is current is tested by checklist.test.ts.
//
// The gate does not trust silence: it checks that the tool listed every source
// file, that none failed to parse, and that a known-bad canary file written in
// TypeScript is caught; otherwise it fails.
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatReport,
  judge,
  passes,
  readAllowlist,
  readScanResult,
  relativeFile,
  type Finding,
  type ScanResult,
} from './electronegativity-results.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ALLOWLIST = fileURLToPath(new URL('./electronegativity-allowlist.json', import.meta.url));
const SCANNED_FOLDERS = ['electron', 'renderer'] as const;
/** Electronegativity reads these; everything else it never opens. */
const SCANNED_FILE = /\.(js|jsx|ts|tsx|html|htm)$|package\.json$|package-lock\.json$|yarn\.lock$/i;
const CANARY_DIR = '__canary__';
const CANARY_CHECK = 'NODE_INTEGRATION_JS_CHECK';
// TypeScript-only syntax on purpose (a type annotation, `satisfies`, a generic):
// if the tool stopped reading TypeScript, this finding would vanish with it.
const CANARY_SOURCE = `import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
const size: { width: number } = { width: 800 };
export const win = new BrowserWindow({ width: size.width, webPreferences: { nodeIntegration: true } } satisfies BrowserWindowConstructorOptions);
export const ids = new Map<string, number>();
`;

const requireHere = createRequire(import.meta.url);
const toolRoot = path.dirname(requireHere.resolve('@doyensec/electronegativity/package.json'));
const requireTool = createRequire(path.join(toolRoot, 'package.json'));

/** Replaces the tool's HTTP client with one that is always offline, before the tool loads it. */
function keepToolOffline(): void {
  const gotPath = requireTool.resolve('got');
  const offline = Object.assign(async () => Promise.reject(new Error('The security gate does not use the network.')), {
    head: async () => Promise.reject(new Error('The security gate does not use the network.')),
  });
  const stand = new Module(gotPath);
  stand.filename = gotPath;
  stand.loaded = true;
  stand.exports = Object.assign(offline, { default: offline });
  requireTool.cache[gotPath] = stand;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (SCANNED_FILE.test(entry.name)) yield full;
  }
}

/** A folder holding only what is scanned (links to electron/ and renderer/) and the canary. */
function prepareScanFolder(): string {
  const scanRoot = mkdtempSync(path.join(tmpdir(), 'bs-electronegativity-'));
  for (const folder of SCANNED_FOLDERS) {
    symlinkSync(path.join(root, folder), path.join(scanRoot, folder), process.platform === 'win32' ? 'junction' : 'dir');
  }
  mkdirSync(path.join(scanRoot, CANARY_DIR));
  writeFileSync(path.join(scanRoot, CANARY_DIR, 'canary-window.ts'), CANARY_SOURCE);
  return scanRoot;
}

interface ToolRun {
  result: ScanResult;
  listed: string[];
  said: string[];
}

async function runTool(scanRoot: string, electronVersion: string): Promise<ToolRun> {
  keepToolOffline();
  const runModule = requireTool('./dist/runner.js') as { default?: unknown };
  const run = (typeof runModule === 'function' ? runModule : runModule.default) as (options: object, forCli: boolean) => Promise<unknown>;
  const { list_files: listFiles } = requireTool('./dist/util/index.js') as { list_files: (dir: string) => Promise<string[]> };

  // The tool talks on the console (a missing translation, parser warnings): keep it for a failure report.
  const said: string[] = [];
  const original = { log: console.log, warn: console.warn };
  console.log = (...args: unknown[]) => said.push(args.map(String).join(' '));
  console.warn = console.log;
  try {
    const raw = await run(
      {
        input: scanRoot,
        electronVersionOverride: electronVersion,
        isRelative: true,
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      },
      false,
    );
    const listed = (await listFiles(scanRoot)).map((file) => relativeFile(file, scanRoot));
    return { result: readScanResult(raw, scanRoot), listed, said };
  } finally {
    console.log = original.log;
    console.warn = original.warn;
  }
}

/** Why the scan itself cannot be trusted, or an empty list. */
function coverageProblems(run: ToolRun, expected: readonly string[]): string[] {
  const problems: string[] = [];
  const listed = new Set(run.listed);
  const missing = expected.filter((file) => !listed.has(file));
  if (missing.length > 0) problems.push(`Electronegativity did not list ${missing.length} source file(s), e.g. ${missing.slice(0, 5).join(', ')}.`);
  for (const error of run.result.errors.filter((e) => !e.tolerable)) {
    problems.push(`Electronegativity could not parse ${error.file}: ${error.message}`);
  }
  if (run.result.checksRun < 20) problems.push(`Electronegativity ran only ${run.result.checksRun} checks; it should run dozens.`);
  const canary = run.result.findings.filter((f) => f.file.startsWith(`${CANARY_DIR}/`) && f.check === CANARY_CHECK);
  if (canary.length === 0) {
    problems.push(`Electronegativity did not catch ${CANARY_CHECK} in the known-bad TypeScript canary, so its other silences mean nothing.`);
  }
  return problems;
}

/** Inline `eng-disable` comments would hide findings from the allowlist; suppressions belong there, with a reason. */
function inlineSuppressions(files: readonly string[]): string[] {
  return files.filter((file) => /eng-disable/.test(readFileSync(path.join(root, file), 'utf8')));
}

async function main(): Promise<number> {
  const electronVersion = (requireHere('electron/package.json') as { version: string }).version;
  const allowlist = readAllowlist(JSON.parse(readFileSync(ALLOWLIST, 'utf8')));
  const expected = SCANNED_FOLDERS.flatMap((folder) => [...sourceFiles(path.join(root, folder))]).map((file) =>
    relativeFile(file, root),
  );

  const scanRoot = prepareScanFolder();
  let run: ToolRun;
  try {
    run = await runTool(scanRoot, electronVersion);
  } finally {
    rmSync(scanRoot, { recursive: true, force: true });
  }

  const problems = coverageProblems(run, expected);
  const suppressed = inlineSuppressions(expected.filter((file) => !file.startsWith('electron/tools/security/')));
  if (suppressed.length > 0) problems.push(`Inline eng-disable comments in ${suppressed.join(', ')}: use the allowlist, with a reason.`);
  if (problems.length > 0) {
    console.error(['The Electronegativity scan cannot be trusted:', ...problems.map((p) => `  ${p}`)].join('\n'));
    if (run.said.length > 0) console.error(['Electronegativity said:', ...run.said.map((line) => `  ${line}`)].join('\n'));
    return 1;
  }

  const findings: Finding[] = run.result.findings.filter((f) => !f.file.startsWith(`${CANARY_DIR}/`));
  const verdict = judge(findings, allowlist);
  const report = formatReport(verdict, expected.length, run.result.checksRun);
  for (const warning of run.result.errors) console.log(`  note     ${warning.file}: ${warning.message}`);
  if (!passes(verdict)) {
    console.error(report);
    console.error(
      `\nFix the failing findings, or add them to ${path.relative(root, ALLOWLIST)} with a reason a reviewer would accept.`,
    );
    return 1;
  }
  console.log(report);
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`The Electronegativity gate could not run: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
