// The refresh benchmark: N feeds on loopback sites, refreshed through the real
// Library (its fetcher, parser, sanitiser and store), first cold (every feed
// new, all 200s) and then warm (nothing changed, all 304s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLibrary, type Library } from '../../../core/library.ts';
import type { Logger } from '../../../core/logger.ts';
import { createConfSettingsStore } from '../../../core/settings-conf.ts';
import { openDatabase } from '../../../core/store/database.ts';
import { insertSource } from '../../../core/store/sources-repo.ts';
import type { RefreshResult } from '../../../shared/models.ts';
import { startFeedServer, type FeedServer } from './feed-server.ts';
import { generateFeed } from './generate-feeds.ts';

export interface RefreshRun {
  seconds: number;
  /** CPU time this process used meanwhile (user + system): on a busy machine, closer to what an idle one would take. */
  cpuSeconds: number;
  result: RefreshResult;
  /** What the server answered, by status. */
  answered: Record<number, number>;
  /** Articles in the library afterwards (counted, not taken from the result). */
  articlesStored: number;
  /** The feeds' last errors after the run, most common first, with how many feeds had each. */
  errors: Array<{ message: string; feeds: number }>;
  /** What the Library logged as warnings and errors during the run, most frequent first. */
  logged: Array<{ message: string; times: number }>;
}

/** Counts what the Library logs, so a failing run says why in the benchmark's output. */
class CountingLogger implements Logger {
  readonly lines = new Map<string, number>();
  info(): void {}
  warn(message: string, details?: Record<string, unknown>): void {
    this.error(message, details);
  }
  error(message: string, details?: Record<string, unknown>): void {
    const line = details?.error === undefined ? message : `${message}: ${String(details.error)}`;
    this.lines.set(line, (this.lines.get(line) ?? 0) + 1);
  }
  take(): RefreshRun['logged'] {
    const lines = [...this.lines].map(([message, times]) => ({ message, times })).sort((a, b) => b.times - a.times);
    this.lines.clear();
    return lines;
  }
}

export interface RefreshFigures {
  feeds: number;
  hosts: number;
  items: number;
  megabytes: number;
  cold: RefreshRun;
  warm: RefreshRun;
}

const CONTENT_TYPES = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8' } as const;

/** Serves `feeds` feeds spread evenly over the server's hosts; returns their addresses and sizes. */
function publish(server: FeedServer, feeds: number, now: Date): { urls: string[]; items: number; bytes: number } {
  const urls: string[] = [];
  let items = 0;
  let bytes = 0;
  server.origins.forEach((origin, host) => {
    const served = [];
    for (let index = host; index < feeds; index += server.origins.length) {
      const feed = generateFeed(index, origin, now);
      served.push({ path: feed.path, body: feed.body, contentType: CONTENT_TYPES[feed.format] });
      urls[index] = `${origin}${feed.path}`;
      items += feed.items;
      bytes += Buffer.byteLength(feed.body);
    }
    server.serve(origin, served);
  });
  return { urls, items, bytes };
}

/** The sources exist before the Library opens, never fetched, as after a sync or a restore. */
function createSources(dataDir: string, urls: readonly string[], now: Date): void {
  const db = openDatabase(dataDir);
  try {
    db.transaction(() => {
      urls.forEach((feedUrl, i) => {
        insertSource(db, { title: `Feed ${i + 1}`, feedUrl, siteUrl: null, description: null, etag: null, lastModified: null, lastFetchedAt: null, createdAt: now.toISOString() });
      });
    });
  } finally {
    db.close();
  }
}

/** One refresh of everything, timed from the call until the refresh says it has finished. */
async function timedRefresh(library: Library, server: FeedServer, logger: CountingLogger): Promise<RefreshRun> {
  server.resetCounts();
  logger.take();
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const unsubscribe = library.on('refreshProgress', (progress) => {
    if (!progress.running) finished();
  });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    const [result] = await Promise.all([library.refresh(), done]);
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const answered = server.answered();
    const sources = await library.listSources();
    const errors = new Map<string, number>();
    for (const source of sources) if (source.lastError) errors.set(source.lastError, (errors.get(source.lastError) ?? 0) + 1);
    return {
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      result,
      answered,
      articlesStored: sources.reduce((sum, s) => sum + s.articleCount, 0),
      errors: [...errors].map(([message, feeds]) => ({ message, feeds })).sort((a, b) => b.feeds - a.feeds),
      logged: logger.take(),
    };
  } finally {
    unsubscribe();
  }
}

export async function measureRefresh(feeds: number, hosts: number): Promise<RefreshFigures> {
  const server = await startFeedServer(hosts);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'broadsheet-bench-feeds-'));
  let library: Library | null = null;
  try {
    const now = new Date();
    const published = publish(server, feeds, now);
    createSources(dataDir, published.urls, now);
    const logger = new CountingLogger();
    library = openLibrary({ dataDir, settings: createConfSettingsStore({ cwd: dataDir }), logger });
    // Only feeds are measured: no full-article downloads after the refresh.
    await library.updateSettings({ downloadFullArticles: 'never' });
    const cold = await timedRefresh(library, server, logger);
    const warm = await timedRefresh(library, server, logger);
    return { feeds, hosts: server.origins.length, items: published.items, megabytes: published.bytes / 1e6, cold, warm };
  } finally {
    library?.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
