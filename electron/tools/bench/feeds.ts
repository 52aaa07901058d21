// `npm run bench -- feeds [--rounds N] [--feeds N] [--hosts N] [--only parse|refresh]`:
// (a) parse throughput over the shared corpus's feed files, Broadsheet's
// parseFeed beside rss-parser in the same run on the same files; (b) a refresh
// of N feeds from loopback servers through the real Library, cold (200s) and
// warm (304s). It prints each figure beside its target and asserts nothing
// about time; the last line is one JSON object.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFeedCorpus, type CorpusFeed } from './feeds/corpus.ts';
import { generateFeed } from './feeds/generate-feeds.ts';
import { measureParsing, type ParseFigures } from './feeds/parse-throughput.ts';
import type { RefreshFigures, RefreshRun } from './feeds/refresh.ts';
import { rounded } from './library/stats.ts';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const feedsCorpus = path.resolve(projectRoot, '../shared/corpus/feeds');

const out = (line = '') => process.stdout.write(`${line}\n`);
/** "  label ........ figure   (target …)" */
const figure = (label: string, value: string, target = '') => out(`  ${label.padEnd(44, ' ')} ${value.padStart(16)}${target ? `   (target ${target})` : ''}`);
const count = (n: number) => n.toLocaleString('en');
const GENERATED_FOR_PARSING = 50;

interface Options {
  rounds: number;
  feeds: number;
  hosts: number;
  only: 'parse' | 'refresh' | null;
}

const USAGE = 'Usage: npm run bench -- feeds [--rounds N] [--feeds N] [--hosts N] [--only parse|refresh]';

