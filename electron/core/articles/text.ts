// Plain text out of feed HTML: for titles, excerpts and the search index.
import { decodeHTML } from 'entities';
import sanitizeHtml from 'sanitize-html';

const BLOCK_TAG =
  /<(\/?)(p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|tr|td|th|section|article|header|footer|figure|figcaption|aside|nav|main|details|summary)\b/gi;

/** The visible text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  // Block boundaries become spaces so "<p>one</p><p>two</p>" reads "one two", not "onetwo".
  const spaced = html.replace(BLOCK_TAG, ' <$1$2');
  const stripped = sanitizeHtml(spaced, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template'],
  });
  return collapse(decodeHTML(stripped));
}

/**
 * The visible text of HTML that sanitizeArticleHtml produced, as htmlToText
 * would read it, without parsing the HTML a second time. Its output is safe to
 * read by pattern: `<` only opens a tag (text and attribute values have it
 * escaped, `>` too), and nothing whose text is hidden (script, style, comments)
 * is left.
 */
export function sanitizedHtmlToText(html: string): string {
  return collapse(decodeHTML(html.replace(BLOCK_TAG, ' <$1$2').replace(/<[^>]*>/g, '')));
}

/**
 * A feed title as plain text. RSS titles are often HTML-escaped HTML; when the
 * string looks like markup or holds entities it is read as HTML, else kept as is
 * so a title such as "Why 2 < 3" survives.
 */
export function plainTitle(value: string): string {
  const looksLikeHtml = /<\/?[a-z][^<>]*>|&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(value);
  return looksLikeHtml ? htmlToText(value) : collapse(value);
}

/** The first ~`max` characters of the text, cut at a word boundary, with an ellipsis when cut. */
export function makeExcerpt(text: string, max = 300): string {
  const collapsed = collapse(text);
  if (collapsed.length <= max) return collapsed;
  const cut = collapsed.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  const head = lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${head.replace(/[\s.,;:!?-]+$/u, '')}…`;
}

export function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Escapes text for placing inside HTML, for feeds that give only plain text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Plain text as HTML paragraphs. */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}
