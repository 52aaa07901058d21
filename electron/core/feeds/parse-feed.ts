// Turns RSS 2.0/0.9x, RSS 1.0 (RDF), Atom and JSON Feed into one shape. The
// XML work is feedsmith's; this module decides what each field means for a
// reader: plain-text titles, absolute URLs, UTC dates, HTML content.
import { parseFeed as parseAnyFeed, type AnyFeed, type AtomFeed, type JsonFeed, type RdfFeed, type RssFeed } from 'feedsmith';
import { ApiError } from '../../shared/errors.ts';
import type { FeedFormat } from '../../shared/models.ts';
import { collapse, htmlToText, plainTitle, textToHtml } from '../articles/text.ts';
import { toIsoDate } from './parse-dates.ts';

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
}

export interface ParsedFeed {
  title: string | null;
  siteUrl: string | null;
  description: string | null;
  language: string | null;
  items: ParsedItem[];
}

// Where an item's relative content URLs point (Atom's xml:base); kept beside the
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
  const input = xmlOrJson.replace(/^\uFEFF/, '');
  let parsed: AnyFeed<string>;
  try {
    parsed = parseAnyFeed<string>(input);
  } catch {
    throw notAFeed(input);
  }
  switch (parsed.format) {
    case 'rss':
      return { format: 'rss', feed: fromRss(parsed.feed, feedUrl) };
    case 'atom':
      return { format: 'atom', feed: fromAtom(parsed.feed, feedUrl) };
    case 'rdf':
      return { format: 'rdf', feed: fromRdf(parsed.feed, feedUrl) };
    case 'json':
      return { format: 'json', feed: fromJson(parsed.feed, feedUrl) };
  }
  throw notAFeed(input);
}

function notAFeed(input: string): ApiError {
  const head = input.slice(0, 2048).trimStart();
  if (head === '') return new ApiError('not_a_feed', 'This address returned an empty page, not a feed.');
  if (looksLikeHtml(head)) return new ApiError('not_a_feed', 'This address is a web page, not a feed.');
  return new ApiError('not_a_feed', 'This address does not contain a feed Broadsheet can read (RSS, Atom or JSON Feed).');
}

/**
 * Whether the start of a page is HTML. Leading comments are skipped with a
 * loop of indexOf rather than a repeated group in one regex: a group like
 * `(<!--…-->\s*)*` backtracks exponentially on many comments not followed by
 * a doctype, and this runs on whatever a server sends.
 */
