// The real library the contract fuzz tests attack, and the random payloads
// they attack it with. A temporary library folder is seeded with feeds,
// articles, a saved page, a folder and settings; its fetch refuses
// everything, so nothing reaches the network. `snapshot()` digests everything
// a call could change (every table, the settings file, the files beside
// them) so a test can tell that a refused call changed nothing.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { expect } from 'vitest';
import { methods, type MethodName } from '../../shared/api.ts';
import {
  HOSTILE_VALUES,
  IPC_ONLY_VALUES,
  schemaVocabulary,
  withOwnKey,
} from '../../shared/testing/contract-fuzz.ts';
import { openLibrary, type Library } from '../library.ts';
import { createConfSettingsStore } from '../settings-conf.ts';
import { openDatabase } from '../store/database.ts';
import { addArticle, addFeed, addSavedPage } from './library-rows.ts';

/** Random runs per method and transport; BROADSHEET_FUZZ_RUNS=500 for a longer local run. */
export const FUZZ_RUNS = Number(process.env.BROADSHEET_FUZZ_RUNS ?? 30);
/** A fixed seed keeps the run repeatable; BROADSHEET_FUZZ_SEED picks another. */
export const FUZZ_SEED = Number(process.env.BROADSHEET_FUZZ_SEED ?? 20_261_124);

export interface FuzzLibrary {
  library: Library;
  dataDir: string;
  /** A digest of every table, the settings file and the other files of the library folder. */
  snapshot(): string;
  /** Waits for work a successful call left running (downloads) and for the data to stop changing. */
  settle(): Promise<string>;
  close(): void;
}

const refuseNetwork: typeof globalThis.fetch = async () => {
  throw new TypeError('The contract fuzz test allows no network.');
};

