import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeBody, decodeFeedBytes } from './feed-charset.ts';

const ascii = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...ascii(p)] : p)));
const declared = (encoding: string, body: number[]) => bytes(`<?xml version="1.0" encoding="${encoding}"?><rss><channel><title>`, body, '</title></channel></rss>');

describe('decodeFeedBytes', () => {
  it('reads the encodings feeds use, from the XML declaration', () => {
    expect(decodeFeedBytes(declared('windows-1251', [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), null).text).toContain('Привет');
    expect(decodeFeedBytes(declared('koi8-r', [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]), null).text).toContain('Привет');
    expect(decodeFeedBytes(declared('iso-8859-2', [0xb1]), null).text).toContain('ą');
    expect(decodeFeedBytes(declared('shift_jis', [0x93, 0xfa, 0x96, 0x7b]), null).text).toContain('日本');
    expect(decodeFeedBytes(declared('euc-jp', [0xc6, 0xfc, 0xcb, 0xdc]), null).text).toContain('日本');
    expect(decodeFeedBytes(declared('big5', [0xa4, 0xa4, 0xa4, 0xe5]), null).text).toContain('中文');
    const gb = decodeFeedBytes(declared('gb2312', [0xd6, 0xd0, 0xce, 0xc4]), null);
    expect(gb.text).toContain('中文');
    // GB2312 is read as its superset GB18030, as feedparser does.
    expect(gb.encoding).toBe('gb18030');
  });

  it('lets the HTTP charset override the declaration (RFC 3023), and a byte-order mark override both', () => {
    const body = declared('iso-8859-1', [0xcf, 0xf0]);
    expect(decodeFeedBytes(body, 'application/rss+xml; charset=windows-1251')).toMatchObject({ encoding: 'windows-1251' });
    expect(decodeFeedBytes(body, 'application/rss+xml; charset=windows-1251').text).toContain('Пр');
    const withBom = bytes([0xef, 0xbb, 0xbf], '<rss><channel><title>', [0xc3, 0xa9], '</title></channel></rss>');
    expect(decodeFeedBytes(withBom, 'text/xml; charset=iso-8859-1')).toMatchObject({ encoding: 'utf-8' });
    expect(decodeFeedBytes(withBom, 'text/xml; charset=iso-8859-1').text).toMatch(/^<rss><channel><title>é/);
  });

  it('reads text/xml without a charset as US-ASCII, but only while the bytes are ASCII', () => {
    expect(decodeFeedBytes(declared('iso-8859-1', [0x41]), 'text/xml')).toMatchObject({ encoding: 'us-ascii' });
    // Real servers send UTF-8 feeds as bare text/xml; RFC 3023 would garble them.
    expect(decodeFeedBytes(declared('utf-8', [0xc3, 0xa9]), 'text/xml')).toMatchObject({ encoding: 'utf-8' });
    expect(decodeFeedBytes(declared('utf-8', [0xc3, 0xa9]), 'text/xml').text).toContain('é');
    // application/xml without a charset follows the declaration.
    expect(decodeFeedBytes(declared('iso-8859-1', [0x41]), 'application/xml')).toMatchObject({ encoding: 'iso-8859-1' });
  });

  it('falls back to windows-1252 for undeclared bytes that are not UTF-8, and to UTF-8 for unknown labels', () => {
    const undeclared = bytes('<rss><channel><title>caf', [0xe9], '</title></channel></rss>');
    expect(decodeFeedBytes(undeclared, null)).toMatchObject({ encoding: 'windows-1252' });
    expect(decodeFeedBytes(undeclared, null).text).toContain('café');
    expect(decodeFeedBytes(declared('x-no-such-charset', [0xc3, 0xa9]), null)).toMatchObject({ encoding: 'utf-8' });
  });

  it('reads UTF-16 and UTF-32 with or without a byte-order mark', () => {
    const text = '<rss><channel><title>Ünïcode</title></channel></rss>';
    const utf16le = new Uint8Array(text.length * 2);
    [...text].forEach((c, i) => utf16le.set([c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8], i * 2));
    expect(decodeFeedBytes(utf16le, null)).toEqual({ text, encoding: 'utf-16le' });
    const utf32be = new Uint8Array(4 + text.length * 4);
    utf32be.set([0, 0, 0xfe, 0xff]);
    [...text].forEach((c, i) => new DataView(utf32be.buffer).setUint32(4 + i * 4, c.codePointAt(0) ?? 0, false));
    expect(decodeFeedBytes(utf32be, null)).toEqual({ text, encoding: 'utf-32be' });
  });

  it('keeps decodeBody for callers that want only the text', () => {
    expect(decodeBody(declared('windows-1251', [0xcf]), null)).toContain('П');
  });
});

describe('charsetFromContentType', () => {
  it.each([
    ['text/xml; charset=utf-8', 'utf-8'],
    ["application/atom+xml;charset='us-ascii'", 'us-ascii'],
    ['application/rss+xml;charset= "us-ascii"', 'us-ascii'],
    ['text/xml; charset:iso-8859-1', null],
    ['text/xml;', null],
    [null, null],
  ])('%s', (header, charset) => {
    expect(charsetFromContentType(header)).toBe(charset);
  });
});
