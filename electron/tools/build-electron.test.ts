// Builds the real main and preload bundles and starts the main bundle under
// plain Node, with electron/main/testing/fake-electron.ts answering for 'electron' (no
// Electron binary exists on CI machines). What is real: the bundle, its
// ESM/CJS interop, electron-store, the core library on disk, the app
// protocol and the IPC router, and a feed fetched over HTTP.
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { defaultWorkerUrl as defaultDatabaseWorkerUrl } from '../core/store/database-thread.ts';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, ipcChannel, ipcEventChannel } from '../shared/api.ts';
import { buildElectron } from './build-electron.ts';
import { CONTENT_SECURITY_POLICY } from '../core/app-files.ts';
import { defaultWorkerUrl, FeedReaderPool, READ_FEED_WORKER } from '../core/feeds/feed-reader-pool.ts';
import { ArticleExtractorPool, defaultWorkerUrl as defaultExtractorWorkerUrl, EXTRACT_ARTICLE_WORKER } from '../core/articles/extractor-pool.ts';

const run = promisify(execFile);
const driver = fileURLToPath(new URL('../main/testing/run-bundle.ts', import.meta.url));

type Call = { api: string; args: unknown[] };
let out: string;
let report: Record<string, unknown> & { calls: Call[] };

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'bs-bundle-'));
  await buildElectron({ outDir: out });
  await mkdir(path.join(out, 'renderer'));
  await writeFile(path.join(out, 'renderer', 'index.html'), '<!doctype html><title>Broadsheet</title>');
  const { stdout } = await run(process.execPath, [driver, path.join(out, 'main', 'main.js')], {
    env: { ...process.env, BROADSHEET_DATA_DIR: path.join(out, 'data') },
    timeout: 30_000,
  });
  report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}, 60_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const apis = () => report.calls.map((call) => call.api);

