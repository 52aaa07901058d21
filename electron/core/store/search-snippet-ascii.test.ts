// The ASCII shortcut must find exactly what token-by-token matching finds.
import { describe, expect, it } from 'vitest';
import { parseSearch } from './search-query.ts';
import { findMatchesAscii, isAscii } from './search-snippet-ascii.ts';
import { findMatchesByTokens } from './search-snippet.ts';

const WORDS = ['harbour', 'harbours', 'Harb', 'ferry', 'ferries', 'don', "don't", 't', 'e-mail', 'mail', 'x9', '9x', 'rain', 'rainfall', 'train'];
const SEPARATORS = [' ', '  ', ', ', '. ', '\n\n', ' (', ') ', ' - ', '"', "'", '/', '_'];

function sampleText(seed: number, words: number): string {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  let text = '';
  for (let i = 0; i < words; i += 1) text += (WORDS[next(WORDS.length)] as string) + (SEPARATORS[next(SEPARATORS.length)] as string);
  return text;
}

const QUERIES = ['harb', 'harbour', 'HARBOUR', 'ferr', '"ferry harbour"', '"ferry harb', "don't", 'don', 't', 'e-mail', 'mail', 'x9', '9', 'rain train', '"rain rainfall"', 'zzz', '"t rain"'];

describe('matching search terms in ASCII text', () => {
  it('finds the same matches as matching token by token', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const text = sampleText(seed, 120);
      for (const query of QUERIES) {
        const terms = parseSearch(query);
        expect(findMatchesAscii(text, terms), `${query} in text ${seed}`).toEqual(findMatchesByTokens(text, terms));
      }
    }
  });

  it('matches whole words, and word beginnings only for prefixes', () => {
    const text = 'The harbour ferry left Harbourside; a rain-train waited.';
    expect(findMatchesAscii(text, parseSearch('"harbour"')).map((m) => text.slice(...m.range))).toEqual(['harbour']);
    expect(findMatchesAscii(text, parseSearch('harb')).map((m) => text.slice(...m.range))).toEqual(['harbour', 'Harbourside']);
    expect(findMatchesAscii(text, parseSearch('rain train')).map((m) => text.slice(...m.range))).toEqual(['rain', 'train']);
    expect(findMatchesAscii(text, parseSearch('"rain train"')).map((m) => text.slice(...m.range))).toEqual(['rain-train']);
    expect(findMatchesAscii(text, parseSearch('arbour'))).toEqual([]);
  });

  it('tells ASCII text from text that needs the full tokenizer', () => {
    expect(isAscii('Plain words, 42 of them.')).toBe(true);
    expect(isAscii('Café au lait')).toBe(false);
  });
});
