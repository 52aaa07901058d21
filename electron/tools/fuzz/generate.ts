// Input number n of a run: a seed document, the header it is served with and
// one to three mutations, all chosen by a Random seeded from the run's seed
// and n alone, so the same (seed, n) always gives the same bytes.
import { MAX_OPML_CHARS } from '../../shared/models.ts';
import { PAGE_MAX_BYTES } from '../../core/articles/fetch-page.ts';
import { DEFAULT_MAX_BYTES as FEED_MAX_BYTES } from '../../core/feeds/fetch-feed.ts';
import { mutate } from './mutators.ts';
import { createRandom, inputSeed } from './prng.ts';
import type { FuzzTarget, SeedSet } from './seeds.ts';

/** How a page reaches the extractor: downloaded (saveUrl, background downloads) or read from a file (importHtml). */
export type PageMode = 'download' | 'file';

export interface FuzzInput {
  index: number;
  target: FuzzTarget;
  bytes: Uint8Array;
  contentType: string | null;
  pageMode: PageMode;
  /** The seed document it was made from. */
  seedName: string;
  mutations: string[];
}

/**
 * How big a fuzz input gets: 2 MB, pages 1 MB. The parsers' time grows
 * linearly with size past that (page extraction costs up to about 3 s of CPU
 * per MB of entity-dense text, linkedom making a node of every entity), so a
 * bigger input measures that constant against the 2 s deadline rather than
 * finding anything new; what grows faster than linearly shows well below
 * these sizes. The app's own limits (10 MB feeds, 8 MB pages, 5 MB OPML) are
 * refused before parsing and apply too when lower.
 */
export const FUZZ_MAX_BYTES: Record<FuzzTarget, number> = { feeds: 2 * 1024 * 1024, pages: 1024 * 1024, opml: 2 * 1024 * 1024 };

export const MAX_INPUT_BYTES: Record<FuzzTarget, number> = {
  feeds: Math.min(FUZZ_MAX_BYTES.feeds, FEED_MAX_BYTES),
  pages: Math.min(FUZZ_MAX_BYTES.pages, PAGE_MAX_BYTES),
  // A character limit on the text; as UTF-8 bytes it is at least this many.
  opml: Math.min(FUZZ_MAX_BYTES.opml, MAX_OPML_CHARS),
};

const FEED_TYPES = [
  'application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml', 'application/feed+json', 'application/json',
  'text/html', 'text/plain', null, 'application/rss+xml; charset=utf-8', 'text/xml; charset=iso-8859-1', 'application/xml; charset="windows-1251"',
];
const PAGE_TYPES = ['text/html', 'text/html; charset=utf-8', 'text/html; charset=windows-1252', 'text/html;charset=shift_jis', 'application/xhtml+xml', '', 'text/plain', 'application/octet-stream'];

/** Which target input n exercises when the run covers all: feeds and pages twice as often as OPML. */
const ROTATION: readonly FuzzTarget[] = ['feeds', 'pages', 'feeds', 'pages', 'opml'];

export function targetOf(index: number, target: FuzzTarget | 'all'): FuzzTarget {
  return target === 'all' ? (ROTATION[index % ROTATION.length] as FuzzTarget) : target;
}

export function generateInput(runSeed: number, index: number, target: FuzzTarget, seeds: SeedSet): FuzzInput {
  const pool = seeds[target];
  if (pool.length === 0) throw new Error(`There are no seed documents for ${target}.`);
  const random = createRandom(inputSeed(runSeed, index));
  const seed = random.pick(pool);
  const contentType = target === 'feeds' ? random.pick(FEED_TYPES) : target === 'pages' ? random.pick(PAGE_TYPES) : null;
  const pageMode: PageMode = target === 'pages' && random.chance(0.3) ? 'file' : 'download';
  const { document, applied } = mutate(
    { bytes: seed.bytes, contentType },
    { random, donor: () => random.pick(pool).bytes, maxBytes: MAX_INPUT_BYTES[target] },
  );
  return { index, target, bytes: document.bytes, contentType: document.contentType, pageMode, seedName: seed.name, mutations: applied };
}
