// The fast reader must give exactly what feedsmith gives for every field the
// mapping reads. Besides a few cases by hand, it is compared with feedsmith on
// every file of the shared corpus (../shared/corpus, read-only) it vouches for.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParseError, parseFeed as feedsmith, type AnyFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from './feed-charset.ts';
import { readXmlFeed } from './read-xml-feed.ts';

// The fields parse-feed.ts maps, by format; `true` is a value taken whole.
type Spec = true | { [key: string]: Spec };
const TEXT: Spec = { value: true, type: true, xml: { base: true, lang: true } };
const LINK: Spec = { href: true, rel: true, type: true, length: true };
const PERSON: Spec = { name: true, email: true };
const DC: Spec = { titles: true, creators: true, descriptions: true, dates: true, languages: true };
const DCTERMS: Spec = { issued: true, modified: true, created: true };
const ITUNES: Spec = { image: true, author: true, summary: true, subtitle: true };
const CONTENT: Spec = { url: true, type: true, medium: true, thumbnails: { url: true } };
const MEDIA: Spec = {
  thumbnails: { url: true },
  contents: CONTENT,
  groups: { thumbnails: { url: true }, contents: CONTENT },
  title: { value: true },
  description: { value: true },
};
const ATOM_IN_RSS: Spec = { links: LINK, published: true, updated: true, authors: PERSON };
const SPECS: Record<string, Spec> = {
  rss: {
    title: true, link: true, description: true, language: true, image: { url: true }, xml: { base: true },
    atom: ATOM_IN_RSS, dc: DC, itunes: ITUNES, media: MEDIA,
    items: {
      title: true, link: true, description: true, pubDate: true, authors: { name: true, email: true },
      enclosures: { url: true, type: true, length: true }, guid: { value: true, isPermaLink: true },
      atom: ATOM_IN_RSS, dc: DC, dcterms: DCTERMS, content: { encoded: true }, itunes: ITUNES, media: MEDIA,
    },
  },
  atom: {
    title: TEXT, subtitle: TEXT, links: LINK, logo: true, icon: true, authors: PERSON, dc: DC, xml: { base: true, lang: true },
    entries: {
      id: true, title: TEXT, links: LINK, published: true, updated: true, authors: PERSON,
      source: { authors: PERSON }, summary: TEXT, content: { ...TEXT, src: true }, dc: DC, itunes: ITUNES, media: MEDIA, xml: { base: true },
    },
  },
  rdf: {
    title: true, link: true, description: true, image: { url: true }, dc: DC,
    items: { title: true, link: true, description: true, rdf: { about: true }, dc: DC, dcterms: DCTERMS, content: { encoded: true }, media: MEDIA },
  },
};

/**
 * The mapped fields only; absent and empty values dropped, so both readers'
 * spelling of "nothing" agrees — except that every item counts, mapped fields
 * or not (a Media RSS group with only credits in it adds nothing).
 */
