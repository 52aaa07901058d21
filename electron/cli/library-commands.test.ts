// search, export, backup and restore from the command line, run in-process on
// a real library folder (an imported page, so no network is needed).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from './testing/run-captured.ts';
import { libraryWithSamplePage } from './testing/sample-page.ts';

let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-lib-'));
  await libraryWithSamplePage(dataDir, {
    title: 'Harbour board meets',
    sentence: 'the harbour board met to discuss the old fish market and its leaking roof.',
    url: 'https://quay.example/harbour',
  });
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => runInProcess(dataDir, args);

describe('broadsheet search', () => {
  it('prints matches with their snippet, matched words in brackets, and the total', async () => {
    const found = await cli('search', 'harb', 'fish');
    expect(found.code).toBe(0);
    expect(found.stdout).toContain('Harbour board meets');
    expect(found.stdout).toMatch(/\[harbour\].*\[fish\]/);
    expect(found.stdout).toContain('1 match.');
    expect((await cli('search', 'zebra')).stdout).toBe('Nothing matches that search.\n');
    expect((await cli('search', '"*NEAR(')).code).toBe(0);
    const json = JSON.parse((await cli('search', 'roof', '--json')).stdout) as { total: number };
    expect(json.total).toBe(1);
  });

  it('needs a query', async () => {
    const none = await cli('search');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('"search" needs QUERY.');
  });
});

describe('broadsheet export', () => {
  it('writes the chosen format to a file, or to the screen', async () => {
    const out = join(dataDir, 'saved.md');
    const written = await cli('export', '--format', 'markdown', '--scope', 'saved', '--out', out);
    expect(written).toMatchObject({ code: 0, stderr: '' });
    expect(written.stdout).toBe(`Wrote 1 article to ${out}.\n`);
    expect(readFileSync(out, 'utf8')).toContain('## Harbour board meets');
    const shown = await cli('export', '--format', 'json', '--scope', 'both');
    expect(JSON.parse(shown.stdout).articles).toHaveLength(1);
  });

  it('says which values --format and --scope take', async () => {
    const format = await cli('export', '--format', 'pdf', '--scope', 'saved');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be markdown, html or json.');
    const scope = await cli('export', '--format', 'html');
    expect(scope.code).toBe(2);
    expect(scope.stderr).toContain('--scope must be bookmarked, saved or both.');
  });
});

describe('broadsheet backup and restore', () => {
  it('backs up, lists the backups, and restores one by name, keeping the library as it was', async () => {
    const backup = await cli('backup');
    expect(backup.code).toBe(0);
    const name = readdirSync(join(dataDir, 'backups'))[0] ?? '';
    expect(name).toMatch(/^broadsheet-backup-.*\.tar\.gz$/);
    expect(backup.stdout).toContain(`Backed up 1 article to ${join(dataDir, 'backups', name)}.`);

    const listed = await cli('restore');
    expect(listed.stdout).toContain(name);

    const restored = await cli('restore', name);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(dataDir).some((n) => n.startsWith('before-restore-'))).toBe(true);
    expect((await cli('search', 'harbour')).stdout).toContain('Harbour board meets');
  });

  it('fails in one plain line for a name that is not a backup', async () => {
    const missing = await cli('restore', '../library.db');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^broadsheet: There is no such backup/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dataDir, 'library.db'))).toBe(true);
  });
});
