// `npm run bench -- library [--fresh] [--articles N] [--keep]`: Broadsheet at
// 100,000 articles. Generates (or reuses) a library of N articles across 500
// feeds, serves it with `broadsheet serve`, and measures in Chromium what a
// reader feels: the first article-list paint, switching views and feeds,
// opening an article, search (server side and to results shown), scrolling a
// thousand rows, and the host's resident memory. It prints each figure beside
// its target and asserts nothing about time; the last line is one JSON object.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { openLibrary, type Library } from '../../core/library.ts';
import { createConfSettingsStore } from '../../core/settings-conf.ts';
import type { SearchQuery, View } from '../../shared/models.ts';
import { copyLibrary, ensureLibrary } from './library/cached-library.ts';
import { startHostProcess, type HostProcess } from './library/host-process.ts';
import { PAGE_HELPERS } from './library/page-script.ts';
import { median, percentile, rounded } from './library/stats.ts';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
/** What the renderer asks for (renderer/state/search-store.ts). */
const UI_SEARCH_LIMIT = 100;
const SERVER_SEARCH_ROUNDS = 15;

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (value: number | null) => (value === null || !Number.isFinite(value) ? 'not measured' : `${value.toFixed(1)} ms`);
/** "  label ........ figure   (target …)" */
const figure = (label: string, value: string, target = '') => out(`  ${label.padEnd(40, ' ')} ${value.padStart(14)}${target ? `   (target ${target})` : ''}`);

interface Options {
  fresh: boolean;
  articles: number;
  keep: boolean;
}

function parseOptions(args: string[]): Options {
  const options: Options = { fresh: false, articles: 100_000, keep: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--fresh') options.fresh = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--articles') {
      const n = Number(args[(i += 1)]);
      if (!Number.isInteger(n) || n < 1_000 || n > 1_000_000) throw new Error('--articles takes a whole number from 1000 to 1000000.');
      options.articles = n;
    } else throw new Error(`Unknown option "${arg}". Usage: npm run bench -- library [--fresh] [--articles N] [--keep]`);
  }
  return options;
}

