// The web host started on a library that needs a schema update: it backs the
// library up first, says each step (standard error by default), then serves.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupsDir } from '../core/backup/backup-archive.ts';
import { silentLogger } from '../core/logger.ts';
import { LATEST_VERSION } from '../core/store/migrations.ts';
import { OLDER_VERSION, schemaVersionOf, writeOlderLibrary } from '../core/testing/older-library.ts';
import { startWebHost } from './main.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the web host on a library that needs updating', () => {
  it('says each step of the update, one line each, then serves the updated library', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bs-host-update-'));
    dirs.push(dataDir);
    writeOlderLibrary(dataDir, 50);
    const lines: string[] = [];
    const running = await startWebHost({ dataDir, port: 0, logger: silentLogger, onUpdateProgress: (line) => lines.push(line) });
    try {
      const schema = `schema ${OLDER_VERSION} → ${LATEST_VERSION}`;
      expect(lines).toEqual([
        `Updating your library (${schema}): making a safety copy first…`,
        `Updating your library (${schema}): packing the safety copy…`,
        `Updating your library (${schema}): updating it now; on a large library this can take a minute…`,
      ]);
      expect(schemaVersionOf(dataDir)).toBe(LATEST_VERSION);
      expect((await running.library.listSources()).map((s) => s.title)).toEqual(['Harbour News']);
      expect(readdirSync(backupsDir(dataDir))).toHaveLength(1);
    } finally {
      await running.close();
    }
    // Started again, the library is current: nothing to say.
    const again = await startWebHost({ dataDir, port: 0, logger: silentLogger, onUpdateProgress: (line) => lines.push(line) });
    await again.close();
    expect(lines).toHaveLength(3);
  });
});
