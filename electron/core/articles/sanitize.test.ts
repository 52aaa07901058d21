import { describe, expect, it } from 'vitest';
import { sanitizeArticleHtml } from './sanitize.ts';

const BASE = 'https://news.example/2026/11/story';
const clean = (html: string) => sanitizeArticleHtml(html, BASE);

describe('sanitizeArticleHtml', () => {
  it('keeps ordinary article structure', () => {
    const html = '<h2>Heading</h2><p>Some <em>text</em> and <code>code</code>.</p><blockquote>quote</blockquote><ul><li>one</li></ul>';
    expect(clean(html)).toBe(html);
  });

  it('removes scripts, including their text', () => {
    const out = clean('<p>ok</p><script>alert(1)</script><SCRIPT SRC=//evil.example/x.js></SCRIPT>');
    expect(out).toBe('<p>ok</p>');
  });

  it('removes event handler attributes and style attributes', () => {
    const out = clean('<p onclick="steal()" style="background:url(javascript:alert(1))">x</p><img src="a.png" onerror="steal()">');
    expect(out).not.toMatch(/onclick|onerror|style|steal|javascript/i);
    expect(out).toContain('<p>x</p>');
  });

  it('drops javascript:, vbscript: and data:text/html links but keeps the text', () => {
    for (const href of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>', 'java\tscript:alert(1)', '&#106;avascript:alert(1)']) {
      const out = clean(`<a href="${href}">click</a>`);
      expect(out, href).not.toMatch(/javascript|vbscript|data:/i);
      expect(out, href).toContain('click');
    }
  });

  it('removes frames, objects, embeds, forms, stylesheets and base/meta tags', () => {
    const out = clean(
      '<iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="x.swf">' +
        '<form action="https://evil.example"><input name="password"><button>Go</button></form>' +
        '<link rel="stylesheet" href="https://evil.example/x.css"><style>body{display:none}</style>' +
        '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example"><p>kept</p>',
    );
    expect(out).toBe('Go<p>kept</p>');
  });

  it('makes links absolute and opens them outside the app', () => {
    expect(clean('<a href="/about" target="_self" rel="opener">About</a>')).toBe(
      '<a rel="noopener noreferrer" target="_blank" href="https://news.example/about">About</a>',
    );
  });

  it('makes image sources and srcset candidates absolute and lazy, and drops unsafe sources', () => {
    expect(clean('<img src="pic.jpg" srcset="big.jpg 2x" alt="A pic">')).toBe(
      '<img alt="A pic" loading="lazy" src="https://news.example/2026/11/pic.jpg" srcset="https://news.example/2026/11/big.jpg 2x" />',
    );
    const srcset = clean('<img src="a.jpg" srcset="javascript:alert(1) 1x, data:image/svg+xml,x 2x, /w800.jpg 800w">');
    expect(srcset).toContain('srcset="https://news.example/w800.jpg 800w"');
    expect(srcset).not.toMatch(/javascript|svg/);
    expect(clean('<img src="javascript:alert(1)"><img src="data:image/svg+xml,<svg onload=alert(1)>"><p>x</p>')).toBe('<p>x</p>');
    expect(clean('<img src="data:image/png;base64,iVBORw0KGgo=">')).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });

  it('keeps http(s) and mailto links only', () => {
    expect(clean('<a href="mailto:desk@news.example">mail</a>')).toContain('href="mailto:desk@news.example"');
    expect(clean('<a href="file:///etc/passwd">f</a>')).not.toContain('file:');
  });

  it('survives malformed markup without letting anything through', () => {
    const out = clean('<p>open <b>bold <svg><script>alert(1)</script></svg><img src=x onerror=alert(1)//');
    expect(out).not.toMatch(/script|onerror|svg|alert/);
  });

  it('keeps stored /asset/ images root-relative, and nothing else that merely looks like one', () => {
    const name = `ab/ab${'0'.repeat(62)}.jpg`;
    expect(clean(`<img src="/asset/${name}" alt="x">`)).toBe(`<img alt="x" loading="lazy" src="/asset/${name}" />`);
    // Not a well-formed asset name: treated as an ordinary relative address on the article's site.
    expect(clean('<img src="/asset/../../etc/passwd">')).toContain('src="https://news.example/etc/passwd"');
    expect(clean('<img src="/asset/ab/x.svg">')).toContain('src="https://news.example/asset/ab/x.svg"');
  });

  it('keeps the missing-image placeholder, and strips role, class and labels from other spans', () => {
    const placeholder = '<span class="bs-missing-image" role="img" aria-label="A &quot;quoted&quot; &lt;caption&gt;"></span>';
    expect(clean(placeholder)).toBe(placeholder);
    expect(clean(clean(placeholder))).toBe(placeholder);
    expect(clean('<span class="share bs-missing-image" role="button" aria-label="x" onclick="y()">t</span>')).toBe(
      '<span class="bs-missing-image" role="img" aria-label="x">t</span>',
    );
    expect(clean('<span class="share" role="button" aria-label="Share">t</span>')).toBe('<span>t</span>');
  });
});
