// A small, safe evaluator for the Python expressions in the feedparser suite's
// `Expect:` lines: literals, names, indexing, attributes, a few calls, `not`,
// `and`, `or` and comparisons. Nothing is executed but this tree walk; names
// and attributes resolve only through the Scope the caller gives.

/** Thrown when an expression touches something the scope does not model: the case is not applicable. */
export class NotApplicable extends Error {
  readonly what: string;
  constructor(what: string) {
    super(`not modelled: ${what}`);
    this.what = what;
  }
}

/** Python would raise here (KeyError, IndexError, TypeError): the assertion fails. */
export class PythonError extends Error {}

export type PyValue = string | number | boolean | null | PyValue[] | PyObject | PyDict;

/** A value with keys, looked up through `get` (feedparser's dictionaries answer to both `d['k']` and `d.k`). */
export interface PyObject {
  readonly kind: 'object';
  /** The value at key; throws NotApplicable for keys not modelled; `undefined` when the key is modelled but absent. */
  get(key: string): PyValue | undefined;
  /** Python `==` against another value, when the object has its own notion (e.g. text compared after normalising). */
  equals?(other: PyValue): boolean;
  /** Python `in` with this object on the right. */
  contains?(needle: PyValue): boolean;
  length?(): number;
  /** Python `ord(x)`. */
  ord?(): number;
}

/** A literal dict from the expression. */
export interface PyDict {
  readonly kind: 'dict';
  readonly entries: Map<string | number, PyValue>;
}

export type Scope = (name: string) => PyValue;

/**
 * A value the scope does not know but that may be asserted either way without
 * deciding the case (feedparser's `bozo`): true under `and`, and `not` of it is
 * true as well. An expression that is nothing but this is not applicable.
 */
export const DONT_CARE: PyObject = {
  kind: 'object',
  get(key: string): never {
    throw new NotApplicable(`['${key}'] of an unmodelled value`);
  },
};

type Node =
  | { type: 'literal'; value: PyValue }
  | { type: 'name'; name: string }
  | { type: 'tuple'; items: Node[] }
  | { type: 'dict'; entries: [Node, Node][] }
  | { type: 'index'; target: Node; index: Node }
  | { type: 'attr'; target: Node; name: string }
  | { type: 'call'; callee: Node; args: Node[] }
  | { type: 'not'; operand: Node }
  | { type: 'neg'; operand: Node }
  | { type: 'add'; left: Node; right: Node }
  | { type: 'bool'; op: 'and' | 'or'; left: Node; right: Node }
  | { type: 'compare'; first: Node; rest: [string, Node][] };

interface Token {
  kind: 'str' | 'num' | 'name' | 'op' | 'end';
  text: string;
  value?: string | number;
}

