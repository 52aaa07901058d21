import { describe, expect, it } from 'vitest';
import { generateInput, MAX_INPUT_BYTES, targetOf } from './generate.ts';
import { DEEP_NESTING, HOSTILE_FRAGMENTS } from './hostile.ts';
import { findElement, insertFragment, mutate, MUTATORS, REPEAT_TIMES, type FuzzDocument, type MutationContext } from './mutators.ts';
import { createRandom, inputSeed } from './prng.ts';
import { loadRepoSeeds } from './seeds.ts';

const FEED = new TextEncoder().encode(
  '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Quay</title><item><title>One</title><link>https://q.example/1</link></item><item><title>Two</title></item></channel></rss>',
);
const DONOR = new TextEncoder().encode('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Atom</title></entry></feed>');
const document = (): FuzzDocument => ({ bytes: FEED, contentType: 'application/rss+xml' });
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

function context(seed: number, maxBytes = 10 * 1024 * 1024): MutationContext {
  return { random: createRandom(seed), donor: () => DONOR, maxBytes };
}

function mutator(name: string) {
  const found = MUTATORS.find((m) => m.name === name);
  if (!found) throw new Error(`no mutator ${name}`);
  return found;
}

describe('the seeded random numbers', () => {
  it('give the same sequence for the same seed, another for another seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const run = (r: ReturnType<typeof createRandom>) => Array.from({ length: 20 }, () => r.int(1000));
    const first = run(a);
    expect(run(b)).toEqual(first);
    expect(run(c)).not.toEqual(first);
  });

  it('stay in range, and give every input of a run its own seed', () => {
    const random = createRandom(7);
    for (let i = 0; i < 1000; i += 1) {
      const n = random.between(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => inputSeed(42, i)));
    expect(seeds.size).toBe(1000);
    expect(inputSeed(42, 5)).toBe(inputSeed(42, 5));
    expect(inputSeed(43, 5)).not.toBe(inputSeed(42, 5));
  });
});

describe('each mutator', () => {
  it('gives the same bytes for the same seed', () => {
    for (const m of MUTATORS) {
      for (const seed of [1, 2, 3, 99]) {
        const once = m.mutate(document(), context(seed));
        const again = m.mutate(document(), context(seed));
        expect(text(again.bytes), `${m.name} seed ${seed}`).toBe(text(once.bytes));
        expect(again.contentType).toBe(once.contentType);
      }
    }
  });

  it('changes the document in its own way', () => {
    const seeds = Array.from({ length: 30 }, (_, i) => i + 1);
    for (const seed of seeds) {
      expect(mutator('flip-bytes').mutate(document(), context(seed)).bytes.length).toBe(FEED.length);
      expect(text(FEED).startsWith(text(mutator('truncate').mutate(document(), context(seed)).bytes))).toBe(true);
      expect(mutator('delete-span').mutate(document(), context(seed)).bytes.length).toBeLessThan(FEED.length);
      expect(mutator('duplicate-span').mutate(document(), context(seed)).bytes.length).toBeGreaterThan(FEED.length);
      expect(mutator('swap-spans').mutate(document(), context(seed)).bytes.length).toBe(FEED.length);
      // The start of one document, then the end of another.
      const crossed = text(mutator('crossover').mutate(document(), context(seed)).bytes);
      const cuts = Array.from({ length: crossed.length + 1 }, (_, cut) => cut);
      expect(cuts.some((cut) => text(FEED).startsWith(crossed.slice(0, cut)) && text(DONOR).endsWith(crossed.slice(cut)))).toBe(true);
    }
    // Swapping and flipping do change something, for most seeds.
    expect(seeds.filter((seed) => text(mutator('flip-bytes').mutate(document(), context(seed)).bytes) !== text(FEED)).length).toBeGreaterThan(25);
  });

  it('repeats a short element of the document 10,000 times', () => {
    const random = createRandom(5);
    const found = findElement(FEED, random);
    expect(found).not.toBeNull();
    const element = text(FEED.subarray(found?.start, found?.end));
    expect(element).toMatch(/^<(\w+)[^>]*>[\s\S]*<\/\1>$/);
    const repeated = text(mutator('repeat-element').mutate(document(), context(5)).bytes);
    const count = repeated.split(element).length - 1;
    expect(count).toBeGreaterThanOrEqual(REPEAT_TIMES);
  });

  it('declares other encodings: in the header, the XML declaration, a byte-order mark or UTF-16 bytes', () => {
    const results = Array.from({ length: 40 }, (_, seed) => mutator('change-encoding').mutate(document(), context(seed)));
    expect(results.some((r) => r.contentType !== 'application/rss+xml')).toBe(true);
    expect(results.some((r) => /^<\?xml version="1\.0" encoding="(?!utf-8")/.test(text(r.bytes)))).toBe(true);
    expect(results.some((r) => [0xef, 0xfe, 0xff, 0x00].includes(r.bytes[0] ?? 0x3c) && r.bytes[1] !== 0x3f)).toBe(true);
    expect(results.some((r) => r.bytes.length >= FEED.length * 2)).toBe(true);
  });
});

describe('hostile fragments', () => {
  const fragment = (name: string) => {
    const found = HOSTILE_FRAGMENTS.find((f) => f.name === name);
    if (!found) throw new Error(`no fragment ${name}`);
    return found;
  };

  it('put a DOCTYPE at the top (after the XML declaration at most), and the rest anywhere', () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const result = text(insertFragment(document(), createRandom(seed), fragment('xxe')).bytes);
      expect(result).toMatch(/^(<\?xml[^>]*\?>)?<!DOCTYPE foo \[<!ENTITY xxe SYSTEM "file:\/\/\/etc\/passwd">/);
    }
  });

  it('nest 10,000 deep and make a megabyte of text, as the issue asks', () => {
    const deep = text(fragment('deep-nesting').make(createRandom(1)));
    const tag = /^<([\w:]+)/.exec(deep)?.[1] ?? '';
    expect(deep.split(`<${tag}`).length - 1).toBe(DEEP_NESTING);
    expect(fragment('huge-text').make(createRandom(1)).length).toBeGreaterThanOrEqual(400_000);
  });
});

describe('mutate and generateInput', () => {
  it('keep inputs within the size limit', () => {
    for (let seed = 0; seed < 30; seed += 1) {
      expect(mutate(document(), context(seed, 4096)).document.bytes.length).toBeLessThanOrEqual(4096);
    }
  });

  it('make input n of a run the same every time, from the project’s own fixtures', () => {
    const seeds = loadRepoSeeds();
    for (let index = 0; index < 15; index += 1) {
      const target = targetOf(index, 'all');
      const a = generateInput(42, index, target, seeds);
      const b = generateInput(42, index, target, seeds);
      expect(text(b.bytes)).toBe(text(a.bytes));
      expect(b).toMatchObject({ contentType: a.contentType, seedName: a.seedName, mutations: a.mutations, pageMode: a.pageMode });
      expect(a.bytes.length).toBeLessThanOrEqual(MAX_INPUT_BYTES[target]);
    }
    expect(text(generateInput(42, 1, 'feeds', seeds).bytes)).not.toBe(text(generateInput(43, 1, 'feeds', seeds).bytes));
    expect([0, 1, 2, 3, 4].map((i) => targetOf(i, 'all'))).toEqual(['feeds', 'pages', 'feeds', 'pages', 'opml']);
    expect(targetOf(3, 'opml')).toBe('opml');
  });
});
