// A web page → a clean article: Readability on a linkedom document, our own
// clean-up of what Readability leaves, metadata from the page's head, then the
// core's sanitiser. Synchronous and pure: no network, no disk.
import { Readability } from '@mozilla/readability';
import { cleanUpArticle, isCaptionElement, isCreditLine } from './extract-cleanup.ts';
import { parseDocument, type DomElement } from './extract-dom.ts';
import { chooseExcerpt } from './extract-excerpt.ts';
import { readMetadata, toAbsoluteUrl } from './extract-metadata.ts';
import { countWords, domToText, readingMinutes } from './extract-text.ts';
import { sanitizeArticleHtml } from './sanitize.ts';

export interface ExtractedArticle {
  isArticle: boolean;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  /** ISO 8601 UTC. */
  publishedAt: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  excerpt: string | null;
  /** Absolute remote URL. */
  leadImageUrl: string | null;
  /** Absolute, from link[rel=canonical] or og:url. */
  canonicalUrl: string | null;
  /** Sanitised, absolute URLs; '' when !isArticle. */
  contentHtml: string;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  wordCount: number;
  readingMinutes: number;
}

/**
 * Fewer words than this and the page is a teaser, a video or an index, not an
 * article. Low on purpose: a paywalled page's free paragraph is still worth keeping.
 */
const MIN_ARTICLE_WORDS = 25;
/** A page that calls itself a video, a product or a home page needs this many words to be read as an article all the same. */
const MIN_WORDS_WHEN_DECLARED_OTHER = 150;
/** JSON-LD and og:types that say "this page is not an article" unless its text says otherwise. */
const NON_ARTICLE_TYPE = /^(VideoObject|CollectionPage|ItemList|WebSite|MediaObject|AudioObject|Product|video(\..*)?|website|music\..*|profile)$/i;

export function extractArticle(html: string, pageUrl: string): ExtractedArticle {
  const doc = parseDocument(html, pageUrl);
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href');
  const baseUrl = toAbsoluteUrl(baseHref, pageUrl) ?? pageUrl;
  if (baseUrl !== pageUrl) for (const name of ['baseURI']) Object.defineProperty(doc, name, { value: baseUrl, configurable: true });

  const meta = readMetadata(doc, pageUrl);
  const parsed = new Readability<DomElement>(doc as never, { keepClasses: true, serializer: (node) => node as unknown as DomElement }).parse();
  const root = parsed?.content ?? null;

  const title = meta.title ?? clean(parsed?.title);
  const byline = meta.byline ?? clean(parsed?.byline);
  let contentHtml = '';
  let text = '';
  if (root) {
    cleanUpArticle(root, { title, excerpt: meta.excerpt, byline: meta.byline ?? parsed?.byline ?? null });
    contentHtml = sanitizeArticleHtml(root.innerHTML, baseUrl);
    // The prose only: captions and credits stay in the page but are not the article's text.
    text = domToText(root, { skipElement: isCaptionElement, skipParagraph: isCreditLine });
  }
  const wordCount = countWords(text);
  const declaredOther = NON_ARTICLE_TYPE.test(meta.jsonLdType ?? '') || NON_ARTICLE_TYPE.test(meta.ogType ?? '');
  const isArticle = wordCount >= MIN_ARTICLE_WORDS && !(declaredOther && wordCount < MIN_WORDS_WHEN_DECLARED_OTHER);

  return {
    isArticle,
    title,
    byline,
    siteName: meta.siteName ?? clean(parsed?.siteName),
    publishedAt: meta.publishedAt,
    lang: meta.lang ?? clean(parsed?.lang),
    dir: meta.dir ?? (parsed?.dir === 'rtl' || parsed?.dir === 'ltr' ? parsed.dir : null),
    // Chosen after the clean-up, from what is left of the story, so it is never the byline line.
    excerpt: chooseExcerpt(root, { description: meta.excerpt, title, byline }, parsed?.excerpt ?? null),
    leadImageUrl: meta.leadImageUrl,
    canonicalUrl: meta.canonicalUrl,
    contentHtml: isArticle ? contentHtml : '',
    text: isArticle ? text : '',
    wordCount: isArticle ? wordCount : 0,
    readingMinutes: isArticle ? readingMinutes(wordCount) : 0,
  };
}

function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/gu, ' ').trim();
  return text ? text : null;
}
