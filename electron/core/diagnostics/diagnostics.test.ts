import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiagnosticsSchema } from '../../shared/models.ts';
import { openLibrary, type Library } from '../library.ts';
import type { Logger } from '../logger.ts';
import { createConfSettingsStore } from '../settings-conf.ts';
import { openMemoryDatabase } from '../store/database.ts';
import { LATEST_VERSION } from '../store/migrations.ts';
import { addArticle, addFeed, addSavedPage } from '../testing/library-rows.ts';
import { startLocalServer, serveFeed, type LocalServer } from '../testing/local-server.ts';
import { pngBytes } from '../testing/test-images.ts';
import { collectDiagnostics, diagnosticsText } from './diagnostics.ts';
import { RecordingLogger } from './recent-log.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');
/** The one image the saved page has. */
const IMAGE = pngBytes(40, 30, 4);
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-diagnostics-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('collectDiagnostics', () => {
  it('reports versions, exact sizes of the library files and counts of what it holds', async () => {
    const db = openMemoryDatabase();
    const feed = addFeed(db, 'Harbour news');
    addArticle(db, feed, { title: 'One' });
    const bookmarked = addArticle(db, feed, { title: 'Two' });
    db.sql.prepare('UPDATE articles SET bookmarked = 1, bookmarked_at = ? WHERE id = ?').run(NOW.toISOString(), bookmarked);
    addSavedPage(db, { title: 'Three' });
    writeFileSync(join(dataDir, 'library.db'), Buffer.alloc(4096));
    writeFileSync(join(dataDir, 'library.db-wal'), Buffer.alloc(1000));
    writeFileSync(join(dataDir, 'library.db-shm'), Buffer.alloc(32768));
    mkdirSync(join(dataDir, 'assets', 'ab'), { recursive: true });
    mkdirSync(join(dataDir, 'assets', 'cd'), { recursive: true });
    writeFileSync(join(dataDir, 'assets', 'ab', 'one.png'), Buffer.alloc(300));
    writeFileSync(join(dataDir, 'assets', 'cd', 'two.png'), Buffer.alloc(700));
    mkdirSync(join(dataDir, 'backups'));
    writeFileSync(join(dataDir, 'backups', 'broadsheet-backup-x.tar.gz'), Buffer.alloc(2048));

    const report = await collectDiagnostics({
      db,
      dataDir,
      appVersion: '1.2.3',
      program: 'app',
      recentErrors: [{ at: NOW.toISOString(), level: 'error', message: 'A backup failed: Error: ENOSPC' }],
      now: NOW,
      runtime: {
        versions: { electron: '39.2.0', chrome: '142.0.7444.59', node: '22.20.0', v8: '14.2.231.14-electron.0' },
        platform: 'darwin',
        release: '24.6.0',
        arch: 'arm64',
      },
    });

    expect(DiagnosticsSchema.parse(report)).toEqual(report);
    expect(report.versions).toEqual({
      broadsheet: '1.2.3',
      shell: 'Electron app',
      electron: '39.2.0',
      chrome: '142.0.7444.59',
      node: '22.20.0',
      v8: '14.2.231.14-electron.0',
      sqlite: expect.stringMatching(/^3\.\d+\.\d+$/),
      os: 'darwin 24.6.0 (arm64)',
    });
    expect(report.data).toEqual({
      databaseBytes: 4096 + 1000,
      imagesBytes: 1000,
      backupsBytes: 2048,
      sources: 1,
      articles: 3,
      bookmarked: 1,
      saved: 1,
      images: 2,
      schemaVersion: LATEST_VERSION,
    });
    expect(report.generatedAt).toBe(NOW.toISOString());
    expect(report.text).toContain('Broadsheet: 1.2.3');
    expect(report.text).toContain('Electron: 39.2.0');
    expect(report.text).toContain('Chromium: 142.0.7444.59');
    expect(report.text).toContain('Images: 2 files, 1000 bytes');
    expect(report.text).toContain('Articles: 3 (1 bookmarked, 1 saved pages)');
    expect(report.text).toContain(`${NOW.toISOString()} error A backup failed: Error: ENOSPC`);
    db.close();
  });

  it('reads an empty, new library folder without failing', async () => {
    const db = openMemoryDatabase();
    const report = await collectDiagnostics({ db, dataDir: join(dataDir, 'missing'), appVersion: '1.2.3', program: 'cli', recentErrors: [], now: NOW });
    expect(report.data).toMatchObject({ databaseBytes: 0, imagesBytes: 0, backupsBytes: 0, images: 0, articles: 0 });
    expect(report.versions['node']).toBe(process.versions.node);
    expect(report.versions['shell']).toBe('command line');
    expect(report.text).toContain('None since Broadsheet started.');
    db.close();
  });
});

