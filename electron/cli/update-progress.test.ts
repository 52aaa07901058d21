// A command run on a library that needs a schema update: it backs the library
// up first and says each step on standard error, one line each, as a separate
// process the way a user runs it.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backupsDir } from '../core/backup/backup-archive.ts';
import { LATEST_VERSION } from '../core/store/migrations.ts';
import { OLDER_VERSION, schemaVersionOf, writeOlderLibrary } from '../core/testing/older-library.ts';
import { tempDirs } from '../core/testing/temp-dirs.ts';
import { runAsProcess } from './testing/run-captured.ts';

const tempDir = tempDirs('bs-cli-update-');

describe('broadsheet on a library that needs updating', () => {
  it('says each step of the update on standard error, then does what it was asked', async () => {
    const dataDir = tempDir();
    writeOlderLibrary(dataDir, 50);
    const { code, stdout, stderr } = await runAsProcess(['sources', '--data-dir', dataDir]);
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
    const again = await runAsProcess(['sources', '--data-dir', dataDir]);
    expect(again).toMatchObject({ code: 0, stderr: '' });
  });
});
