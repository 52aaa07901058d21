// A light element tree over a feed's XML, built on htmlparser2's tokenizer
// (fast, and it never throws). It reads well-formed documents only: anything
// irregular (a close tag that does not match, an element left open, a stray
// "<", a DOCTYPE, an unquoted attribute) raises IrregularXml, so the caller
// can hand the document to the lenient parser that repairs such things.
//
// Names come out as the parser under feedsmith gives them: lower case, with a
// namespace prefix replaced by the usual one for its URI ("a:link" declared as
// Atom reads "atom:link"), the feed format's own namespaces unprefixed.
import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

export interface XmlElement {
  name: string;
  /** Attribute values as written (entities not decoded), by canonical name. */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** The element's content as written in the source, CDATA and comments included. */
  inner: string;
  /** Whether the content holds text or CDATA outside child elements (not just whitespace). */
  hasText: boolean;
  /** Whether the content holds a comment outside child elements. */
  hasComment: boolean;
  /** Which of the mapped namespaces (NS flags) the child elements' names are in, so a reader can skip the others. */
  namespaces: number;
}

/** Flags for XmlElement.namespaces. */
export const NS = { atom: 1, content: 2, dc: 4, dcterms: 8, itunes: 16, media: 32 } as const;

function namespaceFlag(name: string): number {
  const colon = name.indexOf(':');
  if (colon === -1) return 0;
  return NS[name.slice(0, colon) as keyof typeof NS] ?? 0;
}

const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();

/** The document is not plainly well-formed; the lenient parser decides what it means. */
export class IrregularXml extends Error {}

