// Offline images: every picture an article shows is downloaded once, stored by
// content in the asset store, and the article's HTML rewritten to point at the
// local copy, so reading never touches the network. An image that cannot be
// stored becomes a quiet placeholder (never a broken-image icon); tracking
// pixels are dropped. One bad image never fails the article: only an abort does.
import { readFile } from 'node:fs/promises';
import { imageSize } from 'image-size';
import { parseHTML } from 'linkedom';
import PQueue from 'p-queue';
import { ASSET_URL_PREFIX, assetNameFromUrl, assetUrl, type AssetStore } from './asset-store.ts';
import { chooseImageSource } from './image-source.ts';
import { isDiskFull } from '../store/storage-errors.ts';
import { sniffImageType } from './image-type.ts';
import { findSameImage, imageAddresses } from './same-image.ts';
import { MISSING_IMAGE_CLASS, sanitizeArticleHtml } from './sanitize.ts';
import { declaresTinySize, isBeaconUrl, isTinyImage } from './tracking-pixels.ts';

export const DEFAULT_IMAGE_LIMITS = {
  maxImages: 40,
  maxBytesPerImage: 8 * 1024 * 1024,
  maxTotalBytes: 40 * 1024 * 1024,
  timeoutMs: 20_000,
} as const;

/** Inline data: images up to this size are kept (as stored assets); bigger ones are not worth their weight in the HTML. */
export const MAX_DATA_URI_BYTES = 256 * 1024;
/** Images downloaded at once for one article. */
const CONCURRENCY = 4;
/** Big enough to stand for the article in a list. */
const THUMBNAIL_MIN_WIDTH = 200;
const THUMBNAIL_MIN_HEIGHT = 100;
const USER_AGENT = 'Broadsheet/0.1 (feed reader; +https://github.com/broadsheet)';
const ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1';

export interface ImageLimits {
  maxImages?: number;
  maxBytesPerImage?: number;
  maxTotalBytes?: number;
  timeoutMs?: number;
}

export interface StoreImagesOptions {
  /** The article's address: relative image addresses resolve against it, and it is sent as the referrer. */
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  store: AssetStore;
  signal?: AbortSignal;
  /**
   * An absolute remote address (og:image and the like), stored even when the
   * body does not show it. When the body shows the same picture (any size of
   * it), the body's stored copy is the lead image instead, so it is not shown twice.
   */
  leadImageUrl?: string | null;
  limits?: ImageLimits;
}

export interface StoredImages {
  /** The same sanitised HTML with every image local (`/asset/…`) or a placeholder. */
  html: string;
  /** Every asset the html and the lead image refer to, each once. */
  assets: string[];
  leadImage: string | null;
  /** The best image to show beside the article in a list. */
  thumbnail: string | null;
  /** How many placeholders the html holds. */
  missing: number;
}

type Download =
  | { kind: 'stored'; name: string; width: number; height: number }
  /** A tracking pixel or spacer, known only once its real size was read. */
  | { kind: 'pixel' }
  | { kind: 'failed' };

interface BodyImage {
  /** The <img>, or its <picture> when it has one: what gets replaced. */
  element: Element;
  img: Element;
  url: string | null;
  alt: string;
  /** Every absolute address the page offers for this picture (src, srcset, lazy-loading, <picture> sources). */
  addresses: string[];
}

