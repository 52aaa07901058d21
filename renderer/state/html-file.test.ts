import { describe, expect, it } from 'vitest';
import { decodeHtmlFile, isHtmlFileName } from './html-file.ts';

/** ASCII markup and raw bytes, joined as a file would hold them. */
const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

describe('decodeHtmlFile', () => {
  it('reads UTF-8 by default', () => {
    expect(decodeHtmlFile(new TextEncoder().encode('<p>Café — naïve</p>'))).toBe('<p>Café — naïve</p>');
  });

  it('follows a <meta charset> for a page saved in windows-1251', () => {
    // "Привет" in windows-1251
    const page = bytes('<html><head><meta charset="windows-1251"></head><body><p>', [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2], '</p>');
    expect(decodeHtmlFile(page)).toContain('<p>Привет</p>');
  });

  it('follows an http-equiv content type declaration', () => {
    const page = bytes('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>caf', [0xe9], '</p>');
    expect(decodeHtmlFile(page)).toContain('<p>café</p>');
  });

  it('lets a byte order mark win over the declaration', () => {
    const page = bytes([0xef, 0xbb, 0xbf], '<meta charset="windows-1252"><p>', [...new TextEncoder().encode('é')], '</p>');
    expect(decodeHtmlFile(page)).toBe('<meta charset="windows-1252"><p>é</p>');
  });

  it('falls back to UTF-8 for an unknown or impossible label', () => {
    expect(decodeHtmlFile(new TextEncoder().encode('<meta charset="klingon"><p>é</p>'))).toContain('<p>é</p>');
    expect(decodeHtmlFile(new TextEncoder().encode('<meta charset="utf-16"><p>é</p>'))).toContain('<p>é</p>');
  });
});

describe('isHtmlFileName', () => {
  it('accepts .html and .htm in any case, nothing else', () => {
    expect(isHtmlFileName('Story.HTML')).toBe(true);
    expect(isHtmlFileName('story.htm')).toBe(true);
    expect(isHtmlFileName('story.pdf')).toBe(false);
    expect(isHtmlFileName('html')).toBe(false);
  });
});
