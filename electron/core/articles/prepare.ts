// From a parsed feed item to the row we store: sanitised HTML, plain text for
// search, an excerpt, a hash to recognise the item again, a sane date.
import { createHash } from 'node:crypto';
import { contentBaseUrl, type ParsedItem } from '../feeds/parse-feed.ts';
import type { IncomingArticle } from '../store/articles-repo.ts';
import { sanitizeArticleHtml } from './sanitize.ts';
import { escapeHtml, htmlToText, makeExcerpt } from './text.ts';

const MAX_GUID = 2048;
const MAX_TITLE = 1000;

export function prepareArticle(item: ParsedItem, feedUrl: string, now: Date): IncomingArticle {
  const sourceHtml = item.contentHtml ?? (item.summary ? `<p>${escapeHtml(item.summary)}</p>` : '');
  const contentHtml = sanitizeArticleHtml(sourceHtml, contentBaseUrl(item, feedUrl));
  const text = htmlToText(contentHtml);
  const excerpt = makeExcerpt(item.summary ?? text);
  const title = (item.title ?? makeExcerpt(text, 80)).slice(0, MAX_TITLE) || 'Untitled';
  const contentHash = createHash('sha256').update(title).update('\u0000').update(contentHtml).digest('hex');
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
