// `broadsheet diagnostics`, run in-process on a real library folder holding a
// page saved from a file, whose title and words must not be printed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiagnosticsSchema } from '../shared/models.ts';
import { runInProcess } from './testing/run-captured.ts';
import { libraryWithSamplePage } from './testing/sample-page.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-diag-'));
  await libraryWithSamplePage(dataDir, {
    title: 'Quillwort society meets',
    sentence: 'the quillwort society met to discuss the tidal marshes near Pellingford.',
    url: 'https://marsh.example/private/quillwort?session=s3cr3t',
  });
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => runInProcess(dataDir, args);

describe('broadsheet diagnostics', () => {
  it('prints the plain-text report: version, shell, sizes, counts; none of the library’s content', async () => {
    const { code, stdout, stderr } = await cli('diagnostics');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Broadsheet diagnostics\n/);
    expect(stdout).toContain(`Broadsheet: ${VERSION}\n`);
    expect(stdout).toContain('Running as: command line\n');
    expect(stdout).toContain(`Node.js: ${process.versions.node}\n`);
    expect(stdout).toMatch(/SQLite: 3\.\d+\.\d+\n/);
    expect(stdout).toContain('Articles: 1 (0 bookmarked, 1 saved pages)');
    for (const secret of ['Quillwort', 'quillwort', 'Pellingford', 'marsh.example', 's3cr3t', dataDir]) expect(stdout).not.toContain(secret);
  });

  it('prints the report as JSON with --json', async () => {
    const { code, stdout } = await cli('diagnostics', '--json');
    expect(code).toBe(0);
    const report = DiagnosticsSchema.parse(JSON.parse(stdout));
    expect(report.versions).toMatchObject({ broadsheet: VERSION, shell: 'command line' });
    expect(report.data).toMatchObject({ articles: 1, saved: 1, sources: 0 });
  });

  it('is listed in the help and takes no arguments', async () => {
    expect((await cli('help')).stdout).toMatch(/diagnostics\s+Print versions, library sizes and recent errors/);
    const extra = await cli('diagnostics', 'now');
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('"diagnostics" got an unexpected argument "now".');
  });

  it('--version prints the version from package.json, however it is started', async () => {
    const { code, stdout } = await cli('--version');
    expect({ code, stdout }).toEqual({ code: 0, stdout: `broadsheet ${VERSION}\n` });
  });
});
