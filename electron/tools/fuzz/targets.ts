// What each fuzz target runs: the code paths that take hostile input, composed
// the way the Library runs them (see library.ts: refresh/addFeed, saveUrl and
// downloads, importHtml, importOpml), with the network replaced by a fetch that
// refuses everything. Each ends with cheap checks of what must hold for any
// input: stored HTML is safe to show, no local file leaks in through XXE, no
// feed address but http(s) is followed.
import { readFileSync } from 'node:fs';
import { Parser } from 'htmlparser2';
import { ApiError } from '../../shared/errors.ts';
import { ImportHtmlSchema, OpmlImportSchema } from '../../shared/models.ts';
import { createAssetStore, type AssetStore } from '../../core/articles/asset-store.ts';
import { extractArticle, type ExtractedArticle } from '../../core/articles/extract.ts';
import { decodeHtml } from '../../core/articles/fetch-page.ts';
import { storeArticleImages } from '../../core/articles/images.ts';
import { prepareDownloaded } from '../../core/articles/prepare.ts';
import { declaredFeeds } from '../../core/feeds/discover.ts';
import { decodeBody } from '../../core/feeds/feed-charset.ts';
import { readOpml } from '../../core/feeds/opml.ts';
import { readFeed } from '../../core/feeds/read-feed.ts';
import { openMemoryDatabase, type Database } from '../../core/store/database.ts';
import { applyOpml } from '../../core/store/subscriptions-opml.ts';
import type { PageMode } from './generate.ts';
import { XXE_FILE } from './hostile.ts';
import type { FuzzTarget } from './seeds.ts';

export const FEED_URL = 'https://fuzz.example/feeds/news.xml';
export const PAGE_URL = 'https://fuzz.example/2026/01/story.html';
/** A fixed clock, so a run's results do not depend on the day. */
const NOW = new Date('2026-01-15T12:00:00Z');

export interface TargetInput {
  target: FuzzTarget;
  bytes: Uint8Array;
  contentType: string | null;
  pageMode: PageMode;
}

/** An input the app reads, or refuses cleanly, can still break a promise: that is a violation. */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantViolation';
  }
}

export type TargetRunner = (input: TargetInput) => Promise<void>;

// The renderer decodes chosen files itself (BOM, declared encoding), so the
// fuzzer decodes them with the renderer's own code. The renderer is a separate
// TypeScript project, hence the import by address rather than by name.
interface RendererDecoders {
  decodeXmlFile(bytes: Uint8Array): string;
  decodeHtmlFile(bytes: Uint8Array): string;
}

async function loadRendererDecoders(): Promise<RendererDecoders> {
  const opml = (await import(new URL('../../../renderer/state/opml-file.ts', import.meta.url).href)) as Pick<RendererDecoders, 'decodeXmlFile'>;
  const html = (await import(new URL('../../../renderer/state/html-file.ts', import.meta.url).href)) as Pick<RendererDecoders, 'decodeHtmlFile'>;
  return { decodeXmlFile: opml.decodeXmlFile, decodeHtmlFile: html.decodeHtmlFile };
}

/** The network, as far as the fuzzer is concerned: there is none. */
const refusingFetch: typeof globalThis.fetch = () => Promise.reject(new TypeError('fetch failed: the fuzzer has no network'));

/** The real runners; `assetDir` receives inline (data:) images the pages hold. */
export async function createTargets(assetDir: string): Promise<Record<FuzzTarget, TargetRunner>> {
  const decoders = await loadRendererDecoders();
  const store = createAssetStore(assetDir);
  const db = openMemoryDatabase();
  const secret = fileSecret();
  return {
    feeds: async (input) => fuzzFeed(input, secret),
    pages: async (input) => fuzzPage(input, decoders, store, secret),
    opml: async (input) => fuzzOpml(input, decoders, db, secret),
  };
}

/** As a refresh reads a downloaded feed: bytes decoded by their declared charset, then parsed, sanitised and prepared. */
function fuzzFeed(input: TargetInput, secret: string | null): void {
  const body = decodeBody(input.bytes, input.contentType);
  const feed = readFeed(body, FEED_URL, NOW);
  for (const item of feed.items) assertSafeHtml(item.contentHtml, 'a feed item');
  assertNoSecret(JSON.stringify(feed), secret);
}