function parseOptions(args: string[]): Options {
  const options: Options = { rounds: 7, feeds: 500, hosts: 50, only: null };
  const whole = (value: string | undefined, min: number, max: number, flag: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} takes a whole number from ${min} to ${max}. ${USAGE}`);
    return n;
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--rounds') options.rounds = whole(args[(i += 1)], 1, 100, arg);
    else if (arg === '--feeds') options.feeds = whole(args[(i += 1)], 1, 10_000, arg);
    // 127.0.0.1 to 127.0.0.254.
    else if (arg === '--hosts') options.hosts = whole(args[(i += 1)], 1, 254, arg);
    else if (arg === '--only') {
      const value = args[(i += 1)];
      if (value !== 'parse' && value !== 'refresh') throw new Error(`--only takes parse or refresh. ${USAGE}`);
      options.only = value;
    } else throw new Error(`Unknown option "${arg}". ${USAGE}`);
  }
  return options;
}

async function parseSection(rounds: number): Promise<ParseFigures | null> {
  out('');
  if (!existsSync(feedsCorpus)) {
    out(`Parsing: not measured, the corpus is absent (${feedsCorpus}).`);
    return null;
  }
  const corpus = loadFeedCorpus(feedsCorpus);
  out(`Parsing ${count(corpus.length)} corpus files (${(corpus.reduce((s, f) => s + f.bytes, 0) / 1e6).toFixed(2)} MB): median of ${rounds} rounds after a warm-up`);
  const p = await measureParsing(corpus, rounds);
  out(`  compared on the ${count(p.ours.files)} files both read (${(p.ours.bytes / 1e6).toFixed(2)} MB); left out of both: ${p.left.json} JSON Feed, ${p.left.rssParserFailed} rss-parser cannot read, ${p.left.oursFailed} parseFeed cannot read`);
  figure('Broadsheet parseFeed', `${p.ours.MBps.toFixed(2)} MB/s`);
  figure('rss-parser parseString', `${p.rssParser.MBps.toFixed(2)} MB/s`);
  figure('ratio', `${(p.ours.MBps / p.rssParser.MBps).toFixed(2)}x`, '>= 2x');
  figure('Broadsheet items/s', `${count(Math.round(p.ours.itemsPerS))} (${count(p.ours.items)} items)`);
  figure('rss-parser items/s', `${count(Math.round(p.rssParser.itemsPerS))} (${count(p.rssParser.items)} items)`);
  figure(`Broadsheet on all ${count(p.oursAll.files)} files it reads (JSON too)`, `${p.oursAll.MBps.toFixed(2)} MB/s`);

  // Most corpus files are a few hundred bytes, where a fixed cost per document
  // decides; full-size feeds show the cost per byte.
  const now = new Date();
  const generated: CorpusFeed[] = Array.from({ length: GENERATED_FOR_PARSING }, (_, i) => {
    const feed = generateFeed(i, 'http://127.0.0.1:8080', now);
    return { name: feed.path, text: feed.body, bytes: Buffer.byteLength(feed.body), json: false };
  });
  const g = await measureParsing(generated, Math.min(rounds, 5), 1);
  out(`  on ${g.ours.files} full-size generated feeds (${(g.ours.bytes / 1e6).toFixed(1)} MB, as in the refresh below), for context:`);
  figure('Broadsheet parseFeed', `${g.ours.MBps.toFixed(2)} MB/s`);
  figure('rss-parser parseString', `${g.rssParser.MBps.toFixed(2)} MB/s`);
  figure('ratio', `${(g.ours.MBps / g.rssParser.MBps).toFixed(2)}x`);
  return p;
}

function describeRun(label: string, run: RefreshRun, target: string): void {
  figure(label, `${run.seconds.toFixed(2)} s`, target);
  out(`    CPU time of this process meanwhile: ${run.cpuSeconds.toFixed(2)} s (the server's share included)`);
  const answered = Object.entries(run.answered).map(([status, n]) => `${count(n)}×${status}`).join(', ') || 'no requests';
  out(`    server answered ${answered}; ${count(run.articlesStored)} articles stored; refresh() said ${count(run.result.newArticles)} new, ${run.result.failed} feeds failed`);
  for (const error of run.errors.slice(0, 3)) out(`    ${count(error.feeds)} feeds: ${error.message}`);
  for (const line of run.logged.slice(0, 3)) out(`    logged ${count(line.times)}×: ${line.message.slice(0, 300)}`);
}

async function refreshSection(feeds: number, hosts: number): Promise<RefreshFigures | null> {
  out('');
  out(`Refreshing ${count(feeds)} feeds on ${Math.min(hosts, feeds)} loopback hosts through the Library (full-article downloads off):`);
  try {
    // Loaded here, so the parse figures do not depend on the whole Library loading.
    const { measureRefresh } = await import('./feeds/refresh.ts');
    const r = await measureRefresh(feeds, Math.min(hosts, feeds));
    out(`  ${count(r.items)} items, ${r.megabytes.toFixed(1)} MB of feeds (served gzipped when asked)`);
    describeRun('cold: first refresh, all 200', r.cold, feeds === 500 ? '< 15 s' : '');
    describeRun('warm: nothing changed, all 304', r.warm, feeds === 500 ? '< 3 s' : '');
    const notModified = r.warm.answered[304] ?? 0;
    if (notModified < feeds) out(`  note: only ${count(notModified)} of ${count(feeds)} warm requests were answered 304; the warm figure is not of conditional GETs alone`);
    if (r.cold.result.failed > 0 || r.warm.result.failed > 0) out('  note: some feeds failed; see above');
    return r;
  } catch (error) {
    out(`  not measured: ${(error as Error).stack ?? String(error)}`);
    return null;
  }
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
  // Timings on a shared machine mean little without knowing how busy it was.
  out(`Feeds benchmark (Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)} at start)`);
  const parse = options.only === 'refresh' ? null : await parseSection(options.rounds);
  const refresh = options.only === 'parse' ? null : await refreshSection(options.feeds, options.hosts);
  out(
    JSON.stringify({
      parseMBps: rounded(parse?.ours.MBps, 2),
      rssParserMBps: rounded(parse?.rssParser.MBps, 2),
      parseRatio: rounded(parse ? parse.ours.MBps / parse.rssParser.MBps : null, 2),
      refreshColdS: rounded(refresh?.cold.seconds, 2),
      refreshWarmS: rounded(refresh?.warm.seconds, 2),
      parseItemsPerS: rounded(parse?.ours.itemsPerS, 0),
      rssParserItemsPerS: rounded(parse?.rssParser.itemsPerS, 0),
    }),
  );
}
