// Finds the feeds behind whatever address a person gives: a feed itself, a
// site's home page, an article page, or a bare domain. Each candidate is
// fetched and parsed before it is offered, so the add dialog only ever lists
// feeds that work, each with a preview of its newest items.
import { parseHTML } from 'linkedom';
import PQueue from 'p-queue';
import { ApiError } from '../../shared/errors.ts';
import type { FeedCandidate, FeedFormat } from '../../shared/models.ts';
import type { DomDocument } from '../articles/extract-dom.ts';
import { limitMarkup } from '../articles/limit-markup.ts';
import { makeExcerpt } from '../articles/text.ts';
import type { FetchOrigin } from '../net/address-guard.ts';
import { fetchFeed, parseWebAddress } from './fetch-feed.ts';
import { looksLikeHtml, parseFeedDocument, type ParsedFeed, type ParsedItem } from './parse-feed.ts';
import { unwrapFeedScheme, webUrl } from './web-address.ts';

/** Where sites usually keep a feed they do not declare, tried at the site's origin. */
export const USUAL_FEED_PATHS = ['/feed', '/feed/', '/rss', '/rss.xml', '/atom.xml', '/index.xml', '/feed.json', '/feed.xml'] as const;

/** How many items a candidate shows before subscribing. */
export const PREVIEW_ITEMS = 5;
/** Candidates fetched at once: a few, since they are usually on the same host. */
const CONCURRENCY = 4;
/** The whole discovery, however many candidates it tries. */
export const DISCOVERY_DEADLINE_MS = 30_000;
/** One request of it. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Only the page's <head> matters; a huge page is not read past this. */
const MAX_SCANNED_CHARS = 512 * 1024;
/** A page may declare dozens of feeds (categories, tags); the first ones are the main ones. */
const MAX_DECLARED = 12;

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  // Older or hand-made pages.
  'application/x-rss+xml',
  'application/x-atom+xml',
  'text/xml',
  'application/xml',
]);

export interface DiscoverOptions {
  /** A fetch held to what `origin` may reach (the library passes its address-guarded fetch). */
  fetchFor(origin: FetchOrigin): typeof globalThis.fetch;
  /** The source already following a feed known by any of these addresses, if there is one. */
  subscribedId(urls: readonly string[]): number | null;
  signal?: AbortSignal;
  deadlineMs?: number;
}

/** A feed a page points to, in the page's own words. */
export interface DeclaredFeed {
  url: string;
  title: string | null;
}

/**
 * The addresses to try for what a person typed: the address itself when it
 * names http(s); for a bare domain (`example.com`, `www.example.com/blog`)
 * https first, then http. `feed://` addresses are bare domains with a hint.
 */
export function addressesToTry(input: string): string[] {
  const text = unwrapFeedScheme(input) ?? input.trim();
  const schemed = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (schemed) return [parseWebAddress(text).href];
  const bare = text;
  if (bare === '' || /\s/.test(bare)) throw notAnAddress();
  let url: URL;
  try {
    url = new URL(`https://${bare}`);
  } catch {
    throw notAnAddress();
  }
  // "news" or "my feed" are not sites; a host name has a dot, or is this computer.
  const host = url.hostname;
  if (!host.includes('.') && host !== 'localhost' && !host.startsWith('[')) throw notAnAddress();
  // "mailto:someone@example.com" reads as a user name and a host; nobody types that for a site.
  if (url.username !== '' || url.password !== '') throw notAnAddress();
  url.hash = '';
  const http = new URL(url.href);
  http.protocol = 'http:';
  return [url.href, http.href];
}

function notAnAddress(): ApiError {
  return new ApiError('invalid_url', 'That is not a web address. Type a site’s address (example.com) or a feed’s.');
}

/**
 * The feeds an HTML page declares, in document order: `<link rel="alternate">`
 * with a feed type, and `<link rel="feed">`, resolved against `<base href>`.
 */
