import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import type { Logger } from '../logger.ts';
import { defaultWorkerUrl, FeedReaderPool } from './feed-reader-pool.ts';
import { readFeed } from './read-feed.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const FEED_URL = 'https://news.example/feed';
const NOW = new Date('2025-03-01T12:00:00Z');
const HOSTILE = `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>
  <item><title>One</title><link>/one</link><guid>1</guid>
    <description><![CDATA[<p onclick="x()">Text &amp; <a href="/more">more</a></p><script>alert(1)</script>]]></description></item>
</channel></rss>`;

const pools: FeedReaderPool[] = [];
function pool(options: ConstructorParameters<typeof FeedReaderPool>[0] = {}): FeedReaderPool {
  const created = new FeedReaderPool(options);
  pools.push(created);
  return created;
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => {}, warn: (message) => warnings.push(message), error: (message) => warnings.push(message) };
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('FeedReaderPool', () => {
  it('reads a feed on a thread exactly as readFeed does here', async () => {
    const readers = pool({ size: 1 });
    for (const name of ['rss2.xml', 'atom.xml', 'rdf.xml', 'feed.json']) {
      const body = fixture(name);
      await expect(readers.read(body, FEED_URL, NOW)).resolves.toEqual(readFeed(body, FEED_URL, NOW));
    }
    const hostile = await readers.read(HOSTILE, FEED_URL, NOW);
    expect(hostile.items[0]?.contentHtml).not.toMatch(/script|onclick/);
    expect(hostile.items[0]?.contentHtml).toContain('href="https://news.example/more"');
    expect(readers.usesThreads).toBe(true);
  });

  it('gives each of many concurrent reads its own result', async () => {
    const readers = pool({ size: 2 });
    const bodies = Array.from({ length: 12 }, (_, i) => HOSTILE.replace('<title>One</title>', `<title>Item ${i}</title>`));
    const read = await Promise.all(bodies.map((body) => readers.read(body, FEED_URL, NOW)));
    expect(read.map((feed) => feed.items[0]?.title)).toEqual(bodies.map((_, i) => `Item ${i}`));
  });

  it("passes a feed's error across the thread boundary with its code and plain message", async () => {
    const readers = pool({ size: 1 });
    const failure = await readers.read('<html><body><p>Hello</p></body></html>', FEED_URL, NOW).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'not_a_feed', message: expect.stringMatching(/web page, not a feed/) });
    // The thread is still there for the next feed.
    await expect(readers.read(HOSTILE, FEED_URL, NOW)).resolves.toMatchObject({ title: 'Hostile' });
  });

  it('reads on this thread when no reader thread can start, and says so once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bs-reader-'));
    try {
      const logger = recordingLogger();
      const readers = pool({ size: 2, workerUrl: pathToFileURL(path.join(dir, 'missing-worker.js')), logger });
      const read = await Promise.all([readers.read(HOSTILE, FEED_URL, NOW), readers.read(fixture('atom.xml'), FEED_URL, NOW)]);
      expect(read[0]).toEqual(readFeed(HOSTILE, FEED_URL, NOW));
      expect(readers.usesThreads).toBe(false);
      await expect(readers.read('not a feed', FEED_URL, NOW)).rejects.toMatchObject({ code: 'not_a_feed' });
      expect(logger.warnings).toEqual(['Feeds are read on the main thread: a reader thread could not start']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails only the feed whose thread died, in plain words, and starts another thread', async () => {
    const logger = recordingLogger();
    const readers = pool({ size: 1, workerUrl: new URL('./testdata/workers/crashing-reader.ts', import.meta.url), logger });
    await expect(readers.read(HOSTILE, FEED_URL, NOW)).resolves.toMatchObject({ title: 'Hostile' });
    const [crashed, next] = await Promise.allSettled([readers.read('crash', FEED_URL, NOW), readers.read(HOSTILE, FEED_URL, NOW)]);
    expect(crashed).toMatchObject({ status: 'rejected', reason: { code: 'internal', message: expect.stringMatching(/could not read this feed/) } });
    expect(next).toMatchObject({ status: 'fulfilled', value: { title: 'Hostile' } });
    expect(readers.usesThreads).toBe(true);
  });

  it('fails a read past its deadline in plain words, ends its thread, and reads the others on a fresh one', async () => {
    const logger = recordingLogger();
    const readers = pool({ size: 1, deadlineMs: 300, workerUrl: new URL('./testdata/workers/stuck-reader.ts', import.meta.url), logger });
    const [stuck, next] = await Promise.allSettled([readers.read('stuck', FEED_URL, NOW), readers.read(HOSTILE, FEED_URL, NOW)]);
    expect(stuck).toMatchObject({ status: 'rejected', reason: { code: 'not_a_feed', message: 'Broadsheet took too long to read this feed.' } });
    expect(next).toMatchObject({ status: 'fulfilled', value: { title: 'Hostile' } });
    expect(readers.threadCount).toBe(1);
    expect(logger.warnings).toContain('A feed took too long to read; its reader thread was ended');
  });

  it('ends threads left idle, and starts one again when there is work', async () => {
    const readers = pool({ size: 2, idleMs: 100 });
    await Promise.all([readers.read(HOSTILE, FEED_URL, NOW), readers.read(HOSTILE, FEED_URL, NOW)]);
    expect(readers.threadCount).toBeGreaterThan(0);
    await expect.poll(() => readers.threadCount, { timeout: 5000, interval: 50 }).toBe(0);
    await expect(readers.read(HOSTILE, FEED_URL, NOW)).resolves.toMatchObject({ title: 'Hostile' });
    expect(readers.threadCount).toBe(1);
  });

  it('starts no more than four threads however many cores there are', async () => {
    const readers = pool();
    const reads = Promise.all(Array.from({ length: 12 }, () => readers.read(HOSTILE, FEED_URL, NOW)));
    expect(readers.threadCount).toBeLessThanOrEqual(4);
    await reads;
  });

  it('rejects what is not yet read when closed', async () => {
    const readers = pool({ size: 1 });
    const pending = Promise.allSettled([readers.read(HOSTILE, FEED_URL, NOW), readers.read(HOSTILE, FEED_URL, NOW)]);
    await readers.close();
    for (const result of await pending) expect(result).toMatchObject({ status: 'rejected' });
    await expect(readers.read(HOSTILE, FEED_URL, NOW)).rejects.toMatchObject({ message: expect.stringMatching(/closing/) });
  });

  it('finds its worker beside itself: TypeScript in the source tree, JavaScript beside a bundle', () => {
    expect(defaultWorkerUrl('file:///app/electron/core/feeds/feed-reader-pool.ts').href).toBe('file:///app/electron/core/feeds/read-feed-worker.ts');
    expect(defaultWorkerUrl('file:///app/dist/main/main.js').href).toBe('file:///app/dist/main/read-feed-worker.mjs');
  });

  it('in a packaged app, finds its worker unpacked beside the asar archive, which a worker cannot read from', () => {
    expect(defaultWorkerUrl('file:///opt/Broadsheet/resources/app.asar/dist/main/main.js').href).toBe(
      'file:///opt/Broadsheet/resources/app.asar.unpacked/dist/main/read-feed-worker.mjs',
    );
    expect(defaultWorkerUrl('file:///C:/Program%20Files/Broadsheet/resources/app.asar/dist/main/main.js').href).toBe(
      'file:///C:/Program%20Files/Broadsheet/resources/app.asar.unpacked/dist/main/read-feed-worker.mjs',
    );
    // Only the archive itself: a folder merely named like it is left alone.
    expect(defaultWorkerUrl('file:///home/me/my-app.asar/dist/main/main.js').href).toBe('file:///home/me/my-app.asar/dist/main/read-feed-worker.mjs');
  });
});
