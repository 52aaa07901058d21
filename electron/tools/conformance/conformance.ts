// The conformance figures: the feedparser suite per folder and the feed-rs
// fixtures per folder, from ../shared/corpus/feeds (null when it is absent).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFeedRsFixtures, type FieldCheck } from './feed-rs-fixtures.ts';
import { runFeedparserSuite, type CaseResult, type Verdict } from './feedparser-suite.ts';

export interface Tally {
  pass: number;
  fail: number;
  na: number;
}

export interface Conformance {
  feedparser: CaseResult[];
  feedRs: FieldCheck[];
  /** Per folder (wellformed split by topic). */
  feedparserFolders: Map<string, Tally>;
  feedRsFolders: Map<string, Tally>;
  /** The targets: well-formed without sanitize (that is sanitize-corpus.test.ts's), and encoding. */
  wellformed: Tally;
  encoding: Tally;
}

export function corpusDir(): string | null {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const dir = path.resolve(root, '../shared/corpus/feeds');
  return existsSync(dir) ? dir : null;
}

function tally(verdicts: Verdict[]): Tally {
  return {
    pass: verdicts.filter((v) => v === 'pass').length,
    fail: verdicts.filter((v) => v === 'fail').length,
    na: verdicts.filter((v) => v === 'n/a').length,
  };
}

function byFolder<T extends { folder: string; verdict: Verdict }>(results: T[]): Map<string, Tally> {
  const groups = new Map<string, Verdict[]>();
  for (const r of results) groups.set(r.folder, [...(groups.get(r.folder) ?? []), r.verdict]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([folder, verdicts]) => [folder, tally(verdicts)]));
}

export function percent(t: Tally): number {
  return t.pass + t.fail === 0 ? 100 : (100 * t.pass) / (t.pass + t.fail);
}

export function runConformance(corpus: string): Conformance {
  const feedparser = runFeedparserSuite(path.join(corpus, 'feedparser'));
  const feedRs = runFeedRsFixtures(path.join(corpus, 'feed-rs'));
  return {
    feedparser,
    feedRs,
    feedparserFolders: byFolder(feedparser),
    feedRsFolders: byFolder(feedRs),
    wellformed: tally(feedparser.filter((r) => r.folder.startsWith('wellformed/') && r.folder !== 'wellformed/sanitize').map((r) => r.verdict)),
    encoding: tally(feedparser.filter((r) => r.folder === 'encoding').map((r) => r.verdict)),
  };
}
