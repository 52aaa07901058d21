// Commands against a library another program has open (here a Library opened
// as the app would, holding the library's lock): those that write stop with a
// plain message; those that only read go ahead, read-only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../core/library.ts';
import { createConfSettingsStore } from '../core/settings-conf.ts';
import { runInProcess } from './testing/run-captured.ts';
import { importSamplePage } from './testing/sample-page.ts';

let dataDir: string;
let app: Library | null;
let savedId: number;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-busy-'));
  app = openLibrary({ dataDir, settings: createConfSettingsStore({ cwd: dataDir }), program: 'app' });
  savedId = await importSamplePage(app, {
    title: 'Harbour board meets',
    sentence: 'the harbour board met to discuss the old fish market and its leaking roof.',
    url: 'https://quay.example/harbour',
  });
});

afterEach(() => {
  app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runInProcess(dataDir, args);

const busy = () =>
  `broadsheet: Broadsheet is already using this library (the app, process ${process.pid}). Close it first, or use another library folder. If Broadsheet is not running, delete library.lock in ${dataDir} and try again.\n`;

describe('commands while the app has the library open', () => {
  it('refuses commands that write, and changes nothing', async () => {
    for (const args of [['bookmark', String(savedId)], ['read', String(savedId)], ['refresh'], ['backup'], ['add', 'https://quay.example/feed.xml']]) {
      const result = await cli(...args);
      expect(result, args.join(' ')).toMatchObject({ code: 1, stdout: '', stderr: busy() });
    }
    expect(await app?.getArticle(savedId)).toMatchObject({ bookmarked: false, read: false });
  });

  it('runs commands that only read', async () => {
    const list = await cli('list');
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout).toContain('Harbour board meets');
    expect((await cli('search', 'harbour')).stdout).toContain('1 match.');
    expect((await cli('show', String(savedId))).stdout).toContain('leaking roof');
    expect((await cli('export', '--format', 'markdown', '--scope', 'saved')).stdout).toContain('## Harbour board meets');
    expect((await cli('sources')).code).toBe(0);
    expect(await cli('opml', 'export')).toMatchObject({ code: 0, stderr: '' });
    expect((await cli('restore')).code).toBe(0);
  });

  it('writes again once the app has closed', async () => {
    app?.close();
    app = null;
    expect(await cli('bookmark', String(savedId))).toMatchObject({ code: 0, stderr: '' });
    expect((await cli('list', '--bookmarked')).stdout).toContain('Harbour board meets');
  });
});
