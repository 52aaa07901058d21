// The fast way to read an XML feed: one pass of htmlparser2's tokenizer into a
// light tree (xml-tree.ts), then the same objects feedsmith would give for the
// fields Broadsheet maps, built with the same rules (first element wins, text
// trimmed and its entities decoded, CDATA kept verbatim, empty values absent).
// Reading a well-formed feed this way costs a fraction of feedsmith's fixed
// price per document, which decides throughput on small feeds.
//
// It vouches only for what it is sure of: a document that is irregular in any
// way, or holds something whose reading depends on more than it maps, gives
// null, and the caller reads it with feedsmith, which repairs and decides.
import { decodeHTML } from 'entities';
import { detectAtomFeed, detectRdfFeed, detectRssFeed, type AnyFeed, type AtomFeed, type RdfFeed, type RssFeed } from 'feedsmith';
import { IrregularXml, NS, parseXmlTree, type XmlElement } from './xml-tree.ts';

type Media = NonNullable<RssFeed.Item<string>['media']>;
type MediaContent = NonNullable<Media['contents']>[number];
type Thumbnail = NonNullable<Media['thumbnails']>[number];
type AtomText = AtomFeed.Text;
type AtomLink = AtomFeed.Link<string>;
type AtomPerson = AtomFeed.Person;

/** The feed as feedsmith would read it, or null when feedsmith must be the one to read it. */
export function readXmlFeed(input: string): AnyFeed<string> | null {
  try {
    if (detectRssFeed(input)) {
      const feed = readRss(parseXmlTree(input, []), input);
      return feed && { format: 'rss', feed };
    }
    if (detectAtomFeed(input)) {
      const feed = readAtom(parseXmlTree(input, ['atom']));
      return feed && { format: 'atom', feed };
    }
    if (detectRdfFeed(input)) {
      const feed = readRdf(parseXmlTree(input, ['rdf', 'rss']));
      return feed && { format: 'rdf', feed };
    }
    return null;
  } catch (error) {
    if (error instanceof IrregularXml) return null;
    throw error;
  }
}

// Values ----------------------------------------------------------------------

const CDATA_START = '<![CDATA[';

function stripComments(text: string): string {
  let at = text.indexOf('<!--');
  if (at === -1) return text;
  let out = '';
  let last = 0;
  while (at !== -1) {
    out += text.slice(last, at);
    const end = text.indexOf('-->', at + 4);
    if (end === -1) return text;
    last = end + 3;
    at = text.indexOf('<!--', last);
  }
  return out + text.slice(last);
}

function decodeEntities(text: string): string {
  const amp = text.indexOf('&');
  return amp !== -1 && text.indexOf(';', amp) !== -1 ? decodeHTML(text) : text;
}

/** Entities decoded (as HTML's, leniently) outside CDATA sections; CDATA kept verbatim. */
function decodeWithCdata(text: string): string {
  let at = text.indexOf(CDATA_START);
  if (at === -1) return decodeEntities(text);
  let out = '';
  let last = 0;
  while (at !== -1) {
    out += decodeEntities(text.slice(last, at));
    const end = text.indexOf(']]>', at + 9);
    if (end === -1) return decodeEntities(text);
    out += text.slice(at + 9, end);
    last = end + 3;
    at = text.indexOf(CDATA_START, last);
  }
  return out + decodeEntities(text.slice(last));
}

/** A raw value as feedsmith reads one: comments out, entities decoded, trimmed; absent when empty. */
function str(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  return decodeWithCdata(stripComments(raw)).trim() || undefined;
}

/**
 * The text of an element whose content the parser under feedsmith keeps raw
 * (a "stop node": titles, descriptions, dates, content).
 */
function stopText(element: XmlElement | undefined): string | undefined {
  return element === undefined ? undefined : str(element.inner);
}

/**
 * The text of any other element. The parser underneath reads its CDATA and
 * comments differently from a raw value's, and its mixed content otherwise
 * again; such rare cases are left to it.
 */
function leafText(element: XmlElement | undefined): string | undefined {
  if (element === undefined) return undefined;
  if (element.children.length > 0 || element.inner.includes('<!')) throw new IrregularXml('mixed content where text is read');
  return str(element.inner);
}

