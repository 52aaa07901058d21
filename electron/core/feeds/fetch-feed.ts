// Downloads a feed through an injected fetch, with the limits a desktop app
// needs against the open web: http(s) only, a deadline and a no-progress
// timeout, a size cap enforced while streaming (after decompression, so a
// compression bomb stops at the cap), conditional GET, gzip and brotli, and
// text decoded in the declared charset. It also reads what the answer says
// about asking again: permanent redirects, 410, Retry-After, freshness.
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { ApiError } from '../../shared/errors.ts';
import { redirectsOf } from '../net/address-guard.ts';
import { decodeBody } from './feed-charset.ts';
import { freshUntil, retryAfter } from './refresh-policy.ts';

// Decoding moved to feed-charset.ts; re-exported for the modules that import it from here.
export { charsetFromBom, charsetFromContentType, decodeAs, decodeBody } from './feed-charset.ts';

export const DEFAULT_TIMEOUT_MS = 20_000;
/** Gives up on a server that sends nothing at all for this long, before the overall deadline. */
export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const USER_AGENT = 'Broadsheet/0.1 (feed reader; +https://github.com/broadsheet)';
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
// Node's fetch decodes brotli but only offers gzip and deflate unless asked.
const ACCEPT_ENCODING = 'br, gzip, deflate';

export interface FetchFeedOptions {
  fetch?: typeof globalThis.fetch;
  /** The whole download's deadline. */
  timeoutMs?: number;
  /** How long the server may send nothing (before answering, or between parts of the body). */
  idleTimeoutMs?: number;
  maxBytes?: number;
  /** The clock Retry-After and freshness are measured against. */
  now?: () => Date;
  /** Validators from the previous successful fetch, for a conditional GET. */
  etag?: string | null;
  lastModified?: string | null;
  /** Aborts the request from outside (e.g. the library closing). */
  signal?: AbortSignal;
  /** The feed is not followed yet (adding it, discovery): errors must not talk of checks stopped. */
  notFollowed?: boolean;
}

export type FetchFeedResult =
  | {
      status: 'unchanged';
      /** Validators the 304 carried (null: keep the ones sent). */
      etag: string | null;
      lastModified: string | null;
      /** Until when the server says the feed will not change (ISO), from Cache-Control max-age or Expires. */
      freshUntil: string | null;
      /** Where the feed now lives, when it answered 304 at the end of permanent redirects only (see below). */
      permanentRedirect: string | null;
    }
  | {
      status: 'ok';
      body: string;
      /** sha256 of the bytes received: the same body twice is the same feed, whatever the validators say. */
      bodyHash: string;
      /** Where the feed was found after redirects. */
      finalUrl: string;
      /** finalUrl, when every redirect on the way was permanent (301, 308): the feed's new address. */
      permanentRedirect: string | null;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      freshUntil: string | null;
    };

/**
 * An HTTP error status, with what it means for asking again: `gone` (410)
 * means never, `retryAt` (429, 503) not before then.
 */
export class FeedHttpError extends ApiError {
  readonly httpStatus: number;
  readonly gone: boolean;
  readonly retryAt: Date | null;

  constructor(httpStatus: number, message: string, retryAt: Date | null) {
    super('fetch_failed', message);
    this.httpStatus = httpStatus;
    this.gone = httpStatus === 410;
    this.retryAt = retryAt;
  }
}

export const GONE_MESSAGE = 'This feed has been removed by its publisher (410 Gone). Broadsheet has stopped checking it.';
/** The same answer for a feed the reader is only about to add: nothing was being checked. */
export const GONE_WHEN_ADDING_MESSAGE = 'This feed has been removed by its publisher (410 Gone), so it cannot be followed.';

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
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const now = options.now ?? (() => new Date());
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const idle = new IdleWatch(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  const signal = AbortSignal.any(options.signal ? [timeout, idle.signal, options.signal] : [timeout, idle.signal]);
  try {
    return await download(url, options, { fetchImpl, maxBytes, now, timeout, idle, signal });
  } finally {
    idle.stop();
  }
}

