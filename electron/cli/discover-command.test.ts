// `broadsheet discover`, run in-process against a site served on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiscoveryResult } from '../shared/models.ts';
import { serveFeed, startLocalServer, type LocalServer } from '../core/testing/local-server.ts';
import { runInProcess } from './testing/run-captured.ts';

let dataDir: string;
let server: LocalServer;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-discover-'));
  server = await startLocalServer();
  server.route(
    '/',
    serveFeed(
      `<!doctype html><html><head><title>Quay</title>
       <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.xml">
       <link rel="alternate" type="application/atom+xml" title="Quay Weekly" href="/atom.xml"></head></html>`,
      'text/html',
    ),
  );
  server.route(
    '/atom.xml',
    serveFeed(
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Weekly</title><id>urn:q</id><updated>2026-11-02T00:00:00Z</updated>
       <entry><title>Harbour wall repaired</title><id>urn:q:1</id><updated>2026-11-02T09:00:00Z</updated></entry></feed>`,
      'application/atom+xml',
    ),
  );
  server.route(
    '/comments.xml',
    serveFeed('<?xml version="1.0"?><rss version="2.0"><channel><title>Comments on Quay</title></channel></rss>'),
  );
});

afterEach(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runInProcess(dataDir, args);

describe('broadsheet discover', () => {
  it('prints the feeds found, best first, with their newest items and how to subscribe', async () => {
    const found = await cli('discover', server.url('/'));
    expect(found).toMatchObject({ code: 0, stderr: '' });
    expect(found.stdout).toBe(
      [
        '1. Quay Weekly  (Atom, 1 item)',
        `   ${server.url('/atom.xml')}`,
        '     2026-11-02  Harbour wall repaired',
        '',
        '2. Comments on Quay  (RSS, 0 items)',
        `   ${server.url('/comments.xml')}`,
        '',
        `Subscribe with: broadsheet add ${server.url('/atom.xml')}`,
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await cli('discover', server.url('/'), '--json')).stdout) as DiscoveryResult;
    expect(json.candidates.map((c) => c.title)).toEqual(['Quay Weekly', 'Comments on Quay']);
  });

  it('fails in plain words when there is no feed, or no address', async () => {
    const bare = await startLocalServer();
    bare.route('/', serveFeed('<!doctype html><title>Nothing</title>', 'text/html'));
    const none = await cli('discover', bare.url('/'));
    await bare.close();
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^broadsheet: No feed was found at 127\.0\.0\.1:\d+\./);
    expect((await cli('discover')).code).toBe(2);
  });
});
