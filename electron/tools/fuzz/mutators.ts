// Mutators: small, blind changes to a real document's bytes (and to the
// Content-Type it is served with). Each takes the input and a seeded Random
// and returns a new input; the same seed always gives the same result.
import { BOMS, HOSTILE_FRAGMENTS, type HostileFragment } from './hostile.ts';
import type { Random } from './prng.ts';

export interface FuzzDocument {
  bytes: Uint8Array;
  /** The Content-Type header it is served with (null: none at all). */
  contentType: string | null;
}

export interface MutationContext {
  random: Random;
  /** Another seed document, for crossover. */
  donor(): Uint8Array;
  /** Results are cut to this size: bigger inputs never reach the parsers in the app (the download is refused). */
  maxBytes: number;
  /** Told what a mutator chose (which fragment, which label), for the failure report. */
  note?(detail: string): void;
}

export interface Mutator {
  name: string;
  mutate(input: FuzzDocument, context: MutationContext): FuzzDocument;
}

/** The element repetition the issue asks for. */
export const REPEAT_TIMES = 10_000;
/** How much a repetition may add (a short element is repeated the full 10,000 times, a long one fewer). */
const REPEAT_BUDGET = 512 * 1024;

/** Charset labels to declare: right, wrong, exotic, unknown and empty. */
export const CHARSET_LABELS = [
  'utf-8', 'utf-16', 'utf-16le', 'utf-16be', 'utf-32', 'iso-8859-1', 'windows-1252', 'windows-1251', 'koi8-r', 'shift_jis',
  'euc-jp', 'iso-2022-jp', 'gb2312', 'gb18030', 'big5', 'euc-kr', 'x-user-defined', 'utf-7', 'ebcdic-cp-us', 'replacement',
  'bogus-charset', '',
];

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/** A span length: usually short, sometimes most of the document. */
function spanLength(random: Random, available: number): number {
  if (available <= 0) return 0;
  const cap = random.chance(0.8) ? Math.min(available, 64) : available;
  // Log-uniform in [1, cap].
  return Math.min(available, Math.max(1, Math.floor(Math.exp(random.next() * Math.log(cap + 1)))));
}

/** A position to insert at; most often just after a ">", where new markup is read as markup. */
function insertionPoint(bytes: Uint8Array, random: Random): number {
  const at = random.int(bytes.length + 1);
  if (random.chance(0.4)) return at;
  const gt = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0x3e, at);
  return gt === -1 || gt - at > 4096 ? at : gt + 1;
}

/** Where a prolog fragment goes: the very start, or just after the XML declaration. */
function prologPoint(bytes: Uint8Array, random: Random): number {
  if (random.chance(0.5)) return 0;
  const head = latin1(bytes.subarray(0, 1024));
  const declaration = /^\s*<\?xml[^>]*\?>/.exec(head);
  return declaration ? declaration[0].length : 0;
}

const flipBytes: Mutator = {
  name: 'flip-bytes',
  mutate(input, { random }) {
    if (input.bytes.length === 0) return input;
    const bytes = Uint8Array.from(input.bytes);
    const flips = random.between(1, 16);
    for (let i = 0; i < flips; i += 1) {
      const at = random.int(bytes.length);
      // A single bit (a near miss of the real byte) or any byte at all.
      bytes[at] = random.chance(0.5) ? (bytes[at] ?? 0) ^ (1 << random.int(8)) : random.int(256);
    }
    return { ...input, bytes };
  },
};

const truncate: Mutator = {
  name: 'truncate',
  mutate(input, { random }) {
    return { ...input, bytes: input.bytes.slice(0, random.int(input.bytes.length + 1)) };
  },
};

const deleteSpan: Mutator = {
  name: 'delete-span',
  mutate(input, { random }) {
    const { bytes } = input;
    const start = random.int(bytes.length);
    const length = spanLength(random, bytes.length - start);
    return { ...input, bytes: concat(bytes.subarray(0, start), bytes.subarray(start + length)) };
  },
};