interface DownloadParts {
  fetchImpl: typeof globalThis.fetch;
  maxBytes: number;
  now: () => Date;
  timeout: AbortSignal;
  idle: IdleWatch;
  signal: AbortSignal;
}

async function download(url: URL, options: FetchFeedOptions, parts: DownloadParts): Promise<FetchFeedResult> {
  const { fetchImpl, maxBytes, now, timeout, idle, signal } = parts;
  const host = url.hostname;
  const failed = (error: unknown): ApiError =>
    idle.fired && !(error instanceof ApiError)
      ? new ApiError('fetch_failed', `${host} stopped sending the feed partway.`)
      : networkError(error, host, timeout);

  const headers: Record<string, string> = { accept: ACCEPT, 'accept-encoding': ACCEPT_ENCODING, 'user-agent': USER_AGENT };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;

  let response: Response;
  try {
    response = await fetchImpl(url.href, { headers, signal, redirect: 'follow' });
  } catch (error) {
    throw failed(error);
  }
  idle.touch();

  if (response.status === 304) {
    await response.body?.cancel().catch(() => {});
    return {
      status: 'unchanged',
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
      freshUntil: freshUntil(response.headers, now())?.toISOString() ?? null,
      // A feed that moved for good and is unchanged at its new address has still moved.
      permanentRedirect: permanentTarget(response, url.href, response.url || url.href),
    };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw httpError(response, now(), options.notFollowed === true);
  }
  const finalUrl = response.url || url.href;
  if (!/^https?:/i.test(finalUrl)) {
    await response.body?.cancel().catch(() => {});
    throw new ApiError('fetch_failed', `${host} redirected to an address that is not a web page.`);
  }

  const tooLarge = new ApiError(
    'fetch_failed',
    `The feed is larger than ${sizeText(maxBytes)}, more than Broadsheet will read.`,
  );
  const declaredLength = Number(response.headers.get('content-length'));
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge;
  }

  let bytes: Uint8Array;
  try {
    bytes = await readLimited(response, maxBytes, tooLarge, () => idle.touch());
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw failed(error);
  }

  const contentType = response.headers.get('content-type');
  return {
    status: 'ok',
    body: decodeBody(bytes, contentType),
    bodyHash: createHash('sha256').update(bytes).digest('hex'),
    finalUrl,
    permanentRedirect: permanentTarget(response, url.href, finalUrl),
    contentType,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    freshUntil: freshUntil(response.headers, now())?.toISOString() ?? null,
  };
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The new address of a feed that moved for good: only when every redirect on the way was permanent. */
function permanentTarget(response: Response, requested: string, finalUrl: string): string | null {
  if (finalUrl === requested) return null;
  const hops = redirectsOf(response);
  if (hops === null || hops.length === 0) return null;
  return hops.every((hop) => hop.status === 301 || hop.status === 308) ? finalUrl : null;
}

function httpError(response: Response, now: Date, notFollowed: boolean): FeedHttpError {
  const status = response.status;
  const reasonPhrase = response.statusText || STATUS_CODES[status] || '';
  const answered = `The server answered ${status}${reasonPhrase ? ` ${reasonPhrase}` : ''}.`;
  if (status === 410) return new FeedHttpError(status, notFollowed ? GONE_WHEN_ADDING_MESSAGE : GONE_MESSAGE, null);
  if (status === 429 || status === 503) {
    return new FeedHttpError(status, answered, retryAfter(response.headers.get('retry-after'), now));
  }
  return new FeedHttpError(status, answered, null);
}

/**
 * Aborts when nothing has arrived for `ms`: a server that answers one byte
 * now and then is caught by the overall deadline, one that goes silent by this.
 */
class IdleWatch {
  readonly #controller = new AbortController();
  readonly #ms: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  fired = false;

  constructor(ms: number) {
    this.#ms = ms;
    this.touch();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  touch(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.fired = true;
      this.#controller.abort();
    }, this.#ms);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

export async function readLimited(
  response: Response,
  maxBytes: number,
  tooLarge: ApiError,
  onProgress?: () => void,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onProgress?.();
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