export async function storeArticleImages(html: string, options: StoreImagesOptions): Promise<StoredImages> {
  const { signal } = options;
  signal?.throwIfAborted();
  const limits = { ...DEFAULT_IMAGE_LIMITS, ...definedOnly(options.limits ?? {}) };
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const body = document.body;

  // Collect first, then change the tree, so rewriting never disturbs the walk.
  const images: BodyImage[] = [];
  for (const img of Array.from(body.querySelectorAll('img'))) {
    const picture = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : null;
    const sources = picture ? Array.from(picture.querySelectorAll('source')) : [];
    const chosen = chooseImageSource(img, sources);
    const url = chosen ? resolve(chosen, options.baseUrl) : null;
    const addresses = imageAddresses(img, sources).flatMap((address) => resolve(address, options.baseUrl) ?? []);
    images.push({ element: picture ?? img, img, url, alt: img.getAttribute('alt')?.trim() ?? '', addresses });
  }

  const downloader = createDownloader(options, limits);
  const leadUrl = options.leadImageUrl ? resolve(options.leadImageUrl, options.baseUrl) : null;
  const leadInBody = leadUrl ? bodyImageShowing(leadUrl, images) : null;
  // The lead image is asked for first, so the article keeps its picture even when the body has more than the limit.
  // When the body shows it, that body image (in the size chosen for the body) is the one asked for.
  const leadFirst = leadInBody?.url ?? leadUrl;
  const leadDownload = leadFirst ? downloader.get(leadFirst) : null;

  const pending: Array<Promise<Download> | Download> = [];
  let admitted = 0;
  for (const image of images) {
    const img = image.img;
    const stored = storedAsset(img, options.store);
    if (stored) {
      pending.push(stored);
    } else if (!image.url) {
      pending.push({ kind: 'failed' });
    } else if (declaresTinySize(img.getAttribute('width'), img.getAttribute('height')) || (!image.url.startsWith('data:') && isBeaconUrl(image.url))) {
      pending.push({ kind: 'pixel' });
    } else if (!downloader.known(image.url) && admitted >= limits.maxImages) {
      pending.push({ kind: 'failed' });
    } else {
      if (!downloader.known(image.url)) admitted += 1;
      pending.push(downloader.get(image.url));
    }
  }

  // All awaited together, so an abort surfaces once and no download is left unobserved.
  const [leadOwn, ...downloads] = await Promise.all([leadDownload, ...pending]);
  const results = new Map<BodyImage, Download>(images.map((image, index) => [image, downloads[index] ?? { kind: 'failed' }]));
  let lead = leadInBody ? results.get(leadInBody) : leadOwn;
  // The body's copy could not be stored: the lead's own address may still work (it is then shown above a placeholder).
  if (leadUrl && leadInBody && lead?.kind !== 'stored') lead = await downloader.get(leadUrl);
  signal?.throwIfAborted();

  const assets = new Set<string>();
  let missing = 0;
  let thumbnail: string | null = null;
  for (const image of images) {
    const result = results.get(image) ?? { kind: 'failed' };
    if (result.kind === 'pixel') {
      image.element.remove();
      continue;
    }
    if (result.kind === 'failed') {
      image.element.replaceWith(placeholder(document, image.alt));
      missing += 1;
      continue;
    }
    assets.add(result.name);
    const local = localImage(image.img, result);
    if (image.element !== image.img) image.element.replaceWith(local);
    if (!thumbnail && result.width >= THUMBNAIL_MIN_WIDTH && result.height >= THUMBNAIL_MIN_HEIGHT) thumbnail = assetUrl(result.name);
  }

  const leadImage = lead?.kind === 'stored' ? assetUrl(lead.name) : null;
  if (lead?.kind === 'stored') assets.add(lead.name);
  // Serialised by the sanitiser once more: the tree was rewritten, and what is stored must stay sanitised.
  const out = sanitizeArticleHtml(body.innerHTML, options.baseUrl);
  return { html: out, assets: [...assets], leadImage, thumbnail: leadImage ?? thumbnail, missing };
}

/**
 * The body image that shows the lead picture, if any. Only images the body will
 * keep count: not tracking pixels, and not one a previous pass stored (its
 * remote addresses are gone, so it cannot be compared).
 */
function bodyImageShowing(leadUrl: string, images: readonly BodyImage[]): BodyImage | null {
  const comparable = images.filter(
    (image) =>
      image.url !== null &&
      !image.url.startsWith('data:') &&
      !(image.img.getAttribute('src') ?? '').trim().startsWith(ASSET_URL_PREFIX) &&
      !declaresTinySize(image.img.getAttribute('width'), image.img.getAttribute('height')) &&
      !isBeaconUrl(image.url),
  );
  return comparable[findSameImage(leadUrl, comparable.map((image) => image.addresses))] ?? null;
}

/** An image a previous pass already stored (its src is an /asset/ address): kept, never fetched again. */
function storedAsset(img: Element, store: AssetStore): Promise<Download> | null {
  const src = img.getAttribute('src')?.trim() ?? '';
  if (!src.startsWith(ASSET_URL_PREFIX)) return null;
  const name = assetNameFromUrl(src);
  const file = name ? store.pathOf(name) : null;
  if (!name || !file) return Promise.resolve({ kind: 'failed' });
  const measure = async (): Promise<Download> => {
    try {
      const size = imageSize(await readFile(file));
      return { kind: 'stored', name, width: size.width, height: size.height };
    } catch {
      // Gone from disk (or damaged): the reader gets a placeholder, not a broken image.
      return { kind: 'failed' };
    }
  };
  return measure();
}

/** The <img> pointing at its stored copy: no srcset, no lazy-loading leftovers, and a size so the page does not jump. */
function localImage(img: Element, stored: { name: string; width: number; height: number }): Element {
  const kept = new Map<string, string>();
  for (const name of ['alt', 'title', 'width', 'height', 'lang', 'dir']) {
    const value = img.getAttribute(name);
    if (value !== null) kept.set(name, value);
  }
  if (!kept.has('width') && !kept.has('height')) {
    kept.set('width', String(stored.width));
    kept.set('height', String(stored.height));
  }
  kept.set('src', assetUrl(stored.name));
  kept.set('loading', 'lazy');
  // Rebuilt in one fixed order, so storing an article twice gives the same HTML.
  for (const name of Array.from(img.attributes).map((attribute) => attribute.name)) img.removeAttribute(name);
  for (const [name, value] of kept) img.setAttribute(name, value);
  return img;
}

function placeholder(document: Document, alt: string): Element {
  const span = document.createElement('span');
  span.setAttribute('class', MISSING_IMAGE_CLASS);
  span.setAttribute('role', 'img');
  span.setAttribute('aria-label', alt || 'Image not saved');
  return span;
}

