// Turns RSS 2.0/0.9x, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.0/1.1 into
// one shape. The XML work is read-xml-feed.ts's for well-formed feeds (the same
// objects feedsmith gives, several times faster) and feedsmith's for the rest
// (lenient, as a browser is: undeclared entities, stray ampersands, repair);
// this module decides what each field means for a
// reader: plain-text titles, absolute URLs (xml:base honoured), UTC dates,
// HTML content, one representative image.
import { MalformedError, ParseError, parseFeed as parseAnyFeed, type AnyFeed, type AtomFeed, type JsonFeed, type RdfFeed, type RssFeed } from 'feedsmith';
import { DOMParser } from 'linkedom';
import { ApiError } from '../../shared/errors.ts';
import type { FeedFormat } from '../../shared/models.ts';
import { limitMarkup } from '../articles/limit-markup.ts';
import { textToHtml } from '../articles/text.ts';
import { collapseSpace, htmlText, plainText } from './feed-text.ts';
import { toIsoDate } from './parse-dates.ts';
import { readXmlFeed } from './read-xml-feed.ts';

export interface ParsedEnclosure {
  url: string | null;
  type: string | null;
  length: string | null;
}

export interface ParsedItem {
  guid: string | null;
  title: string | null;
  url: string | null;
  publishedAt: string | null;
  author: string | null;
  /** Plain text. */
  summary: string | null;
  /** HTML as the feed gives it (not yet sanitised); relative URLs are resolved when it is sanitised. */
  contentHtml: string | null;
  enclosures: ParsedEnclosure[];
  /** The item's picture: Media RSS thumbnail or image, iTunes image, JSON Feed image, or an image enclosure. */
  imageUrl: string | null;
}

export interface ParsedFeed {
  title: string | null;
  siteUrl: string | null;
  description: string | null;
  language: string | null;
  /** The channel's image, Atom logo or icon, JSON Feed icon. */
  imageUrl: string | null;
  items: ParsedItem[];
}

// Where an item's relative content URLs point (xml:base); kept beside the
// public shape so that shape stays exactly what the CLI prints.
const contentBases = new WeakMap<ParsedItem, string>();

/** The address relative links and images in the item's content resolve against. */
export function contentBaseUrl(item: ParsedItem, feedUrl: string): string {
  return contentBases.get(item) ?? item.url ?? feedUrl;
}

export function parseFeed(xmlOrJson: string, feedUrl: string): ParsedFeed {
  return parseFeedDocument(xmlOrJson, feedUrl).feed;
}

/** Like parseFeed, and says which format the document was in (the CLI's agreed shape has no place for it). */
export function parseFeedDocument(xmlOrJson: string, feedUrl: string): { format: FeedFormat; feed: ParsedFeed } {
  const input = prepareInput(xmlOrJson);
  let parsed: AnyFeed<string>;
  try {
    parsed = parseLeniently(input);
  } catch (error) {
    // A feed element with nothing in it (no channel, no entries) is an empty feed, not garbage.
    const format = error instanceof ParseError ? emptyFeedFormat(input) : null;
    if (format) return { format, feed: { title: null, siteUrl: null, description: null, language: null, imageUrl: null, items: [] } };
    throw notAFeed(xmlOrJson.replace(/^\uFEFF/, ''));
  }
  switch (parsed.format) {
    case 'rss':
      return { format: 'rss', feed: fromRss(parsed.feed, feedUrl, (parsed.feed as XmlBased).xml?.base ?? rssXmlBase(input)) };
    case 'atom':
      return { format: 'atom', feed: fromAtom(parsed.feed, feedUrl) };
    case 'rdf':
      return { format: 'rdf', feed: fromRdf(parsed.feed, feedUrl) };
    case 'json':
      return { format: 'json', feed: fromJson(parsed.feed, feedUrl) };
  }
  throw notAFeed(xmlOrJson.replace(/^\uFEFF/, ''));
}

/**
 * What the XML parser is given. A DOCTYPE before the root goes, after its
 * internal entities are expanded one level (no recursion, so no "billion
 * laughs"); other entities are read as HTML's. Atom 0.3's base64 mode is
 * decoded here because the parser underneath keeps no `mode` attribute.
 */