describe('main bundle', () => {
  it('produces a single-file CommonJS preload that requires nothing but electron', async () => {
    const preload = await readFile(path.join(out, 'preload', 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld');
  });

  it('bundles the feed reader thread where the main bundle looks for it, and that thread reads feeds', async () => {
    const mainBundle = path.join(out, 'main', 'main.js');
    expect(await readFile(mainBundle, 'utf8')).toContain(READ_FEED_WORKER);
    const readers = new FeedReaderPool({ size: 1, workerUrl: defaultWorkerUrl(pathToFileURL(mainBundle).href) });
    try {
      const feed = await readers.read(
        '<rss version="2.0"><channel><title>Quay</title><item><title>Tide</title><description>&lt;p onclick="x()"&gt;High&lt;/p&gt;</description></item></channel></rss>',
        'https://news.example/feed',
        new Date(),
      );
      expect(feed).toMatchObject({ title: 'Quay', items: [{ title: 'Tide', contentHtml: '<p>High</p>', text: 'High' }] });
      // Read on the bundled thread, not by falling back to the calling one.
      expect(readers.usesThreads).toBe(true);
    } finally {
      await readers.close();
    }
  });

  it('bundles the article extractor thread where the main bundle looks for it, and that thread extracts pages', async () => {
    const mainBundle = path.join(out, 'main', 'main.js');
    expect(await readFile(mainBundle, 'utf8')).toContain(EXTRACT_ARTICLE_WORKER);
    const extractors = new ArticleExtractorPool({ size: 1, workerUrl: defaultExtractorWorkerUrl(pathToFileURL(mainBundle).href) });
    try {
      const story = Array.from({ length: 6 }, (_, i) => `<p>The harbour master said crossing ${i + 1} ran on time despite the wind and the tide, and the new ferry kept its timetable all week.</p>`).join('');
      const article = await extractors.extract(
        `<html><head><title>Ferry keeps time</title></head><body><nav><a href="/">Home</a></nav><article><h1>Ferry keeps time</h1>${story}<p onclick="x()">Fares are <a href="/fares">unchanged</a>.</p><script>alert(1)</script></article></body></html>`,
        'https://courier.example/news/ferry',
      );
      expect(article).toMatchObject({ isArticle: true, title: 'Ferry keeps time' });
      expect(article.contentHtml).toContain('href="https://courier.example/fares"');
      expect(article.contentHtml).not.toMatch(/onclick|script/);
      // Extracted on the bundled thread, not by falling back to the calling one.
      expect(extractors.usesThreads).toBe(true);
    } finally {
      await extractors.close();
    }
  });

  it('bundles the database thread where the main bundle looks for it, and that thread checks a library', async () => {
    const mainBundle = path.join(out, 'main', 'main.js');
    const workerUrl = defaultDatabaseWorkerUrl(pathToFileURL(mainBundle).href);
    const library = path.join(out, 'worker-check.db');
    const sql = new DatabaseSync(library);
    sql.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    sql.close();
    // Started directly, so a thread that cannot load fails here instead of falling back to this one.
    const worker = new Worker(workerUrl, { workerData: { kind: 'check', path: library } });
    const messages: unknown[] = await new Promise((resolve, reject) => {
      const seen: unknown[] = [];
      worker.on('message', (message: unknown) => {
        seen.push(message);
        if (seen.length === 2) resolve(seen);
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    expect(messages).toEqual([{ kind: 'ready' }, { kind: 'done', result: { kind: 'checked', problems: [] } }]);
  });

  it('uses the data dir from BROADSHEET_DATA_DIR before taking the single-instance lock', () => {
    const setPath = report.calls.find((c) => c.api === 'app.setPath');
    expect(setPath?.args).toEqual(['userData', path.join(out, 'data')]);
    const lock = report.calls.find((c) => c.api === 'app.requestSingleInstanceLock');
    expect(lock?.args).toEqual([path.join(out, 'data')]);
    expect(apis().indexOf('app.setPath')).toBeLessThan(apis().indexOf('app.requestSingleInstanceLock'));
  });

  it('registers the app scheme as privileged before ready, then serves the renderer with the CSP', () => {
    const registered = report.calls.find((c) => c.api === 'protocol.registerSchemesAsPrivileged');
    expect(registered?.args[1]).toEqual({ ready: false });
    expect(report.protocol).toEqual({
      status: 200,
      type: 'text/html; charset=utf-8',
      csp: CONTENT_SECURITY_POLICY,
      body: '<!doctype html><title>Broadsheet</title>',
    });
  });

  it('opens a locked-down window on the app origin with the built preload', () => {
    expect(report.window).toEqual({
      url: 'app://broadsheet/index.html',
      webPreferences: expect.objectContaining({
        preload: path.join(out, 'preload', 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
      }),
      backgroundColor: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(apis()).toContain('session.setPermissionRequestHandler');
    expect(apis()).toContain('Menu.setApplicationMenu');
  });

  it('routes the whole contract over IPC to the real library', () => {
    expect(report.channels).toEqual(methodNames.map(ipcChannel).sort());
    expect(report.listSources).toEqual({ ok: true, value: [] });
    expect(report.getSettings).toMatchObject({ ok: true, value: { theme: 'system' } });
    expect(report.foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(report.invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(report.addFeed).toMatchObject({ ok: true, value: { title: 'The Harbour Gazette', unreadCount: 1 } });
    expect(report.listArticles).toMatchObject({
      ok: true,
      value: { items: [{ title: 'Ferry timetable changes for winter', read: false }] },
    });
    expect(report.sentChannels).toContain(ipcEventChannel('libraryChanged'));
  });

  it('keeps preferences in settings.json in the data dir and applies the theme', async () => {
    expect(report.themeSource).toBe('dark');
    const saved = JSON.parse(await readFile(path.join(out, 'data', 'settings.json'), 'utf8'));
    expect(saved.theme).toBe('dark');
  });

  it('quits when the last window closes (outside macOS) and closes the library on quit', () => {
    if (process.platform !== 'darwin') expect(apis()).toContain('app.quit');
    expect(report.afterQuit).toMatchObject({ ok: false, error: { code: 'storage_failed' } });
  });
});
