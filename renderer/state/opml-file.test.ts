import { describe, expect, it } from 'vitest';
import { decodeXmlFile, importHeadline, isOpmlFileName, unlistedText } from './opml-file.ts';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));

describe('decodeXmlFile', () => {
  it('reads UTF-8, with or without a BOM', () => {
    expect(decodeXmlFile(bytes('<opml><head><title>Café</title></head></opml>'))).toContain('Café');
    expect(decodeXmlFile(bytes([0xef, 0xbb, 0xbf], '<opml/>'))).toBe('<opml/>');
  });

  it('uses the encoding the XML declaration names', () => {
    // "Café" in ISO-8859-1: é is one byte, 0xE9.
    const latin1 = bytes('<?xml version="1.0" encoding="ISO-8859-1"?><opml><head><title>Caf', [0xe9], '</title></head></opml>');
    expect(decodeXmlFile(latin1)).toContain('<title>Café</title>');
    // "Новости" in windows-1251.
    const cyrillic = bytes("<?xml version='1.0' encoding='windows-1251'?><outline text=\"", [0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8], '"/>');
    expect(decodeXmlFile(cyrillic)).toContain('text="Новости"');
  });

  it('reads UTF-16 by its BOM, and falls back to UTF-8 for unknown encodings', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'<opml/>'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeXmlFile(utf16)).toBe('<opml/>');
    expect(decodeXmlFile(bytes('<?xml version="1.0" encoding="x-made-up"?><opml>é</opml>'))).toContain('é');
  });
});

describe('isOpmlFileName', () => {
  it('accepts .opml and .xml files only', () => {
    expect(isOpmlFileName('subscriptions.OPML')).toBe(true);
    expect(isOpmlFileName('feeds.xml')).toBe(true);
    expect(isOpmlFileName('feeds.html')).toBe(false);
  });
});

describe('importHeadline', () => {
  const summary = { feedsAdded: 5, foldersCreated: 2, duplicates: 1, invalid: [{ title: 'Parish archive', reason: 'x' }], invalidCount: 1 };

  it('says what was added, skipped and refused, in one sentence', () => {
    expect(importHeadline(summary)).toBe('Added 5 feeds in 2 new folders; skipped 1 duplicate; 1 entry could not be used.');
  });

  it('reads well for one feed and for nothing new', () => {
    expect(importHeadline({ feedsAdded: 1, foldersCreated: 0, duplicates: 0, invalid: [], invalidCount: 0 })).toBe('Added 1 feed.');
    expect(importHeadline({ feedsAdded: 0, foldersCreated: 0, duplicates: 3, invalid: [], invalidCount: 0 })).toBe(
      'No new feeds; skipped 3 duplicates.',
    );
  });

  it('counts the unusable entries that are not listed', () => {
    expect(unlistedText(summary)).toBe('');
    expect(unlistedText({ ...summary, invalidCount: 104 })).toBe('…and 103 more.');
  });
});
