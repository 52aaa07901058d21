// Feeds for the refresh benchmark: RSS 2.0 and Atom 1.0 as news sites publish
// them (20–50 items with an author, a date and a summary; half the feeds also
// carry each article's full text, a few paragraphs of HTML with an image and a
// link, as blogs and some news sites do), the same on every machine.
import { capitalise, createVocabulary, FIRST_NAMES, LAST_NAMES, pick, seededRandom, TOPICS, type Random, type Vocabulary } from '../library/words.ts';

export interface GeneratedFeed {
  /** Path on its host, e.g. /feeds/17.xml */
  path: string;
  format: 'rss' | 'atom';
  body: string;
  items: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function sentence(random: Random, vocab: Vocabulary, topics: number[], words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(random() < 0.05 ? capitalise(vocab.rareWord()) : vocab.word(topics));
  return `${capitalise(out.join(' '))}.`;
}

function paragraph(random: Random, vocab: Vocabulary, topics: number[]): string {
  const sentences: string[] = [];
  const count = 2 + Math.floor(random() * 4);
  for (let i = 0; i < count; i += 1) sentences.push(sentence(random, vocab, topics, 8 + Math.floor(random() * 14)));
  return sentences.join(' ');
}

interface Item {
  title: string;
  url: string;
  author: string;
  date: Date;
  summary: string;
  /** The full text, for feeds that carry it. */
  html: string | null;
}

function makeItem(random: Random, vocab: Vocabulary, site: string, n: number, date: Date, fullText: boolean): Item {
  const topics = [Math.floor(random() * TOPICS.length)];
  const title = sentence(random, vocab, topics, 5 + Math.floor(random() * 6)).slice(0, -1);
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
  const url = `${site}/${date.toISOString().slice(0, 10).replace(/-/g, '/')}/${slug}-${n}`;
  const paragraphs: string[] = [];
  const count = fullText ? 3 + Math.floor(random() * 5) : 0;
  for (let i = 0; i < count; i += 1) paragraphs.push(`<p>${escapeXml(paragraph(random, vocab, topics))}</p>`);
  if (random() < 0.7) paragraphs.splice(1, 0, `<figure><img src="/images/${n}.jpg" alt="${escapeXml(title)}" width="800" height="450"><figcaption>${escapeXml(sentence(random, vocab, topics, 7))}</figcaption></figure>`);
  paragraphs.push(`<p>Read more at <a href="${url}">${escapeXml(site.replace(/^https?:\/\//, ''))}</a>.</p>`);
  return {
    title,
    url,
    author: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
    date,
    summary: paragraph(random, vocab, topics),
    html: fullText ? paragraphs.join('\n') : null,
  };
}

function rss(name: string, site: string, self: string, items: Item[]): string {
  const entries = items.map(
    (item) => `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>${item.url}</link>
      <guid isPermaLink="true">${item.url}</guid>
      <pubDate>${item.date.toUTCString()}</pubDate>
      <dc:creator>${escapeXml(item.author)}</dc:creator>
      <description>${escapeXml(item.summary)}</description>
${item.html === null ? '' : `      <content:encoded><![CDATA[${item.html}]]></content:encoded>\n`}    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(name)}</title>
    <link>${site}/</link>
    <atom:link href="${self}" rel="self" type="application/rss+xml"/>
    <description>News from ${escapeXml(name)}</description>
    <language>en</language>
${entries.join('\n')}
  </channel>
</rss>
`;
}

function atom(name: string, site: string, self: string, items: Item[]): string {
  const entries = items.map(
    (item) => `  <entry>
    <title>${escapeXml(item.title)}</title>
    <link rel="alternate" type="text/html" href="${item.url}"/>
    <id>${item.url}</id>
    <published>${item.date.toISOString()}</published>
    <updated>${item.date.toISOString()}</updated>
    <author><name>${escapeXml(item.author)}</name></author>
    <summary>${escapeXml(item.summary)}</summary>
${item.html === null ? '' : `    <content type="html">${escapeXml(item.html)}</content>\n`}  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>${escapeXml(name)}</title>
  <link rel="alternate" type="text/html" href="${site}/"/>
  <link rel="self" href="${self}"/>
  <id>${self}</id>
  <updated>${(items[0]?.date ?? new Date(0)).toISOString()}</updated>
${entries.join('\n')}
</feed>
`;
}

/** Feed `index` of a benchmark run, as served from `origin`. */
export function generateFeed(index: number, origin: string, now: Date): GeneratedFeed {
  const random = seededRandom(1000 + index);
  const vocab = createVocabulary(random, 2_000);
  const name = `The ${capitalise(vocab.rareWord())} ${pick(random, ['Gazette', 'Herald', 'Post', 'Courier', 'Review', 'Dispatch'])}`;
  const format = random() < 0.6 ? 'rss' : 'atom';
  const fullText = random() < 0.5;
  const path = `/feeds/${index}.xml`;
  const count = 20 + Math.floor(random() * 31);
  const items: Item[] = [];
  let at = now.getTime() - Math.floor(random() * 3_600_000);
  for (let n = 0; n < count; n += 1) {
    items.push(makeItem(random, vocab, `${origin}/site-${index}`, n, new Date(at), fullText));
    at -= Math.floor(random() * 6 * 3_600_000);
  }
  const self = `${origin}${path}`;
  const site = `${origin}/site-${index}`;
  return { path, format, body: format === 'rss' ? rss(name, site, self, items) : atom(name, site, self, items), items: count };
}