export function declaredFeeds(html: string, pageUrl: string): DeclaredFeed[] {
  const document = parseHead(html);
  const base = baseUrlOf(document, pageUrl);
  const found: DeclaredFeed[] = [];
  const seen = new Set<string>();
  for (const link of Array.from(document.querySelectorAll('link[rel][href]'))) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (link.getAttribute('type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const isFeed = rel.includes('feed') || (rel.includes('alternate') && FEED_TYPES.has(type));
    if (!isFeed) continue;
    const url = webUrl(link.getAttribute('href') ?? '', base);
    if (url === null || seen.has(url)) continue;
    seen.add(url);
    found.push({ url, title: link.getAttribute('title')?.trim() || null });
  }
  return found;
}

/** The <head> (or the first stretch of a page without one) as a document. */
export function parseHead(html: string): DomDocument {
  const end = html.search(/<\/head\s*>/i);
  const head = end >= 0 ? html.slice(0, end) : html.slice(0, MAX_SCANNED_CHARS);
  // Nesting bounded first: the parser underneath takes time quadratic in it.
  return parseHTML(limitMarkup(head.slice(0, MAX_SCANNED_CHARS))).document as unknown as DomDocument;
}

/** `<base href>` when it is a web address, else the page's own address. */
export function baseUrlOf(document: DomDocument, pageUrl: string): string {
  const href = document.querySelector('base[href]')?.getAttribute('href');
  return (href && webUrl(href, pageUrl)) || pageUrl;
}

interface Fetched {
  body: string;
  finalUrl: string;
  /** The address to subscribe to: the one asked for, or where it moved for good (only 301 and 308 on the way). */
  stableUrl: string;
  contentType: string | null;
}

interface Found {
  /** Every address it was known by: the one asked for and the one it was found at. */
  urls: string[];
  finalUrl: string;
  /**
   * What is offered: the declared (or typed) address, not where a temporary
   * redirect led (often a signed link that expires); finalUrl only when
   * every redirect on the way was permanent.
   */
  stableUrl: string;
  format: FeedFormat;
  feed: ParsedFeed;
  declaredTitle: string | null;
}

/** Finds the feeds behind `address`, best first. Throws not_a_feed when there are none, the fetch error when it cannot be read. */
export async function discoverFeeds(address: string, options: DiscoverOptions): Promise<FeedCandidate[]> {
  const tries = addressesToTry(address);
  const deadline = AbortSignal.timeout(options.deadlineMs ?? DISCOVERY_DEADLINE_MS);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const fetchText = (url: string, origin: FetchOrigin): Promise<Fetched> => fetchOnce(url, options.fetchFor(origin), signal);

  // What the reader typed is fetched as typed; a bare domain over https first.
  let page: Fetched | null = null;
  let asked = '';
  let firstError: unknown = null;
  for (const url of tries) {
    try {
      page = await fetchText(url, { typed: url });
      asked = url;
      break;
    } catch (error) {
      firstError ??= error;
      if (signal.aborted) break;
    }
  }
  if (page === null) throw firstError;
  const host = new URL(page.finalUrl).host;

  let parseError: unknown;
  try {
    const { format, feed } = parseFeedDocument(page.body, page.finalUrl);
    const urls = asked === page.finalUrl ? [asked] : [asked, page.finalUrl];
    return [toCandidate({ urls, finalUrl: page.finalUrl, stableUrl: page.stableUrl, format, feed, declaredTitle: null }, options)];
  } catch (error) {
    parseError = error;
  }

  // A page: what it declares, else what its site's home page declares, else the usual places.
  const pageUrl = page.finalUrl;
  const pointed: FetchOrigin = { automatic: pageUrl };
  const check = (declared: readonly DeclaredFeed[]) => fetchCandidates(declared, (url) => fetchText(url, pointed), signal);
  let found = await check(declaredFeeds(page.body, pageUrl));
  const root = new URL('/', pageUrl).href;
  if (found.length === 0 && pageUrl !== root && !signal.aborted) {
    const home = await fetchText(root, pointed).catch(() => null);
    if (home) found = await check(declaredFeeds(home.body, home.finalUrl));
  }
  if (found.length === 0 && !signal.aborted) {
    found = await check(USUAL_FEED_PATHS.map((path) => ({ url: new URL(path, pageUrl).href, title: null })));
  }
  if (found.length === 0) {
    if (options.signal?.aborted) throw new ApiError('fetch_failed', 'The search for feeds was stopped.');
    if (deadline.aborted) throw new ApiError('fetch_failed', `${host} took too long to answer; no feed was found in time.`);
    // Something that is neither a page nor a feed: the parser says best what it is.
    if (!isHtmlPage(page) && parseError instanceof ApiError) throw parseError;
    throw new ApiError(
      'not_a_feed',
      `No feed was found at ${host}. Check the address, or look on the site for a link named RSS, Atom or Feed and add that.`,
    );
  }
  const ordered = [...found.filter((f) => !isCommentFeed(f)), ...found.filter(isCommentFeed)];
  return ordered.map((f) => toCandidate(f, options));
}

/** Fetches and parses each declared feed (a few at once); keeps those that are feeds, one per final address, in order. */
async function fetchCandidates(
  declared: readonly DeclaredFeed[],
  fetchText: (url: string) => Promise<Fetched>,
  signal: AbortSignal,
): Promise<Found[]> {
  const queue = new PQueue({ concurrency: CONCURRENCY });
  const results = await Promise.all(
    declared.slice(0, MAX_DECLARED).map((candidate) =>
      queue.add(async (): Promise<Found | null> => {
        if (signal.aborted) return null;
        try {
          const fetched = await fetchText(candidate.url);
          const { format, feed } = parseFeedDocument(fetched.body, fetched.finalUrl);
          const urls = candidate.url === fetched.finalUrl ? [candidate.url] : [candidate.url, fetched.finalUrl];
          return { urls, finalUrl: fetched.finalUrl, stableUrl: fetched.stableUrl, format, feed, declaredTitle: candidate.title };
        } catch {
          // A candidate that is missing, broken or not a feed is simply not offered.
          return null;
        }
      }),
    ),
  );
  const byFinalUrl = new Map<string, Found>();
  for (const result of results) {
    if (result && !byFinalUrl.has(result.finalUrl)) byFinalUrl.set(result.finalUrl, result);
  }
  return [...byFinalUrl.values()];
}

async function fetchOnce(url: string, fetchImpl: typeof globalThis.fetch, signal: AbortSignal): Promise<Fetched> {
  const fetched = await fetchFeed(url, { fetch: fetchImpl, signal, timeoutMs: REQUEST_TIMEOUT_MS, notFollowed: true });
  if (fetched.status !== 'ok') throw new ApiError('fetch_failed', 'The server sent nothing.');
  const stableUrl = fetched.permanentRedirect ?? parseWebAddress(url).href;
  return { body: fetched.body, finalUrl: fetched.finalUrl, stableUrl, contentType: fetched.contentType };
}

function isHtmlPage(page: Fetched): boolean {
  if (/^\s*(text\/html|application\/xhtml\+xml)\b/i.test(page.contentType ?? '')) return true;
  return looksLikeHtml(page.body.slice(0, 4096));
}

/** A comments feed (the site's, or one article's): offered after the full feeds. */
function isCommentFeed(found: Found): boolean {
  const words = `${found.declaredTitle ?? ''} ${found.feed.title ?? ''} ${found.finalUrl}`;
  return /\bcomments?\b/i.test(words);
}

function toCandidate(found: Found, options: DiscoverOptions): FeedCandidate {
  const { feed } = found;
  return {
    url: found.stableUrl,
    title: feed.title || found.declaredTitle || new URL(found.finalUrl).hostname,
    format: found.format,
    siteUrl: feed.siteUrl,
    description: feed.description,
    itemCount: feed.items.length,
    items: newest(feed.items, PREVIEW_ITEMS).map((item) => ({
      title: item.title || makeExcerpt(item.summary ?? '', 80) || 'Untitled',
      url: item.url,
      publishedAt: item.publishedAt,
    })),
    subscribedId: options.subscribedId(found.urls),
  };
}

/** The newest `count` items: dated ones newest first, then undated ones in the feed's order (feeds list newest first). */
export function newest(items: readonly ParsedItem[], count: number): ParsedItem[] {
  const time = (item: ParsedItem): number => (item.publishedAt === null ? Number.NaN : Date.parse(item.publishedAt));
  const dated = items.filter((item) => !Number.isNaN(time(item)));
  const undated = items.filter((item) => Number.isNaN(time(item)));
  dated.sort((a, b) => time(b) - time(a));
  return [...dated, ...undated].slice(0, count);
}