describe('diagnosticsText', () => {
  it('writes sizes readably and exactly', () => {
    const text = diagnosticsText({
      generatedAt: NOW.toISOString(),
      versions: { broadsheet: '1.0.0', shell: 'web host' },
      data: { databaseBytes: 5 * 1024 * 1024 + 1, imagesBytes: 512, backupsBytes: 0, sources: 0, articles: 0, bookmarked: 0, saved: 0, images: 1, schemaVersion: 5 },
      recentErrors: [],
    });
    expect(text).toContain('Database: 5.0 MB (5242881 bytes), schema version 5');
    expect(text).toContain('Images: 1 file, 512 bytes');
    expect(text).toContain('Running as: web host');
  });
});

describe('Library.getDiagnostics', () => {
  let server: LocalServer;
  let library: Library | null = null;

  // Words, titles and addresses no diagnostics may ever carry.
  const SECRETS = {
    feedTitle: 'Quokka Regatta Chronicle',
    titles: ['Marmalade lighthouse keeper retires', 'Zephyrine ferry timetable', 'Saved: the ossuary of Wexcombe'],
    text: ['pomegranate', 'obsidian', 'wexcombe'],
    paths: ['/feeds/private-feed.xml', '/stories/secret-path-xyz', 'token=tok123', '/pages/wexcombe-ossuary.html'],
  };

  beforeEach(async () => {
    server = await startLocalServer();
    const items = SECRETS.titles.slice(0, 2).map(
      (title, n) =>
        `<item><title>${title}</title><guid>g${n}</guid><link>${server.url(`/stories/secret-path-xyz-${n}?token=tok123`)}</link>
         <description><![CDATA[<p>The pomegranate harbour and its obsidian pier, part ${n}.</p><img src="/img/p${n}.png">]]></description></item>`,
    );
    server.route(
      '/feeds/private-feed.xml',
      serveFeed(`<?xml version="1.0"?><rss version="2.0"><channel><title>${SECRETS.feedTitle}</title><link>/</link>${items.join('')}</channel></rss>`),
    );
    server.route('/img/saved.png', (_request, response) => response.writeHead(200, { 'content-type': 'image/png' }).end(IMAGE));
    const paragraph = 'The Wexcombe ossuary holds pomegranate carvings and obsidian tablets that few visitors have seen in a century of quiet.';
    server.route(
      '/pages/wexcombe-ossuary.html',
      serveFeed(
        `<!doctype html><html><head><title>${SECRETS.titles[2]}</title></head><body><article><h1>${SECRETS.titles[2]}</h1>
         <p><img src="/img/saved.png" alt="A carving" width="400" height="300"></p>
         ${Array.from({ length: 6 }, () => `<p>${paragraph}</p>`).join('')}</article></body></html>`,
        'text/html; charset=utf-8',
      ),
    );
  });

  afterEach(async () => {
    library?.close();
    library = null;
    await server.close();
  });

  it('reports counts and sizes of a library full of articles, but not one of its titles, words or addresses', async () => {
    const recent = new RecordingLogger(quiet, { now: () => NOW });
    const settings = createConfSettingsStore({ cwd: dataDir });
    settings.update({ downloadFullArticles: 'never' });
    library = openLibrary({ dataDir, settings, now: () => NOW, logger: recent, recentLog: recent, appVersion: '9.8.7', program: 'web-host' });

    const source = await library.addFeed(server.url('/feeds/private-feed.xml'));
    const [first] = (await library.listArticles({ view: 'all', limit: 10 })).items;
    await library.setBookmarked(first!.id, true);
    await library.saveUrl(server.url('/pages/wexcombe-ossuary.html'));
    await library.createBackup();
    // A problem as the library logs one: its address comes with a path and a token.
    recent.error('Refreshing a feed failed', {
      feedUrl: server.url('/feeds/private-feed.xml?token=tok123'),
      error: `Error: GET ${server.url('/stories/secret-path-xyz?token=tok123')} answered 500`,
    });

    const report = await library.getDiagnostics();
    expect(DiagnosticsSchema.parse(report)).toEqual(report);
    expect(report.versions).toMatchObject({ broadsheet: '9.8.7', shell: 'web host', node: process.versions.node });
    expect(report.data).toMatchObject({ sources: 1, articles: 3, bookmarked: 1, saved: 1, images: 1 });
    expect(report.data.databaseBytes).toBeGreaterThanOrEqual(statSync(join(dataDir, 'library.db')).size);
    expect(report.data.imagesBytes).toBe(IMAGE.byteLength);
    expect(report.data.backupsBytes).toBeGreaterThan(0);
    expect(report.recentErrors).toEqual([
      { at: NOW.toISOString(), level: 'error', message: 'Refreshing a feed failed: Error: GET <address> answered 500' },
    ]);

    const everything = JSON.stringify(report).toLowerCase();
    const host = new URL(server.origin).host;
    for (const secret of [SECRETS.feedTitle, source.title, ...SECRETS.titles, ...SECRETS.text, ...SECRETS.paths, dataDir, host]) {
      expect(everything).not.toContain(secret.toLowerCase());
    }
  });

  it('is refused once the library is closed, like every other call', async () => {
    library = openLibrary({ dataDir, settings: createConfSettingsStore({ cwd: dataDir }), appVersion: '9.8.7' });
    library.close();
    await expect(library.getDiagnostics()).rejects.toMatchObject({ code: 'storage_failed' });
    library = null;
  });
});