function attr(element: XmlElement | undefined, name: string): string | undefined {
  return str(element?.attributes.get(name));
}

/** A number the way feedsmith coerces one (`+value`), as a number. */
function num(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = +raw;
  return Number.isNaN(n) ? undefined : n;
}

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (element === undefined) return undefined;
  for (const c of element.children) if (c.name === name) return c;
  return undefined;
}

function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element === undefined ? [] : element.children.filter((c) => c.name === name);
}

/** Whether the parser underneath gives an object (attributes or child elements) rather than a string. */
function isObject(element: XmlElement, stop = false): boolean {
  return element.attributes.size > 0 || (!stop && element.children.length > 0);
}

/** The values of all `name` children that are present, or undefined when none is. */
function list<T>(element: XmlElement | undefined, name: string, read: (e: XmlElement) => T | undefined): T[] | undefined {
  const out: T[] = [];
  for (const c of children(element, name)) {
    const value = read(c);
    if (value !== undefined) out.push(value);
  }
  return out.length > 0 ? out : undefined;
}

/**
 * The value when some field of it is present, else undefined (feedsmith's
 * trimObject; absent fields are left in place, as the mapping reads them
 * with `?.` and `??` alike).
 */
function trimmed<T extends object>(value: T): T | undefined {
  for (const key in value) if (value[key] !== undefined && value[key] !== null) return value;
  return undefined;
}

function xmlAttributes(element: XmlElement | undefined): { base?: string; lang?: string } | undefined {
  return trimmed({ base: attr(element, 'xml:base'), lang: attr(element, 'xml:lang') });
}

/**
 * An item or entry none of whose mapped fields is present. feedsmith keeps it
 * (as an item with nothing Broadsheet maps) when some other field it reads is
 * present, and drops it otherwise; `others` says, for the fields it reads
 * that are not mapped, whether an element yields one. An element of any other
 * name is feedsmith's call.
 */
function keepOrDefer<T extends object>(element: XmlElement, value: T, reads: ItemFields): T | undefined {
  const kept = trimmed(value);
  if (kept !== undefined) return kept;
  for (const name of ['xml:lang', 'xml:base', 'xml:space', 'xml:id']) if (attr(element, name) !== undefined) return {} as T;
  let yields = false;
  for (const c of element.children) {
    const colon = c.name.indexOf(':');
    const read = reads.others[c.name];
    if (read !== undefined) {
      if (read(c)) yields = true;
    } else if (colon === -1 ? !reads.own.has(c.name) : c.name.startsWith('dc:') && !DC_FIELDS.has(c.name)) {
      // Not a field feedsmith reads: it yields nothing.
    } else {
      throw new IrregularXml(`an item holding <${c.name}>, which is not mapped`);
    }
  }
  return yields ? ({} as T) : undefined;
}

interface ItemFields {
  /** The unprefixed element names feedsmith reads in such an item (mapped or not). */
  own: ReadonlySet<string>;
  /** For fields it reads that are not mapped: whether an element yields one. */
  others: Readonly<Record<string, (e: XmlElement) => boolean>>;
}

const DC_FIELDS = new Set(
  ['title', 'creator', 'subject', 'description', 'publisher', 'contributor', 'date', 'type', 'format', 'identifier', 'source', 'language', 'relation', 'coverage', 'rights'].map((n) => `dc:${n}`),
);

const hasText = (e: XmlElement) => stopText(e) !== undefined;
const hasAttribute = (...names: string[]) => (e: XmlElement) => names.some((name) => attr(e, name) !== undefined);

/** Dublin Core elements feedsmith reads, each a text value. */
const DC_OTHERS = Object.fromEntries(
  ['subject', 'publisher', 'contributor', 'type', 'format', 'identifier', 'source', 'relation', 'coverage', 'rights'].map((n) => [`dc:${n}`, hasText]),
);

// Namespaces ------------------------------------------------------------------

