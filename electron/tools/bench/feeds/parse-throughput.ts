// Parse throughput: Broadsheet's parseFeed beside rss-parser on the same files,
// in the same process, interleaved round by round so a busy moment hits both.
import Parser from 'rss-parser';
import { parseFeed } from '../../../core/feeds/parse-feed.ts';
import { median } from '../library/stats.ts';
import type { CorpusFeed } from './corpus.ts';

const FEED_URL = 'http://example.com/feed.xml';

export interface Throughput {
  files: number;
  bytes: number;
  items: number;
  /** Median seconds of one pass over the files. */
  seconds: number;
  MBps: number;
  itemsPerS: number;
}

export interface ParseFigures {
  ours: Throughput;
  rssParser: Throughput;
  /** Broadsheet alone on every file it reads, JSON Feed included. */
  oursAll: Throughput;
  left: { json: number; rssParserFailed: number; oursFailed: number };
  rounds: number;
}

const rssParser = new Parser();

function oursPass(texts: readonly string[]): { seconds: number; items: number } {
  let items = 0;
  const start = process.hrtime.bigint();
  for (const text of texts) items += parseFeed(text, FEED_URL).items.length;
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, items };
}

async function rssParserPass(texts: readonly string[]): Promise<{ seconds: number; items: number }> {
  let items = 0;
  const start = process.hrtime.bigint();
  for (const text of texts) items += (await rssParser.parseString(text)).items.length;
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, items };
}

function throughput(files: readonly CorpusFeed[], items: number, seconds: number): Throughput {
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  return { files: files.length, bytes, items, seconds, MBps: bytes / 1e6 / seconds, itemsPerS: items / seconds };
}

function oursReads(feed: CorpusFeed): boolean {
  try {
    parseFeed(feed.text, FEED_URL);
    return true;
  } catch {
    return false;
  }
}

async function rssParserReads(feed: CorpusFeed): Promise<boolean> {
  try {
    await rssParser.parseString(feed.text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Compares on the files both parsers read (rss-parser reads no JSON Feed, and a
 * file one side rejects early would flatter it), after `warmups` untimed passes;
 * each figure is the median of `rounds` timed passes.
 */
export async function measureParsing(corpus: readonly CorpusFeed[], rounds: number, warmups = 2): Promise<ParseFigures> {
  const left = { json: 0, rssParserFailed: 0, oursFailed: 0 };
  const common: CorpusFeed[] = [];
  const oursAll: CorpusFeed[] = [];
  for (const feed of corpus) {
    const ours = oursReads(feed);
    if (ours) oursAll.push(feed);
    if (feed.json) {
      left.json += 1;
      continue;
    }
    const theirs = await rssParserReads(feed);
    if (!theirs) left.rssParserFailed += 1;
    if (!ours) left.oursFailed += 1;
    if (ours && theirs) common.push(feed);
  }
  const texts = common.map((f) => f.text);
  const allTexts = oursAll.map((f) => f.text);

  for (let i = 0; i < warmups; i += 1) {
    oursPass(texts);
    await rssParserPass(texts);
    oursPass(allTexts);
  }
  const samples = { ours: [] as number[], theirs: [] as number[], all: [] as number[] };
  let items = { ours: 0, theirs: 0, all: 0 };
  for (let round = 0; round < rounds; round += 1) {
    // Alternate which side goes first, so neither always runs after the other's garbage.
    const a = round % 2 === 0 ? oursPass(texts) : null;
    const theirs = await rssParserPass(texts);
    const ours = a ?? oursPass(texts);
    const all = oursPass(allTexts);
    samples.ours.push(ours.seconds);
    samples.theirs.push(theirs.seconds);
    samples.all.push(all.seconds);
    items = { ours: ours.items, theirs: theirs.items, all: all.items };
  }
  return {
    ours: throughput(common, items.ours, median(samples.ours)),
    rssParser: throughput(common, items.theirs, median(samples.theirs)),
    oursAll: throughput(oursAll, items.all, median(samples.all)),
    left,
    rounds,
  };
}
