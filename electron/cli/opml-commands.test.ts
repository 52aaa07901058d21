// opml import/export and folders from the command line, run in-process on a
// real library folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from './testing/run-captured.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-opml-'));
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => runInProcess(dataDir, args);

const LIST = `<?xml version="1.0" encoding="ISO-8859-1"?>
<opml version="1.0"><head><title>Elsewhere</title></head><body>
  <outline text="Caf\u00e9s"><outline text="Local" >
    <outline text="Quay" type="rss" xmlUrl="https://quay.invalid/rss"/>
  </outline></outline>
  <outline text="Top" type="rss" xmlUrl="https://top.invalid/rss"/>
  <outline text="Mail" type="rss" xmlUrl="mailto:someone@example.com"/>
</body></opml>`;

describe('broadsheet opml and folders', () => {
  it('imports a file in the encoding it declares, lists the folders, and exports what it imported', async () => {
    const file = join(dataDir, 'list.opml');
    writeFileSync(file, Buffer.from(LIST, 'latin1'));

    const imported = await cli('opml', 'import', file);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toBe(
      [
        'Subscribed to 2 new feeds in 2 new folders.',
        '1 outline could not be used:',
        '  Mail: Its feed address starts with “mailto:”; only http and https feeds can be followed.',
        'Their articles are fetched by the next refresh: broadsheet refresh',
        '',
      ].join('\n'),
    );
    const again = await cli('opml', 'import', file, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ feedsAdded: 0, duplicates: 2, invalidCount: 1 });

    const folders = await cli('folders');
    expect(folders.stdout).toMatch(/^Cafés {2}\(0 unread, id \d+\)\n {2}Local {2}\(0 unread, id \d+\)\n$/);

    const out = join(dataDir, 'out.opml');
    expect((await cli('opml', 'export', out)).stdout).toBe(`Wrote your subscriptions to ${out}.\n`);
    const written = readFileSync(out, 'utf8');
    expect(written).toMatch(/<outline text="Cafés" title="Cafés">\s*<outline text="Local" title="Local">\s*<outline text="Quay"/);
    expect(written).toContain('xmlUrl="https://top.invalid/rss"');
    expect((await cli('opml', 'export')).stdout).toBe(written);
  });

  it('says plainly what went wrong', async () => {
    expect(await cli('folders')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^No folders yet/) as unknown as string });
    const html = join(dataDir, 'page.html');
    writeFileSync(html, '<!doctype html><html><body>hello</body></html>');
    expect(await cli('opml', 'import', html)).toMatchObject({
      code: 1,
      stderr: 'broadsheet: This is a web page (HTML), not an OPML list of subscriptions.\n',
    });
    expect((await cli('opml', 'import', join(dataDir, 'missing.opml'))).stderr).toMatch(/^broadsheet: There is no file .*missing\.opml\.\n$/);
    expect(await cli('opml', 'import')).toMatchObject({ code: 2 });
    expect((await cli('opml', 'merge')).stderr).toContain('"opml" is followed by import FILE or export [FILE].');
    expect((await cli('opml')).code).toBe(2);
  });
});
