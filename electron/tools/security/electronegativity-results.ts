// What the Electronegativity gate decides, kept apart from running the tool so
// it can be tested: reading the tool's result, reading the allowlist, and
// sorting each finding into failing, allowed or below the bar.
import { z } from 'zod';

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Findings of this severity or above fail the gate unless the allowlist names them. */
export const FAILING_SEVERITY: Severity = 'MEDIUM';

export interface Finding {
  check: string;
  /** Relative to the scanned folder, with forward slashes: `electron/main/index.ts`. */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  confidence: string;
  manualReview: boolean;
  description: string;
}

export interface ScanError {
  file: string;
  message: string;
  /** Electronegativity's word for a warning it could read past; anything else means the file was not checked. */
  tolerable: boolean;
}

export interface ScanResult {
  findings: Finding[];
  errors: ScanError[];
  checksRun: number;
}

const LevelSchema = z.object({ name: z.string() });
const IssueSchema = z.object({
  id: z.string().min(1),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }),
  severity: LevelSchema.extend({ name: z.enum(SEVERITIES) }),
  confidence: LevelSchema,
  manualReview: z.boolean().optional(),
  description: z.string().optional(),
});
const RunResultSchema = z.object({
  globalChecks: z.number().int(),
  atomicChecks: z.number().int(),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
  issues: z.array(IssueSchema),
});

/**
 * Reads what Electronegativity's `run()` returns. Throws when the shape is not
 * the expected one, so a changed or broken tool stops the gate instead of
 * passing it with no findings.
 */
export function readScanResult(raw: unknown, scannedRoot: string): ScanResult {
  const parsed = RunResultSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Electronegativity returned a result the gate cannot read: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
  }
  const { data } = parsed;
  return {
    checksRun: data.globalChecks + data.atomicChecks,
    errors: data.errors.map((error) => ({ ...error, file: relativeFile(error.file, scannedRoot) })),
    findings: data.issues.map((issue) => ({
      check: issue.id,
      file: relativeFile(issue.file, scannedRoot),
      line: issue.location.line,
      column: issue.location.column,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: issue.manualReview ?? false,
      description: (issue.description ?? '').trim(),
    })),
  };
}

/** Paths as the allowlist writes them: relative to the scanned root, forward slashes. "N/A" (a global finding) stays. */
export function relativeFile(file: string, root: string): string {
  const slashed = file.replaceAll('\\', '/');
  const base = root.replaceAll('\\', '/').replace(/\/?$/, '/');
  return slashed.startsWith(base) ? slashed.slice(base.length) : slashed.replace(/^\.\//, '');
}

export interface AllowlistEntry {
  check: string;
  file: string;
  reason: string;
}

const AllowlistSchema = z.object({
  entries: z.array(
    z.strictObject({
      check: z.string().regex(/^[A-Z0-9_]+$/, 'a check id is written like OPEN_EXTERNAL_JS_CHECK'),
      file: z.string().min(1),
      reason: z.string().trim().min(40, 'say why this finding is fine, in a sentence a reviewer can check'),
    }),
  ),
});

/** Reads the allowlist file's JSON; every entry needs a check id, a file and a real reason. */
export function readAllowlist(raw: unknown): AllowlistEntry[] {
  const parsed = AllowlistSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The Electronegativity allowlist is not valid at ${issue?.path.join('.') || 'its top'}: ${issue?.message ?? 'unknown problem'}`);
  }
  return parsed.data.entries;
}

export function atLeast(severity: Severity, bar: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(bar);
}

export interface Verdict {
  failing: Finding[];
  allowed: Array<{ finding: Finding; entry: AllowlistEntry }>;
  /** Below the bar: reported, never failing. */
  minor: Finding[];
  /** Allowlist entries that matched nothing: the code changed, so the entry must go (or be corrected). */
  stale: AllowlistEntry[];
}

export function judge(findings: readonly Finding[], allowlist: readonly AllowlistEntry[]): Verdict {
  const verdict: Verdict = { failing: [], allowed: [], minor: [], stale: [] };
  const used = new Set<AllowlistEntry>();
  for (const finding of findings) {
    if (!atLeast(finding.severity, FAILING_SEVERITY)) {
      verdict.minor.push(finding);
      continue;
    }
    const entry = allowlist.find((candidate) => candidate.check === finding.check && candidate.file === finding.file);
    if (entry) {
      used.add(entry);
      verdict.allowed.push({ finding, entry });
    } else {
      verdict.failing.push(finding);
    }
  }
  verdict.stale = allowlist.filter((entry) => !used.has(entry));
  return verdict;
}

export function passes(verdict: Verdict): boolean {
  return verdict.failing.length === 0 && verdict.stale.length === 0;
}

const where = (finding: Finding) => `${finding.file}:${finding.line}:${finding.column}`;

/** The gate's report: counts first, then each finding that needs a person. */
export function formatReport(verdict: Verdict, filesScanned: number, checksRun: number): string {
  const all = [...verdict.failing, ...verdict.allowed.map((a) => a.finding), ...verdict.minor];
  const bySeverity = SEVERITIES.slice()
    .reverse()
    .map((severity) => `${severity.toLowerCase()} ${all.filter((f) => f.severity === severity).length}`)
    .join(', ');
  const lines = [
    `Electronegativity: ${filesScanned} files scanned with ${checksRun} checks.`,
    `Findings by severity: ${bySeverity}.`,
    `Allowed by the allowlist: ${verdict.allowed.length}; below ${FAILING_SEVERITY.toLowerCase()}: ${verdict.minor.length}; failing: ${verdict.failing.length}.`,
  ];
  for (const { finding, entry } of verdict.allowed) lines.push(`  allowed  ${finding.check} ${where(finding)}: ${entry.reason}`);
  for (const finding of verdict.minor) lines.push(`  minor    ${finding.check} ${where(finding)} (${finding.severity.toLowerCase()}): ${finding.description}`);
  for (const finding of verdict.failing) {
    lines.push(`  FAILING  ${finding.check} ${where(finding)} (${finding.severity.toLowerCase()}, ${finding.confidence.toLowerCase()}): ${finding.description}`);
  }
  for (const entry of verdict.stale) {
    lines.push(`  STALE    allowlist entry ${entry.check} for ${entry.file} matches no finding any more; remove it.`);
  }
  return lines.join('\n');
}