function looksLikeHtml(head: string): boolean {
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

function nonEmpty(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value.trim() === '' ? null : value;
}

function textOrNull(value: string | null | undefined): string | null {
  return nonEmpty(value === undefined || value === null ? null : plainTitle(value));
}

function summaryText(html: string | null | undefined): string | null {
  return nonEmpty(html === undefined || html === null ? null : htmlToText(html));
}

function enclosure(url: string | undefined, type: string | undefined, length: number | string | undefined, base: string | null): ParsedEnclosure | null {
  const absolute = absoluteUrl(url, base);
  if (!absolute) return null;
  return {
    url: absolute,
    type: nonEmpty(type ?? null),
    length: length === undefined || length === null || String(length).trim() === '' ? null : String(length),
  };
}

function present<T>(value: T | null): value is T {
  return value !== null;
}

// RSS 2.0 and 0.9x ------------------------------------------------------------

function rssAuthor(person: RssFeed.Person | undefined): string | null {
  return nonEmpty(person?.name ?? null) ?? nonEmpty(person?.email ?? null);
}

function fromRss(feed: RssFeed.Feed<string>, feedUrl: string): ParsedFeed {
  const siteUrl = absoluteUrl(feed.link, feedUrl);
  return {
    title: textOrNull(feed.title),
    siteUrl,
    description: textOrNull(feed.description),
    language: nonEmpty(feed.language ?? feed.dc?.languages?.[0] ?? null),
    items: (feed.items ?? []).map((item) => {
      const guid = nonEmpty(item.guid?.value ?? null);
      const permalink = guid !== null && item.guid?.isPermaLink !== false ? absoluteUrl(guid, null) : null;
      const atomLink = item.atom?.links?.find((l) => !l.rel || l.rel === 'alternate')?.href;
      const url = absoluteUrl(item.link, feedUrl) ?? permalink ?? absoluteUrl(atomLink, feedUrl);
      const description = nonEmpty(item.description ?? null);
      return {
        guid,
        title: textOrNull(item.title ?? item.dc?.titles?.[0]),
        url,
        publishedAt: toIsoDate(item.pubDate ?? item.dc?.dates?.[0] ?? item.atom?.published ?? item.atom?.updated),
        author:
          rssAuthor(item.authors?.[0]) ??
          nonEmpty(item.dc?.creators?.[0] ?? null) ??
          nonEmpty(item.itunes?.author ?? null),
        summary: summaryText(description),
        contentHtml: nonEmpty(item.content?.encoded ?? null) ?? description,
        enclosures: (item.enclosures ?? []).map((e) => enclosure(e.url, e.type, e.length, feedUrl)).filter(present),
      };
    }),
  };
}

// RSS 1.0 (RDF) ---------------------------------------------------------------

function fromRdf(feed: RdfFeed.Feed<string>, feedUrl: string): ParsedFeed {
  return {
    title: textOrNull(feed.title),
    siteUrl: absoluteUrl(feed.link, feedUrl),
    description: textOrNull(feed.description),
    language: nonEmpty(feed.dc?.languages?.[0] ?? null),
    items: (feed.items ?? []).map((item) => {
      const description = nonEmpty(item.description ?? null);
      return {
        guid: nonEmpty(item.rdf?.about ?? null),
        title: textOrNull(item.title ?? item.dc?.titles?.[0]),
        url: absoluteUrl(item.link, feedUrl) ?? absoluteUrl(item.rdf?.about, feedUrl),
        publishedAt: toIsoDate(item.dc?.dates?.[0]),
        author: nonEmpty(item.dc?.creators?.[0] ?? null),
        summary: summaryText(description),
        contentHtml: nonEmpty(item.content?.encoded ?? null) ?? description,
        enclosures: [],
      };
    }),
  };
}

// Atom 1.0 --------------------------------------------------------------------

function atomText(text: AtomFeed.Text | undefined): string | null {
  if (!text) return null;
  const type = text.type?.toLowerCase();
  if (type === 'html' || type === 'xhtml') return nonEmpty(htmlToText(text.value));
  return nonEmpty(collapse(text.value));
}

function atomHtml(content: AtomFeed.Text | AtomFeed.Content | undefined): string | null {
  const value = content?.value;
  if (value === undefined || value.trim() === '') return null;
  const type = content?.type?.toLowerCase() ?? 'text';
  if (type === 'html' || type === 'xhtml' || type === 'text/html' || type === 'application/xhtml+xml') return value;
  if (type === 'text' || type.startsWith('text/')) return textToHtml(value);
  // Other media types (base64 images, XML) are not readable text.
  return null;
}

function alternateLink<T extends { href?: string; rel?: string; type?: string }>(links: readonly T[] | undefined): T | undefined {
  const alternates = (links ?? []).filter((l) => !l.rel || l.rel === 'alternate');
  return alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
}

function fromAtom(feed: AtomFeed.Feed<string>, feedUrl: string): ParsedFeed {
  const feedBase = absoluteUrl(feed.xml?.base, feedUrl) ?? feedUrl;
  const feedAuthor = nonEmpty(feed.authors?.[0]?.name ?? null);
  return {
    title: atomText(feed.title),
    siteUrl: absoluteUrl(alternateLink(feed.links)?.href, feedBase),
    description: atomText(feed.subtitle),
    language: nonEmpty(feed.xml?.lang ?? null),
    items: (feed.entries ?? []).map((entry) => {
      const base = absoluteUrl(entry.xml?.base, feedBase) ?? feedBase;
      const contentHtml = atomHtml(entry.content) ?? atomHtml(entry.summary);
      const item: ParsedItem = {
        guid: nonEmpty(entry.id ?? null),
        title: atomText(entry.title),
        url: absoluteUrl(alternateLink(entry.links)?.href, base),
        publishedAt: toIsoDate(entry.published ?? entry.updated ?? entry.dc?.dates?.[0]),
        author: nonEmpty(entry.authors?.[0]?.name ?? null) ?? nonEmpty(entry.dc?.creators?.[0] ?? null) ?? feedAuthor,
        summary: atomText(entry.summary),
        contentHtml,
        enclosures: (entry.links ?? [])
          .filter((l) => l.rel === 'enclosure')
          .map((l) => enclosure(l.href, l.type, l.length, base))
          .filter(present),
      };
      if (entry.xml?.base || feed.xml?.base) contentBases.set(item, base);
      return item;
    }),
  };
}

// JSON Feed 1.0/1.1 -----------------------------------------------------------

function fromJson(feed: JsonFeed.Feed<string>, feedUrl: string): ParsedFeed {
  const feedAuthor = nonEmpty(feed.authors?.[0]?.name ?? null);
  return {
    title: textOrNull(feed.title),
    siteUrl: absoluteUrl(feed.home_page_url, feedUrl),
    description: textOrNull(feed.description),
    language: nonEmpty(feed.language ?? null),
    items: (feed.items ?? []).map((item) => {
      const text = nonEmpty(item.content_text ?? null);
      return {
        guid: nonEmpty(item.id === undefined || item.id === null ? null : String(item.id)),
        title: textOrNull(item.title),
        url: absoluteUrl(item.url, feedUrl) ?? absoluteUrl(item.external_url, feedUrl),
        publishedAt: toIsoDate(item.date_published ?? item.date_modified),
        author: nonEmpty(item.authors?.[0]?.name ?? null) ?? feedAuthor,
        summary: nonEmpty(item.summary ? collapse(item.summary) : null),
        contentHtml: nonEmpty(item.content_html ?? null) ?? (text ? textToHtml(text) : null),
        enclosures: (item.attachments ?? [])
          .map((a) => enclosure(a.url, a.mime_type, a.size_in_bytes, feedUrl))
          .filter(present),
      };
    }),
  };
}

