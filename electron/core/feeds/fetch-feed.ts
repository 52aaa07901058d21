// Downloads a feed through an injected fetch, with the limits a desktop app
// needs against the open web: http(s) only, a deadline, a size cap enforced
// while streaming, conditional GET, and text decoded in the declared charset.
import { STATUS_CODES } from 'node:http';
import { ApiError } from '../../shared/errors.ts';

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const USER_AGENT = 'Broadsheet/0.1 (feed reader; +https://github.com/broadsheet)';
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export interface FetchFeedOptions {
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  maxBytes?: number;
  /** Validators from the previous successful fetch, for a conditional GET. */
  etag?: string | null;
  lastModified?: string | null;
  /** Aborts the request from outside (e.g. the library closing). */
  signal?: AbortSignal;
}

export type FetchFeedResult =
  | { status: 'unchanged' }
  | {
      status: 'ok';
      body: string;
      /** Where the feed was found after redirects. */
      finalUrl: string;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    };

/** Parses an address a person typed; throws invalid_url unless it is an absolute http(s) URL. */
export function parseWebAddress(address: string): URL {
  const message = 'That is not a web address. Feed addresses start with http:// or https://.';
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new ApiError('invalid_url', message);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new ApiError('invalid_url', message);
  }
  url.hash = '';
  return url;
}

export async function fetchFeed(address: string, options: FetchFeedOptions = {}): Promise<FetchFeedResult> {
  const url = parseWebAddress(address);
  const host = url.hostname;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;

  const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': USER_AGENT };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;

  let response: Response;
  try {
    response = await fetchImpl(url.href, { headers, signal, redirect: 'follow' });
  } catch (error) {
    throw networkError(error, host, timeout);
  }

  if (response.status === 304) {
    await response.body?.cancel().catch(() => {});
    return { status: 'unchanged' };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    const reasonPhrase = response.statusText || STATUS_CODES[response.status] || '';
    throw new ApiError('fetch_failed', `The server answered ${response.status}${reasonPhrase ? ` ${reasonPhrase}` : ''}.`);
  }
  const finalUrl = response.url || url.href;
  if (!/^https?:/i.test(finalUrl)) {
    await response.body?.cancel().catch(() => {});
    throw new ApiError('fetch_failed', `${host} redirected to an address that is not a web page.`);
  }

  const tooLarge = new ApiError(
    'fetch_failed',
    `The feed is larger than ${Math.round(maxBytes / (1024 * 1024))} MB, more than Broadsheet will read.`,
  );
  const declaredLength = Number(response.headers.get('content-length'));
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge;
  }

  let bytes: Uint8Array;
  try {
    bytes = await readLimited(response, maxBytes, tooLarge);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw networkError(error, host, timeout);
  }

  const contentType = response.headers.get('content-type');
  return {
    status: 'ok',
    body: decodeBody(bytes, contentType),
    finalUrl,
    contentType,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
  };
}

export async function readLimited(response: Response, maxBytes: number, tooLarge: ApiError): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Decodes with the charset from Content-Type, else a byte-order mark, else the XML declaration, else UTF-8. */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const label = charsetFromContentType(contentType) ?? charsetFromBom(bytes) ?? charsetFromXmlDeclaration(bytes) ?? 'utf-8';
  return decodeAs(label, bytes);
}

/** Decodes with a charset label, falling back to UTF-8 for a label no decoder knows. */
export function decodeAs(label: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // An unknown or misspelt charset label: UTF-8 is the best guess left.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export function charsetFromContentType(contentType: string | null): string | null {
  const match = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i);
  return match?.[1] ?? null;
}

export function charsetFromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  // No mark, but "<" spelt in two bytes: UTF-16 all the same (XML 1.0 appendix F).
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return 'utf-16be';
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return 'utf-16le';
  return null;
}

function charsetFromXmlDeclaration(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const match = head.match(/^\s*<\?xml[^>]*\sencoding\s*=\s*["']([\w.:-]+)["']/);
  return match?.[1] ?? null;
}

export function networkError(error: unknown, host: string, timeout: AbortSignal): ApiError {
  if (error instanceof ApiError) return error;
  if (timeout.aborted) return new ApiError('fetch_failed', `${host} took too long to answer.`);
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError') return new ApiError('fetch_failed', 'The download was stopped.');
  const code = errorCode(error);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ApiError('fetch_failed', `Could not find ${host}. Check the address, or your connection.`);
    case 'ECONNREFUSED':
      return new ApiError('fetch_failed', `Could not reach ${host}: it refused the connection.`);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return new ApiError('fetch_failed', `The connection to ${host} was cut off.`);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new ApiError('fetch_failed', `${host} took too long to answer.`);
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return new ApiError('fetch_failed', `Could not reach ${host}. Check your connection.`);
    default:
      if (code && /CERT|SSL|TLS|SELF_SIGNED/.test(code)) {
        return new ApiError('fetch_failed', `The secure connection to ${host} could not be trusted.`);
      }
      return new ApiError('fetch_failed', `Could not reach ${host}.`);
  }
}

/** Node's fetch hides the system error under `cause`, sometimes two levels deep. */
function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
