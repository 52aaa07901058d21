import { describe, expect, it } from 'vitest';
import { htmlText, plainText } from './feed-text.ts';

describe('htmlText', () => {
  it('drops tags, comments, scripts and styles, decodes entities and collapses spaces', () => {
    expect(htmlText('<p>One&nbsp;&amp; <b>two</b></p><p>three</p><!-- x --><script>alert(1)</script><style>p{}</style>')).toBe('One\u00a0& two three');
    expect(htmlText('a<br>b')).toBe('a b');
    expect(htmlText('<a title="x">link</a>')).toBe('link');
  });

  it('keeps text that only looks like a tag opening, and finishes quickly on hostile input', () => {
    expect(htmlText('1 < 2 and 3 > 2')).toBe('1 < 2 and 3 > 2');
    const started = performance.now();
    htmlText('<a'.repeat(50_000));
    htmlText('<script>'.repeat(20_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('plainText', () => {
  it('reads escaped markup as HTML and leaves plain text alone', () => {
    expect(plainText('Caf&eacute; &lt;3')).toBe('Café <3');
    expect(plainText('Why 2 < 3')).toBe('Why 2 < 3');
    expect(plainText('  spaced\n out  ')).toBe('spaced out');
  });
});
