// Finding search matches in plain-ASCII text (most articles) without cutting
// the whole text into token objects: the terms are looked for with indexOf in
// the lower-cased text and then checked to be whole words. In ASCII the index's
// tokens are exactly the runs of letters and digits and folding is lower-casing,
// so the result is the same as matching token by token (search-snippet.ts),
// at a fraction of the cost: snippets for a page of results were most of a
// search's time at 100,000 articles.
import type { SearchTerm } from './search-query.ts';

export interface TermMatch {
  range: [number, number];
  term: number;
}

/** Anything but printable ASCII and ordinary whitespace (rarer control characters take the general path too). */
const NON_ASCII = /[^\t\n\v\f\r -~]/;

/** Printable ASCII and whitespace only: the texts this shortcut is for. */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** A-Z, a-z, 0-9: what the unicode61 tokenizer keeps inside a token, within ASCII. */
function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Where the word that starts at `from` ends. */
function wordEnd(lower: string, from: number): number {
  let end = from;
  while (end < lower.length && isWordCode(lower.charCodeAt(end))) end += 1;
  return end;
}

/**
 * The end of `token` matched at `at` (a whole word, or the start of one when
 * `prefix`), or -1 when it does not match there.
 */
function matchToken(lower: string, at: number, token: string, prefix: boolean): number {
  if (!lower.startsWith(token, at)) return -1;
  const end = at + token.length;
  if (prefix) return wordEnd(lower, end);
  return end < lower.length && isWordCode(lower.charCodeAt(end)) ? -1 : end;
}

/** Every stretch of `text` (ASCII only) that matches a term, sorted by position. */
export function findMatchesAscii(text: string, terms: readonly SearchTerm[]): TermMatch[] {
  const lower = text.toLowerCase();
  const found: TermMatch[] = [];
  terms.forEach((term, termIndex) => {
    const first = term.tokens[0];
    if (first === undefined || first.length === 0) return;
    const last = term.tokens.length - 1;
    for (let at = lower.indexOf(first); at !== -1; at = lower.indexOf(first, at + 1)) {
      if (at > 0 && isWordCode(lower.charCodeAt(at - 1))) continue;
      let end = matchToken(lower, at, first, last === 0 && term.prefix);
      for (let k = 1; k <= last && end !== -1; k += 1) {
        // Tokens of a phrase follow one another with only separators between them.
        let next = end;
        while (next < lower.length && !isWordCode(lower.charCodeAt(next))) next += 1;
        end = next === end ? -1 : matchToken(lower, next, term.tokens[k] as string, k === last && term.prefix);
      }
      if (end !== -1) found.push({ range: [at, end], term: termIndex });
    }
  });
  found.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  return found;
}