function dc(element: XmlElement) {
  if (!(element.namespaces & NS.dc)) return undefined;
  return trimmed({
    titles: list(element, 'dc:title', stopText),
    creators: list(element, 'dc:creator', stopText),
    descriptions: list(element, 'dc:description', stopText),
    dates: list(element, 'dc:date', stopText),
    languages: list(element, 'dc:language', stopText),
  });
}

function dcterms(element: XmlElement) {
  if (!(element.namespaces & NS.dcterms)) return undefined;
  return trimmed({
    issued: list(element, 'dcterms:issued', stopText),
    modified: list(element, 'dcterms:modified', stopText),
    created: list(element, 'dcterms:created', stopText),
  });
}

function itunesImage(element: XmlElement | undefined): string | undefined {
  if (element === undefined) return undefined;
  return isObject(element) ? attr(element, 'href') : leafText(element);
}

function itunes(element: XmlElement) {
  if (!(element.namespaces & NS.itunes)) return undefined;
  return trimmed({
    image: itunesImage(child(element, 'itunes:image')),
    author: stopText(child(element, 'itunes:author')),
    summary: stopText(child(element, 'itunes:summary')),
    subtitle: stopText(child(element, 'itunes:subtitle')),
  });
}

function thumbnail(element: XmlElement): Thumbnail | undefined {
  return isObject(element) ? trimmed({ url: attr(element, 'url') }) : undefined;
}

function mediaText(element: XmlElement | undefined): { value?: string } | undefined {
  return element === undefined ? undefined : trimmed({ value: stopText(element) });
}

function mediaContent(element: XmlElement): MediaContent | undefined {
  if (!isObject(element)) return undefined;
  return trimmed({
    url: attr(element, 'url'),
    type: attr(element, 'type'),
    medium: attr(element, 'medium'),
    thumbnails: list(element, 'media:thumbnail', thumbnail),
  });
}

function media(element: XmlElement): Media | undefined {
  if (!(element.namespaces & NS.media)) return undefined;
  return trimmed({
    groups: list(element, 'media:group', (group) =>
      isObject(group) ? trimmed({ contents: list(group, 'media:content', mediaContent), thumbnails: list(group, 'media:thumbnail', thumbnail) }) : undefined,
    ),
    contents: list(element, 'media:content', mediaContent),
    thumbnails: list(element, 'media:thumbnail', thumbnail),
    title: mediaText(child(element, 'media:title')),
    description: mediaText(child(element, 'media:description')),
  });
}

function contentEncoded(element: XmlElement) {
  if (!(element.namespaces & NS.content)) return undefined;
  return trimmed({ encoded: stopText(child(element, 'content:encoded')) });
}

// RSS 2.0 and 0.9x ------------------------------------------------------------

// The lookahead settles the part after "@" once; without it a long run of dots there is retried from every dot (quadratic).
const EMAIL = /^[^\s@()<>[\]]+@(?=[^\s@()<>[\]]*$)[^\s@()<>[\]]+\.[^\s@()<>[\]]+$/;
const WEB_ADDRESS = /^(?:https?:\/\/|www\.)[^\s]+\.[^\s]+$/;

function stripMailto(value: string): string {
  const stripped = value.replace(/^mailto:/i, '');
  return stripped !== value ? withoutQuery(stripped) : stripped;
}

/** As `replace(/\?.*$/, '')` (from the first "?" of the last line), without that regex's rescan from every "?". */
function withoutQuery(text: string): string {
  const lastLine = Math.max(...['\n', '\r', '\u2028', '\u2029'].map((end) => text.lastIndexOf(end))) + 1;
  const query = text.indexOf('?', lastLine);
  return query === -1 ? text : text.slice(0, query);
}