// Tokens ------------------------------------------------------------------------

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '(', ')', '[', ']', '{', '}', ',', ':', '.', '-', '+'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const char = source[at] ?? '';
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    const prefixed = /^([uUbBrR]{0,2})(['"])/.exec(source.slice(at, at + 3));
    if (prefixed) {
      const prefix = prefixed[1] ?? '';
      const raw = prefix.toLowerCase().includes('r');
      const start = at + prefix.length;
      const quote = source.startsWith(prefixed[2]!.repeat(3), start) ? prefixed[2]!.repeat(3) : prefixed[2]!;
      const { value, end } = readString(source, start + quote.length, quote, raw);
      tokens.push({ kind: 'str', text: source.slice(at, end), value });
      at = end;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?[lL]?/.exec(source.slice(at));
    if (number) {
      tokens.push({ kind: 'num', text: number[0], value: Number(number[0].replace(/[lL]$/, '')) });
      at += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][\w]*/.exec(source.slice(at));
    if (name) {
      tokens.push({ kind: 'name', text: name[0] });
      at += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, at));
    if (!op) throw new SyntaxError(`Unexpected "${char}" at ${at} in: ${source}`);
    tokens.push({ kind: 'op', text: op });
    at += op.length;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

function readString(source: string, from: number, quote: string, raw: boolean): { value: string; end: number } {
  let value = '';
  let at = from;
  while (at < source.length) {
    if (source.startsWith(quote, at)) return { value, end: at + quote.length };
    const char = source[at] ?? '';
    if (char === '\\' && !raw) {
      const next = source[at + 1] ?? '';
      if (next === 'x' || next === 'u' || next === 'U') {
        const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = source.slice(at + 2, at + 2 + width);
        if (!/^[\da-fA-F]+$/.test(hex) || hex.length !== width) throw new SyntaxError(`Bad escape in: ${source}`);
        value += String.fromCodePoint(parseInt(hex, 16));
        at += 2 + width;
        continue;
      }
      if (next in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[next];
        at += 2;
        continue;
      }
      // Python keeps an unknown escape as written.
      value += char + next;
      at += 2;
      continue;
    }
    value += char;
    at += 1;
  }
  throw new SyntaxError(`Unterminated string in: ${source}`);
}

// Parsing -----------------------------------------------------------------------

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);

export function parseExpression(source: string): Node {
  const tokens = tokenize(source);
  let at = 0;
  const peek = (offset = 0): Token => tokens[Math.min(at + offset, tokens.length - 1)]!;
  const next = (): Token => tokens[at++]!;
  const isOp = (text: string, token = peek()) => token.kind === 'op' && token.text === text;
  const isName = (text: string, token = peek()) => token.kind === 'name' && token.text === text;
  const expectOp = (text: string) => {
    const token = next();
    if (token.kind !== 'op' || token.text !== text) throw new SyntaxError(`Expected "${text}" but found "${token.text}" in: ${source}`);
  };

  const orExpr = (): Node => {
    let left = andExpr();
    while (isName('or')) {
      next();
      left = { type: 'bool', op: 'or', left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): Node => {
    let left = notExpr();
    while (isName('and')) {
      next();
      left = { type: 'bool', op: 'and', left, right: notExpr() };
    }
    return left;
  };
  const notExpr = (): Node => {
    if (isName('not')) {
      next();
      return { type: 'not', operand: notExpr() };
    }
    return comparison();
  };
  const additive = (): Node => {
    let left = unary();
    while (isOp('+')) {
      next();
      left = { type: 'add', left, right: unary() };
    }
    return left;
  };
  const comparison = (): Node => {
    const first = additive();
    const rest: [string, Node][] = [];
    for (;;) {
      const token = peek();
      if (token.kind === 'op' && COMPARISONS.has(token.text)) {
        next();
        rest.push([token.text, additive()]);
      } else if (isName('in')) {
        next();
        rest.push(['in', additive()]);
      } else if (isName('not') && isName('in', peek(1))) {
        at += 2;
        rest.push(['not in', additive()]);
      } else if (isName('is')) {
        next();
        if (isName('not')) {
          next();
          rest.push(['is not', additive()]);
        } else {
          rest.push(['is', additive()]);
        }
      } else {
        break;
      }
    }
    return rest.length === 0 ? first : { type: 'compare', first, rest };
  };
  const unary = (): Node => {
    if (isOp('-')) {
      next();
      return { type: 'neg', operand: unary() };
    }
    return postfix();
  };
  const postfix = (): Node => {
    let node = atom();
    for (;;) {
      if (isOp('[')) {
        next();
        const index = orExpr();
        expectOp(']');
        node = { type: 'index', target: node, index };
      } else if (isOp('.')) {
        next();
        const name = next();
        if (name.kind !== 'name') throw new SyntaxError(`Expected a name after "." in: ${source}`);
        node = { type: 'attr', target: node, name: name.text };
      } else if (isOp('(')) {
        next();
        const args = sequence(')');
        node = { type: 'call', callee: node, args };
      } else {
        return node;
      }
    }
  };
  const sequence = (close: string): Node[] => {
    const items: Node[] = [];
    while (!isOp(close)) {
      items.push(orExpr());
      if (!isOp(close)) expectOp(',');
    }
    expectOp(close);
    return items;
  };
  const atom = (): Node => {
    const token = next();
    if (token.kind === 'str') {
      let value = String(token.value);
      // Adjacent string literals concatenate.
      while (peek().kind === 'str') value += String(next().value);
      return { type: 'literal', value };
    }
    if (token.kind === 'num') return { type: 'literal', value: Number(token.value) };
    if (token.kind === 'name') {
      if (token.text === 'None') return { type: 'literal', value: null };
      if (token.text === 'True') return { type: 'literal', value: true };
      if (token.text === 'False') return { type: 'literal', value: false };
      return { type: 'name', name: token.text };
    }
    if (token.kind === 'op' && token.text === '(') {
      if (isOp(')')) {
        next();
        return { type: 'tuple', items: [] };
      }
      const first = orExpr();
      if (isOp(')')) {
        next();
        return first;
      }
      expectOp(',');
      return { type: 'tuple', items: [first, ...sequence(')')] };
    }
    if (token.kind === 'op' && token.text === '[') return { type: 'tuple', items: sequence(']') };
    if (token.kind === 'op' && token.text === '{') {
      const entries: [Node, Node][] = [];
      while (!isOp('}')) {
        const key = orExpr();
        expectOp(':');
        entries.push([key, orExpr()]);
        if (!isOp('}')) expectOp(',');
      }
      expectOp('}');
      return { type: 'dict', entries };
    }
    throw new SyntaxError(`Unexpected "${token.text || 'end'}" in: ${source}`);
  };

  const node = orExpr();
  if (peek().kind !== 'end') throw new SyntaxError(`Unexpected "${peek().text}" in: ${source}`);
  return node;
}

/**
 * Every chain of lookups rooted at a name, as the path of keys it reads
 * (indexes written as numbers, "*" for anything computed):
 * `entries[0]['title_detail']['type']` gives ['entries', '*', 'title_detail', 'type'].
 */
export function lookupPaths(node: Node): string[][] {
  const paths: string[][] = [];
  const chain = (n: Node): string[] | null => {
    if (n.type === 'name') return [n.name];
    if (n.type === 'attr') {
      const base = chain(n.target);
      return base ? [...base, n.name] : null;
    }
    if (n.type === 'index') {
      const base = chain(n.target);
      if (!base) return null;
      const key = n.index.type === 'literal' && typeof n.index.value === 'string' ? n.index.value : '*';
      return [...base, key];
    }
    return null;
  };
  const visit = (n: Node): void => {
    const path = chain(n);
    if (path && (n.type === 'attr' || n.type === 'index' || n.type === 'name')) paths.push(path);
    switch (n.type) {
      case 'tuple':
        n.items.forEach(visit);
        break;
      case 'dict':
        n.entries.forEach(([k, v]) => {
          visit(k);
          visit(v);
        });
        break;
      case 'index':
        visit(n.target);
        visit(n.index);
        break;
      case 'attr':
        visit(n.target);
        break;
      case 'call':
        // A method call reads its target, and `x.get('k')` / `x.has_key('k')` read key k.
        if (n.callee.type === 'attr') {
          const target = chain(n.callee.target);
          const key = n.args[0];
          if (target && (n.callee.name === 'get' || n.callee.name === 'has_key') && key?.type === 'literal' && typeof key.value === 'string') {
            paths.push([...target, key.value]);
          }
          visit(n.callee.target);
        } else {
          visit(n.callee);
        }
        n.args.forEach(visit);
        break;
      case 'not':
      case 'neg':
        visit(n.operand);
        break;
      case 'add':
      case 'bool':
        visit(n.left);
        visit(n.right);
        break;
      case 'compare':
        visit(n.first);
        n.rest.forEach(([, r]) => visit(r));
        break;
      default:
        break;
    }
  };
  visit(node);
  return paths;
}

// Evaluation --------------------------------------------------------------------

/** Evaluates the expression; Python's truth of the result. */
export function evaluateExpect(source: string, scope: Scope, isModelled: (path: string[]) => boolean = () => true): boolean {
  const tree = parseExpression(source);
  const unmodelled = lookupPaths(tree).find((path) => !isModelled(path));
  if (unmodelled) throw new NotApplicable(unmodelled.join('.'));
  const result = evaluate(tree, scope);
  if (result === DONT_CARE) throw new NotApplicable(source);
  return truthy(result);
}

export function truthy(value: PyValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value.kind === 'dict') return value.entries.size > 0;
  if (typeof value === 'object' && value.kind === 'object' && value.length) return value.length() > 0;
  return true;
}

function evaluate(node: Node, scope: Scope): PyValue {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'name':
      return scope(node.name);
    case 'tuple':
      return node.items.map((item) => evaluate(item, scope));
    case 'dict': {
      const entries = new Map<string | number, PyValue>();
      for (const [key, value] of node.entries) {
        const k = evaluate(key, scope);
        if (typeof k !== 'string' && typeof k !== 'number') throw new PythonError('unhashable dict key');
        entries.set(k, evaluate(value, scope));
      }
      return { kind: 'dict', entries };
    }
    case 'index':
      return index(evaluate(node.target, scope), evaluate(node.index, scope));
    case 'attr': {
      const target = evaluate(node.target, scope);
      return index(target, node.name);
    }
    case 'call':
      return call(node, scope);
    case 'not': {
      const operand = evaluate(node.operand, scope);
      return operand === DONT_CARE ? true : !truthy(operand);
    }
    case 'neg': {
      const value = evaluate(node.operand, scope);
      if (typeof value !== 'number') throw new PythonError('bad operand for unary -');
      return -value;
    }
    case 'add': {
      const left = evaluate(node.left, scope);
      const right = evaluate(node.right, scope);
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
      throw new PythonError('unsupported operands for +');
    }
    case 'bool': {
      const left = evaluate(node.left, scope);
      if (node.op === 'and') return truthy(left) ? evaluate(node.right, scope) : left;
      return truthy(left) ? left : evaluate(node.right, scope);
    }
    case 'compare': {
      let left = evaluate(node.first, scope);
      for (const [op, rightNode] of node.rest) {
        const right = evaluate(rightNode, scope);
        if (!compare(op, left, right)) return false;
        left = right;
      }
      return true;
    }
  }
}

function index(target: PyValue, key: PyValue): PyValue {
  if (target !== null && typeof target === 'object' && !Array.isArray(target) && target.kind === 'object') {
    if (typeof key !== 'string') throw new PythonError('object keys are strings');
    const value = target.get(key);
    if (value === undefined) throw new PythonError(`KeyError: ${key}`);
    return value;
  }
  if (target !== null && typeof target === 'object' && !Array.isArray(target) && target.kind === 'dict') {
    if (typeof key !== 'string' && typeof key !== 'number') throw new PythonError('unhashable key');
    const value = target.entries.get(key);
    if (value === undefined) throw new PythonError(`KeyError: ${key}`);
    return value;
  }
  if (Array.isArray(target) || typeof target === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) throw new PythonError('indices must be integers');
    const at = key < 0 ? target.length + key : key;
    if (at < 0 || at >= target.length) throw new PythonError('IndexError');
    return target[at] ?? null;
  }
  throw new PythonError(`cannot index ${typeof target}`);
}

