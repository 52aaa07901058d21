import { describe, expect, it } from 'vitest';
import { matchPage, scorePage, shingles, summarise, tokenize } from './extract-score.ts';

describe('extraction scoring', () => {
  it('splits words the way Python’s Unicode \\w+ does', () => {
    expect(tokenize('Il était—une fois, l’été 2019: snake_case Привет 東京')).toEqual([
      'Il', 'était', 'une', 'fois', 'l', 'été', '2019', 'snake_case', 'Привет', '東京',
    ]);
  });

  it('counts overlapping 4-grams as a multiset, and a short text as one shingle', () => {
    expect([...shingles('a b c d e a b c d').entries()]).toEqual([
      ['a b c d', 2], ['b c d e', 1], ['c d e a', 1], ['d e a b', 1], ['e a b c', 1],
    ]);
    expect([...shingles('only two').entries()]).toEqual([['only two', 1]]);
    expect(shingles('').size).toBe(0);
  });

  it('normalises tp, fp and fn per page', () => {
    // truth: 3 shingles (a b c d, b c d e, c d e f); prediction: 2 of them plus 1 extra.
    const m = matchPage('a b c d e f', 'a b c d e x');
    expect(m).toEqual({ tp: 2 / 4, fp: 1 / 4, fn: 1 / 4 });
    const s = scorePage(m);
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 3);
  });

  it('scores an empty prediction as no precision and zero recall, two empty texts as perfect', () => {
    expect(scorePage(matchPage('a b c d e', ''))).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(scorePage(matchPage('', ''))).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('averages precision and recall over pages, then takes F1 of the averages', () => {
    const summary = summarise([
      { precision: 1, recall: 0.5, f1: 0 },
      { precision: null, recall: 0, f1: 0 },
      { precision: 0.5, recall: 1, f1: 0 },
    ]);
    expect(summary.precision).toBeCloseTo(0.75);
    expect(summary.recall).toBeCloseTo(0.5);
    expect(summary.f1).toBeCloseTo((2 * 0.75 * 0.5) / 1.25);
  });
});