const duplicateSpan: Mutator = {
  name: 'duplicate-span',
  mutate(input, { random }) {
    const { bytes } = input;
    const start = random.int(bytes.length);
    const span = bytes.subarray(start, start + spanLength(random, bytes.length - start));
    const at = random.int(bytes.length + 1);
    return { ...input, bytes: concat(bytes.subarray(0, at), span, bytes.subarray(at)) };
  },
};

const swapSpans: Mutator = {
  name: 'swap-spans',
  mutate(input, { random }) {
    const { bytes } = input;
    if (bytes.length < 4) return input;
    // Two non-overlapping spans a (first) and b (second).
    const cut = 1 + random.int(bytes.length - 1);
    const aStart = random.int(cut);
    const aEnd = aStart + spanLength(random, cut - aStart);
    const bStart = cut + random.int(bytes.length - cut);
    const bEnd = bStart + spanLength(random, bytes.length - bStart);
    return {
      ...input,
      bytes: concat(bytes.subarray(0, aStart), bytes.subarray(bStart, bEnd), bytes.subarray(aEnd, bStart), bytes.subarray(aStart, aEnd), bytes.subarray(bEnd)),
    };
  },
};

/** Inserts one hostile fragment (see hostile.ts); `fragment` fixes which, for tests. */
export function insertFragment(input: FuzzDocument, random: Random, fragment: HostileFragment): FuzzDocument {
  const piece = fragment.make(random);
  const at = fragment.placement === 'prolog' ? prologPoint(input.bytes, random) : insertionPoint(input.bytes, random);
  return { ...input, bytes: concat(input.bytes.subarray(0, at), piece, input.bytes.subarray(at)) };
}

const insertHostile: Mutator = {
  name: 'insert-hostile',
  mutate(input, { random, note }) {
    const fragment = random.pick(HOSTILE_FRAGMENTS);
    note?.(fragment.name);
    return insertFragment(input, random, fragment);
  },
};

const crossover: Mutator = {
  name: 'crossover',
  mutate(input, { random, donor }) {
    const other = donor();
    const head = input.bytes.subarray(0, random.int(input.bytes.length + 1));
    const tail = other.subarray(random.int(other.length + 1));
    return { ...input, bytes: concat(head, tail) };
  },
};

/**
 * A short whole element of the document (`<name …>…</name>`, up to 2 kB): the
 * shortest of those found from a few random places, so that it can be repeated
 * the full 10,000 times within the budget. Null when none is found.
 */
export function findElement(bytes: Uint8Array, random: Random): { start: number; end: number } | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let best: { start: number; end: number } | null = null;
  for (let attempt = 0; attempt < 16; attempt += 1) {
    const start = buffer.indexOf(0x3c, random.int(bytes.length));
    if (start === -1) continue;
    const name = /^<([A-Za-z][\w:.-]*)/.exec(latin1(bytes.subarray(start, start + 80)))?.[1];
    if (!name) continue;
    const close = buffer.indexOf(`</${name}>`, start, 'latin1');
    if (close === -1 || close - start > 2048) continue;
    const end = close + name.length + 3;
    if (!best || end - start < best.end - best.start) best = { start, end };
  }
  return best;
}

const repeatElement: Mutator = {
  name: 'repeat-element',
  mutate(input, { random }) {
    const found = findElement(input.bytes, random);
    const element = found ? input.bytes.subarray(found.start, found.end) : bytesOf('<p>again</p>');
    const at = found ? found.end : insertionPoint(input.bytes, random);
    const times = Math.max(1, Math.min(REPEAT_TIMES, Math.floor(REPEAT_BUDGET / Math.max(1, element.length))));
    const repeated = Buffer.alloc(element.length * times);
    for (let i = 0; i < times; i += 1) repeated.set(element, i * element.length);
    return { ...input, bytes: concat(input.bytes.subarray(0, at), repeated, input.bytes.subarray(at)) };
  },
};

