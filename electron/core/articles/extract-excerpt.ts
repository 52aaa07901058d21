// The line or two a list shows under an article's title. The page's own
// summary (meta description, og:description) is best; without one, the first
// real paragraph of the story. Not the first line of the page: that is often a
// byline and date ("By Kerensa Williams · 19 November 2026"), a kicker
// ("Nature") or a photo credit, which say nothing about the story.
import { isCaptionElement, isCreditLine, isDateline } from './extract-cleanup.ts';
import type { DomElement } from './extract-dom.ts';
import { countWords, domToText } from './extract-text.ts';

export interface ExcerptContext {
  /** What the page says it is about (meta description and the like). */
  description: string | null;
  title: string | null;
  /** The author the page's metadata names, to recognise a byline line. */
  byline: string | null;
}

/** Fewer words than this is a kicker, a section name or a label, not a paragraph that tells what the story is. */
const MIN_PARAGRAPH_WORDS = 8;

/** Blocks whose text is not the story's opening: headings, captions, quotes set apart, lists, tables, code. */
const NOT_OPENING = /^(H[1-6]|FIGCAPTION|FIGURE|ASIDE|BLOCKQUOTE|TABLE|UL|OL|DL|PRE|NAV|FOOTER|HEADER)$/;

const normal = (text: string | null | undefined): string => (text ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The excerpt, or null when the page has no usable text. `root` is the cleaned
 * article (null when Readability found none); `fallback` is a summary found by
 * other means (Readability's), used only when it is not a byline either.
 */
export function chooseExcerpt(root: DomElement | null, context: ExcerptContext, fallback: string | null = null): string | null {
  const description = clean(context.description);
  // Only a short description is suspect: a long one that mentions a date and "by" is still a summary.
  if (description && !isAddress(description) && !(countWords(description) <= 10 && isNoise(description, context))) return description;
  if (root) {
    const opening = domToText(root, { skipElement: (el) => NOT_OPENING.test(el.tagName.toUpperCase()) || isCaptionElement(el) }).split('\n\n');
    const real = opening.find((text) => countWords(text) >= MIN_PARAGRAPH_WORDS && !isNoise(text, context));
    if (real) return real;
    // A very short story: any paragraph that is not a byline, credit or the headline again.
    const anything = domToText(root, { skipElement: isCaptionElement }).split('\n\n');
    const short = anything.find((text) => text !== '' && !isNoise(text, context));
    if (short) return short;
  }
  const other = clean(fallback);
  return other && !isNoise(other, context) ? other : null;
}

/** A byline or dateline, a photo credit, a bare address, or the headline repeated. */
function isNoise(text: string, context: ExcerptContext): boolean {
  if (isDateline(text, context.byline) || isMostlyDate(text) || isCreditLine(text) || isAddress(text)) return true;
  const title = normal(context.title);
  return title !== '' && normal(text) === title;
}

/**
 * A date and time in words of any language: "sexta-feira, 22 de outubro de 2010
 * às 20:13", "Publié le 12.03.2020 à 14h55". Short, with a year or a time, and
 * numbers for much of it.
 */
function isMostlyDate(text: string): boolean {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0 || words.length > 12 || !/\b(1[89]\d\d|2\d\d\d)\b|\b\d{1,2}[:h]\d\d\b/u.test(text)) return false;
  return words.filter((word) => /^\d+$/.test(word)).length / words.length >= 0.4;
}

/** A web address on its own, as a "link to this story" line. */
function isAddress(text: string): boolean {
  return /^(https?:\/\/|www\.)\S+$/i.test(text.trim());
}

function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/gu, ' ').trim();
  return text ? text : null;
}