/** As saveUrl and background downloads read a page, or importHtml a chosen file. */
async function fuzzPage(input: TargetInput, decoders: RendererDecoders, store: AssetStore, secret: string | null): Promise<void> {
  let html: string;
  let pageUrl: string;
  if (input.pageMode === 'file') {
    html = decoders.decodeHtmlFile(input.bytes);
    // The contract's own limits on a file (not empty, not over 20 MB), checked before the Library sees it.
    const payload = ImportHtmlSchema.safeParse({ html, fileName: 'page.html' });
    if (!payload.success) throw new ApiError('invalid_input', payload.error.issues[0]?.message ?? 'That file cannot be imported.');
    pageUrl = 'https://imported-file.broadsheet.invalid/page.html';
  } else {
    html = decodeHtml(input.bytes, input.contentType);
    pageUrl = PAGE_URL;
  }
  let extracted: ExtractedArticle = extractArticle(html, pageUrl);
  if (input.pageMode === 'file' && extracted.canonicalUrl !== null && /^https?:\/\//i.test(extracted.canonicalUrl)) {
    // importHtml reads the file again against the address it names.
    pageUrl = extracted.canonicalUrl;
    extracted = extractArticle(html, pageUrl);
  } else if (input.pageMode === 'file' && !extracted.isArticle) {
    throw new ApiError('invalid_input', 'Broadsheet found no article to read in that file, and it does not say where it came from.');
  }
  assertSafeHtml(extracted.contentHtml, 'an extracted page');
  // Adding a page's address as a feed looks for the feeds it declares.
  const declared = input.pageMode === 'download' ? declaredFeeds(html, pageUrl) : [];
  for (const feed of declared) assertWebAddress(feed.url, 'a declared feed');
  const images = extracted.isArticle
    ? await storeArticleImages(extracted.contentHtml, { baseUrl: pageUrl, fetch: refusingFetch, store, leadImageUrl: extracted.leadImageUrl })
    : null;
  if (images) assertSafeHtml(images.html, 'a page with its images stored');
  const stored = prepareDownloaded(extracted, images, { replaceTitle: true });
  assertSafeHtml(stored.contentHtml, 'a stored page');
  assertNoSecret(JSON.stringify([extracted, stored, declared]), secret);
}

const ROLLBACK = new Error('rolled back: the fuzzer keeps nothing');

/** As importOpml reads a chosen file: decoded by the renderer, checked by the contract, read, applied (then rolled back). */
function fuzzOpml(input: TargetInput, decoders: RendererDecoders, db: Database, secret: string | null): void {
  const text = decoders.decodeXmlFile(input.bytes);
  // An empty or oversized file is refused at the boundary (invalid_input), before the Library.
  const payload = OpmlImportSchema.safeParse({ text });
  if (!payload.success) throw new ApiError('invalid_input', payload.error.issues[0]?.message ?? 'That file cannot be imported.');
  const reading = readOpml(text);
  const all = [...reading.feeds];
  const folders = [...reading.folders];
  for (let folder = folders.pop(); folder; folder = folders.pop()) {
    all.push(...folder.feeds);
    folders.push(...folder.folders);
  }
  for (const feed of all) assertWebAddress(feed.feedUrl, 'an imported feed');
  try {
    db.transaction(() => {
      applyOpml(db, reading, NOW.toISOString());
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  assertNoSecret(JSON.stringify(reading), secret);
}

// The checks ----------------------------------------------------------------

const FORBIDDEN_TAGS = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'textarea', 'select', 'base', 'meta', 'link', 'svg', 'math', 'template', 'noscript']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'action', 'formaction', 'background', 'poster', 'xlink:href', 'data']);
const SAFE_DATA_IMAGE = /^data:image\/(png|gif|jpe?g|webp|avif)[;,]/i;

/** What a browser makes of a URL attribute's scheme: it drops controls and whitespace first. */
function schemeOf(value: string): string {
  // eslint-disable-next-line no-control-regex -- browsers ignore exactly these in a scheme
  const squeezed = value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '').toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(squeezed)?.[1] ?? '';
}

function unsafeUrl(tag: string, name: string, value: string): boolean {
  const scheme = schemeOf(value);
  if (scheme === 'javascript' || scheme === 'vbscript') return true;
  if (scheme === 'data') return !(tag === 'img' && name === 'src' && SAFE_DATA_IMAGE.test(value.trim()));
  return false;
}

/**
 * Stored article HTML has no script, no handlers, no styles and no script
 * URLs. Read with htmlparser2, as a browser would read the markup, so text
 * that only mentions "javascript:" is not mistaken for a link.
 */
export function assertSafeHtml(html: string, what: string): void {
  if (/<script/i.test(html)) throw new InvariantViolation(`${what} kept a <script> tag.`);
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (FORBIDDEN_TAGS.has(tag)) problems.push(`a <${tag}> element`);
        for (const [name, value] of Object.entries(attributes)) {
          if (/^on/i.test(name)) problems.push(`an ${name} handler on <${tag}>`);
          if (name === 'style') problems.push(`a style attribute on <${tag}>`);
          if (URL_ATTRIBUTES.has(name) && unsafeUrl(tag, name, value)) problems.push(`${name}="${value.slice(0, 60)}" on <${tag}>`);
          if (name === 'srcset' && value.split(',').some((candidate) => unsafeUrl(tag, 'srcset', candidate.trim()))) problems.push(`a script srcset on <${tag}>`);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  if (problems.length > 0) throw new InvariantViolation(`${what} kept ${problems.slice(0, 3).join(', ')}.`);
}

/** A feed Broadsheet would follow (or a link it would open) is http(s). */
function assertWebAddress(url: string, what: string): void {
  if (!/^https?:\/\//i.test(url)) throw new InvariantViolation(`${what} has the address “${url.slice(0, 80)}”, which is not a web address.`);
}

/** A line of the XXE fragments' file, to look for in every output; null when the file cannot be read here. */
function fileSecret(): string | null {
  try {
    const line = readFileSync(XXE_FILE, 'utf8').split('\n').find((l) => l.length >= 12);
    return line ?? null;
  } catch {
    return null;
  }
}

function assertNoSecret(output: string, secret: string | null): void {
  if (secret !== null && output.includes(secret)) throw new InvariantViolation(`The contents of ${XXE_FILE} reached the output (XXE).`);
}
