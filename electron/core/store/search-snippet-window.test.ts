// Which stretch of an article a search result shows: the one where the most
// different search terms meet, found without comparing every match with every other.
import { describe, expect, it } from 'vitest';
import { parseSearch } from './search-query.ts';
import { snippetOf } from './search-snippet.ts';

const filler = (words: number, word = 'calm') => Array.from({ length: words }, () => word).join(' ');

describe('the snippet of a search result', () => {
  it('shows where all the terms meet, even after many lone matches', () => {
    const text = `${filler(40, 'harbour')} ${filler(200)} the ferry left the harbour at dawn ${filler(200)}`;
    const snippet = snippetOf(text, parseSearch('ferry harbour'));
    expect(snippet.text).toContain('the ferry left the harbour at dawn');
    const marked = snippet.highlights.map(([s, e]) => snippet.text.slice(s, e));
    expect(marked).toContain('ferry');
    expect(marked).toContain('harbour');
  });

  it('shows the first match when every window holds one term', () => {
    const text = `${filler(100)} storm ${filler(100)} storm ${filler(100)}`;
    const snippet = snippetOf(text, parseSearch('storm'));
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.highlights).toHaveLength(1);
  });

  it('stays quick for a word repeated through a long article', () => {
    const text = filler(50_000, 'rain');
    const started = performance.now();
    const snippet = snippetOf(text, parseSearch('rain fall'));
    // Generous: the quadratic version took seconds here; this one takes milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(snippet.highlights.length).toBeGreaterThan(10);
  });
});