function call(node: Extract<Node, { type: 'call' }>, scope: Scope): PyValue {
  const args = () => node.args.map((arg) => evaluate(arg, scope));
  if (node.callee.type === 'name') {
    const name = node.callee.name;
    if (name === 'len') {
      const [value] = args();
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (value && typeof value === 'object' && value.kind === 'dict') return value.entries.size;
      if (value && typeof value === 'object' && value.kind === 'object' && value.length) return value.length();
      throw new NotApplicable('len() of this value');
    }
    if (name === 'ord') {
      const [value] = args();
      if (typeof value === 'string') {
        if ([...value].length !== 1) throw new PythonError('ord() expects one character');
        return value.codePointAt(0) ?? 0;
      }
      if (value && typeof value === 'object' && !Array.isArray(value) && value.kind === 'object' && value.ord) return value.ord();
      throw new PythonError('ord() expects a string');
    }
    throw new NotApplicable(`${name}()`);
  }
  if (node.callee.type === 'attr') {
    const method = node.callee.name;
    const target = evaluate(node.callee.target, scope);
    if (method === 'has_key' || method === 'get') {
      const [key, fallback] = args();
      if (typeof key !== 'string') throw new PythonError(`${method} expects a string key`);
      const value = target && typeof target === 'object' && !Array.isArray(target) && target.kind === 'object' ? target.get(key) : undefined;
      if (method === 'has_key') return value !== undefined;
      return value === undefined ? (fallback ?? null) : value;
    }
    throw new NotApplicable(`.${method}()`);
  }
  throw new NotApplicable('a call');
}