function prepareInput(text: string): string {
  let input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const doctype = input.slice(0, 4096).search(/<!DOCTYPE/i);
  const root = input.slice(0, 4096).search(/<[a-zA-Z]/);
  if (doctype !== -1 && (root === -1 || doctype < root)) {
    const end = endOfDoctype(input, doctype);
    const entities = declaredEntities(input.slice(doctype, end));
    input = input.slice(0, doctype) + input.slice(end);
    // Expansion is capped, so a small entity used a million times cannot blow up memory.
    let budget = MAX_ENTITY_EXPANSION;
    if (entities.size > 0) {
      input = input.replace(/&([A-Za-z_][\w.-]*);/g, (whole, name: string) => {
        const value = entities.get(name);
        if (value === undefined || value.length > budget) return whole;
        budget -= value.length;
        return value;
      });
    }
  }
  // The plain searches first: these run on every feed, and the patterns rarely occur.
  if (input.includes('base64') && /\smode\s*=\s*["']base64["']/.test(input)) input = decodeBase64Mode(input);
  if ((input.includes('body') || input.includes('fullitem')) && /<(xhtml:body|body|fullitem)[\s>]/.test(input) && /<rss[\s>]/.test(input.slice(0, 4096))) {
    input = rssBodyAsContent(input);
  }
  return input;
}

/**
 * Older RSS put the full post in <xhtml:body> (inline XHTML) or <fullitem>
 * (escaped HTML); the parser underneath reads only content:encoded, so they
 * become that.
 */
function rssBodyAsContent(input: string): string {
  const bodies = replaceElements(input, ['xhtml:body', 'body'], (whole, inner) =>
    inner.includes(']]>') ? whole : `<content:encoded><![CDATA[${inner.trim()}]]></content:encoded>`,
  );
  return replaceElements(bodies, ['fullitem'], (_whole, inner) => `<content:encoded>${inner}</content:encoded>`);
}

/**
 * Each `<name …>inner</name>` (the nearest close of the same name) replaced,
 * left to right, as a non-greedy regex would, but in linear time: a regex
 * rescans to the end for every opening tag that is never closed, which a
 * hostile feed with thousands of them turns into minutes. Every search below
 * only moves forward, and a search that found nothing is not repeated.
 */
function replaceElements(input: string, names: readonly string[], replace: (whole: string, inner: string) => string): string {
  const opens = names.map((name) => forwardSearch(input, `<${name}`));
  const closes = new Map(names.map((name) => [name, forwardSearch(input, `</${name}`)]));
  const tagEnd = forwardSearch(input, '>');
  let output = '';
  let copied = 0;
  let from = 0;
  for (;;) {
    let start = -1;
    let name = '';
    for (const [index, open] of opens.entries()) {
      const at = open(from);
      if (at !== -1 && (start === -1 || at < start)) [start, name] = [at, names[index] ?? ''];
    }
    if (start === -1) break;
    from = start + 1;
    const afterName = start + 1 + name.length;
    if (isWordCode(input.charCodeAt(afterName))) continue;
    const gt = tagEnd(afterName);
    if (gt === -1) break; // No tag anywhere further on is closed by a ">".
    const close = closingTag(input, closes.get(name), name, gt + 1);
    if (close === null) continue;
    output += input.slice(copied, start) + replace(input.slice(start, close.end), input.slice(gt + 1, close.start));
    copied = from = close.end;
  }
  return copied === 0 ? input : output + input.slice(copied);
}

/** The first `</name\s*>` at or after `from`; each candidate is looked at once however often this is asked. */
function closingTag(input: string, search: ((from: number) => number) | undefined, name: string, from: number): { start: number; end: number } | null {
  let at = search?.(from) ?? -1;
  while (at !== -1) {
    let end = at + 2 + name.length;
    while (end < input.length && /\s/.test(input.charAt(end))) end++;
    if (input.charAt(end) === '>') return { start: at, end: end + 1 };
    at = search?.(at + 1) ?? -1;
  }
  return null;
}

/** indexOf for ever-increasing starting points that remembers its last answer, so no stretch of text is searched twice. */
function forwardSearch(input: string, needle: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = input.indexOf(needle, from);
    return found;
  };
}

/** Whether the code is one a regex's \w matches (a "\b" after a name fails before it). */
function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

const MAX_ENTITY_EXPANSION = 1024 * 1024;

function endOfDoctype(input: string, start: number): number {
  const subset = input.indexOf('[', start);
  const close = input.indexOf('>', start);
  if (subset !== -1 && subset < close) {
    const end = input.indexOf(']', subset);
    const after = end === -1 ? -1 : input.indexOf('>', end);
    return after === -1 ? close + 1 : after + 1;
  }
  return close === -1 ? input.length : close + 1;
}

function declaredEntities(doctype: string): Map<string, string> {
  const entities = new Map<string, string>();
  for (const match of doctype.matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)) {
    const value = match[2] ?? match[3] ?? '';
    // A value with markup could restructure the document; only plain text is taken.
    if (match[1] && !value.includes('<')) entities.set(match[1], value);
  }
  return entities;
}

