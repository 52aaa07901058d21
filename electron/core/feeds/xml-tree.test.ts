import { describe, expect, it } from 'vitest';
import { IrregularXml, NS, parseXmlTree } from './xml-tree.ts';

describe('parseXmlTree', () => {
  it('keeps each element’s content as written, CDATA, entities and markup included', () => {
    const root = parseXmlTree('<?xml version="1.0"?><rss><channel><title>A &amp; <![CDATA[<b>B</b>]]></title><x/></channel></rss>', []);
    expect(root.name).toBe('rss');
    const channel = root.children[0];
    expect(channel?.children.map((c) => c.name)).toEqual(['title', 'x']);
    expect(channel?.children[0]?.inner).toBe('A &amp; <![CDATA[<b>B</b>]]>');
    expect(channel?.children[0]?.hasText).toBe(true);
    expect(channel?.children[1]?.inner).toBe('');
  });

  it('lower-cases names and gives prefixes the usual name for their namespace', () => {
    const root = parseXmlTree(
      '<RSS xmlns:A="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><Channel><A:Link HREF="x"/><dc:Creator>c</dc:Creator></Channel></RSS>',
      [],
    );
    const channel = root.children[0];
    expect(channel?.name).toBe('channel');
    expect(channel?.children.map((c) => c.name)).toEqual(['atom:link', 'dc:creator']);
    expect(channel?.children[0]?.attributes.get('href')).toBe('x');
    expect(channel?.namespaces).toBe(NS.atom | NS.dc);
  });

  it('reads the format’s own namespace unprefixed, however it is written', () => {
    const root = parseXmlTree('<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>t</a:title></a:feed>', ['atom']);
    expect(root.name).toBe('feed');
    expect(root.children[0]?.name).toBe('title');
  });

  it('normalises line ends as XML does', () => {
    expect(parseXmlTree('<rss><title>a\r\nb\rc</title></rss>', []).children[0]?.inner).toBe('a\nb\nc');
  });

  it.each([
    ['a close tag that does not match', '<rss><channel><title>t</channel></rss>'],
    ['an element left open', '<rss><channel><title>t</title>'],
    ['a stray "<"', '<rss><title>1 < 2</title></rss>'],
    ['an unquoted attribute', '<rss version=2.0></rss>'],
    ['an attribute without a value', '<rss checked></rss>'],
    ['a DOCTYPE inside', '<rss><!DOCTYPE x></rss>'],
    ['two roots', '<rss></rss><rss></rss>'],
    ['text beside the root', 'hello <rss></rss>'],
    ['an unfamiliar URI under a prefix the mapping reads', '<rss xmlns:itunes="http://www.google.com/schemas/play-podcasts/1.0"></rss>'],
    ['no element at all', 'just text'],
  ])('refuses %s', (_why, xml) => {
    expect(() => parseXmlTree(xml, [])).toThrow(IrregularXml);
  });

  it('leaves names alone under a default namespace nothing gives a meaning', () => {
    expect(parseXmlTree('<feed xmlns="http://example.com/newformat#"><title>t</title></feed>', ['atom']).children[0]?.name).toBe('title');
  });
});
