// Plain text out of the short HTML a feed puts in titles and summaries. This
// runs for every item on every refresh, so it is string work (no DOM, no
// sanitiser); its output is text, escaped wherever it is shown.
import { decodeHTML } from 'entities';

const BLOCK_BOUNDARY = /<\/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|tr|td|th|section|article|header|footer|figure|figcaption|aside|nav|main|details|summary)\b[^<>]*>/gi;
// `[^<>]*` keeps every attempt short: a stray "<" without a ">" cannot make the scan quadratic.
const TAG = /<\/?[a-zA-Z][^<>]*>|<![^<>]*>|<\?[^<>]*>/g;
// HTML's own whitespace; a no-break space written as &nbsp; is meant and is kept.
const ASCII_SPACE = /[ \t\n\f\r]+/g;

/** The visible text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function htmlText(html: string): string {
  let text = dropElements(html);
  if (text.includes('<')) text = text.replace(BLOCK_BOUNDARY, ' ').replace(TAG, '');
  return collapseSpace(text.includes('&') ? decodeHTML(text) : text);
}

/**
 * A title as plain text. RSS titles are often HTML-escaped HTML; when the
 * string looks like markup or holds entities it is read as HTML, else kept as
 * is so a title such as "Why 2 < 3" survives.
 */
export function plainText(value: string): string {
  const looksLikeHtml = /<\/?[a-z][^<>]*>|&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(value);
  return looksLikeHtml ? htmlText(value) : collapseSpace(value);
}

export function collapseSpace(text: string): string {
  return text.replace(ASCII_SPACE, ' ').trim();
}

/** Removes comments and the insides of script, style and similar elements, whose text is not visible. */
function dropElements(html: string): string {
  if (!html.includes('<!--') && !/<(script|style|template|noscript|title|head)\b/i.test(html)) return html;
  let out = '';
  let at = 0;
  const lower = html.toLowerCase();
  for (;;) {
    const next = nextHidden(lower, at);
    if (!next) break;
    out += html.slice(at, next.start);
    const end = lower.indexOf(next.close, next.start + 4);
    // An element that never closes hides the rest, as it would in a browser.
    if (end === -1) return out;
    at = end + next.close.length;
  }
  return out + html.slice(at);
}

function nextHidden(lower: string, from: number): { start: number; close: string } | null {
  let best: { start: number; close: string } | null = null;
  const comment = lower.indexOf('<!--', from);
  if (comment !== -1) best = { start: comment, close: '-->' };
  const element = /<(script|style|template|noscript|title|head)\b/g;
  element.lastIndex = from;
  const match = element.exec(lower);
  if (match && (!best || match.index < best.start)) best = { start: match.index, close: `</${match[1]}>` };
  return best;
}
