import { describe, expect, it } from 'vitest';
import { htmlToText, makeExcerpt, plainTitle } from './text.ts';

describe('htmlToText', () => {
  it('keeps words apart across block boundaries and decodes entities', () => {
    expect(htmlToText('<p>One&nbsp;&amp;</p><p>two<br>three</p>')).toBe('One & two three');
  });

  it('drops script and style text', () => {
    expect(htmlToText('<style>p{}</style><p>kept</p><script>var x = 1;</script>')).toBe('kept');
  });
});

describe('plainTitle', () => {
  it('reads escaped HTML as HTML', () => {
    expect(plainTitle('Caf&eacute; <b>news</b>')).toBe('Café news');
  });

  it('keeps a comparison that is not markup', () => {
    expect(plainTitle('Why 2 < 3  matters')).toBe('Why 2 < 3 matters');
  });
});

describe('makeExcerpt', () => {
  it('returns short text unchanged, whitespace collapsed', () => {
    expect(makeExcerpt('  a\n\n b  ')).toBe('a b');
  });

  it('cuts long text at a word boundary near the limit and marks the cut', () => {
    const text = 'word '.repeat(200);
    const excerpt = makeExcerpt(text, 300);
    expect(excerpt.length).toBeLessThanOrEqual(301);
    expect(excerpt.endsWith('word…')).toBe(true);
  });
});
