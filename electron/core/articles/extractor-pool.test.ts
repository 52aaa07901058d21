import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import type { Logger } from '../logger.ts';
import { extractArticle } from './extract.ts';
import { ArticleExtractorPool, defaultWorkerUrl } from './extractor-pool.ts';

const page = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const FERRY_URL = 'https://courier.example/news/2024/05/electric-ferry';
const SPINNING_WORKER = new URL('./testdata/workers/spinning-extractor.ts', import.meta.url);

const pools: ArticleExtractorPool[] = [];
function pool(options: ConstructorParameters<typeof ArticleExtractorPool>[0] = {}): ArticleExtractorPool {
  const created = new ArticleExtractorPool(options);
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

describe('ArticleExtractorPool', () => {
  it('extracts a page on a thread exactly as extractArticle does here', async () => {
    const extractor = pool({ size: 1 });
    for (const [name, url] of [
      ['harbour-ferry.html', FERRY_URL],
      ['rtl-article.html', 'https://madina.example/news/library'],
      ['video-page.html', 'https://video.example/watch/1'],
    ] as const) {
      const html = page(name);
      await expect(extractor.extract(html, url)).resolves.toEqual(extractArticle(html, url));
    }
    expect(extractor.usesThreads).toBe(true);
    expect(extractor.threadCount).toBe(1);
  });

  it('gives each of several concurrent pages its own article', async () => {
    const extractor = pool({ size: 2 });
    const titles = ['Tide tables', 'Lifeboat launch', 'Harbour wall', 'Ferry fares'];
    const html = page('harbour-ferry.html');
    const pages = titles.map((title) => html.replaceAll('New electric ferry cuts harbour crossing to nine minutes', title));
    const read = await Promise.all(pages.map((body) => extractor.extract(body, FERRY_URL)));
    expect(read.map((article) => article.title)).toEqual(titles);
  });

  it('stops a page past its deadline in plain words, ends its thread, and reads the next page on a fresh one', async () => {
    const logger = recordingLogger();
    const extractor = pool({ size: 1, deadlineMs: 2_000, workerUrl: SPINNING_WORKER, logger });
    const [spun, next] = await Promise.allSettled([extractor.extract('spin', FERRY_URL), extractor.extract(page('harbour-ferry.html'), FERRY_URL)]);
    expect(spun).toMatchObject({ status: 'rejected', reason: { code: 'internal', message: 'This page took too long to read, so Broadsheet stopped.' } });
    expect(spun.status === 'rejected' && spun.reason instanceof ApiError).toBe(true);
    expect(next).toMatchObject({ status: 'fulfilled', value: { isArticle: true, title: 'New electric ferry cuts harbour crossing to nine minutes' } });
    expect(extractor.threadCount).toBe(1);
    expect(extractor.usesThreads).toBe(true);
    expect(logger.warnings).toEqual(['A page took too long to read; its extractor thread was ended']);
  });

  it('reads pages on this thread when no extractor thread can start, and says so once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bs-extractor-'));
    try {
      const logger = recordingLogger();
      const extractor = pool({ size: 2, workerUrl: pathToFileURL(path.join(dir, 'missing-worker.js')), logger });
      const html = page('harbour-ferry.html');
      const read = await Promise.all([extractor.extract(html, FERRY_URL), extractor.extract(page('video-page.html'), 'https://video.example/watch/1')]);
      expect(read[0]).toEqual(extractArticle(html, FERRY_URL));
      expect(extractor.usesThreads).toBe(false);
      await expect(extractor.extract(html, FERRY_URL)).resolves.toMatchObject({ isArticle: true });
      expect(logger.warnings).toEqual(['Pages are read on the main thread: an extractor thread could not start']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects what is not yet read when closed, and reads nothing after', async () => {
    const extractor = pool({ size: 1 });
    const html = page('harbour-ferry.html');
    const pending = Promise.allSettled([extractor.extract(html, FERRY_URL), extractor.extract(html, FERRY_URL)]);
    await extractor.close();
    for (const result of await pending) expect(result).toMatchObject({ status: 'rejected', reason: { code: 'internal' } });
    await expect(extractor.extract(html, FERRY_URL)).rejects.toMatchObject({ message: 'Broadsheet is closing; the page was not read.' });
  });

  it('finds its worker beside itself: TypeScript in the source tree, JavaScript beside a bundle, unpacked beside an asar archive', () => {
    expect(defaultWorkerUrl('file:///app/electron/core/articles/extractor-pool.ts').href).toBe('file:///app/electron/core/articles/extract-article-worker.ts');
    expect(defaultWorkerUrl('file:///app/dist/main/main.js').href).toBe('file:///app/dist/main/extract-article-worker.mjs');
    expect(defaultWorkerUrl('file:///opt/Broadsheet/resources/app.asar/dist/main/main.js').href).toBe(
      'file:///opt/Broadsheet/resources/app.asar.unpacked/dist/main/extract-article-worker.mjs',
    );
  });
});