export async function openFuzzLibrary(): Promise<FuzzLibrary> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bs-contract-fuzz-'));
  const seed = openDatabase(dataDir);
  try {
    const harbour = addFeed(seed, 'The Harbour Gazette');
    const valley = addFeed(seed, 'Valley News');
    for (let n = 0; n < 6; n += 1) addArticle(seed, n % 2 === 0 ? harbour : valley, { title: `Story ${n}`, text: `Ferry timetable ${n}` });
    addSavedPage(seed, { title: 'A saved page', text: 'Kept for later' });
  } finally {
    seed.close();
  }
  const library = openLibrary({
    dataDir,
    settings: createConfSettingsStore({ cwd: dataDir }),
    fetch: refuseNetwork,
    lookup: async (hostname) => {
      throw Object.assign(new Error(`No network in the fuzz test (${hostname})`), { code: 'ENOTFOUND' });
    },
  });
  await library.createFolder({ name: 'News' });
  await library.updateSettings({ theme: 'sepia' });

  const reader = new DatabaseSync(path.join(dataDir, 'library.db'), { readOnly: true });
  const snapshot = (): string => {
    const hash = createHash('sha256');
    const tables = reader.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      hash.update(`\n#${name}\n`);
      const rows = reader.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`);
      // FTS bookkeeping holds 64-bit values that a JavaScript number cannot.
      rows.setReadBigInts(true);
      for (const row of rows.iterate()) hash.update(stableJson(row));
    }
    for (const file of otherFiles(dataDir)) {
      hash.update(`\n@${file}\n`);
      hash.update(readFileSync(path.join(dataDir, file)));
    }
    return hash.digest('hex');
  };
  const settle = async (): Promise<string> => {
    await library.downloadsIdle();
    let last = snapshot();
    for (let round = 0; round < 50; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const now = snapshot();
      if (now === last) return now;
      last = now;
    }
    return last;
  };
  return {
    library,
    dataDir,
    snapshot,
    settle,
    close() {
      reader.close();
      library.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Files a call could write besides the database itself (whose state the table dump covers) and its lock. */
function otherFiles(dataDir: string): string[] {
  return (readdirSync(dataDir, { recursive: true }) as string[])
    .filter((file) => !/^library\.(db|db-wal|db-shm|lock)$/.test(file) && !file.endsWith('.lock'))
    .filter((file) => existsSync(path.join(dataDir, file)) && statSync(path.join(dataDir, file)).isFile())
    .sort();
}

function stableJson(row: unknown): string {
  return JSON.stringify(row, (_key, value: unknown) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
    return value;
  });
}

export type Transport = 'http' | 'ipc';

/** A value for one argument: hostile, near the schema's own words, or random. */
function valueArbitrary(method: MethodName, transport: Transport): fc.Arbitrary<unknown> {
  const vocabulary = schemaVocabulary(method);
  const keys = [...vocabulary.keys, '__proto__', 'constructor', 'prototype', 'unknownField'];
  const hostile = transport === 'ipc' ? [...HOSTILE_VALUES, ...IPC_ONLY_VALUES] : HOSTILE_VALUES;
  const leaf = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...hostile) },
    { weight: 2, arbitrary: vocabulary.literals.length > 0 ? fc.constantFrom(...vocabulary.literals) : fc.string() },
    { weight: 2, arbitrary: fc.constantFrom(0, -1, 1_000_000_007, 2 ** 40, 3.5) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  );
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 4 }),
      fc
        .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 })), tie('value')), { maxLength: 5 })
        .map((entries) => entries.reduce<Record<string, unknown>>((object, [key, inner]) => withOwnKey(key, inner, object), {})),
    ),
  }));
  return value;
}

/** Strings that mean something to a parser somewhere: search syntax, addresses, paths, markup. */
const MEANINGFUL_STRINGS = [
  'harbour',
  'harb*',
  '"ferry timetable',
  'NEAR(ferry timetable)',
  'title:ferry',
  '^ferry',
  'ferry OR',
  'AND',
  '*',
  '""',
  '(',
  'https://news.example/feed.xml',
  'http://127.0.0.1:1/feed',
  'news.example',
  '<opml version="2.0"><body><outline xmlUrl="http://127.0.0.1:1/"/></body></opml>',
  '<html><body><article><p>Hello</p><img src="http://127.0.0.1:1/x.png"></article></body></html>',
  'broadsheet-backup-2026-01-01T00-00-00Z.tar.gz',
  '../library.db',
];

type ZodDef = Record<string, unknown> & { type?: string; checks?: Array<{ _zod: { def: Record<string, unknown> } }> };
const defOf = (schema: unknown): ZodDef | undefined => (schema as { _zod?: { def?: ZodDef } } | null)?._zod?.def;
const checkOf = (def: ZodDef, name: string) => def.checks?.map((c) => c._zod.def).find((c) => c.check === name);

/**
 * Values shaped like what `schema` asks for (the right type, keys and words),
 * but with values anywhere in or just outside its limits: the calls that pass
 * the schema and must then be refused, or done, by the library itself. Ids run
 * over the seeded rows (1–12), so real data is touched too.
 */
export function schemaArbitrary(schema: unknown): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def?.type) {
    case 'string': {
      const max = Number(checkOf(def, 'max_length')?.maximum ?? 100);
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...MEANINGFUL_STRINGS) },
        { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
        { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(Math.min(max, 100_000)), 'x'.repeat(Math.min(max + 1, 100_001))) },
      );
    }
    case 'number': {
      const integer = checkOf(def, 'number_format') !== undefined;
      const lower = checkOf(def, 'greater_than');
      const upper = checkOf(def, 'less_than');
      const step = integer ? 1 : 0.001;
      const low = lower ? Number(lower.value) + (lower.inclusive ? 0 : step) : 0;
      const high = upper ? Number(upper.value) - (upper.inclusive ? 0 : step) : Number.MAX_SAFE_INTEGER;
      // Integers stay near the bottom of their range: ids 1–12 are the seeded rows.
      const inside = integer ? fc.integer({ min: low, max: Math.min(high, low + 11) }) : fc.double({ min: low, max: high, noNaN: true });
      const edges = fc.constantFrom(low, high, low - step, high + step, 1_000_000_007);
      return fc.oneof({ weight: 4, arbitrary: inside }, { weight: 1, arbitrary: edges });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'enum':
      return fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...Object.values((def.entries ?? {}) as Record<string, string>)) },
        { weight: 1, arbitrary: fc.constant('unknown-value') },
      );
    case 'literal':
      return fc.constantFrom(...((def.values ?? []) as unknown[]));
    case 'optional':
      return fc.option(schemaArbitrary(def.innerType), { nil: undefined });
    case 'nullable':
      return fc.option(schemaArbitrary(def.innerType), { nil: null });
    case 'default':
    case 'readonly':
    case 'catch':
      return schemaArbitrary(def.innerType);
    case 'pipe':
      return schemaArbitrary(def.in);
    case 'array':
      return fc.array(schemaArbitrary(def.element), { maxLength: 5 });
    case 'tuple':
      return fc.tuple(...((def.items ?? []) as unknown[]).map((item) => schemaArbitrary(item)));
    case 'object': {
      const shape = (def.shape ?? {}) as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(shape).map(([key, inner]) => [key, schemaArbitrary(inner)]));
      const required = Object.entries(shape)
        .filter(([, inner]) => defOf(inner)?.type !== 'optional')
        .map(([key]) => key);
      return fc.record(fields, { requiredKeys: required });
    }
    case 'union':
      return fc.oneof(...((def.options ?? []) as unknown[]).map((option) => schemaArbitrary(option)));
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 10 }), schemaArbitrary(def.valueType), { maxKeys: 3 });
    default:
      return fc.anything();
  }
}

/**
 * The arguments of one call of `method`: shaped like the contract's, hostile,
 * of the wrong length, or not a list at all. Mostly invalid; some valid by the
 * schema but wrong in meaning (an id that does not exist, a search that is
 * not one), and some simply valid.
 */
export function argsArbitrary(method: MethodName, transport: Transport): fc.Arbitrary<unknown> {
  const { arity } = schemaVocabulary(method);
  const value = valueArbitrary(method, transport);
  const shaped = schemaArbitrary(methods[method].args);
  // One argument of a well-shaped call replaced by anything at all.
  const spoiled = fc
    .tuple(shaped, fc.nat(), value)
    .map(([args, at, replacement]) => (args as unknown[]).map((arg, i) => (i === at % Math.max(arity, 1) ? replacement : arg)));
  return fc.oneof(
    { weight: arity === 0 ? 1 : 5, arbitrary: shaped },
    { weight: 3, arbitrary: spoiled },
    { weight: arity === 0 ? 1 : 3, arbitrary: fc.array(value, { minLength: arity, maxLength: arity }) },
    { weight: 2, arbitrary: fc.array(value, { minLength: arity + 1, maxLength: arity + 3 }) },
    { weight: 1, arbitrary: fc.array(value, { maxLength: Math.max(0, arity - 1) }) },
    { weight: 1, arbitrary: value },
  );
}

/** Every hostile value as the whole argument list and in each argument's place: a sweep before the random runs. */
export function hostileCalls(method: MethodName, transport: Transport): unknown[] {
  const { arity } = schemaVocabulary(method);
  const hostile = transport === 'ipc' ? [...HOSTILE_VALUES, ...IPC_ONLY_VALUES] : HOSTILE_VALUES;
  const calls: unknown[] = [];
  for (const value of hostile) {
    calls.push(value);
    for (let position = 0; position < Math.max(arity, 1); position += 1) {
      calls.push(Array.from({ length: Math.max(arity, 1) }, (_, i) => (i === position ? value : 1_000_000_007)));
    }
    calls.push([...Array.from({ length: arity }, () => 1_000_000_007), value]);
  }
  return calls;
}


/**
 * Attacks one method with every hostile call, then with random ones, each
 * through `attack` (which sends it over the transport and checks the reply),
 * carrying the library's last known state from one call to the next.
 */
export async function fuzzMethod(
  fuzz: FuzzLibrary,
  method: MethodName,
  transport: Transport,
  attack: (args: unknown, baseline: string) => Promise<string>,
): Promise<void> {
  let baseline = await fuzz.settle();
  for (const args of hostileCalls(method, transport)) baseline = await attack(args, baseline);
  await fc.assert(
    fc.asyncProperty(argsArbitrary(method, transport), async (args) => {
      baseline = await attack(args, baseline);
    }),
    { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
  );
}

/**
 * After a call's reply is checked: nothing was polluted, and a refused call
 * left the library as it was. Returns the state the next call starts from
 * (an accepted call may have changed it, so that waits for it to settle).
 */
export async function stateAfterCall(fuzz: FuzzLibrary, reply: { ok: boolean }, baseline: string, what: string): Promise<string> {
  expect(({} as Record<string, unknown>).polluted, `${what} polluted Object.prototype`).toBeUndefined();
  if (reply.ok) return fuzz.settle();
  expect(fuzz.snapshot(), `${what} was refused but changed the library`).toBe(baseline);
  return baseline;
}
