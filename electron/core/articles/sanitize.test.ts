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

  it('makes image sources absolute, lazy, and drops srcset and unsafe sources', () => {
    expect(clean('<img src="pic.jpg" srcset="big.jpg 2x" alt="A pic">')).toBe(
      '<img alt="A pic" loading="lazy" src="https://news.example/2026/11/pic.jpg" />',
    );
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
});
