// The documents the fuzzer mutates: the shared corpus beside the project when
// it is there (../shared/corpus: thousands of feeds, 91 news pages), and
// always the project's own fixtures, so a clean clone can fuzz too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export type FuzzTarget = 'feeds' | 'pages' | 'opml';
export const FUZZ_TARGETS: readonly FuzzTarget[] = ['feeds', 'pages', 'opml'];

export interface Seed {
  /** Where it came from, relative to the project root (or to the corpus, prefixed "corpus/"). */
  name: string;
  bytes: Uint8Array;
}

export type SeedSet = Record<FuzzTarget, Seed[]>;

export interface LoadedSeeds {
  seeds: SeedSet;
  /** The corpus folder used, or null when it is absent and only the project's fixtures were loaded. */
  corpus: string | null;
}

export const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Where a clean clone finds the shared corpus: beside the project (see the corpus README). */
export function corpusRoot(root = PROJECT_ROOT): string | null {
  const dir = path.resolve(root, '../shared/corpus');
  return existsSync(path.join(dir, 'feeds')) || existsSync(path.join(dir, 'extraction')) ? dir : null;
}

/** The project's own fixtures for each target, relative to its root. */
const IN_REPO: Record<FuzzTarget, { dir: string; pattern: RegExp }[]> = {
  feeds: [
    { dir: 'e2e/fixtures/site', pattern: /\.(xml|json|rdf)$/ },
    { dir: 'electron/cli/testdata', pattern: /\.xml$/ },
    { dir: 'electron/core/feeds/testdata', pattern: /\.(xml|json)$/ },
  ],
  pages: [
    { dir: 'electron/core/articles/testdata', pattern: /\.html$/ },
    { dir: 'e2e/fixtures/pages', pattern: /\.html$/ },
    { dir: 'electron/core/feeds/testdata', pattern: /\.html$/ },
  ],
  opml: [{ dir: 'electron/core/feeds/testdata/opml', pattern: /\.(opml|xml)$/ }],
};

function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full, pattern));
    else if (pattern.test(entry.name) && statSync(full).size > 0) found.push(full);
  }
  return found.sort();
}

/** The project's fixtures only (what a clean clone has). */
export function loadRepoSeeds(root = PROJECT_ROOT): SeedSet {
  const seeds: SeedSet = { feeds: [], pages: [], opml: [] };
  for (const target of Object.keys(IN_REPO) as FuzzTarget[]) {
    for (const { dir, pattern } of IN_REPO[target]) {
      for (const file of filesUnder(path.join(root, dir), pattern)) {
        seeds[target].push({ name: path.relative(root, file), bytes: readFileSync(file) });
      }
    }
  }
  return seeds;
}

/** The project's fixtures plus, when present, the shared corpus's feeds and pages. */
export function loadSeeds(root = PROJECT_ROOT, corpus = corpusRoot(root)): LoadedSeeds {
  const seeds = loadRepoSeeds(root);
  if (corpus === null) return { seeds, corpus: null };
  // The expected-output files of feed-rs (*.serde.json) are not feeds.
  for (const file of filesUnder(path.join(corpus, 'feeds'), /^(?!.*\.serde\.json$).*\.(xml|json|rdf|atom|rss)$/)) {
    seeds.feeds.push({ name: `corpus/${path.relative(corpus, file)}`, bytes: readFileSync(file) });
  }
  for (const file of filesUnder(path.join(corpus, 'extraction', 'html'), /\.html\.gz$/)) {
    seeds.pages.push({ name: `corpus/${path.relative(corpus, file)}`, bytes: gunzipSync(readFileSync(file)) });
  }
  return { seeds, corpus };
}
