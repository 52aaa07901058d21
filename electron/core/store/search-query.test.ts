import { describe, expect, it } from 'vitest';
import { parseSearch, toFtsMatch } from './search-query.ts';
import { highlightsIn, snippetOf } from './search-snippet.ts';

const match = (input: string) => toFtsMatch(parseSearch(input));

describe('search input', () => {
  it('makes each word a prefix, ANDed, and keeps quoted phrases exact', () => {
    expect(match('harb lifeboat')).toBe('"harb"* AND "lifeboat"*');
    expect(match('"old fish market" quay')).toBe('"old fish market" AND "quay"*');
    // Someone still typing the phrase: its last word is a prefix.
    expect(match('"old fish mar')).toBe('"old fish mar"*');
  });

  it('folds case and diacritics the way the index does', () => {
    expect(match('CAFÉ Ærø')).toBe('"cafe"* AND "ærø"*');
  });

  it('turns FTS syntax and punctuation into plain words', () => {
    expect(match('NEAR(harbour, 5)')).toBe('"near harbour"* AND "5"');
    expect(match('title:harbour')).toBe('"title harbour"*');
    expect(match('-ferry OR *tide^')).toBe('"ferry"* AND "or"* AND "tide"*');
    expect(match("don't")).toBe('"don t"');
    expect(match('e-mail')).toBe('"e mail"*');
  });

  it('has nothing to search for when only punctuation or emoji were typed', () => {
    for (const input of ['"', '""', '*', '-', ':', '(', ')', '^', '🙂🌊', '" * - : ( ) NEAR( 🙂']) {
      const terms = parseSearch(input);
      if (input.includes('NEAR')) expect(toFtsMatch(terms)).toBe('"near"*');
      else expect(toFtsMatch(terms), input).toBeNull();
    }
  });

  it('matches a single character as a whole word only, so the first key typed stays fast', () => {
    expect(match('a')).toBe('"a"');
    expect(match('ab')).toBe('"ab"*');
  });
});

describe('highlights and snippets', () => {
  const text = (s: string, [start, end]: [number, number]) => s.slice(start, end);

  it('highlights whole matching words in a title, whatever their case and accents', () => {
    const title = 'Café culture: the Harbour café reopens';
    const h = highlightsIn(title, parseSearch('cafe harb'));
    expect(h.map((r) => text(title, r))).toEqual(['Café', 'Harbour', 'café']);
  });

  it('highlights a phrase only where its words come together', () => {
    const title = 'Fish market: the old fish market reopens';
    const h = highlightsIn(title, parseSearch('"old fish market"'));
    expect(h.map((r) => text(title, r))).toEqual(['old fish market']);
  });

  it('cuts a window around the matches, with exact offsets into the snippet text', () => {
    const body = `${'Filler words about nothing in particular. '.repeat(20)}The lifeboat crew\n\n  launched at dawn near the harbour wall. ${'More filler after the story. '.repeat(20)}`;
    const snippet = snippetOf(body, parseSearch('lifeboat harbour'));
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(205);
    expect(snippet.text).toContain('The lifeboat crew launched at dawn');
    expect(snippet.highlights.map((r) => text(snippet.text, r))).toEqual(['lifeboat', 'harbour']);
  });

  it('starts at the beginning of the text when only the title matched', () => {
    const snippet = snippetOf('A short body.', parseSearch('zebra'));
    expect(snippet).toEqual({ text: 'A short body.', highlights: [] });
  });

  it('counts offsets in UTF-16 units, as JavaScript strings do, past emoji and accents', () => {
    const body = '🌊🌊 Ça va: the ferry 🚢 sails at noon';
    const snippet = snippetOf(body, parseSearch('ferry noon ca'));
    expect(snippet.highlights.map((r) => text(snippet.text, r))).toEqual(['Ça', 'ferry', 'noon']);
  });
});