function project(value: unknown, spec: Spec, everyOne = false): unknown {
  if (value === undefined || value === null) return undefined;
  if (spec === true) return value;
  if (Array.isArray(value)) {
    const projected = value.map((v) => project(v, spec));
    if (everyOne) return projected.map((v) => v ?? {});
    const present = projected.filter((v) => v !== undefined);
    return present.length > 0 ? present : undefined;
  }
  if (typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(spec)) {
    const projected = project((value as Record<string, unknown>)[key], sub, key === 'items' || key === 'entries');
    if (projected !== undefined) out[key] = projected;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function mapped(parsed: AnyFeed<string>): unknown {
  return { format: parsed.format, feed: project(parsed.feed, SPECS[parsed.format] ?? true) ?? {} };
}

describe('readXmlFeed', () => {
  it('reads RSS as feedsmith does: entities, CDATA, people, guids, enclosures, Media RSS', () => {
    const xml = `<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Caf&eacute; &amp; <![CDATA[<b>News</b>]]></title>
    <link> http://example.com/ </link>
    <item>
      <title>One</title>
      <description>&lt;p&gt;Hello&lt;/p&gt;</description>
      <author>jo@example.com (Jo Bloggs)</author>
      <guid isPermaLink="false">id-1</guid>
      <enclosure url="http://example.com/a.mp3" length="123" type="audio/mpeg"/>
      <media:group><media:content url="http://example.com/p.jpg" medium="image"/></media:group>
      <dc:creator>Jo</dc:creator>
    </item>
  </channel>
</rss>`;
    const fast = readXmlFeed(xml);
    expect(fast).not.toBeNull();
    expect(mapped(fast as AnyFeed<string>)).toEqual(mapped(feedsmith(xml)));
    expect(fast?.format).toBe('rss');
  });

  it('unwraps Atom inline XHTML and takes the div’s xml:base, as feedsmith does', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.com/a/">
  <title type="xhtml"><xhtml:div xmlns:xhtml="http://www.w3.org/1999/xhtml">A <xhtml:b>bold</xhtml:b> title</xhtml:div></title>
  <entry>
    <id>e1</id>
    <content type="xhtml" xml:base="b/"><div xmlns="http://www.w3.org/1999/xhtml" xml:base="c/"><p>Hi</p></div></content>
  </entry>
</feed>`;
    const fast = readXmlFeed(xml);
    expect(fast).not.toBeNull();
    expect(mapped(fast as AnyFeed<string>)).toEqual(mapped(feedsmith(xml)));
  });

  it('keeps an item that holds only fields Broadsheet does not map, and drops one that holds nothing feedsmith reads', () => {
    const xml = '<rss version="2.0"><channel><item><category>x</category></item><item><expirationDate>soon</expirationDate></item></channel></rss>';
    const fast = readXmlFeed(xml) as { feed: { items?: unknown[] } } | null;
    expect(fast?.feed.items).toHaveLength(1);
  });

  it.each([
    ['ill-formed XML', '<rss version="2.0"><channel><title>t</channel></rss>'],
    ['an item holding a field it does not know', '<rss version="2.0"><channel><item><itunes:explicit>no</itunes:explicit></item></channel></rss>'],
    ['RSS with items and no channel', '<rss version="2.0"><item><title>t</title></item></rss>'],
    ['JSON Feed', '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}'],
  ])('leaves %s to feedsmith', (_why, input) => {
    expect(readXmlFeed(input)).toBeNull();
  });
});

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const CORPUS = path.resolve(projectRoot, '../shared/corpus/feeds');

function corpusFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return corpusFiles(full);
    return statSync(full).isFile() && /\.(xml|rss|atom|rdf)$/i.test(entry.name) ? [full] : [];
  });
}

describe('readXmlFeed against feedsmith on the shared corpus', () => {
  if (!existsSync(CORPUS)) {
    it.skip(`skipped: there is no corpus at ${CORPUS}`, () => {});
    return;
  }

  it('gives the same mapped fields for every file it reads, and reads most of them', () => {
    let read = 0;
    let total = 0;
    const differences: string[] = [];
    for (const file of corpusFiles(CORPUS)) {
      total += 1;
      const text = decodeFeedBytes(readFileSync(file), null).text.replace(/^\uFEFF/, '');
      const fast = readXmlFeed(text);
      if (fast === null) continue;
      read += 1;
      let expected: unknown;
      try {
        expected = mapped(feedsmith(text));
      } catch (error) {
        // feedsmith reports a feed with nothing it reads as an error; Broadsheet reads that as an empty feed of the format.
        expected = error instanceof ParseError ? { format: fast.format, feed: {} } : `feedsmith: ${String(error)}`;
      }
      const actual = mapped(fast);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) differences.push(path.relative(CORPUS, file));
    }
    expect(differences).toEqual([]);
    expect(read / total).toBeGreaterThan(0.9);
  });
});
