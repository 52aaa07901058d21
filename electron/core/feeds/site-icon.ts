// Finds a site's icon for the sources list: the best icon its home page
// declares, else /favicon.ico. Only raster images are taken, sniffed from their
// bytes: an SVG is a document that can carry script, so it is never kept.
import { STATUS_CODES } from 'node:http';
import { ApiError } from '../../shared/errors.ts';
import { fetchPage } from '../articles/fetch-page.ts';
import { sniffImageType, type ImageType } from '../articles/image-type.ts';
import { baseUrlOf, parseHead } from './discover.ts';
import { webUrl } from './web-address.ts';
import { readLimited } from './fetch-feed.ts';

/** An icon is small; anything bigger is not one worth keeping. */
export const ICON_MAX_BYTES = 200 * 1024;
/** The home page is read only for its <head>. */
const HOME_MAX_BYTES = 1024 * 1024;
const TIMEOUT_MS = 10_000;
/** Declared icons tried (best first) before /favicon.ico and the feed's image. */
const MAX_DECLARED_TRIES = 3;
/** Sizes shown well in a sources list on any screen; smaller is blurry, larger is waste. */
const MIN_GOOD_SIZE = 32;
const MAX_GOOD_SIZE = 256;
/** What an apple-touch-icon is when it does not say. */
const TOUCH_ICON_SIZE = 180;

export interface SiteIconOptions {
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
  /** The feed's own image (channel image, Atom icon, JSON Feed icon): the last resort. */
  feedImageUrl?: string | null;
}

/**
 * `found`: the icon's bytes; `none`: the site answered but has no usable icon;
 * `unreachable`: no server answered at all (offline, or the site is gone), so
 * it is worth asking again later.
 */
export type SiteIconResult =
  | { kind: 'found'; url: string; bytes: Uint8Array; type: ImageType }
  | { kind: 'none' }
  | { kind: 'unreachable' };

export interface DeclaredIcon {
  url: string;
  /** The largest size it declares, in px; null when it says nothing (or "any"). */
  size: number | null;
}

/**
 * Finds and downloads the icon of the site at `siteUrl`: the best one its home
 * page declares, else /favicon.ico, else the feed's own image. Never throws for
 * a site's failures; only an abort rejects.
 */
export async function findSiteIcon(siteUrl: string, options: SiteIconOptions): Promise<SiteIconResult> {
  let answered = false;
  const watched: typeof globalThis.fetch = async (input, init) => {
    try {
      const response = await options.fetch(input, init);
      answered = true;
      return response;
    } catch (error) {
      // A refusal in plain words (the address guard's) is an answer too: asking again changes nothing.
      if (error instanceof ApiError) answered = true;
      throw error;
    }
  };
  let home = new URL('/', siteUrl).href;
  const declared: string[] = [];
  try {
    const page = await fetchPage(siteUrl, { fetch: watched, maxBytes: HOME_MAX_BYTES, timeoutMs: TIMEOUT_MS, ...signalOf(options) });
    home = new URL('/', page.finalUrl).href;
    declared.push(...rankIcons(declaredIcons(page.html, page.finalUrl)).map((icon) => icon.url));
  } catch {
    // No home page (404, too large, not HTML): /favicon.ico may still be there.
    options.signal?.throwIfAborted();
  }
  const feedImage = options.feedImageUrl ? webUrl(options.feedImageUrl, siteUrl) : null;
  const tries = [...new Set([...declared.slice(0, MAX_DECLARED_TRIES), new URL('/favicon.ico', home).href, ...(feedImage ? [feedImage] : [])])];
  for (const url of tries) {
    const bytes = await downloadIcon(url, watched, options.signal).catch(() => null);
    options.signal?.throwIfAborted();
    const type = bytes && sniffImageType(bytes);
    if (bytes && type) return { kind: 'found', url, bytes, type };
  }
  return answered ? { kind: 'none' } : { kind: 'unreachable' };
}

/** The icons a page's <head> declares (rel icon, shortcut icon, apple-touch-icon), SVG and data: left out. */
export function declaredIcons(html: string, pageUrl: string): DeclaredIcon[] {
  const document = parseHead(html);
  const base = baseUrlOf(document, pageUrl);
  const icons: DeclaredIcon[] = [];
  for (const link of Array.from(document.querySelectorAll('link[rel][href]'))) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    const touch = rel.includes('apple-touch-icon') || rel.includes('apple-touch-icon-precomposed');
    if (!rel.includes('icon') && !touch) continue;
    const type = (link.getAttribute('type') ?? '').toLowerCase();
    const url = webUrl(link.getAttribute('href') ?? '', base);
    if (url === null || type.includes('svg') || /\.svgz?$/i.test(new URL(url).pathname)) continue;
    const size = largestSize(link.getAttribute('sizes')) ?? (touch ? TOUCH_ICON_SIZE : null);
    icons.push({ url, size });
  }
  return icons;
}

/**
 * Best first: sizes from 32 to 256 px (larger first, crisper on dense
 * screens), then those that say nothing, then small ones (larger first), then
 * huge ones (smaller first). Ties keep the page's order.
 */
export function rankIcons(icons: readonly DeclaredIcon[]): DeclaredIcon[] {
  const band = ({ size }: DeclaredIcon): number =>
    size === null ? 1 : size < MIN_GOOD_SIZE ? 2 : size > MAX_GOOD_SIZE ? 3 : 0;
  const within = (a: DeclaredIcon, b: DeclaredIcon): number => {
    if (a.size === null || b.size === null) return 0;
    return band(a) === 3 ? a.size - b.size : b.size - a.size;
  };
  return [...icons].sort((a, b) => band(a) - band(b) || within(a, b));
}

/** "16x16 32x32" → 32; "any" or nothing → null. */
function largestSize(sizes: string | null): number | null {
  const found = [...(sizes ?? '').matchAll(/(\d+)\s*[x×]\s*(\d+)/gi)].map((m) => Math.max(Number(m[1]), Number(m[2])));
  return found.length > 0 ? Math.max(...found) : null;
}

/** The icon's bytes, or an error when it is missing or too large. */
async function downloadIcon(url: string, fetchImpl: typeof globalThis.fetch, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const response = await fetchImpl(url, {
    headers: { accept: 'image/png,image/x-icon,image/*;q=0.8', 'user-agent': 'Broadsheet/0.1 (feed reader)' },
    signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    redirect: 'follow',
  });
  const tooLarge = new ApiError('fetch_failed', 'The icon is too large.');
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new ApiError('fetch_failed', `The server answered ${response.status} ${STATUS_CODES[response.status] ?? ''}.`);
  }
  const declaredLength = Number(response.headers.get('content-length'));
  if (Number.isFinite(declaredLength) && declaredLength > ICON_MAX_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge;
  }
  return readLimited(response, ICON_MAX_BYTES, tooLarge);
}

function signalOf(options: SiteIconOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
