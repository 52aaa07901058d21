import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatReport,
  judge,
  passes,
  readAllowlist,
  readScanResult,
  relativeFile,
  type AllowlistEntry,
  type Finding,
} from './electronegativity-results.ts';

/** An issue as Electronegativity's run() returns it (severity and confidence carry a formatter too). */
function issue(id: string, file: string, severity: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    file,
    location: { line: 12, column: 4 },
    severity: { value: 2, name: severity, format: () => severity },
    confidence: { value: 1, name: 'FIRM', format: () => 'FIRM' },
    manualReview: true,
    description: ' Review the use of preload scripts ',
    ...extra,
  };
}

const finding = (check: string, file: string, severity: Finding['severity']): Finding => ({
  check,
  file,
  line: 1,
  column: 0,
  severity,
  confidence: 'FIRM',
  manualReview: false,
  description: 'something',
});

const REASON = 'Reached only after the address was checked to be http or https by isWebUrl().';

describe('readScanResult', () => {
  it('reads the tool’s issues and errors, with paths relative to the scanned folder', () => {
    const result = readScanResult(
      {
        globalChecks: 5,
        atomicChecks: 36,
        errors: [{ file: '/tmp/scan/renderer/x.ts', message: 'Unexpected token', tolerable: false }],
        issues: [
          issue('PRELOAD_JS_CHECK', '/tmp/scan/electron/main/windows/main-window.ts', 'MEDIUM'),
          issue('CSP_GLOBAL_CHECK', 'N/A', 'LOW', { manualReview: undefined, description: undefined }),
          issue('AUXCLICK_JS_CHECK', 'electron/main/windows/main-window.ts', 'MEDIUM'),
        ],
      },
      '/tmp/scan',
    );
    expect(result.checksRun).toBe(41);
    expect(result.errors).toEqual([{ file: 'renderer/x.ts', message: 'Unexpected token', tolerable: false }]);
    expect(result.findings[0]).toEqual({
      check: 'PRELOAD_JS_CHECK',
      file: 'electron/main/windows/main-window.ts',
      line: 12,
      column: 4,
      severity: 'MEDIUM',
      confidence: 'FIRM',
      manualReview: true,
      description: 'Review the use of preload scripts',
    });
    expect(result.findings[1]).toMatchObject({ file: 'N/A', manualReview: false, description: '' });
    expect(result.findings[2]?.file).toBe('electron/main/windows/main-window.ts');
  });

  it('refuses a result it does not recognise instead of reading it as "no findings"', () => {
    for (const raw of [undefined, null, 'done', {}, { globalChecks: 5, atomicChecks: 36, errors: [] }]) {
      expect(() => readScanResult(raw, '/tmp/scan'), JSON.stringify(raw)).toThrow(/cannot read/);
    }
    const unknownSeverity = { globalChecks: 1, atomicChecks: 1, errors: [], issues: [issue('X', 'a.ts', 'CRITICAL')] };
    expect(() => readScanResult(unknownSeverity, '/tmp/scan')).toThrow(/cannot read/);
  });

  it('makes Windows paths relative with forward slashes', () => {
    expect(relativeFile('C:\\scan\\electron\\main\\index.ts', 'C:\\scan')).toBe('electron/main/index.ts');
    expect(relativeFile('./renderer/index.html', '/tmp/scan')).toBe('renderer/index.html');
  });
});

describe('readAllowlist', () => {
  it('reads entries with a check id, a file and a reason', () => {
    const entries = readAllowlist({ entries: [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'electron/main/open-external.ts', reason: REASON }] });
    expect(entries).toEqual([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'electron/main/open-external.ts', reason: REASON }]);
  });

  it('refuses entries without a real reason, with unknown keys, or a malformed check id', () => {
    const bad = [
      { entries: [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'a.ts', reason: 'fine' }] },
      { entries: [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'a.ts' }] },
      { entries: [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'a.ts', reason: REASON, line: 3 }] },
      { entries: [{ check: 'open external', file: 'a.ts', reason: REASON }] },
      { entries: [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: '', reason: REASON }] },
      [],
    ];
    for (const raw of bad) expect(() => readAllowlist(raw), JSON.stringify(raw)).toThrow(/allowlist is not valid/);
  });

  it('accepts the allowlist the gate uses', () => {
    const file: unknown = JSON.parse(readFileSync(new URL('./electronegativity-allowlist.json', import.meta.url), 'utf8'));
    expect(readAllowlist(file).length).toBeGreaterThan(0);
  });
});

describe('judge', () => {
  const allow: AllowlistEntry[] = [
    { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'electron/main/open-external.ts', reason: REASON },
  ];

  it('fails medium and high findings the allowlist does not name, by check and file', () => {
    const verdict = judge(
      [
        finding('OPEN_EXTERNAL_JS_CHECK', 'electron/main/open-external.ts', 'MEDIUM'),
        finding('OPEN_EXTERNAL_JS_CHECK', 'electron/main/menu.ts', 'MEDIUM'),
        finding('NODE_INTEGRATION_JS_CHECK', 'electron/main/open-external.ts', 'HIGH'),
        finding('CSP_GLOBAL_CHECK', 'renderer/index.html', 'LOW'),
        finding('SOMETHING_INFORMATIONAL', 'N/A', 'INFORMATIONAL'),
      ],
      allow,
    );
    expect(verdict.allowed.map((a) => a.finding.file)).toEqual(['electron/main/open-external.ts']);
    expect(verdict.failing.map((f) => `${f.check} ${f.file}`)).toEqual([
      'OPEN_EXTERNAL_JS_CHECK electron/main/menu.ts',
      'NODE_INTEGRATION_JS_CHECK electron/main/open-external.ts',
    ]);
    expect(verdict.minor.map((f) => f.check)).toEqual(['CSP_GLOBAL_CHECK', 'SOMETHING_INFORMATIONAL']);
    expect(verdict.stale).toEqual([]);
    expect(passes(verdict)).toBe(false);
  });

  it('passes when every medium-or-worse finding is allowed, and low ones never fail', () => {
    const verdict = judge(
      [finding('OPEN_EXTERNAL_JS_CHECK', 'electron/main/open-external.ts', 'MEDIUM'), finding('CSP_GLOBAL_CHECK', 'renderer/index.html', 'LOW')],
      allow,
    );
    expect(passes(verdict)).toBe(true);
  });

  it('fails on an allowlist entry that matches nothing, so fixed findings leave the list', () => {
    const verdict = judge([], allow);
    expect(verdict.stale).toEqual(allow);
    expect(passes(verdict)).toBe(false);
  });

  it('reports counts by severity and names each finding', () => {
    const verdict = judge(
      [
        finding('OPEN_EXTERNAL_JS_CHECK', 'electron/main/open-external.ts', 'MEDIUM'),
        finding('AUXCLICK_JS_CHECK', 'electron/main/windows/main-window.ts', 'MEDIUM'),
        finding('CSP_GLOBAL_CHECK', 'renderer/index.html', 'LOW'),
      ],
      allow,
    );
    const report = formatReport(verdict, 286, 41);
    expect(report).toContain('286 files scanned with 41 checks');
    expect(report).toContain('high 0, medium 2, low 1, informational 0');
    expect(report).toContain('Allowed by the allowlist: 1; below medium: 1; failing: 1.');
    expect(report).toMatch(/FAILING {2}AUXCLICK_JS_CHECK electron\/main\/windows\/main-window\.ts:1:0/);
    expect(report).toContain(REASON);
  });
});
