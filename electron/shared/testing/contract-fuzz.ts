// What contract fuzzing sends and what it accepts back, shared by the IPC and
// HTTP fuzz tests. Only the contract is used here (shared may import zod
// only); the random generation built on it is in
// electron/core/testing/contract-fuzz-harness.ts.
import type { z } from 'zod';
import { methods, type MethodName } from '../api.ts';
import { EnvelopeSchema } from '../errors.ts';

/** Nested `depth` levels deep: `[[[…]]]` or `{a:{a:{…}}}`. Built by a loop, so making one never overflows. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** An object with `key` as its own property, even for `__proto__`, as JSON.parse would make it. */
export function withOwnKey(key: string, value: unknown, base: Record<string, unknown> = {}): Record<string, unknown> {
  const object = { ...base };
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const HUGE_STRING = 'x'.repeat(300_000);

/** Values that have broken parsers and handlers elsewhere; every one survives JSON (as JSON turns it). */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  0.5,
  2 ** 31,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '',
  '   ',
  '\u0000',
  '\ud800',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'http://127.0.0.1:1/',
  'http://169.254.169.254/latest/meta-data/',
  "'; DROP TABLE articles; --",
  '"\\u0000"',
  '__proto__',
  'constructor',
  'toString',
  '%00%2e%2e%2f',
  'ﷺ‮𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  HUGE_STRING,
  [],
  [[]],
  [null],
  Array.from({ length: 300_000 }, (_, i) => i + 1),
  {},
  JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown,
  { constructor: { prototype: { polluted: 'yes' } } },
  withOwnKey('__proto__', { polluted: 'yes' }, { name: 'News' }),
  { toString: 'x', valueOf: 'y', hasOwnProperty: 'z' },
  { length: 1e9 },
  Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`field${i}`, i])),
  // Deeper than any schema, shallow enough for JSON.stringify; the HTTP test sends far deeper text itself.
  deeplyNested(1_000, 'array'),
  deeplyNested(1_000, 'object'),
];

/** Values only structured clone (IPC) can carry: JSON has no words for them. */
export const IPC_ONLY_VALUES: readonly unknown[] = [
  undefined,
  10n ** 30n,
  new Date(Number.NaN),
  new Date(0),
  new Map([['__proto__', 1]]),
  new Set([1, 2]),
  new Uint8Array(1024),
  /x/g,
  // eslint-disable-next-line no-sparse-arrays
  [1, , 3],
];

/** Method names no transport may route anywhere. */
export const UNKNOWN_METHOD_NAMES: readonly string[] = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  'close',
  'startAutoRefresh',
  'on',
  'listSources/..',
  'LISTSOURCES',
  'listsources',
  'x'.repeat(5000),
  '',
  ' listSources',
];

/** Field names and literal values a method's schema knows, so generated objects sometimes come close to valid. */
export interface SchemaVocabulary {
  arity: number;
  keys: string[];
  literals: Array<string | number | boolean>;
}

interface ZodInternals {
  _zod?: { def?: Record<string, unknown> & { type?: string } };
}

/** Walks a zod schema for its object keys and enum/literal values. */
export function schemaVocabulary(method: MethodName): SchemaVocabulary {
  const keys = new Set<string>();
  const literals = new Set<string | number | boolean>();
  const seen = new Set<unknown>();
  const visit = (schema: unknown): void => {
    if (schema === null || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    const def = (schema as ZodInternals)._zod?.def;
    if (!def) return;
    if (def.type === 'object') {
      for (const [key, inner] of Object.entries((def.shape ?? {}) as Record<string, unknown>)) {
        keys.add(key);
        visit(inner);
      }
    }
    if (def.type === 'enum') {
      for (const value of Object.values((def.entries ?? {}) as Record<string, string | number>)) literals.add(value);
    }
    if (def.type === 'literal') {
      for (const value of (def.values ?? []) as unknown[]) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') literals.add(value);
      }
    }
    for (const field of ['innerType', 'element', 'in', 'out', 'left', 'right', 'valueType', 'keyType', 'rest']) visit(def[field]);
    for (const field of ['items', 'options']) {
      const list = def[field];
      if (Array.isArray(list)) for (const item of list) visit(item);
    }
  };
  const args = methods[method].args as z.ZodType;
  visit(args);
  const items = (args as unknown as ZodInternals)._zod?.def?.items;
  return { arity: Array.isArray(items) ? items.length : 0, keys: [...keys], literals: [...literals] };
}

/** True when the contract's schema accepts these arguments (as dispatch reads them). */
export function schemaAccepts(method: MethodName, rawArgs: unknown): boolean {
  return methods[method].args.safeParse(rawArgs ?? []).success;
}

/** Marks of a stack trace or of the machine's insides that must never reach a page. */
const LEAKS: ReadonlyArray<[RegExp, string]> = [
  [/\n\s*at\s/, 'a stack frame'],
  [/\bat\s+\S+\s+\(.*:\d+:\d+\)/, 'a stack frame'],
  [/\.(ts|js|mjs|cjs):\d+/, 'a source position'],
  [/node_modules/, 'a module path'],
  [/\b(SQLITE_[A-Z]+|ENOENT|EACCES|EPERM|ERR_[A-Z_]+)\b/, 'a system error code'],
  [/\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/, 'a JavaScript error name'],
];

/**
 * Why `reply` is not a clean answer, or null when it is: an Envelope and
 * nothing else; a failure has a known code and a short, non-empty sentence
 * without stack traces, error internals or any of the `secrets` (such as the
 * library's folder).
 */
export function replyProblem(reply: unknown, secrets: readonly string[] = []): string | null {
  const parsed = EnvelopeSchema.safeParse(reply);
  if (!parsed.success) return `not an envelope: ${preview(reply)}`;
  const keys = Object.keys(reply as object).sort().join(',');
  if (keys !== (parsed.data.ok ? 'ok,value' : 'error,ok')) return `an envelope with extra fields (${keys})`;
  if (parsed.data.ok) return null;
  const { code, message } = parsed.data.error;
  if (Object.keys((reply as { error: object }).error).sort().join(',') !== 'code,message') return 'an error with extra fields';
  if (message.trim().length === 0) return `an empty message for ${code}`;
  if (message.length > 300) return `a ${message.length}-character message for ${code}`;
  for (const [pattern, what] of LEAKS) if (pattern.test(message)) return `${what} in the message: ${message}`;
  for (const secret of secrets) if (secret && message.includes(secret)) return `the private path ${secret} in the message`;
  return null;
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** A short description of a generated payload for a failure message. */
export function describePayload(value: unknown): string {
  return preview(value);
}
