import { describe, expect, it } from 'vitest';
import { sanitizeArticleHtml } from './sanitize.ts';
import { htmlToText, makeExcerpt, plainTitle, sanitizedHtmlToText } from './text.ts';

describe('htmlToText', () => {
  it('keeps words apart across block boundaries and decodes entities', () => {
    expect(htmlToText('<p>One&nbsp;&amp;</p><p>two<br>three</p>')).toBe('One & two three');
  });

  it('drops script and style text', () => {
    expect(htmlToText('<style>p{}</style><p>kept</p><script>var x = 1;</script>')).toBe('kept');
  });
});

describe('sanitizedHtmlToText', () => {
  const tricky = [
    '<p>One&nbsp;&amp;</p><p>two<br>three</p>',
    '<p title="a > b <c>">x &lt;b&gt; not a tag &amp;lt;</p>',
    '<a href="/x?a=1&b=2" title=\'"quoted" > \'>link</a> after',
    '<script>alert("<p>hidden</p>")</script><style>p{}</style>shown<!-- <p>comment</p> -->',
    '<textarea><b>no</b></textarea><select><option>nor this</option></select>yes',
    'a < b && c > d <3 <unknown attr="1">kept</unknown><li>item',
    '<img src="x.png" alt="<p>alt</p>"><pre>  spaced\n  text </pre><h1>T</h1><td>cell</td>',
    '<![CDATA[ cdata ]]><?pi x?><!doctype html>tail &#x1F600; &eacute; &bogus;',
  ];

  it.each(tricky)('reads sanitised HTML exactly as htmlToText does: %s', (html) => {
    const clean = sanitizeArticleHtml(html, 'https://news.example/a/');
    expect(sanitizedHtmlToText(clean)).toBe(htmlToText(clean));
  });

  it('keeps words apart across blocks and decodes entities', () => {
    expect(sanitizedHtmlToText('<p>One&nbsp;&amp;&lt;b&gt;</p><p>two<br />three</p>')).toBe('One &<b> two three');
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