export function compare(op: string, left: PyValue, right: PyValue): boolean {
  switch (op) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case 'is':
      return left === right || (left === null && right === null);
    case 'is not':
      return !(left === right || (left === null && right === null));
    case 'in':
      return contains(right, left);
    case 'not in':
      return !contains(right, left);
    default: {
      if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) {
        throw new PythonError(`cannot order ${typeof left} and ${typeof right}`);
      }
      const l = left as number | string;
      const r = right as number | string;
      if (op === '<') return l < r;
      if (op === '>') return l > r;
      if (op === '<=') return l <= r;
      return l >= r;
    }
  }
}

export function equal(left: PyValue, right: PyValue): boolean {
  if (left !== null && typeof left === 'object' && !Array.isArray(left) && left.kind === 'object') {
    return left.equals ? left.equals(right) : left === right;
  }
  if (right !== null && typeof right === 'object' && !Array.isArray(right) && right.kind === 'object') return equal(right, left);
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, i) => equal(item, right[i] ?? null));
  }
  if (left !== null && typeof left === 'object' && right !== null && typeof right === 'object') {
    if (left.entries.size !== right.entries.size) return false;
    for (const [key, value] of left.entries) {
      const other = right.entries.get(key);
      if (other === undefined || !equal(value, other)) return false;
    }
    return true;
  }
  // Python: True == 1 and False == 0.
  if (typeof left === 'boolean' && typeof right === 'number') return Number(left) === right;
  if (typeof left === 'number' && typeof right === 'boolean') return left === Number(right);
  return left === right;
}

function contains(haystack: PyValue, needle: PyValue): boolean {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') throw new PythonError("'in <string>' requires a string");
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((item) => equal(item, needle));
  if (haystack !== null && typeof haystack === 'object' && haystack.kind === 'dict') {
    return (typeof needle === 'string' || typeof needle === 'number') && haystack.entries.has(needle);
  }
  if (haystack !== null && typeof haystack === 'object' && haystack.kind === 'object') {
    if (haystack.contains) return haystack.contains(needle);
    if (typeof needle !== 'string') return false;
    return haystack.get(needle) !== undefined;
  }
  throw new PythonError('argument of this type is not iterable');
}