/** The namespaces a feed's meaning depends on, by the prefix the mapping reads them under. */
const NAMESPACES: Record<string, readonly string[]> = {
  atom: ['http://www.w3.org/2005/Atom', 'http://www.w3.org/2005/Atom/', 'http://purl.org/atom/ns#'],
  content: ['http://purl.org/rss/1.0/modules/content/', 'http://purl.org/rss/1.0/modules/content'],
  dc: [
    'http://purl.org/dc/elements/1.1/',
    'http://purl.org/dc/elements/1.1',
    'http://dublincore.org/documents/dcmi-namespace/',
    'http://dublincore.org/documents/dcmi-namespace',
    'http://purl.org/dc/elements/1.0/',
    'http://purl.org/dc/elements/1.0',
  ],
  dcterms: [
    'http://purl.org/dc/terms/',
    'http://purl.org/dc/terms',
    'http://dublincore.org/documents/dcmi-terms/',
    'http://dublincore.org/documents/dcmi-terms',
    'http://dublincore.org/specifications/dublin-core/dcmi-terms/',
    'http://dublincore.org/specifications/dublin-core/dcmi-terms',
  ],
  itunes: ['http://www.itunes.com/dtds/podcast-1.0.dtd'],
  media: [
    'http://search.yahoo.com/mrss/',
    'http://search.yahoo.com/mrss',
    'http://video.search.yahoo.com/mrss',
    'http://video.search.yahoo.com/mrss/',
    'http://www.rssboard.org/media-rss',
    'http://www.rssboard.org/media-rss/',
    'http://search.yahoo.com/searchmonkey/media/',
    'http://search.yahoo.com/searchmonkey/media',
    'http://tools.search.yahoo.com/mrss/',
    'http://tools.search.yahoo.com/mrss',
  ],
  rdf: ['http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
  rss: ['http://purl.org/rss/1.0/', 'http://purl.org/rss/1.0'],
  wfw: ['http://wellformedweb.org/CommentAPI/', 'http://wellformedweb.org/CommentAPI'],
};

/**
 * Hosts of the namespaces feedsmith knows beyond those above. A URI elsewhere
 * is unknown to it as well, so it gives a name no other meaning; one on these
 * hosts might, and is left to it.
 */
const FEEDSMITH_NAMESPACE_HOSTS = new Set(
  'a9.com arxiv.org backend.userland.com blubrry.com creativecommons.org cyber.law.harvard.edu dublincore.org feed.press feedpress.com feedpress.it github.com madskills.com podcastindex.org podlove.org prismstandard.org purl.org schema.acast.com search.yahoo.com source.scripting.com tools.search.yahoo.com video.search.yahoo.com web.resource.org webns.net wellformedweb.org www.georss.org www.google.com www.itunes.com www.rawvoice.com www.rssboard.org www.spotify.com www.w3.org www.youtube.com'.split(' '),
);

function mayBeKnownElsewhere(uri: string): boolean {
  const host = /^\s*https?:\/\/([^/\s]+)/i.exec(uri)?.[1]?.toLowerCase();
  return host === undefined || FEEDSMITH_NAMESPACE_HOSTS.has(host);
}

const PREFIX_BY_URI = new Map<string, string>();
for (const [prefix, uris] of Object.entries(NAMESPACES)) {
  for (const uri of uris) {
    // As written (the usual case, found without normalising) and normalised.
    for (const form of [uri, uri.replace(/^http:/, 'https:')]) {
      PREFIX_BY_URI.set(form, prefix);
      PREFIX_BY_URI.set(form.toLowerCase(), prefix);
    }
  }
}

/** How far into a document prefixes are looked for before the elements that declare them (as feedsmith does). */
const SEED_SCAN_LIMIT = 65_536;

/**
 * Prefix → canonical prefix, first declaration in the document winning, as
 * feedsmith's resolver has it. A declaration this module cannot place (an
 * unknown URI under a prefix whose meaning the mapping reads) is irregular:
 * the full namespace table underneath may give it another meaning.
 */
class Namespaces {
  private readonly canonical = new Map<string, string>();
  private readonly seeded = new Set<string>();
  private defaultPrefix: string | undefined;
  private readonly primary: ReadonlySet<string>;
  remapping = false;

  constructor(primary: ReadonlySet<string>, head: string) {
    this.primary = primary;
    const declaration = /([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
    let at = head.indexOf('xmlns:', rootIndex(head));
    while (at !== -1) {
      declaration.lastIndex = at + 6;
      const match = declaration.exec(head);
      if (match?.[1]) {
        const prefix = match[1].toLowerCase();
        this.record(prefix, match[2] ?? match[3] ?? '');
        this.seeded.add(prefix);
      }
      at = head.indexOf('xmlns:', match ? declaration.lastIndex : at + 6);
    }
  }

  private resolve(uri: string): string | undefined {
    const prefix = PREFIX_BY_URI.get(uri) ?? PREFIX_BY_URI.get(uri.trim().toLowerCase());
    if (prefix === undefined) return undefined;
    return this.primary.has(prefix) ? '' : prefix;
  }

  private record(prefix: string, uri: string): void {
    if (this.canonical.has(prefix)) return;
    const canonical = this.resolve(uri);
    if (canonical === undefined) {
      if ((NAMESPACES[prefix] !== undefined || this.primary.has(prefix)) && mayBeKnownElsewhere(uri)) throw new IrregularXml(`xmlns:${prefix} has an unfamiliar URI`);
      return;
    }
    this.canonical.set(prefix, canonical);
    if (canonical !== prefix) this.remapping = true;
  }

  declare(attribute: string, value: string, isRoot: boolean): void {
    if (attribute === 'xmlns') {
      if (!isRoot || this.defaultPrefix !== undefined) return;
      const canonical = this.resolve(value);
      // A default namespace the table underneath might know (and prefix every name with) is not this module's to guess.
      if (canonical === undefined && value.trim() !== '' && mayBeKnownElsewhere(value)) throw new IrregularXml('unfamiliar default namespace');
      this.defaultPrefix = canonical ?? '';
      if (this.defaultPrefix) this.remapping = true;
      return;
    }
    const prefix = attribute.slice(6);
    if (this.seeded.delete(prefix)) this.canonical.delete(prefix);
    this.record(prefix, value);
  }

  name(lowered: string, isElement: boolean): string {
    if (!this.remapping) return lowered;
    const colon = lowered.indexOf(':');
    if (colon === -1) return isElement && this.defaultPrefix ? `${this.defaultPrefix}:${lowered}` : lowered;
    const prefix = lowered.slice(0, colon);
    if (prefix === 'xmlns' || prefix === 'xml') return lowered;
    const canonical = this.canonical.get(prefix);
    if (canonical === undefined) return lowered;
    const local = lowered.slice(colon + 1);
    return canonical === '' ? local : `${canonical}:${local}`;
  }
}

function rootIndex(document: string): number {
  let index = document.indexOf('<');
  while (index !== -1) {
    const marker = document.charCodeAt(index + 1);
    if (marker !== 63 /* ? */ && marker !== 33 /* ! */) return index;
    const end = document.startsWith('<!--', index) ? document.indexOf('-->', index) : document.indexOf('>', index);
    if (end === -1) return -1;
    index = document.indexOf('<', end);
  }
  return -1;
}

interface Open {
  element: XmlElement;
  rawName: string;
  innerStart: number;
}

function irregular(why: string): never {
  throw new IrregularXml(why);
}

/**
 * Builds the tree from the tokenizer's events. One builder and one tokenizer
 * serve every document (reset for each): a feed is read in a few
 * microseconds, and setting them up anew would cost a good part of that.
 */
class TreeBuilder implements TokenizerCallbacks {
  private source = '';
  private namespaces: Namespaces | null = null;
  private stack: Open[] = [];
  root: XmlElement | null = null;
  private tagName = '';
  private readonly rawAttributes: [string, string][] = [];
  private attributeName = '';
  private attributeValue = '';

  start(source: string, namespaces: Namespaces): void {
    this.source = source;
    this.namespaces = namespaces;
    this.stack = [];
    this.root = null;
    this.rawAttributes.length = 0;
  }

  private openElement(): XmlElement {
    const namespaces = this.namespaces as Namespaces;
    const stack = this.stack;
    const isRoot = this.root === null && stack.length === 0;
    if (!isRoot && stack.length === 0) irregular('more than one root element');
    let attributes = NO_ATTRIBUTES;
    if (this.rawAttributes.length > 0) {
      for (const [name, value] of this.rawAttributes) {
        const lowered = name.toLowerCase();
        if (lowered === 'xmlns' || lowered.startsWith('xmlns:')) namespaces.declare(lowered, value, isRoot);
      }
      const map = new Map<string, string>();
      for (const [name, value] of this.rawAttributes) {
        const key = namespaces.name(name.toLowerCase(), false);
        // The first of two same-named attributes is the one kept, as fast-xml-parser keeps it.
        if (!map.has(key)) map.set(key, value);
      }
      attributes = map;
      this.rawAttributes.length = 0;
    }
    const name = namespaces.name(this.tagName.toLowerCase(), true);
    const element: XmlElement = { name, attributes, children: [], inner: '', hasText: false, hasComment: false, namespaces: 0 };
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.element.children.push(element);
      parent.element.namespaces |= namespaceFlag(name);
    } else this.root = element;
    return element;
  }

  onopentagname(start: number, end: number): void {
    this.tagName = this.source.slice(start, end);
  }

  onattribname(start: number, end: number): void {
    this.attributeName = this.source.slice(start, end);
    this.attributeValue = '';
  }

  onattribdata(start: number, end: number): void {
    this.attributeValue += this.source.slice(start, end);
  }

  onattribentity(): void {
    irregular('entity decoded in an attribute');
  }

  onattribend(quote: QuoteType): void {
    if (quote === QuoteType.NoValue || quote === QuoteType.Unquoted) irregular('attribute without a quoted value');
    this.rawAttributes.push([this.attributeName, this.attributeValue]);
  }

  onopentagend(endIndex: number): void {
    const element = this.openElement();
    this.stack.push({ element, rawName: this.tagName, innerStart: endIndex + 1 });
  }

  onselfclosingtag(): void {
    this.openElement();
  }

  onclosetag(start: number, end: number): void {
    const open = this.stack.pop();
    if (!open || this.source.slice(start, end) !== open.rawName) return irregular('a close tag that does not match');
    open.element.inner = this.source.slice(open.innerStart, this.source.lastIndexOf('</', start));
  }

  ontext(start: number, end: number): void {
    const source = this.source;
    const lt = source.indexOf('<', start);
    if (lt !== -1 && lt < end) irregular('a stray "<"');
    const parent = this.stack[this.stack.length - 1];
    if (parent?.element.hasText) return;
    let i = start;
    for (let c = source.charCodeAt(i); i < end && (c === 32 || c === 10 || c === 9); c = source.charCodeAt(i)) i += 1;
    if (i === end) return;
    if (!parent) irregular('text outside the root element');
    else parent.element.hasText = true;
  }

  ontextentity(): void {
    irregular('entity decoded in text');
  }

  oncdata(): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) irregular('CDATA outside the root element');
    else parent.element.hasText = true;
  }

  oncomment(): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.element.hasComment = true;
  }

  ondeclaration(): void {
    irregular('a declaration inside the document');
  }

  onprocessinginstruction(): void {}

  onend(): void {
    if (this.stack.length > 0) irregular('an element left open');
  }
}

const builder = new TreeBuilder();
const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: false }, builder);

/**
 * The document's single root element. `primary` are the namespaces read
 * unprefixed (e.g. atom for an Atom feed). Line ends are normalised to "\n"
 * first, as XML (and the parser underneath feedsmith) does.
 */
export function parseXmlTree(text: string, primary: readonly string[]): XmlElement {
  const source = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const namespaces = new Namespaces(new Set(primary), source.length > SEED_SCAN_LIMIT ? source.slice(0, SEED_SCAN_LIMIT) : source);
  builder.start(source, namespaces);
  tokenizer.reset();
  tokenizer.write(source);
  tokenizer.end();
  const root = builder.root;
  // The builder holds the last document until the next; let it go now.
  builder.start('', namespaces);
  if (root === null) throw new IrregularXml('no root element');
  return root;
}