function resolve(address: string, baseUrl: string): string | null {
  const trimmed = address.trim();
  if (/^data:/i.test(trimmed)) return trimmed;
  try {
    const url = new URL(trimmed, baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

function definedOnly(limits: ImageLimits): Partial<Record<keyof ImageLimits, number>> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => typeof value === 'number' && Number.isFinite(value)));
}

interface Downloader {
  known(url: string): boolean;
  get(url: string): Promise<Download>;
}

/** Downloads each address once (an image used twice is fetched once), a few at a time, within the byte budgets. */
function createDownloader(options: StoreImagesOptions, limits: Required<ImageLimits>): Downloader {
  const queue = new PQueue({ concurrency: CONCURRENCY });
  const started = new Map<string, Promise<Download>>();
  let totalBytes = 0;
  const budget = {
    take(bytes: number): boolean {
      totalBytes += bytes;
      return totalBytes <= limits.maxTotalBytes;
    },
    exhausted: () => totalBytes >= limits.maxTotalBytes,
  };

  const fetchOne = async (url: string): Promise<Download> => {
    // Queued before an abort: not started at all.
    options.signal?.throwIfAborted();
    const bytes = url.startsWith('data:') ? decodeDataImage(url) : await downloadImage(url, options, limits, budget);
    if (!bytes) return { kind: 'failed' };
    const type = sniffImageType(bytes);
    if (!type) return { kind: 'failed' };
    let size: { width: number; height: number };
    try {
      const measured = imageSize(bytes);
      size = { width: measured.width, height: measured.height };
    } catch {
      // Sniffed as an image but unreadable: truncated or corrupt, so not worth keeping.
      return { kind: 'failed' };
    }
    if (isTinyImage(size.width, size.height)) return { kind: 'pixel' };
    options.signal?.throwIfAborted();
    try {
      const name = await options.store.put(bytes, type.mime);
      return { kind: 'stored', name, ...size };
    } catch (error) {
      // A full disk fails the whole article, which then stays as it was, rather than storing it without its pictures.
      if (isDiskFull(error)) throw error;
      return { kind: 'failed' };
    }
  };

  return {
    known: (url) => started.has(url),
    get(url) {
      let download = started.get(url);
      if (!download) {
        download = queue.add(() => fetchOne(url)).then(
          (result) => result,
          (error: unknown) => {
            if (options.signal?.aborted || isDiskFull(error)) throw error;
            return { kind: 'failed' } as const;
          },
        );
        started.set(url, download);
      }
      return download;
    },
  };
}

/** The bytes of an inline image, or null when it is too big or not an image we keep. */
function decodeDataImage(url: string): Uint8Array | null {
  const match = /^data:([^,]*),(.*)$/is.exec(url);
  if (!match) return null;
  const [, meta = '', payload = ''] = match;
  if (!/^image\/(png|gif|jpe?g|webp|avif)\b/i.test(meta.trim())) return null;
  // Base64 is 4 characters for 3 bytes: refuse before decoding anything huge.
  if (payload.length > (MAX_DATA_URI_BYTES * 4) / 3 + 4) return null;
  try {
    const bytes = /;base64$/i.test(meta.trim()) ? Buffer.from(payload, 'base64') : Buffer.from(percentDecodeToBytes(payload));
    return bytes.byteLength <= MAX_DATA_URI_BYTES ? new Uint8Array(bytes) : null;
  } catch {
    return null;
  }
}

function percentDecodeToBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x25 && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(code & 0xff);
    }
  }
  return Uint8Array.from(out);
}

interface ByteBudget {
  /** Counts bytes against the article's total; false once it is spent. */
  take(bytes: number): boolean;
  exhausted(): boolean;
}

/** The image's bytes, or null for any failure short of an abort (HTTP error, wrong type, too big, too slow). */
async function downloadImage(
  url: string,
  options: StoreImagesOptions,
  limits: Required<ImageLimits>,
  budget: ByteBudget,
): Promise<Uint8Array | null> {
  if (budget.exhausted()) return null;
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: { accept: ACCEPT, 'user-agent': USER_AGENT, referer: options.baseUrl },
      signal,
      redirect: 'follow',
    });
  } catch {
    options.signal?.throwIfAborted();
    return null;
  }
  const giveUp = async (): Promise<null> => {
    await response.body?.cancel().catch(() => {});
    return null;
  };
  if (!response.ok || !acceptableContentType(response.headers.get('content-type'))) return giveUp();
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytesPerImage) return giveUp();
  if (!response.body) return null;

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytesPerImage || !budget.take(value.byteLength)) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch {
    options.signal?.throwIfAborted();
    return null;
  }
  return Buffer.concat(chunks);
}

/** Refuses what says plainly it is not a raster image; the bytes are sniffed all the same. */
function acceptableContentType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream') return true;
  return type.startsWith('image/') && type !== 'image/svg+xml';
}
