// A command run on a library that needs a schema update: it backs the library
// up first and says each step on standard error, one line each, as a separate
// process the way a user runs it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { backupsDir } from '../core/backup/backup-archive.ts';
import { LATEST_VERSION } from '../core/store/migrations.ts';
import { OLDER_VERSION, schemaVersionOf, writeOlderLibrary } from '../core/testing/older-library.ts';

const CLI = fileURLToPath(new URL('./broadsheet.ts', import.meta.url));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function broadsheet(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('broadsheet on a library that needs updating', () => {
  it('says each step of the update on standard error, then does what it was asked', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bs-cli-update-'));
    dirs.push(dataDir);
    writeOlderLibrary(dataDir, 50);
    const { code, stdout, stderr } = await broadsheet(['sources', '--data-dir', dataDir]);
    expect(code).toBe(0);
    const schema = `schema ${OLDER_VERSION} → ${LATEST_VERSION}`;
    expect(stderr.trimEnd().split('\n')).toEqual([
      `broadsheet: Updating your library (${schema}): making a safety copy first…`,
      `broadsheet: Updating your library (${schema}): packing the safety copy…`,
      `broadsheet: Updating your library (${schema}): updating it now; on a large library this can take a minute…`,
    ]);
    expect(stdout).toContain('Harbour News');
    expect(schemaVersionOf(dataDir)).toBe(LATEST_VERSION);
    expect(readdirSync(backupsDir(dataDir)).filter((name) => name.endsWith(`-before-v${LATEST_VERSION}.tar.gz`))).toHaveLength(1);

    // Once updated, nothing more is said.
    const again = await broadsheet(['sources', '--data-dir', dataDir]);
    expect(again).toMatchObject({ code: 0, stderr: '' });
  });
});