/** Declares another encoding (in the XML declaration, a <meta>, the HTTP header), adds a byte-order mark, or re-encodes. */
const changeEncoding: Mutator = {
  name: 'change-encoding',
  mutate(input, { random, note }) {
    const label = random.pick(CHARSET_LABELS);
    const text = latin1(input.bytes);
    const kind = random.int(5);
    note?.(['xml-declaration', 'meta', 'header', 'bom', 'utf-16'][kind] + (kind < 3 ? `=${label}` : ''));
    switch (kind) {
      case 0: {
        // The XML declaration's encoding, replaced or added.
        const declaration = /^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)/.exec(text);
        if (declaration) {
          const start = declaration[1]?.length ?? 0;
          return { ...input, bytes: concat(input.bytes.subarray(0, start), bytesOf(label), input.bytes.subarray(start + (declaration[2]?.length ?? 0))) };
        }
        return { ...input, bytes: concat(bytesOf(`<?xml version="1.0" encoding="${label}"?>\n`), input.bytes) };
      }
      case 1: {
        // A page's <meta charset>, replaced or added.
        const meta = /charset\s*=\s*["']?([\w.:-]*)/i.exec(text.slice(0, 8192));
        if (meta) {
          const start = meta.index + meta[0].length - (meta[1]?.length ?? 0);
          return { ...input, bytes: concat(input.bytes.subarray(0, start), bytesOf(label), input.bytes.subarray(start + (meta[1]?.length ?? 0))) };
        }
        return { ...input, bytes: concat(bytesOf(`<meta charset="${label}">`), input.bytes) };
      }
      case 2: {
        // The HTTP header's charset.
        const type = (input.contentType ?? 'text/xml').split(';')[0] ?? 'text/xml';
        return { ...input, contentType: random.chance(0.2) ? type : `${type}; charset=${label}` };
      }
      case 3:
        return { ...input, bytes: concat(Uint8Array.from(random.pick(BOMS)), input.bytes) };
      default: {
        // The same text in UTF-16, whatever the document says it is in.
        const utf16 = Buffer.from(new TextDecoder('utf-8').decode(input.bytes), 'utf16le');
        if (random.chance(0.5)) utf16.swap16();
        return { ...input, bytes: random.chance(0.5) ? utf16 : concat(Uint8Array.from(random.pick(BOMS)), utf16) };
      }
    }
  },
};

export const MUTATORS: readonly Mutator[] = [flipBytes, truncate, deleteSpan, duplicateSpan, swapSpans, insertHostile, crossover, repeatElement, changeEncoding];

/** Weights for choosing a mutator, in MUTATORS' order: hostile fragments most, the expensive repetition least. */
const WEIGHTS = [3, 1, 2, 2, 2, 5, 1, 1, 2];

export function chooseMutator(random: Random): Mutator {
  const total = WEIGHTS.reduce((a, b) => a + b, 0);
  let roll = random.int(total);
  for (const [index, weight] of WEIGHTS.entries()) {
    if (roll < weight) return MUTATORS[index] as Mutator;
    roll -= weight;
  }
  return MUTATORS[0] as Mutator;
}

/** One to three mutations in a row; returns the result and the mutators' names (for the failure report). */
export function mutate(input: FuzzDocument, context: MutationContext): { document: FuzzDocument; applied: string[] } {
  let document = input;
  const applied: string[] = [];
  const count = context.random.between(1, 3);
  for (let i = 0; i < count; i += 1) {
    const mutator = chooseMutator(context.random);
    let detail = '';
    document = mutator.mutate(document, { ...context, note: (text) => (detail = text) });
    if (document.bytes.length > context.maxBytes) document = { ...document, bytes: document.bytes.slice(0, context.maxBytes) };
    applied.push(detail ? `${mutator.name}(${detail})` : mutator.name);
  }
  return { document, applied };
}
