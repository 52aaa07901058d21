// A refresh of everything against a local server where most feeds misbehave
// in a different way: each bad feed must end in an error state with a message
// a person understands, the good feeds must refresh normally in the same run,
// and nothing already stored (articles, read and bookmark state) may be lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArticleSummary, Source } from '../../shared/models.ts';
import { openLibrary, type Library } from '../library.ts';
import { createConfSettingsStore } from '../settings-conf.ts';
import { serveFeed, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import {
  connectionReset,
  drip,
  gzipBomb,
  htmlAsFeed,
  hugeFeed,
  malformedXml,
  redirect,
  respond,
  stall,
  truncatedBody,
} from '../testing/misbehaving-server.ts';

const MB = 1024 * 1024;

function rss(path: string, guids: string[]): string {
  const items = guids
    .map((g) => `<item><title>${path} ${g}</title><guid>${path}#${g}</guid><link>/posts${path}/${g}</link><description>Story ${g}</description></item>`)
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${path}</title><link>/</link>${items}</channel></rss>`;
}

/** Each misbehaviour, and what the reader should be told. */
const BAD: Record<string, { handler: () => Handler; message: RegExp }> = {
  '/malformed.xml': { handler: malformedXml, message: /badly broken|does not contain a feed/ },
  '/html-page.xml': { handler: htmlAsFeed, message: /^This address is a web page, not a feed\.$/ },
  '/fifty-megabytes.xml': { handler: () => hugeFeed(50 * MB), message: /^The feed is larger than 10 MB, more than Broadsheet will read\.$/ },
  // Claims 100 bytes and sends 50 MB: only the 100 are read, and they are no feed.
  '/lying-length.xml': { handler: () => hugeFeed(50 * MB, 100), message: /badly broken|does not contain a feed/ },
  '/cut-short.xml': { handler: () => truncatedBody(100_000, 500), message: /^The connection to 127\.0\.0\.1 was cut off\.$/ },
  '/gzip-bomb.xml': { handler: () => gzipBomb(40 * MB), message: /^The feed is larger than 10 MB, more than Broadsheet will read\.$/ },
  '/drip.xml': { handler: () => drip(100), message: /^127\.0\.0\.1 took too long to answer\.$/ },
  '/stall.xml': { handler: stall, message: /^127\.0\.0\.1 stopped sending the feed partway\.$/ },
  '/loop.xml': { handler: () => redirect('/loop-back.xml'), message: /^127\.0\.0\.1 redirects in a loop and never reaches a page\.$/ },
  '/not-found.xml': { handler: () => respond(404), message: /^The server answered 404 Not Found\.$/ },
  '/server-error.xml': { handler: () => respond(500), message: /^The server answered 500 Internal Server Error\.$/ },
  '/reset.xml': { handler: connectionReset, message: /^The connection to 127\.0\.0\.1 was cut off\.$/ },
};
const GOOD = ['/good-one.xml', '/good-two.xml'];

let server: LocalServer;
let dataDir: string;
let library: Library;
let misbehaving = false;
let goodGuids = ['a'];

beforeEach(async () => {
  server = await startLocalServer();
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-robustness-'));
  const settings = createConfSettingsStore({ cwd: dataDir });
  settings.update({ downloadFullArticles: 'never' });
  library = openLibrary({
    dataDir,
    settings,
    // Short limits keep the slow servers' cases to about a second.
    feedLimits: { timeoutMs: 1_500, idleTimeoutMs: 700 },
  });
  misbehaving = false;
  goodGuids = ['a'];
  for (const [path, bad] of Object.entries(BAD)) {
    const misbehave = bad.handler();
    server.route(path, (request, response) => (misbehaving ? misbehave : serveFeed(rss(path, ['a', 'b'])))(request, response));
  }
  server.route('/loop-back.xml', redirect('/loop.xml'));
  for (const path of GOOD) server.route(path, (request, response) => serveFeed(rss(path, goodGuids))(request, response));
});

afterEach(async () => {
  library.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function allArticles(): Promise<ArticleSummary[]> {
  return (await library.listArticles({ view: 'all', limit: 500 })).items;
}

describe('refreshing against misbehaving servers', () => {
  it('puts each bad feed in an error state with a clear message, refreshes the good ones, and loses nothing', async () => {
    const subscribed = new Map<string, Source>();
    for (const path of [...Object.keys(BAD), ...GOOD]) subscribed.set(path, await library.addFeed(server.url(path)));
    // Reading state worth keeping: one article of each feed read, another bookmarked.
    for (const source of subscribed.values()) {
      const [first, second] = (await allArticles()).filter((a) => a.sourceId === source.id);
      await library.setRead([first?.id ?? 0], true);
      if (second) await library.setBookmarked(second.id, true);
    }
    // Bookmarking fetches the full article; let that settle first.
    await library.downloadsIdle();
    const before = await allArticles();
    const contentsBefore = await Promise.all(before.map((a) => library.getArticle(a.id)));
    const sourcesBefore = await library.listSources();

    misbehaving = true;
    goodGuids = ['b', 'a'];
    const started = Date.now();
    const result = await library.refresh();
    const seconds = (Date.now() - started) / 1000;

    expect(result).toEqual({ sources: 14, newArticles: 2, failed: 12, offline: false });
    // The slow servers are cut off by the injected limits, not waited out.
    expect(seconds).toBeLessThan(15);

    const sourcesAfter = await library.listSources();
    for (const [path, bad] of Object.entries(BAD)) {
      const id = subscribed.get(path)?.id;
      const after = sourcesAfter.find((s) => s.id === id);
      const was = sourcesBefore.find((s) => s.id === id);
      expect({ path, status: after?.status, lastError: after?.lastError }).toEqual({
        path,
        status: 'error',
        lastError: expect.stringMatching(bad.message),
      });
      expect(after?.lastErrorAt).not.toBeNull();
      // The last success, the address, the counts: all as they were.
      expect(after).toMatchObject({
        feedUrl: was?.feedUrl,
        title: was?.title,
        lastFetchedAt: was?.lastFetchedAt,
        articleCount: 2,
        unreadCount: 1,
      });
    }
    for (const path of GOOD) {
      const after = sourcesAfter.find((s) => s.id === subscribed.get(path)?.id);
      expect(after).toMatchObject({ status: 'ok', lastError: null, articleCount: 2 });
    }

    // Every article stored before is still there, with its state and content.
    const after = await allArticles();
    for (const article of before) {
      expect(after.find((a) => a.id === article.id)).toEqual(article);
    }
    const contentsAfter = await Promise.all(before.map((a) => library.getArticle(a.id)));
    expect(contentsAfter).toEqual(contentsBefore);
    expect(after).toHaveLength(before.length + 2);

    // And the next refresh, with the servers mended, clears the errors.
    misbehaving = false;
    const mended = await library.refresh();
    expect(mended).toMatchObject({ sources: 14, failed: 0 });
    expect((await library.listSources()).every((s) => s.status === 'ok' && s.lastError === null)).toBe(true);
  });
});
