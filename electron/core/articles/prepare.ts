// From a parsed feed item, or a downloaded page, to the row we store:
// sanitised HTML, plain text for search, an excerpt, a hash to recognise the
// item again, a sane date.
import { createHash } from 'node:crypto';
import { contentBaseUrl, type ParsedItem } from '../feeds/parse-feed.ts';
import type { DownloadedContent, IncomingArticle } from '../store/articles-repo.ts';
import type { ExtractedArticle } from './extract.ts';
import { sanitizeArticleHtml } from './sanitize.ts';
import { escapeHtml, makeExcerpt, sanitizedHtmlToText } from './text.ts';

const MAX_GUID = 2048;
const MAX_TITLE = 1000;

export function prepareArticle(item: ParsedItem, feedUrl: string, now: Date): IncomingArticle {
  const sourceHtml = item.contentHtml ?? (item.summary ? `<p>${escapeHtml(item.summary)}</p>` : '');
  const contentHtml = sanitizeArticleHtml(sourceHtml, contentBaseUrl(item, feedUrl));
  const text = sanitizedHtmlToText(contentHtml);
  const excerpt = makeExcerpt(item.summary ?? text);
  const title = (item.title ?? makeExcerpt(text, 80)).slice(0, MAX_TITLE) || 'Untitled';
  const contentHash = contentHashOf(title, contentHtml);
  return {
    guid: item.guid ? item.guid.slice(0, MAX_GUID) : null,
    url: item.url,
    title,
    author: item.author,
    contentHtml,
    text,
    excerpt,
    contentHash,
    publishedAt: sanePublishedAt(item.publishedAt, now),
  };
}

/**
 * A date in the future would pin an item to the top of every list; it is treated
 * as no date, so the item sorts by when Broadsheet first saw it.
 */
function sanePublishedAt(publishedAt: string | null, now: Date): string | null {
  if (publishedAt === null) return null;
  return Date.parse(publishedAt) > now.getTime() + 60_000 ? null : publishedAt;
}

/** What storing an article's images gave back (see images.ts). */
export interface StoredImages {
  html: string;
  assets: string[];
  leadImage: string | null;
  thumbnail: string | null;
}

/**
 * From an extracted page (and its stored images) to what the store keeps. A
 * page that is not an article keeps what the article had; only its state, site
 * name and canonical address are recorded.
 */
export function prepareDownloaded(
  extracted: ExtractedArticle,
  images: StoredImages | null,
  options: { replaceTitle: boolean },
): DownloadedContent {
  const usable = extracted.isArticle && images !== null;
  const text = usable ? extracted.text : '';
  return {
    state: usable ? 'done' : 'not_article',
    title: options.replaceTitle && extracted.title ? extracted.title.slice(0, MAX_TITLE) : null,
    author: extracted.byline,
    excerpt: makeExcerpt(extracted.excerpt ?? text),
    contentHtml: usable ? images.html : '',
    text,
    siteName: extracted.siteName,
    lang: extracted.lang,
    dir: extracted.dir,
    leadImage: usable ? images.leadImage : null,
    thumbnail: usable ? images.thumbnail : null,
    wordCount: usable ? extracted.wordCount : null,
    readingMinutes: usable ? extracted.readingMinutes : null,
    canonicalUrl: extracted.canonicalUrl,
    assets: usable ? images.assets : [],
  };
}

/** The same page stored twice has the same hash; a saved page's hash covers what the reader sees. */
export function contentHashOf(title: string, contentHtml: string): string {
  return createHash('sha256').update(title).update('\u0000').update(contentHtml).digest('hex');
}
