// Downloads a web page for extraction, with the limits the open web needs:
// http(s) only, a deadline, a size cap enforced while streaming, HTML only
// (a PDF or an image gets a sentence, not a garbled article), and text
// decoded in the page's own charset (byte-order mark, HTTP header, <meta>).
import { STATUS_CODES } from 'node:http';
import { ApiError } from '../../shared/errors.ts';
import { charsetFromBom, charsetFromContentType, decodeAs, networkError, readLimited } from '../feeds/fetch-feed.ts';

export const PAGE_TIMEOUT_MS = 20_000;
export const PAGE_MAX_BYTES = 8 * 1024 * 1024;
const USER_AGENT = 'Mozilla/5.0 (compatible; Broadsheet/0.1; offline reader)';
const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';

export interface FetchPageOptions {
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface FetchedPage {
  html: string;
  /** Where the page was found after redirects. */
  finalUrl: string;
  contentType: string;
}

/** Parses a page address; throws invalid_url unless it is an absolute http(s) URL. */
export function parsePageAddress(address: string): URL {
  const message = 'That is not a web address. Page addresses start with http:// or https://.';
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new ApiError('invalid_url', message);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw new ApiError('invalid_url', message);
  url.hash = '';
  return url;
}

export async function fetchPage(address: string, options: FetchPageOptions): Promise<FetchedPage> {
  const url = parsePageAddress(address);
  const host = url.hostname;
  const maxBytes = options.maxBytes ?? PAGE_MAX_BYTES;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? PAGE_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;

  let response: Response;
  try {
    response = await options.fetch(url.href, { headers: { accept: ACCEPT, 'user-agent': USER_AGENT }, signal, redirect: 'follow' });
  } catch (error) {
    throw networkError(error, host, timeout);
  }
  const discard = () => response.body?.cancel().catch(() => {});

  if (!response.ok) {
    await discard();
    const reason = response.statusText || STATUS_CODES[response.status] || '';
    throw new ApiError('fetch_failed', `The server answered ${response.status}${reason ? ` ${reason}` : ''}.`);
  }
  const finalUrl = response.url || url.href;
  if (!/^https?:/i.test(finalUrl)) {
    await discard();
    throw new ApiError('fetch_failed', `${host} redirected to an address that is not a web page.`);
  }
  const contentType = response.headers.get('content-type') ?? '';
  const declaredKind = notHtmlKind(contentType);
  if (declaredKind) {
    await discard();
    throw new ApiError('fetch_failed', `This address is ${declaredKind}, not a web page.`);
  }

  const tooLarge = new ApiError('fetch_failed', `The page is larger than ${Math.round(maxBytes / (1024 * 1024))} MB, more than Broadsheet will read.`);
  const declaredLength = Number(response.headers.get('content-length'));
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    await discard();
    throw tooLarge;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readLimited(response, maxBytes, tooLarge);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw networkError(error, host, timeout);
  }
  // Servers that say nothing, or "octet-stream", about a PDF or an image.
  const sniffed = sniffNotHtml(bytes);
  if (sniffed) throw new ApiError('fetch_failed', `This address is ${sniffed}, not a web page.`);

  return { html: decodeHtml(bytes, contentType), finalUrl, contentType: contentType || 'text/html' };
}

/** A plain-words name for a declared type that is not a web page, or null for HTML (and for no type at all). */
function notHtmlKind(contentType: string): string | null {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '' || type === 'text/html' || type === 'application/xhtml+xml' || type === 'application/octet-stream' || type === 'text/plain') return null;
  if (type === 'application/pdf') return 'a PDF';
  if (type.startsWith('image/')) return 'an image';
  if (type.startsWith('video/')) return 'a video';
  if (type.startsWith('audio/')) return 'a sound file';
  if (/(rss|atom)\+xml$|^application\/(feed\+)?json$|^(application|text)\/xml$/.test(type)) return 'a feed or data file';
  if (/zip|compressed|tar|msword|officedocument|opendocument|epub/.test(type)) return 'a document to download';
  return `a file of type ${type}`;
}

function sniffNotHtml(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  if (head.startsWith('%PDF-')) return 'a PDF';
  if (/^(\x89PNG|GIF8|\xff\xd8\xff|RIFF....WEBP)/.test(head)) return 'an image';
  if (/^....ftyp/.test(head)) return 'a video';
  if (head.startsWith('PK\x03\x04')) return 'a document to download';
  return null;
}

/**
 * Decodes the way browsers do: a byte-order mark wins, then the HTTP charset,
 * then <meta charset> or <meta http-equiv="content-type"> near the top, else UTF-8.
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null): string {
  const label = charsetFromBom(bytes) ?? charsetFromContentType(contentType) ?? charsetFromMeta(bytes) ?? 'utf-8';
  return decodeAs(label, bytes);
}

function charsetFromMeta(bytes: Uint8Array): string | null {
  // Browsers look at the first 1024 bytes; pages with a long <head> put it later, so look a little further.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 8192));
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct?.[1]) {
      // <meta http-equiv content="text/html; charset=…"> matches here too; "x-user-defined" and UTF-16 in a meta are lies (HTML spec).
      const label = direct[1].toLowerCase();
      return label.startsWith('utf-16') ? 'utf-8' : label;
    }
  }
  return null;
}
