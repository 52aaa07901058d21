// Highlights and snippets for search results, cut from the stored plain text
// (the search index keeps no copy of it). Matching uses the same tokens and
// folding as the index, so a highlight is exactly a word that matched.
import type { Snippet } from '../../shared/models.ts';
import { foldToken, type SearchTerm } from './search-query.ts';
import { findMatchesAscii, isAscii } from './search-snippet-ascii.ts';

type Range = [number, number];

interface Token {
  start: number;
  end: number;
  folded: string;
}

const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** About two lines of a result list. */
const SNIPPET_CHARS = 200;
/** How much text before the first match the snippet keeps, for context. */
const LEAD_CHARS = 50;
/** Long articles: matches further in than this are not looked for (the snippet shows the start). */
const MAX_SCAN_CHARS = 200_000;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    tokens.push({ start: m.index, end: m.index + m[0].length, folded: foldToken(m[0]) });
  }
  return tokens;
}

/** Every stretch of `text` that matches a term (whole words), sorted, with the index of the term. */
function findMatches(text: string, terms: readonly SearchTerm[]): Array<{ range: Range; term: number }> {
  // Most articles are plain ASCII, where matching needs no token objects (see search-snippet-ascii.ts).
  return isAscii(text) ? findMatchesAscii(text, terms) : findMatchesByTokens(text, terms);
}

/** findMatches for any text: token by token, folded as the index folds them. */
export function findMatchesByTokens(text: string, terms: readonly SearchTerm[]): Array<{ range: Range; term: number }> {
  const tokens = tokenize(text);
  const found: Array<{ range: Range; term: number }> = [];
  terms.forEach((term, termIndex) => {
    const n = term.tokens.length;
    for (let i = 0; i + n <= tokens.length; i += 1) {
      let ok = true;
      for (let k = 0; k < n && ok; k += 1) {
        const token = tokens[i + k] as Token;
        const want = term.tokens[k] as string;
        const last = k === n - 1;
        ok = last && term.prefix ? token.folded.startsWith(want) : token.folded === want;
      }
      if (ok) found.push({ range: [(tokens[i] as Token).start, (tokens[i + n - 1] as Token).end], term: termIndex });
    }
  });
  found.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  return found;
}

/** Sorted ranges with overlaps merged (a word matched by two terms is highlighted once). */
function merge(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** Highlight offsets of every match in a short text such as a title. */
export function highlightsIn(text: string, terms: readonly SearchTerm[]): Range[] {
  return merge(findMatches(text, terms).map((m) => m.range));
}

/**
 * A window of about SNIPPET_CHARS around the place where the most different
 * terms match, whitespace collapsed, "…" where text was cut, with the
 * [start, end) offsets of the matches inside it. Without a match in the text
 * (the title or the author matched), its beginning.
 */
export function snippetOf(text: string, terms: readonly SearchTerm[]): Snippet {
  const scanned = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  const matches = findMatches(scanned, terms);
  let from = 0;
  if (matches.length > 0) {
    let best = -1;
    // Matches are sorted by start and so are the windows: each window looks only at the
    // matches that can fit in it (a word repeated through a long article made this quadratic).
    let first = 0;
    for (const m of matches) {
      const start = Math.max(0, m.range[0] - LEAD_CHARS);
      while (first < matches.length && (matches[first] as (typeof matches)[number]).range[0] < start) first += 1;
      let covered = 0;
      let termsSeen = 0;
      for (let j = first; j < matches.length; j += 1) {
        const o = matches[j] as (typeof matches)[number];
        if (o.range[0] >= start + SNIPPET_CHARS) break;
        // At most MAX_TERMS (12) terms, so one bit each.
        if (o.range[1] <= start + SNIPPET_CHARS && (termsSeen & (1 << o.term)) === 0) {
          termsSeen |= 1 << o.term;
          covered += 1;
        }
      }
      if (covered > best) {
        best = covered;
        from = start;
      }
      if (best === terms.length) break;
    }
  }
  // Whole words only: start after a space, end before one.
  if (from > 0) {
    const space = text.slice(from, from + 30).search(/\s/);
    if (space >= 0) from += space + 1;
  }
  let to = Math.min(text.length, from + SNIPPET_CHARS);
  if (to < text.length) {
    const lastSpace = text.slice(from, to).search(/\s\S*$/);
    if (lastSpace > SNIPPET_CHARS / 2) to = from + lastSpace;
  }
  const inside = matches
    .filter((m) => m.range[0] >= from && m.range[1] <= to)
    .map((m): Range => [m.range[0] - from, m.range[1] - from]);
  const collapsed = collapseWhitespace(text.slice(from, to), merge(inside));
  const lead = from > 0 ? '…' : '';
  const tail = to < text.length ? '…' : '';
  return {
    text: `${lead}${collapsed.text}${tail}`,
    highlights: collapsed.highlights.map(([s, e]): Range => [s + lead.length, e + lead.length]),
  };
}

/** Runs of whitespace become one space (trimmed at both ends); highlight offsets follow. */
function collapseWhitespace(text: string, highlights: readonly Range[]): { text: string; highlights: Range[] } {
  // map[i] = position in the output of input character i.
  const map: number[] = [];
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      if (out.length > 0) pendingSpace = true;
      map.push(out.length);
      continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    map.push(out.length);
    out += ch;
  }
  map.push(out.length);
  return {
    text: out,
    highlights: highlights.map(([s, e]): Range => [map[s] ?? out.length, (map[e - 1] ?? out.length - 1) + 1]),
  };
}