/** Trims whitespace and , - | / : ; from both ends; a regex's `[…]+$` rescans a long inner run from each of its characters. */
function trimSeparators(text: string): string {
  const separator = (char: string) => /[\s,\-|/:;]/.test(char);
  let start = 0;
  let end = text.length;
  while (start < end && separator(text.charAt(start))) start++;
  while (end > start && separator(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

type RssPerson = { name?: string; email?: string; link?: string };

/** An RSS person ("mail@example.com (Name)", "Name <mail>", a bare name or address) split as feedsmith splits it. */
function rssPerson(raw: string): RssPerson | undefined {
  const simple = stripMailto(raw);
  if (WEB_ADDRESS.test(simple)) return { link: simple };
  if (EMAIL.test(simple)) return { email: simple };
  if (!/[<[(]/.test(raw)) return unbracketedPerson(raw);
  return bracketedPerson(raw);
}

function unbracketedPerson(raw: string): RssPerson | undefined {
  if (!raw.includes('@') && !raw.includes('://') && !raw.includes('www.')) return { name: raw };
  const nameParts: string[] = [];
  let email: string | undefined;
  let link: string | undefined;
  for (const word of raw.split(/\s+/)) {
    const stripped = stripMailto(word);
    if (WEB_ADDRESS.test(word) && !link) link = word;
    else if (EMAIL.test(stripped) && !email) email = stripped;
    else nameParts.push(word);
  }
  if (!email && !link) return { name: raw };
  return trimmed({ name: str(trimSeparators(nameParts.join(' '))), email, link });
}

function bracketedPerson(raw: string): RssPerson | undefined {
  const person: RssPerson = {};
  const nameParts: string[] = [];
  let unbracketedName = false;
  let i = 0;
  const isOpen = (c: string | undefined) => c === '<' || c === '(' || c === '[';
  while (i < raw.length) {
    let chunk: string | undefined;
    let bracketed = false;
    let open = '';
    let close = '';
    if (isOpen(raw[i])) {
      open = raw[i] ?? '';
      close = open === '<' ? '>' : open === '(' ? ')' : ']';
      const start = i + 1;
      let depth = 1;
      let end = start;
      while (end < raw.length && depth > 0) {
        if (raw[end] === open) depth += 1;
        else if (raw[end] === close) depth -= 1;
        end += 1;
      }
      if (depth === 0) {
        bracketed = true;
        chunk = str(raw.slice(start, end - 1));
        i = end;
      } else {
        const literalStart = i;
        i = start;
        while (i < raw.length && !isOpen(raw[i])) i += 1;
        chunk = str(raw.slice(literalStart, i));
      }
    } else {
      const start = i;
      while (i < raw.length && !isOpen(raw[i])) i += 1;
      chunk = str(raw.slice(start, i));
    }
    if (!chunk) continue;
    const stripped = stripMailto(chunk);
    if (WEB_ADDRESS.test(chunk) && !person.link) person.link = chunk;
    else if (EMAIL.test(stripped) && !person.email) person.email = stripped;
    else if (bracketed) nameParts.push(unbracketedName ? `${open}${chunk}${close}` : chunk);
    else {
      unbracketedName = true;
      nameParts.push(chunk);
    }
  }
  person.name = str(nameParts.join(' '));
  return trimmed(person);
}

function rssAuthor(element: XmlElement): RssPerson | undefined {
  const name = child(element, 'name');
  const raw = name ? stopText(name) : leafText(element);
  return raw ? rssPerson(raw) : undefined;
}

function isFalse(raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  if (/^\p{White_Space}*true\p{White_Space}*$/iu.test(raw)) return true;
  if (/^\p{White_Space}*false\p{White_Space}*$/iu.test(raw)) return false;
  return undefined;
}

function atomInRss(element: XmlElement) {
  if (!(element.namespaces & NS.atom)) return undefined;
  return trimmed({
    links: list(element, 'atom:link', atomLink),
    published: stopText(child(element, 'atom:published')) ?? stopText(child(element, 'atom:issued')) ?? stopText(child(element, 'atom:created')),
    updated: stopText(child(element, 'atom:updated')) ?? stopText(child(element, 'atom:modified')),
    // atom:name and atom:email inside atom:author are not raw values there.
    authors: list(element, 'atom:author', (a) =>
      isObject(a) ? trimmed({ name: leafText(child(a, 'atom:name')), email: leafText(child(a, 'atom:email')) }) : undefined,
    ),
  });
}

function rssImage(element: XmlElement | undefined) {
  return element !== undefined && isObject(element) ? trimmed({ url: stopText(child(element, 'url')), title: stopText(child(element, 'title')), link: stopText(child(element, 'link')) }) : undefined;
}

function rssItem(element: XmlElement): RssFeed.Item<string> | undefined {
  if (!isObject(element)) return undefined;
  const guid = child(element, 'guid');
  const value: RssFeed.Item<string> = {
    title: stopText(child(element, 'title')),
    link: stopText(child(element, 'link')),
    description: stopText(child(element, 'description')),
    authors: list(element, 'author', rssAuthor),
    enclosures: list(element, 'enclosure', (e) =>
      isObject(e, true) ? trimmed({ url: attr(e, 'url'), length: num(e.attributes.get('length')), type: attr(e, 'type') }) : undefined,
    ),
    guid: guid && trimmed({ value: stopText(guid), isPermaLink: isFalse(guid.attributes.get('ispermalink')) }),
    pubDate: stopText(child(element, 'pubdate')),
    atom: atomInRss(element),
    dc: dc(element),
    content: contentEncoded(element),
    itunes: itunes(element),
    media: media(element),
    dcterms: dcterms(element),
  };
  return keepOrDefer(element, value, RSS_ITEM_FIELDS);
}

const RSS_ITEM_FIELDS: ItemFields = {
  own: new Set(['title', 'link', 'description', 'author', 'category', 'comments', 'enclosure', 'guid', 'pubdate', 'source']),
  others: {
    ...DC_OTHERS,
    comments: hasText,
    category: (e: XmlElement) => hasText(e) || hasAttribute('domain')(e),
    source: (e: XmlElement) => hasText(e) || hasAttribute('url')(e),
    'media:category': (e: XmlElement) => hasText(e) || hasAttribute('scheme', 'label')(e),
    'wfw:comment': hasText,
    'wfw:commentrss': hasText,
  },
};

function readRss(root: XmlElement, input: string): RssFeed.Feed<string> | null {
  if (root.name !== 'rss') return null;
  const channel = child(root, 'channel');
  if (channel === undefined || !isObject(channel)) {
    // feedsmith finds no channel; Broadsheet then rebuilds items it finds without one (a case left to that path), or reads an empty feed.
    return /<item[\s>]/i.test(input) || /<[\w.-]+:rss[\s>]/.test(input.slice(0, 4096)) ? null : {};
  }
  const items = list(channel, 'item', rssItem) ?? list(root, 'item', rssItem);
  const feed = trimmed<RssFeed.Feed<string>>({
    title: stopText(child(channel, 'title')),
    link: stopText(child(channel, 'link')),
    description: stopText(child(channel, 'description')),
    language: stopText(child(channel, 'language')),
    image: rssImage(child(channel, 'image')) ?? rssImage(child(root, 'image')),
    items,
    atom: atomInRss(channel),
    dc: dc(channel),
    itunes: itunes(channel),
    media: media(channel),
    xml: xmlAttributes(root),
  });
  return feed ?? {};
}

// RSS 1.0 (RDF) ---------------------------------------------------------------

function rdfItem(element: XmlElement): RdfFeed.Item<string> | undefined {
  if (!isObject(element)) return undefined;
  const about = attr(element, 'about') ?? attr(element, 'rdf:about');
  return keepOrDefer(element, {
    title: stopText(child(element, 'title')),
    link: stopText(child(element, 'link')),
    description: stopText(child(element, 'description')),
    rdf: about === undefined ? undefined : { about },
    dc: dc(element),
    content: contentEncoded(element),
    media: media(element),
    dcterms: dcterms(element),
  }, RDF_ITEM_FIELDS);
}

const RDF_ITEM_FIELDS: ItemFields = { own: new Set(['title', 'link', 'description']), others: DC_OTHERS };

function readRdf(root: XmlElement): RdfFeed.Feed<string> | null {
  if (root.name !== 'rdf') return null;
  const channel = child(root, 'channel');
  const byAbout = (elements: XmlElement[], uri: string | undefined) => (uri ? elements.find((e) => e.attributes.get('about') === uri) : undefined);

  const imageRef = attr(child(channel, 'image'), 'resource');
  const imageElement = byAbout(children(root, 'image'), imageRef) ?? child(root, 'image');
  const image = imageElement !== undefined && isObject(imageElement) ? trimmed({ url: stopText(child(imageElement, 'url')) }) : undefined;

  const rootItems = children(root, 'item');
  const listed = list(child(child(channel, 'items'), 'seq'), 'li', (li) => attr(li, 'resource'));
  const ordered = (listed ?? []).map((uri) => byAbout(rootItems, uri)).filter((e): e is XmlElement => e !== undefined);
  const fromToc = ordered.map(rdfItem).filter((i): i is RdfFeed.Item<string> => i !== undefined);
  const items = fromToc.length > 0 ? fromToc : list(root, 'item', rdfItem);

  const feed = trimmed({
    title: stopText(child(channel, 'title')),
    link: stopText(child(channel, 'link')),
    description: stopText(child(channel, 'description')),
    image,
    items,
    dc: channel && dc(channel),
  });
  return feed ?? null;
}

// Atom 1.0 and 0.3 ------------------------------------------------------------

const XHTML_DIV = /^\s*<(?:([a-zA-Z][\w.-]*):)?div[\s/>]/;

function isXhtmlType(type: string | undefined): boolean {
  return type === 'xhtml' || type === 'application/xhtml+xml';
}

function escapeCdataSections(value: string): string {
  return value.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_whole, content: string) => content.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
}

/**
 * Inline XHTML's wrapping <div> taken off (its prefix too, from the tags
 * inside), when the content is exactly one div; else the value as it was.
 */
function unwrapXhtmlDiv(value: string): { inner: string | undefined; div: XmlElement } | null {
  const match = XHTML_DIV.exec(value);
  if (!match) return null;
  let wrapper: XmlElement;
  try {
    wrapper = parseXmlTree(`<x-wrap>${value}</x-wrap>`, []);
  } catch (error) {
    if (error instanceof IrregularXml) return null;
    throw error;
  }
  const divs = wrapper.children;
  if (divs.length !== 1 || divs[0] === undefined || divs[0].name.replace(/^[^:]*:/, '') !== 'div') return null;
  // Text or comments beside the div make it more than a wrapper.
  if (wrapper.hasText || wrapper.hasComment) return null;
  const div = divs[0];
  if (div.inner === '') return { inner: undefined, div };
  const prefix = match[1];
  const inner = prefix ? div.inner.replace(new RegExp(`(</?)${prefix.replace(/\./g, '\\.')}:`, 'g'), '$1') : div.inner;
  return { inner, div };
}

type TypedText = { value?: string; type?: string; src?: string; xml?: { base?: string; lang?: string } };

function atomText(element: XmlElement | undefined, isContent = false): TypedText | undefined {
  if (element === undefined) return undefined;
  if (!isObject(element, true)) {
    const value = str(element.inner);
    return value === undefined ? undefined : { value };
  }
  const type = attr(element, 'type');
  let value: string | undefined;
  let xml = xmlAttributes(element);
  if (isXhtmlType(type) && element.inner !== '') {
    const escaped = escapeCdataSections(element.inner);
    const unwrapped = unwrapXhtmlDiv(escaped);
    if (unwrapped) {
      value = unwrapped.inner?.trim() || undefined;
      const divBase = attr(unwrapped.div, 'xml:base');
      const divLang = attr(unwrapped.div, 'xml:lang');
      if (divBase !== undefined || divLang !== undefined) {
        let base = divBase ?? xml?.base;
        if (divBase !== undefined && xml?.base !== undefined) {
          try {
            base = new URL(divBase, xml.base).href;
          } catch {
            base = divBase;
          }
        }
        xml = trimmed({ ...xml, lang: divLang ?? xml?.lang, base });
      }
    } else if (XHTML_DIV.test(escaped)) {
      value = escaped.trim() || undefined;
    } else {
      value = str(element.inner);
    }
  } else {
    value = str(element.inner);
  }
  if (!isContent && value === undefined) return undefined;
  return trimmed({ value, type, src: isContent ? attr(element, 'src') : undefined, xml });
}

function atomLink(element: XmlElement): AtomLink | undefined {
  if (!isObject(element, true)) return undefined;
  return trimmed({
    href: attr(element, 'href') ?? str(element.inner),
    rel: attr(element, 'rel'),
    type: attr(element, 'type'),
    length: num(element.attributes.get('length')),
  });
}

function atomPerson(element: XmlElement): AtomPerson | undefined {
  if (!isObject(element)) return undefined;
  return trimmed({ name: stopText(child(element, 'name')), email: stopText(child(element, 'email')), uri: stopText(child(element, 'uri')) ?? stopText(child(element, 'url')) });
}

function atomEntry(element: XmlElement): AtomFeed.Entry<string> | undefined {
  if (!isObject(element)) return undefined;
  const source = child(element, 'source');
  return keepOrDefer(element, {
    authors: list(element, 'author', atomPerson),
    content: atomText(child(element, 'content'), true) as AtomFeed.Content | undefined,
    id: stopText(child(element, 'id')),
    links: list(element, 'link', atomLink),
    published: stopText(child(element, 'published')) ?? stopText(child(element, 'issued')) ?? stopText(child(element, 'created')),
    source: source !== undefined && isObject(source) ? trimmed({ authors: list(source, 'author', atomPerson) }) : undefined,
    summary: atomText(child(element, 'summary')) as AtomText | undefined,
    title: atomText(child(element, 'title')) as AtomText | undefined,
    updated: stopText(child(element, 'updated')) ?? stopText(child(element, 'modified')),
    dc: dc(element),
    itunes: itunes(element),
    media: media(element),
    xml: xmlAttributes(element),
  }, ATOM_ENTRY_FIELDS);
}

const atomCategory = hasAttribute('term', 'scheme', 'label');
const atomTextYields = (e: XmlElement) => atomText(e) !== undefined;
const atomPersonYields = (e: XmlElement) => atomPerson(e) !== undefined;

/** Whether an entry's <source> gives feedsmith anything (the feed it came from: its people, links, titles, dates). */
function atomSourceYields(source: XmlElement): boolean {
  return source.children.some((c) => {
    switch (c.name) {
      case 'author':
      case 'contributor':
        return atomPersonYields(c);
      case 'category':
        return atomCategory(c);
      case 'generator':
        return hasText(c) || hasAttribute('uri', 'url', 'version')(c);
      case 'icon':
      case 'id':
      case 'logo':
      case 'updated':
      case 'modified':
        return hasText(c);
      case 'link':
        return atomLink(c) !== undefined;
      case 'rights':
      case 'subtitle':
      case 'title':
        return atomTextYields(c);
      default:
        return false;
    }
  });
}

const ATOM_ENTRY_FIELDS: ItemFields = {
  own: new Set(['author', 'category', 'content', 'contributor', 'id', 'link', 'published', 'issued', 'created', 'rights', 'source', 'summary', 'title', 'updated', 'modified']),
  others: {
    ...DC_OTHERS,
    category: atomCategory,
    contributor: atomPersonYields,
    rights: atomTextYields,
    source: (e: XmlElement) => isObject(e) && atomSourceYields(e),
  },
};

function readAtom(root: XmlElement): AtomFeed.Feed<string> | null {
  if (root.name !== 'feed' || !isObject(root)) return null;
  const feed = trimmed({
    authors: list(root, 'author', atomPerson),
    icon: stopText(child(root, 'icon')),
    id: stopText(child(root, 'id')),
    links: list(root, 'link', atomLink),
    logo: stopText(child(root, 'logo')),
    subtitle: (atomText(child(root, 'subtitle')) ?? atomText(child(root, 'tagline'))) as AtomText | undefined,
    title: atomText(child(root, 'title')) as AtomText | undefined,
    updated: stopText(child(root, 'updated')) ?? stopText(child(root, 'modified')),
    entries: list(root, 'entry', atomEntry),
    dc: dc(root),
    xml: xmlAttributes(root),
  });
  // With nothing feedsmith reads it reports an empty feed, which Broadsheet reads as one with no items: the same.
  return feed ?? {};
}