/** The newest file under `dir` (tests excluded), to tell whether the built renderer is stale. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when its sources are newer than the build, so the figures are of the code as it is. */
function ensureRendererBuilt(): void {
  const index = path.join(projectRoot, 'dist/renderer/index.html');
  let built: number;
  try {
    built = statSync(index).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > newestSource(path.join(projectRoot, 'renderer'))) return;
  out('Building the renderer (its sources changed since the last build)…');
  const result = spawnSync('npm', ['run', 'build:renderer'], { cwd: projectRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build:renderer failed:\n${result.stdout}\n${result.stderr}`);
}

interface ServerFigures {
  searchSamples: number[];
  perQuery: Array<{ query: string; p50: number; total: number }>;
  listMs: number;
  countsMs: number | null;
  articleMs: number;
  sourcesMs: number;
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

/** Typical searches: common words, prefixes as typed, two-word queries, phrases, a feed's name and an author. */
async function typicalQueries(library: Library): Promise<string[]> {
  const fixed = ['climate', 'election', 'harbour', 'harb', 'elect', 'vacc', 'river flood', 'solar battery', 'prime minister', '"interest rates"', 'football season', 'museum exhibition', 'rail strike', 'wildfire', 'artificial intelligence', 'housing crisis', 'ferry'];
  const sources = await library.listSources();
  const feed = sources[Math.floor(sources.length / 3)]?.title.split(' ')[1] ?? 'Gazette';
  const first = await library.listArticles({ view: 'all', limit: 5 });
  const author = first.items.find((a) => a.author)?.author?.split(' ')[1] ?? 'Nakamura';
  return [...fixed, feed, author, 'zzqx'];
}

async function measureServer(library: Library, queries: string[]): Promise<ServerFigures> {
  const searchSamples: number[] = [];
  const perQuery: ServerFigures['perQuery'] = [];
  for (const query of queries) {
    const request: SearchQuery = { query, view: 'all', limit: UI_SEARCH_LIMIT };
    const warm = await library.search(request);
    const samples: number[] = [];
    for (let i = 0; i < SERVER_SEARCH_ROUNDS; i += 1) samples.push((await time(() => library.search(request))).ms);
    searchSamples.push(...samples);
    perQuery.push({ query, p50: median(samples), total: warm.total });
  }
  const list = await time(() => library.listArticles({ view: 'all', limit: 100 }));
  for (let i = 0; i < 4; i += 1) await library.listArticles({ view: 'unread', limit: 100 });
  const lists: number[] = [];
  for (const view of ['all', 'unread', 'bookmarked', 'saved', 'archive'] as View[]) lists.push((await time(() => library.listArticles({ view, limit: 100 }))).ms);
  let countsMs: number | null;
  try {
    await library.getCounts();
    countsMs = median(await Promise.all([0, 1, 2, 3, 4].map(async () => (await time(() => library.getCounts())).ms)));
  } catch {
    countsMs = null;
  }
  const firstId = list.value.items[10]?.id ?? list.value.items[0]?.id ?? 1;
  const article = await time(() => library.getArticle(firstId));
  const sourcesTime = await time(() => library.listSources());
  return { searchSamples, perQuery, listMs: median(lists), countsMs, articleMs: article.ms, sourcesMs: sourcesTime.ms };
}

interface UiFigures {
  firstPaintMs: number | null;
  firstPaintColdMs: number | null;
  switchMs: number | null;
  openMs: number | null;
  uiSearchP50: number | null;
  uiSearchP95: number | null;
  /** Medians of the pause before the request, the request, and drawing the results. */
  uiSearchParts: { waitMs: number; requestMs: number; drawMs: number } | null;
  scroll: { rowsScrolled: number; longTasks: number; longTasksOver50: number; longestTaskMs: number; ms: number } | null;
  problems: string[];
}

type Bench = {
  switchTo(label: string, expected: string): Promise<number>;
  open(title: string): Promise<number>;
  search(query: string, expected: string[], none: boolean): Promise<{ ms: number; waitMs: number; requestMs: number; drawMs: number }>;
  clearSearch(expected: string): Promise<void>;
  scroll(rows: number): Promise<NonNullable<UiFigures['scroll']> & { rowHeight: number; renderedRows: number }>;
  firstRowText(): string | null;
};
/** Calls a helper from page-script.ts inside the page. */
function inPage<K extends keyof Bench>(page: Page, name: K, ...args: Parameters<Bench[K]>): Promise<Awaited<ReturnType<Bench[K]>>> {
  return page.evaluate(
    ([n, a]) => {
      const bench = (globalThis as unknown as { __bench: Record<string, (...x: unknown[]) => unknown> }).__bench;
      return bench[n as string]?.(...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<Bench[K]>>>;
}

/**
 * A person glances at what appeared before the next click; the pause also lets
 * the work an action sets off afterwards (marking read, reloading counts) finish,
 * so each timing is of one action, not of a pile-up.
 */
const settle = (page: Page) => page.waitForTimeout(400);

async function firstPaint(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => (globalThis as unknown as { __bsFirstRowAt: number | null }).__bsFirstRowAt, undefined, { timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

async function measureUi(page: Page, host: HostProcess, library: Library, queries: string[]): Promise<UiFigures> {
  const problems: string[] = [];
  const figures: UiFigures = { firstPaintMs: null, firstPaintColdMs: null, switchMs: null, openMs: null, uiSearchP50: null, uiSearchP95: null, uiSearchParts: null, scroll: null, problems };
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  const newest = async (view: View, sourceId?: number) =>
    (await library.listArticles({ view, limit: 12, ...(sourceId !== undefined ? { sourceId } : {}) })).items;

  await attempt('first paint', async () => {
    const paints: number[] = [];
    for (let i = 0; i < 5; i += 1) paints.push(await firstPaint(page, host.url));
    figures.firstPaintColdMs = paints[0] ?? null;
    figures.firstPaintMs = median(paints.slice(1));
  });

  await attempt('switching views and feeds', async () => {
    const sources = await library.listSources();
    const bySize = [...sources].sort((a, b) => b.articleCount - a.articleCount);
    const feeds = [bySize[0], bySize[3], bySize[Math.floor(bySize.length / 2)], bySize[bySize.length - 1], bySize[20], bySize[100]].filter((s) => s !== undefined);
    const targets: Array<{ label: string; view: View; sourceId?: number }> = [
      { label: 'Unread', view: 'unread' },
      { label: 'Bookmarks', view: 'bookmarked' },
      { label: 'All articles', view: 'all' },
      { label: 'Saved', view: 'saved' },
      { label: 'Archive', view: 'archive' },
      ...feeds.map((s) => ({ label: s.title, view: 'all' as View, sourceId: s.id })),
      { label: 'All articles', view: 'all' },
    ];
    const times: number[] = [];
    for (const target of targets) {
      const expected = (await newest(target.view, target.sourceId))[0]?.title;
      if (!expected) continue;
      times.push(await inPage(page, 'switchTo', target.label, expected));
      await settle(page);
    }
    figures.switchMs = median(times);
  });

  await attempt('opening articles', async () => {
    const items = await newest('all');
    const times: number[] = [];
    for (const item of items.slice(1, 11)) {
      times.push(await inPage(page, 'open', item.title));
      await settle(page);
    }
    figures.openMs = median(times);
  });

  await attempt('search in the window', async () => {
    const home = (await newest('all'))[0]?.title ?? '';
    const times: number[] = [];
    const parts = { waitMs: [] as number[], requestMs: [] as number[], drawMs: [] as number[] };
    for (const query of queries) {
      const result = await library.search({ query, view: 'all', limit: UI_SEARCH_LIMIT });
      const shown = await inPage(page, 'search', query, result.items.slice(0, 3).map((i) => i.title), result.items.length === 0);
      times.push(shown.ms);
      parts.waitMs.push(shown.waitMs);
      parts.requestMs.push(shown.requestMs);
      parts.drawMs.push(shown.drawMs);
      await inPage(page, 'clearSearch', home);
      await settle(page);
    }
    figures.uiSearchP50 = median(times);
    figures.uiSearchP95 = percentile(times, 95);
    figures.uiSearchParts = { waitMs: median(parts.waitMs), requestMs: median(parts.requestMs), drawMs: median(parts.drawMs) };
  });

  await attempt('scrolling', async () => {
    const first = (await newest('all'))[0]?.title ?? '';
    await inPage(page, 'switchTo', 'All articles', first).catch(() => 0);
    figures.scroll = await inPage(page, 'scroll', 1_000);
  });
  return figures;
}

export async function run(args: string[]): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  out(`Library benchmark: ${options.articles.toLocaleString('en')} articles across 500 feeds`);
  const generation = performance.now();
  const generated = ensureLibrary(options.articles, options.fresh, out);
  out(
    generated.fromCache
      ? `Library from cache (generated ${generated.generatedAt} in ${generated.seconds.toFixed(1)} s; --fresh to regenerate)`
      : `Library generated in ${((performance.now() - generation) / 1000).toFixed(1)} s`,
  );
  out(`  ${generated.articles.toLocaleString('en')} articles, ${(generated.words / 1e6).toFixed(1)} million words, ${generated.unread.toLocaleString('en')} unread, ${generated.bookmarked} bookmarked, ${generated.saved} saved`);
  ensureRendererBuilt();

  const runDir = path.join(tmpdir(), 'broadsheet-bench', `run-${process.pid}`);
  copyLibrary(options.articles, runDir);
  // The same library opened in this process, for expected titles and the server-side timings.
  const library = openLibrary({ dataDir: runDir, settings: createConfSettingsStore({ cwd: runDir }) });
  let host: HostProcess | null = null;
  let browser: Browser | null = null;
  try {
    const queries = await typicalQueries(library);
    out('');
    out(`Server side (the Library called directly, ${SERVER_SEARCH_ROUNDS} rounds of ${queries.length} queries after a warm-up):`);
    const server = await measureServer(library, queries).catch((error: unknown) => {
      out(`  not measured: ${(error as Error).message}`);
      return null;
    });
    if (server) {
      figure('search p50', ms(percentile(server.searchSamples, 50)));
      figure('search p95', ms(percentile(server.searchSamples, 95)), '< 20 ms');
      const slowest = [...server.perQuery].sort((a, b) => b.p50 - a.p50).slice(0, 4);
      out(`    slowest: ${slowest.map((q) => `${q.query} ${q.p50.toFixed(1)} ms (${q.total.toLocaleString('en')} hits)`).join(' · ')}`);
      figure('list a view (100 rows), median', ms(server.listMs));
      figure('view counts', ms(server.countsMs));
      figure('one article', ms(server.articleMs));
      figure('sources with unread counts', ms(server.sourcesMs));
    }

    host = await startHostProcess(runDir);
    out('');
    out(`Host: broadsheet serve, pid ${host.pid}, ${host.memory()?.rssMB.toFixed(0) ?? '?'} MB resident at start`);
    browser = await chromium.launch({ executablePath: process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: PAGE_HELPERS });
    const page = await context.newPage();
    const ui = await measureUi(page, host, library, queries);
    const memory = host.memory();

    out('');
    out('In Chromium:');
    figure('first article-list paint (median of 4)', ms(ui.firstPaintMs), '< 1000 ms');
    figure('  first load after start', ms(ui.firstPaintColdMs));
    figure('switch view or feed (median)', ms(ui.switchMs), '< 100 ms');
    figure('open an article (median)', ms(ui.openMs), '< 50 ms');
    figure('search to results shown p50', ms(ui.uiSearchP50));
    figure('search to results shown p95', ms(ui.uiSearchP95));
    if (ui.uiSearchParts) {
      const p = ui.uiSearchParts;
      out(`    of which (medians): pause after typing ${ms(p.waitMs)} · request ${ms(p.requestMs)} · drawing ${ms(p.drawMs)}`);
    }
    if (ui.scroll) {
      figure(`scroll ${ui.scroll.rowsScrolled} rows: long tasks > 50 ms`, String(ui.scroll.longTasksOver50), '0');
      figure('  longest task while scrolling', ms(ui.scroll.longestTaskMs));
    } else figure('scroll 1,000 rows', 'not measured');
    figure('host resident memory', memory ? `${memory.rssMB.toFixed(0)} MB` : 'not measured', '< 250 MB');
    if (memory) figure('  host peak resident memory', `${memory.peakMB.toFixed(0)} MB`);
    for (const problem of ui.problems) out(`  not measured: ${problem}`);
    out(
      JSON.stringify({
        articles: generated.articles,
        firstPaintMs: rounded(ui.firstPaintMs),
        switchMs: rounded(ui.switchMs),
        openMs: rounded(ui.openMs),
        searchP50Ms: rounded(server ? percentile(server.searchSamples, 50) : null, 2),
        searchP95Ms: rounded(server ? percentile(server.searchSamples, 95) : null, 2),
        longTasksOver50: ui.scroll ? ui.scroll.longTasksOver50 : null,
        rssMB: rounded(memory?.rssMB ?? null, 0),
      }),
    );
  } finally {
    await browser?.close().catch(() => {});
    await host?.stop();
    library.close();
    if (!options.keep) rmSync(runDir, { recursive: true, force: true });
    else out(`(library copy kept in ${runDir})`);
  }
}
