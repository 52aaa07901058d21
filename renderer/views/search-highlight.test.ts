import { describe, expect, it } from 'vitest';
import { highlightRuns } from './search-highlight.ts';

describe('highlightRuns', () => {
  it('splits text around each match', () => {
    expect(highlightRuns('the harbour wall', [[4, 11]])).toEqual([
      { text: 'the ', match: false },
      { text: 'harbour', match: true },
      { text: ' wall', match: false },
    ]);
  });

  it('returns the whole text unmarked when nothing matched', () => {
    expect(highlightRuns('quiet', [])).toEqual([{ text: 'quiet', match: false }]);
    expect(highlightRuns('', [])).toEqual([]);
  });

  it('sorts, merges and clips ranges it cannot trust', () => {
    expect(
      highlightRuns('abcdefghij', [
        [6, 8],
        [0, 2],
        [1, 3],
        [8, 9],
        [9, 50],
        [5, 5],
        [-4, -1],
      ]),
    ).toEqual([
      { text: 'abc', match: true },
      { text: 'def', match: false },
      { text: 'ghij', match: true },
    ]);
  });

  it('keeps markup-looking text as text', () => {
    const runs = highlightRuns('<img onerror=x> tide', [[16, 20]]);
    expect(runs.map((r) => r.text).join('')).toBe('<img onerror=x> tide');
    expect(runs.at(-1)).toEqual({ text: 'tide', match: true });
  });
});
