// `npm run bench -- extract [--verbose]`: Broadsheet's extractor (linkedom +
// Readability + our clean-up) against plain Readability on jsdom, scored on
// the shared corpus's human-marked article text (see its README), with
// throughput measured on the same inputs after a warm-up (best of interleaved passes).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractArticle } from '../../core/articles/extract.ts';
import { matchPage, scorePage, summarise, type PageScore } from '../extract-score.ts';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const corpus = path.resolve(projectRoot, '../shared/corpus/extraction');

interface Page {
  id: string;
  url: string;
  html: string;
  truth: string;
}

async function loadCorpus(): Promise<Page[]> {
  const truth = JSON.parse(await readFile(path.join(corpus, 'ground-truth.json'), 'utf8')) as Record<string, { url: string; articleBody: string }>;
  const pages: Page[] = [];
  for (const [id, entry] of Object.entries(truth).sort(([a], [b]) => a.localeCompare(b))) {
    const bytes = gunzipSync(await readFile(path.join(corpus, 'html', `${id}.html.gz`)));
    // The pages are stored as served; almost all are UTF-8, the rest declare a charset in <meta>.
    pages.push({ id, url: entry.url, html: decodeHtml(bytes), truth: entry.articleBody });
  }
  return pages;
}

function decodeHtml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const label = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const virtualConsole = new VirtualConsole();
let baselineCrashes = 0;
function baseline(html: string, url: string): string {
  let dom: JSDOM | null = null;
  try {
    dom = new JSDOM(html, { url, virtualConsole });
    return new Readability(dom.window.document).parse()?.textContent ?? '';
  } catch {
    // jsdom's CSS parser throws on some real-world inline styles; that page scores as empty.
    baselineCrashes += 1;
    return '';
  } finally {
    dom?.window.close();
  }
}

const ours = (html: string, url: string): string => extractArticle(html, url).text;

interface Result {
  scores: PageScore[];
  pagesPerS: number;
}

/** One timed pass over every page; returns the texts and the seconds spent extracting. */
function pass(pages: Page[], extract: (html: string, url: string) => string): { texts: string[]; seconds: number } {
  const texts: string[] = [];
  const start = process.hrtime.bigint();
  for (const page of pages) texts.push(extract(page.html, page.url));
  return { texts, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/**
 * Warm-up, then ROUNDS timed passes of each extractor, interleaved so a busy
 * moment on the machine hits both; the fastest pass of each counts.
 */
const ROUNDS = 2;
function measureBoth(pages: Page[], a: (html: string, url: string) => string, b: (html: string, url: string) => string): [Result, Result] {
  for (const page of pages.slice(0, 5)) {
    a(page.html, page.url);
    b(page.html, page.url);
  }
  let bestA = Infinity;
  let bestB = Infinity;
  let textsA: string[] = [];
  let textsB: string[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const ra = pass(pages, a);
    baselineCrashes = 0;
    const rb = pass(pages, b);
    bestA = Math.min(bestA, ra.seconds);
    bestB = Math.min(bestB, rb.seconds);
    textsA = ra.texts;
    textsB = rb.texts;
  }
  const score = (texts: string[]) => pages.map((p, i) => scorePage(matchPage(p.truth, texts[i] ?? '')));
  return [
    { scores: score(textsA), pagesPerS: pages.length / bestA },
    { scores: score(textsB), pagesPerS: pages.length / bestB },
  ];
}

const fmt = (n: number) => n.toFixed(3);

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const pages = await loadCorpus();
  const [mine, base] = measureBoth(pages, ours, baseline);
  const a = summarise(mine.scores);
  const b = summarise(base.scores);
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`Extraction benchmark: ${pages.length} pages from ${path.relative(projectRoot, corpus)}`);
  out('');
  out(`${'extractor'.padEnd(36)}  F1     P      R      pages/s`);
  out(`${'broadsheet (linkedom+Readability+cleanup)'.padEnd(36)}  ${fmt(a.f1)}  ${fmt(a.precision)}  ${fmt(a.recall)}  ${mine.pagesPerS.toFixed(1)}`);
  out(`${'plain Readability on jsdom'.padEnd(36)}  ${fmt(b.f1)}  ${fmt(b.precision)}  ${fmt(b.recall)}  ${base.pagesPerS.toFixed(1)}`);
  const ranked = pages.map((p, i) => ({ page: p, score: mine.scores[i] as PageScore, base: base.scores[i] as PageScore })).sort((x, y) => x.score.f1 - y.score.f1);
  out('');
  out('Five worst pages (broadsheet):');
  for (const { page, score } of ranked.slice(0, 5)) {
    out(`  ${page.id.slice(0, 12)}  F1 ${fmt(score.f1)}  P ${fmt(score.precision ?? 0)}  R ${fmt(score.recall ?? 0)}  ${page.url}`);
  }
  const below = ranked.filter((r) => r.score.f1 < 0.5);
  out('');
  out(below.length ? `Pages below F1 0.5: ${below.map((r) => r.page.id.slice(0, 12)).join(', ')}` : 'Pages below F1 0.5: none');
  if (verbose) {
    out('');
    for (const { page, score, base: bs } of ranked) {
      out(`  ${page.id.slice(0, 12)}  ours F1 ${fmt(score.f1)} P ${fmt(score.precision ?? 0)} R ${fmt(score.recall ?? 0)}  | jsdom F1 ${fmt(bs.f1)}  ${page.url}`);
    }
  }
  const speedRatio = mine.pagesPerS / base.pagesPerS;
  if (baselineCrashes) out(`(jsdom threw on ${baselineCrashes} page(s); scored as empty for the baseline)`);
  out(`Speed: ${speedRatio.toFixed(1)}x the jsdom baseline`);
  out(
    JSON.stringify({
      f1: round(a.f1),
      precision: round(a.precision),
      recall: round(a.recall),
      below50: below.length,
      pagesPerS: round(mine.pagesPerS, 1),
      baselinePagesPerS: round(base.pagesPerS, 1),
      speedRatio: round(speedRatio, 1),
    }),
  );
}

const round = (n: number, digits = 4) => Number(n.toFixed(digits));