function decodeBase64Mode(input: string): string {
  return input.replace(
    // The lookahead keeps the name whole: split at every letter it made a long name quadratic.
    /<([\w:.-]+)(?![\w:.-])([^<>]*?)\smode\s*=\s*["']base64["']([^<>]*)>([^<]*)<\/\1\s*>/g,
    (_whole, tag: string, before: string, after: string, body: string) => {
      const decoded = Buffer.from(body.trim(), 'base64').toString('utf8');
      return `<${tag}${before}${after}>${escapeXml(decoded)}</${tag}>`;
    },
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * feedsmith first; XML it cannot read (a tag left open at the end, a stray
 * "<") is rebuilt by a forgiving parser that closes and nests elements as a
 * browser would, and read again.
 */
function parseLeniently(input: string): AnyFeed<string> {
  // Most feeds are well-formed and read the fast way; the rest go to feedsmith.
  const fast = readXmlFeed(input);
  if (fast) return fast;
  let text = input;
  let repaired = false;
  let reshaped = false;
  for (;;) {
    try {
      return parseAnyFeed<string>(text);
    } catch (error) {
      if (error instanceof MalformedError && !repaired) {
        text = repairXml(text);
        repaired = true;
        continue;
      }
      const other = error instanceof ParseError && !reshaped ? reshapeRss(text) : null;
      if (other === null) {
        // Nothing recognisable was left after repairing it: broken, not empty.
        if (repaired) throw new MalformedError('unreadable after repair', { cause: error });
        throw error;
      }
      text = other;
      reshaped = true;
    }
  }
}

/**
 * Two shapes of RSS seen in the wild that the parser underneath does not
 * take: elements all in a prefixed namespace it does not know
 * (`<r:rss xmlns:r="http://backend.userland.com/rss2">`), and items straight
 * under <rss> with no <channel>. Null when neither applies.
 */
function reshapeRss(input: string): string | null {
  const prefix = /<([\w.-]+):rss[\s>]/.exec(input.slice(0, 4096))?.[1];
  if (prefix) {
    const escaped = prefix.replace(/[.-]/g, '\\$&');
    return input.replace(new RegExp(`<(/?)${escaped}:`, 'g'), '<$1');
  }
  if (/<rss[\s>]/.test(input) && !/<channel[\s>]/i.test(input) && /<item[\s>]/i.test(input)) {
    return input.replace(/(<rss\b[^>]*>)/, '$1<channel>').replace(/<\/rss\s*>\s*$/, '</channel></rss>');
  }
  return null;
}

function repairXml(input: string): string {
  // Nesting bounded first: the parser underneath takes time quadratic in it.
  return new DOMParser().parseFromString(limitMarkup(input, { xml: true }), 'text/xml').toString();
}

function rssXmlBase(input: string): string | undefined {
  const head = input.slice(0, 4096);
  if (!head.includes('xml:base')) return undefined;
  return /<(?:[\w.-]+:)?(?:rss|channel)\b[^>]*?\sxml:base\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
}

function emptyFeedFormat(input: string): FeedFormat | null {
  const root = /^(?:\s*<(?:\?[^>]*\?|!--[\s\S]*?--)>)*\s*<([\w:.-]+)[\s>/]/.exec(input)?.[1]?.toLowerCase() ?? '';
  if (root === 'rss' || root.endsWith(':rss')) return 'rss';
  if (root === 'feed' || root.endsWith(':feed')) return 'atom';
  if (root === 'rdf:rdf' || root.endsWith(':rdf')) return 'rdf';
  return null;
}

function notAFeed(input: string): ApiError {
  const head = input.slice(0, 2048).trimStart();
  if (head === '') return new ApiError('not_a_feed', 'This address returned an empty page, not a feed.');
  if (looksLikeHtml(head)) return new ApiError('not_a_feed', 'This address is a web page, not a feed.');
  if (/<(rss|feed|rdf:RDF)[\s>]/i.test(head)) {
    return new ApiError('not_a_feed', 'This feed is too badly broken to read: its XML could not be made sense of.');
  }
  return new ApiError('not_a_feed', 'This address does not contain a feed Broadsheet can read (RSS, Atom or JSON Feed).');
}

/**
 * Whether the start of a page is HTML. Leading comments are skipped with a
 * loop of indexOf rather than a repeated group in one regex: a group like
 * `(<!--…-->\s*)*` backtracks exponentially on many comments not followed by
 * a doctype, and this runs on whatever a server sends.
 */
export function looksLikeHtml(head: string): boolean {
  let at = 0;
  for (;;) {
    while (at < head.length && /\s/.test(head[at] ?? '')) at += 1;
    if (!head.startsWith('<!--', at)) break;
    const end = head.indexOf('-->', at + 4);
    if (end === -1) break;
    at = end + 3;
  }
  return /^<!doctype\s+html/i.test(head.slice(at)) || /<html[\s>]/i.test(head) || /<head[\s>]/i.test(head) || /<body[\s>]/i.test(head);
}

/**
 * Resolves against `base`; null for empty or unusable values and for anything
 * but http(s) — except that a feed read from a local file may point at its
 * neighbours with relative links, which then resolve to file: URLs.
 */
function absoluteUrl(value: string | undefined | null, base: string | null): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    const relative = !/^[a-z][a-z\d+.-]*:/i.test(trimmed);
    return relative && url.protocol === 'file:' ? url.href : null;
  } catch {
    return null;
  }
}

/** An xml:base resolved against the base around it (it may itself be relative), else that base. */
function baseOf(xmlBase: string | undefined, outer: string): string {
  const trimmed = xmlBase?.trim();
  if (!trimmed) return outer;
  try {
    return new URL(trimmed, outer).href;
  } catch {
    return outer;
  }
}

function nonEmpty(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value.trim() === '' ? null : value;
}

function textOrNull(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : nonEmpty(plainText(value));
}

function summaryText(html: string | null | undefined): string | null {
  return html === undefined || html === null ? null : nonEmpty(htmlText(html));
}

function enclosure(url: string | undefined, type: string | undefined, length: number | string | undefined, base: string | null): ParsedEnclosure | null {
  const absolute = absoluteUrl(url, base);
  if (!absolute) return null;
  return {
    url: absolute,
    type: nonEmpty(type?.trim() ?? null),
    length: length === undefined || length === null || String(length).trim() === '' ? null : String(length).trim(),
  };
}

/** A language tag as BCP 47 spells it ("en_US" is a common slip for "en-US"). */
function languageTag(value: string | undefined): string | null {
  const trimmed = value?.trim().replace(/_/g, '-');
  return trimmed ? trimmed : null;
}

function present<T>(value: T | null): value is T {
  return value !== null;
}

function first<T>(values: readonly (T | null | undefined)[]): T | null {
  for (const value of values) if (value !== null && value !== undefined) return value;
  return null;
}

/** A person as one display name: "Name", else the e-mail address. */
function personName(person: { name?: string; email?: string } | undefined): string | null {
  const name = nonEmpty(person?.name ? collapseSpace(person.name) : null);
  return name ?? nonEmpty(person?.email?.trim() ?? null);
}

const MAX_AUTHOR_PATTERN_LENGTH = 1000;

/** RSS <author> is an e-mail address, often "mail@example.com (Name)"; a reader wants the name. */
function rssAuthorName(raw: string | null): string | null {
  if (raw === null) return null;
  const value = collapseSpace(raw);
  // These patterns backtrack quadratically on a long run of "@"; an address with a name is never this long.
  if (value.length > MAX_AUTHOR_PATTERN_LENGTH) return nonEmpty(value);
  const named = /^\S+@\S+\s*\((.+)\)$/.exec(value) ?? /^(.+?)\s*<\S+@\S+>$/.exec(value) ?? /^(.+?)\s*\(\S+@\S+\)$/.exec(value);
  return nonEmpty(named?.[1]?.trim() ?? value);
}

type Media = {
  contents?: { url?: string; type?: string; medium?: string; thumbnails?: { url?: string }[] }[];
  thumbnails?: { url?: string }[];
  groups?: Media[];
};

/** The first picture Media RSS offers: a thumbnail, else content that is an image. */
function mediaImage(media: Media | undefined, base: string | null): string | null {
  if (!media) return null;
  const thumbnail = media.thumbnails?.find((t) => t.url)?.url;
  if (thumbnail) return absoluteUrl(thumbnail, base);
  for (const content of media.contents ?? []) {
    const nested = content.thumbnails?.find((t) => t.url)?.url;
    if (nested) return absoluteUrl(nested, base);
    const isImage = content.medium === 'image' || /^image\//i.test(content.type ?? '');
    if (isImage && content.url) return absoluteUrl(content.url, base);
  }
  for (const group of media.groups ?? []) {
    const image = mediaImage(group, base);
    if (image) return image;
  }
  return null;
}

function imageEnclosure(enclosures: ParsedEnclosure[]): string | null {
  return enclosures.find((e) => e.type !== null && /^image\//i.test(e.type))?.url ?? null;
}

// RSS 2.0 and 0.9x ------------------------------------------------------------

function fromRss(feed: RssFeed.Feed<string>, documentUrl: string, rootBase: string | undefined): ParsedFeed {
  // RSS has no xml:base of its own, but feeds put one on <rss> or <channel>, and browsers honour it.
  const feedUrl = baseOf(rootBase, documentUrl);
  const siteUrl = absoluteUrl(feed.link, feedUrl) ?? absoluteUrl(alternateLink(feed.atom?.links)?.href, feedUrl);
  return {
    title: textOrNull(feed.title ?? feed.dc?.titles?.[0]),
    siteUrl,
    description: summaryText(feed.description ?? feed.dc?.descriptions?.[0] ?? feed.itunes?.subtitle ?? feed.itunes?.summary),
    language: languageTag(feed.language ?? feed.dc?.languages?.[0]),
    imageUrl: absoluteUrl(feed.image?.url, feedUrl) ?? absoluteUrl(feed.itunes?.image, feedUrl) ?? mediaImage(feed.media, feedUrl),
    items: (feed.items ?? []).map((item) => {
      const guid = nonEmpty(item.guid?.value?.trim() ?? null);
      const permalink = guid !== null && item.guid?.isPermaLink !== false ? absoluteUrl(guid, null) : null;
      const url = absoluteUrl(item.link, feedUrl) ?? permalink ?? absoluteUrl(alternateLink(item.atom?.links)?.href, feedUrl);
      const description = nonEmpty(item.description ?? null);
      const enclosures = (item.enclosures ?? []).map((e) => enclosure(e.url, e.type, e.length, feedUrl)).filter(present);
      const parsed: ParsedItem = {
        guid,
        title: textOrNull(item.title ?? item.dc?.titles?.[0] ?? item.media?.title?.value),
        url,
        publishedAt: toIsoDate(item.pubDate ?? item.dc?.dates?.[0] ?? item.atom?.published ?? item.atom?.updated ?? item.dcterms?.issued?.[0] ?? item.dcterms?.modified?.[0] ?? item.dcterms?.created?.[0]),
        author: first([
          rssAuthorName(nonEmpty(item.authors?.[0]?.name ?? item.authors?.[0]?.email ?? null)),
          rssAuthorName(nonEmpty(item.dc?.creators?.[0] ?? null)),
          nonEmpty(item.itunes?.author?.trim() ?? null),
          personName(item.atom?.authors?.[0]),
        ]),
        summary: summaryText(description ?? item.dc?.descriptions?.[0] ?? item.itunes?.summary ?? item.media?.description?.value),
        contentHtml: nonEmpty(item.content?.encoded ?? null) ?? description,
        enclosures,
        imageUrl: first([mediaImage(item.media, feedUrl), absoluteUrl(item.itunes?.image, feedUrl), imageEnclosure(enclosures)]),
      };
      if (feedUrl !== documentUrl) contentBases.set(parsed, feedUrl);
      return parsed;
    }),
  };
}

// RSS 1.0 (RDF) ---------------------------------------------------------------

function fromRdf(feed: RdfFeed.Feed<string>, feedUrl: string): ParsedFeed {
  return {
    title: textOrNull(feed.title ?? feed.dc?.titles?.[0]),
    siteUrl: absoluteUrl(feed.link, feedUrl),
    description: summaryText(feed.description ?? feed.dc?.descriptions?.[0]),
    language: languageTag(feed.dc?.languages?.[0]),
    imageUrl: absoluteUrl(feed.image?.url, feedUrl),
    items: (feed.items ?? []).map((item) => {
      const description = nonEmpty(item.description ?? item.dc?.descriptions?.[0] ?? null);
      return {
        guid: nonEmpty(item.rdf?.about?.trim() ?? null),
        title: textOrNull(item.title ?? item.dc?.titles?.[0]),
        url: absoluteUrl(item.link, feedUrl) ?? absoluteUrl(item.rdf?.about, feedUrl),
        publishedAt: toIsoDate(item.dc?.dates?.[0] ?? item.dcterms?.issued?.[0] ?? item.dcterms?.modified?.[0] ?? item.dcterms?.created?.[0]),
        author: nonEmpty(item.dc?.creators?.[0]?.trim() ?? null),
        summary: summaryText(description),
        contentHtml: nonEmpty(item.content?.encoded ?? null) ?? description,
        enclosures: [],
        imageUrl: mediaImage(item.media, feedUrl),
      };
    }),
  };
}

// Atom 1.0 and 0.3 ------------------------------------------------------------

function isHtmlType(type: string | undefined): boolean {
  const lower = type?.trim().toLowerCase() ?? 'text';
  return lower === 'html' || lower === 'xhtml' || lower === 'text/html' || lower === 'application/xhtml+xml' || lower === 'escaped';
}

/** Atom (RFC 4287 §4.1.3.3): content of a media type that is neither text nor XML is base64. */
function isBase64Type(type: string | undefined): boolean {
  const lower = type?.trim().toLowerCase() ?? '';
  return lower.includes('/') && !lower.startsWith('text/') && !/[/+]xml$/.test(lower) && lower !== 'application/xhtml+xml';
}

function fromBase64(value: string): string {
  return Buffer.from(value.trim(), 'base64').toString('utf8');
}

function atomText(text: AtomFeed.Text | undefined): string | null {
  if (!text?.value) return null;
  if (isBase64Type(text.type)) return textOrNull(fromBase64(text.value));
  return isHtmlType(text.type) ? nonEmpty(htmlText(text.value)) : nonEmpty(collapseSpace(text.value));
}

function atomHtml(content: AtomFeed.Text | AtomFeed.Content | undefined): string | null {
  const value = content?.value;
  if (value === undefined || value.trim() === '') return null;
  const type = content?.type?.trim().toLowerCase() || 'text';
  if (isHtmlType(type)) return value;
  if (type === 'text' || type.startsWith('text/')) return textToHtml(value);
  // Pictures, sound and other binary media are not readable text; anything else in base64 is read as HTML.
  if (isBase64Type(type)) return /^(image|audio|video)\//.test(type) ? null : nonEmpty(fromBase64(value));
  // XML media types are not meant for reading.
  return null;
}

function alternateLink<T extends { href?: string; rel?: string; type?: string }>(links: readonly T[] | undefined): T | undefined {
  const alternates = (links ?? []).filter((l) => l.href && (!l.rel || l.rel.trim() === 'alternate' || l.rel.trim() === 'http://www.iana.org/assignments/relation/alternate'));
  return alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
}

type XmlBased = { xml?: { base?: string } };

function fromAtom(feed: AtomFeed.Feed<string>, feedUrl: string): ParsedFeed {
  const feedBase = baseOf(feed.xml?.base, feedUrl);
  const feedAuthor = personName(feed.authors?.[0]);
  return {
    title: atomText(feed.title),
    siteUrl: absoluteUrl(alternateLink(feed.links)?.href, feedBase),
    description: atomText(feed.subtitle),
    language: languageTag(feed.xml?.lang ?? feed.dc?.languages?.[0]),
    imageUrl: absoluteUrl(feed.logo, feedBase) ?? absoluteUrl(feed.icon, feedBase),
    items: (feed.entries ?? []).map((entry) => {
      const base = baseOf(entry.xml?.base, feedBase);
      const content = atomHtml(entry.content) !== null ? entry.content : entry.summary;
      const contentHtml = atomHtml(content);
      const enclosures = (entry.links ?? [])
        .filter((l) => l.rel?.trim() === 'enclosure')
        .map((l) => enclosure(l.href, l.type, l.length, base))
        .filter(present);
      const item: ParsedItem = {
        guid: nonEmpty(entry.id?.trim() ?? null),
        title: atomText(entry.title) ?? textOrNull(entry.dc?.titles?.[0]),
        url: absoluteUrl(alternateLink(entry.links)?.href, base),
        publishedAt: toIsoDate(entry.published ?? entry.updated ?? entry.dc?.dates?.[0]),
        author: personName(entry.authors?.[0]) ?? nonEmpty(entry.dc?.creators?.[0]?.trim() ?? null) ?? personName(entry.source?.authors?.[0]) ?? feedAuthor,
        summary: atomText(entry.summary),
        contentHtml,
        enclosures,
        imageUrl: first([mediaImage(entry.media, base), absoluteUrl(entry.itunes?.image, base), imageEnclosure(enclosures)]),
      };
      const contentBase = baseOf((content as XmlBased | undefined)?.xml?.base, base);
      if (contentBase !== feedUrl) contentBases.set(item, contentBase);
      return item;
    }),
  };
}

// JSON Feed 1.0/1.1 -----------------------------------------------------------

function fromJson(feed: JsonFeed.Feed<string>, feedUrl: string): ParsedFeed {
  // JSON Feed 1.0 had a single author object; 1.1 has a list.
  const legacy = (value: { author?: { name?: string } }) => value.author;
  const feedAuthor = personName(feed.authors?.[0] ?? legacy(feed as { author?: { name?: string } }));
  return {
    title: textOrNull(feed.title),
    siteUrl: absoluteUrl(feed.home_page_url, feedUrl),
    description: textOrNull(feed.description),
    language: languageTag(feed.language),
    imageUrl: absoluteUrl(feed.icon, feedUrl) ?? absoluteUrl(feed.favicon, feedUrl),
    items: (feed.items ?? []).map((item) => {
      const text = nonEmpty(item.content_text ?? null);
      const enclosures = (item.attachments ?? []).map((a) => enclosure(a.url, a.mime_type, a.size_in_bytes, feedUrl)).filter(present);
      const url = absoluteUrl(item.url, feedUrl) ?? absoluteUrl(item.external_url, feedUrl);
      return {
        guid: nonEmpty(item.id === undefined || item.id === null ? null : String(item.id).trim()),
        title: textOrNull(item.title),
        url,
        publishedAt: toIsoDate(item.date_published ?? item.date_modified),
        author: personName(item.authors?.[0] ?? legacy(item as { author?: { name?: string } })) ?? feedAuthor,
        summary: nonEmpty(item.summary ? collapseSpace(item.summary) : null),
        contentHtml: nonEmpty(item.content_html ?? null) ?? (text ? textToHtml(text) : null),
        enclosures,
        imageUrl: first([absoluteUrl(item.image, url ?? feedUrl), absoluteUrl(item.banner_image, url ?? feedUrl), imageEnclosure(enclosures)]),
      };
    }),
  };
}
