// What Readability leaves that a reader does not want: share and follow bars,
// newsletter boxes, "read more" and related-story lists, cookie notices,
// bylines and datelines (the reader shows those from metadata), the headline
// and standfirst repeated at the top, copyright footers, empty wrappers.
// Every rule is structural or about wording in several languages — never
// about a particular site — because the extractor meets pages nobody has seen.
import { isElement, TEXT_NODE, type DomElement, type DomNode } from './extract-dom.ts';
import { isBlock } from './extract-text.ts';

export interface CleanupContext {
  title: string | null;
  excerpt: string | null;
  byline: string | null;
}

/** Wording of boxes that are about the site, not the story (English, German, French, Spanish, Italian, Portuguese, Dutch, Russian). */
const BOILERPLATE = new RegExp(
  [
    String.raw`\b(share|sharing)\b.{0,30}\b(facebook|twitter|whatsapp|email|linkedin|pinterest|article|story|this)\b`,
    String.raw`^(share|teilen|partager|compartir|condividi|compartilhar|delen|поделиться)\b`,
    String.raw`\bfollow (us|me|him|her|them)\b`,
    String.raw`\b(folgen sie uns|suivez-nous|síguenos|seguici|siga-nos|volg ons|подписывайтесь)\b`,
    String.raw`\b(newsletters?|sign up|signup|subscribe|subscribers?|subscription|abonnieren|abonnez|abonnement|suscríbete|suscripción|iscriviti|inscreva-se|assine|aanmelden|подпишитесь|рассылк)`,
    String.raw`\b(read more|see more|see also|more from|more on this|more stories|related( articles| stories| coverage|:)|recommended|you may also like|you might also like|don'?t miss|most popular|most read|trending|also read|read also|read next|what to read next|top stories|editor'?s picks)\b`,
    String.raw`\b(weiterlesen|mehr zum thema|lesen sie auch|lire aussi|à lire aussi|lee también|leer más|leggi anche|leia também|leia mais|lees ook|читайте также|также читайте)`,
    String.raw`\b(cookies?|consent|gdpr)\b`,
    String.raw`(©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos|tutti i diritti|все права защищены)`,
    String.raw`\b(live now|watch live|listen live|breaking news|advertisement|sponsored|anzeige|publicité|publicidad|pubblicità)\b`,
    String.raw`\b(may be reached at|can be reached at|have a (news )?tip|send us a tip|contact the author|email the author|write to)\b`,
    String.raw`\b(click here|tap here|download (the|our) app|get the app|sign in|log in|create an account|comments?( \(\d+\))?$)`,
  ].join('|'),
  'iu',
);

/** Class, id, role and aria-label words that mark page furniture. */
const FURNITURE_NAME =
  /(^|[\s_-])(share|sharing|social|sociallinks|follow|newsletter|subscribe|subscription|signup|sign-up|related|recommend\w*|read-?more|more-?(stories|articles|from)|promo|cookie\w*|consent|gdpr|byline|dateline|timestamp|published|updated|author-?(bio|info|box|card)?|tags?|tag-?list|breadcrumbs?|live-?(now|strip|bar|ticker)|ticker|advert\w*|ads?|ad-?slot|sponsor\w*|outbrain|taboola|toolbar|tools|utility|comments?|disqus|jump-?link|inline-?(related|promo|link)s?|most-?(read|popular)|trending|rail|sidebar|pagination|paywall|meter|copyright|disclaimer|kicker|eyebrow|rubric|section-?name|category|credits?|source)([\s_-]|$)/i;

/** Names that mark a caption or an image credit: kept in the page, left out of the plain text. */
export const CAPTION_NAME = /(^|[\s_-])(caption|captions|figcaption|credit|credits|image-?credit|photo-?credit|media-?credit|wp-caption-text)([\s_-]|$)/i;

/** "Credit: EPA", "(Image: GETTY)", "Photo: AP", "Alex Wong | Getty Images": a credit line on its own. */
const CREDIT_LINE =
  /(^|\s|\()((photo|image|picture|video|foto|bild|credit|crédit|crédito|fonte|source|quelle)s?\s*(credit)?\s*:|getty images?\b|shutterstock|\bap photo\b|\breuters\b\s*$|\bafp\b\s*$|\bepa\b\s*$)/i;

/** A date or a time of day, in the shapes bylines and datelines use. */
const DATE_OR_TIME =
  /(\b\d{1,2}:\d\d\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{4}-\d\d-\d\d\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\.?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|januar|februar|märz|juni|juli|oktober|dezember)[a-zäéû]*\b|\b(hours?|minutes?|days?) ago\b)/i;
const DATELINE_WORD = /\b(by|published|updated|posted|last modified|von|par|por|di|publié|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado|pubblicato|aggiornato)\b|\b(am|pm|a\.m\.|p\.m\.|est|edt|cst|cdt|pst|pdt|gmt|bst|utc|cet|cest|ist)\b/i;

const KEEP_EMPTY = new Set(['IMG', 'PICTURE', 'VIDEO', 'AUDIO', 'TABLE', 'HR', 'BR', 'IFRAME', 'SVG', 'MATH', 'TD', 'TH', 'SOURCE']);

const wordsOf = (text: string): number => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
const normal = (text: string | null | undefined): string => (text ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const collapse = (text: string): string => text.replace(/\s+/gu, ' ').trim();

function nameOf(el: DomElement): string {
  return `${el.getAttribute('class') ?? ''} ${el.id} ${el.getAttribute('role') ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('data-component') ?? ''}`;
}

interface Measure {
  /** Characters of visible text (whitespace collapsed). */
  chars: number;
  words: number;
  /** Characters of text inside links. */
  linkChars: number;
  links: number;
  /** Holds a non-empty block child, so it is not a leaf block itself. */
  hasBlockChild: boolean;
}

/**
 * Size, link text and shape of every element, in one walk (asking each
 * element for its textContent and links is quadratic on big pages). Taken
 * again after each pass that removes things.
 */
function measure(root: DomElement): Map<DomElement, Measure> {
  const map = new Map<DomElement, Measure>();
  const walk = (el: DomElement, inLink: boolean): Measure => {
    const isLink = inLink || el.tagName.toUpperCase() === 'A';
    const m: Measure = { chars: 0, words: 0, linkChars: 0, links: el.tagName.toUpperCase() === 'A' ? 1 : 0, hasBlockChild: false };
    const children = el.childNodes;
    for (let i = 0; i < children.length; i += 1) {
      const child = children[i] as DomNode;
      if (child.nodeType === TEXT_NODE) {
        const t = collapse(child.textContent ?? '');
        m.chars += t.length;
        if (t) m.words += wordsOf(t);
        if (isLink) m.linkChars += t.length;
      } else if (isElement(child)) {
        const c = walk(child, isLink);
        m.chars += c.chars;
        m.words += c.words;
        m.linkChars += c.linkChars;
        m.links += c.links;
        if (!m.hasBlockChild && c.chars > 0 && isBlock(child.tagName)) m.hasBlockChild = true;
      }
    }
    map.set(el, m);
    return m;
  };
  walk(root, false);
  return map;
}

const textOf = (el: DomElement): string => collapse(el.textContent ?? '');

const LEAF_TAGS = new Set(['P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'DIV', 'SECTION', 'ASIDE', 'HEADER', 'FOOTER', 'BLOCKQUOTE', 'DT', 'DD', 'FIGCAPTION', 'SPAN', 'STRONG', 'EM', 'B', 'SMALL', 'TIME', 'ADDRESS']);

/** The block-level leaves of the article, in document order: paragraphs, list items, headings, short divs. */
interface Leaf {
  el: DomElement;
  text: string;
  words: number;
  linkChars: number;
}

function leafBlocks(map: Map<DomElement, Measure>): Leaf[] {
  const leaves: Leaf[] = [];
  for (const [el, m] of map) {
    if (m.chars === 0 || m.hasBlockChild || !LEAF_TAGS.has(el.tagName.toUpperCase())) continue;
    // Inline wrappers count only when they stand for a whole line, not inside a paragraph.
    const parent = el.parentElement;
    if (!isBlock(el.tagName) && parent && map.get(parent)?.hasBlockChild !== true && parent !== null && LEAF_TAGS.has(parent.tagName.toUpperCase())) continue;
    leaves.push({ el, text: textOf(el), words: m.words, linkChars: m.linkChars });
  }
  return leaves;
}

export function cleanUpArticle(root: DomElement, context: CleanupContext): void {
  let map = measure(root);
  const totalWords = Math.max(1, map.get(root)?.words ?? 0);
  removeFurniture(map, totalWords);
  map = measure(root);
  removeLinkLists(map);
  map = measure(root);
  const leaves = leafBlocks(map);
  removeBoilerplateBlocks(leaves);
  removeDatelines(leaves, context.byline);
  removeRepeatedHeadline(leaves, context.title);
  removeLeadingScraps(leaves);
  removePixels(root);
  removeEmpty(root);
  removeTrailingHeadings(leafBlocks(measure(root)));
  removeEmpty(root);
}

/**
 * Elements whose class, id or role names page furniture (share bars, related
 * lists, bylines, ads). Only when they are a small part of the article: a
 * wrapper that happens to be called "post-tags" and holds the whole story stays.
 */
function removeFurniture(map: Map<DomElement, Measure>, totalWords: number): void {
  for (const [el, m] of map) {
    if (!el.parentNode) continue;
    const name = nameOf(el);
    if (name.trim() === '' || CAPTION_NAME.test(name) || !FURNITURE_NAME.test(name)) continue;
    if (el.closest('figure') && el.querySelector('img, picture')) continue;
    if (m.words <= Math.min(80, totalWords * 0.25)) el.remove();
  }
}

/** Short blocks that talk about sharing, following, subscribing, cookies, copyright or "read more". */
function removeBoilerplateBlocks(leaves: Leaf[]): void {
  for (const m of leaves) {
    const el = m.el;
    if (!el.parentNode) continue;
    const words = m.words;
    const boiler = words <= 30 && BOILERPLATE.test(m.text);
    // A long paragraph that merely mentions a newsletter is prose; a short, linked one is a box.
    const linked = !boiler && words <= 40 && m.linkChars / m.text.length > 0.3 && BOILERPLATE.test(m.text);
    const counter = /^(\d+|\d+\s*(\/|of|von|de|di)\s*\d+)$/i.test(m.text);
    if (boiler || linked || counter) el.remove();
  }
}

/**
 * Lists and boxes that are mostly links: navigation, "more stories", tag
 * clouds. A paragraph of prose with a few links keeps its words outside them.
 */
function removeLinkLists(map: Map<DomElement, Measure>): void {
  for (const [el, m] of map) {
    if (!el.parentNode || m.chars === 0) continue;
    const tag = el.tagName.toUpperCase();
    const density = m.linkChars / m.chars;
    const words = m.words;
    if (tag === 'UL' || tag === 'OL' || tag === 'DL') {
      const items = el.querySelectorAll('li, dt, dd').length;
      if (items >= 2 && density > 0.7 && words / items < 14) el.remove();
    } else if (tag === 'P') {
      if (density > 0.8 && words <= 12) el.remove();
    } else if ((tag === 'DIV' || tag === 'SECTION' || tag === 'ASIDE' || tag === 'NAV' || tag === 'FOOTER' || tag === 'TABLE') && density > 0.6 && words < 120 && m.links >= 3) {
      el.remove();
    }
  }
}

/** "By Jane Doe - 11/18/19 11:04 PM EST", "Updated Nov 19, 9:41 AM", and the byline on its own. */
function removeDatelines(leaves: Leaf[], byline: string | null): void {
  for (const m of leaves) {
    if (m.el.parentNode && isDateline(m.text, byline, m.words)) m.el.remove();
  }
}

/**
 * A line that only says who wrote the story and when: "By Jane Doe - 11/18/19
 * 11:04 PM EST", "Updated Nov 19, 9:41 AM", "Kerensa Williams · 19 November 2026".
 * `byline` is the author the page's metadata names, if any.
 */
export function isDateline(text: string, byline: string | null, words = wordsOf(text)): boolean {
  if (words > 20) return false;
  const author = normal(byline);
  const dated = DATE_OR_TIME.test(text) && (DATELINE_WORD.test(text) || words <= 8);
  const byLine = /^(by|von|par|por|di|door|от)\s+\p{Lu}/u.test(text) && words <= 10;
  const isAuthor = author.length > 0 && normal(text).includes(author) && words <= wordsOf(author) + 6;
  return dated || byLine || isAuthor;
}

/** The headline repeated at the top of the body (the reader shows the title itself). */
function removeRepeatedHeadline(leaves: Leaf[], title: string | null): void {
  const wanted = normal(title);
  if (!wanted) return;
  for (const { el, text: leafText } of leaves.slice(0, 8)) {
    if (!el.parentNode) continue;
    const text = normal(leafText);
    if (text === wanted || (text.length > 20 && wanted.startsWith(text)) || (wanted.length > 20 && text.startsWith(wanted) && text.length < wanted.length + 40)) {
      el.remove();
    }
  }
}

/** Before the first real paragraph: section names, kickers and other scraps of a few words. */
function removeLeadingScraps(leaves: Leaf[]): void {
  for (const m of leaves) {
    const el = m.el;
    if (!el.parentNode) continue;
    const words = m.words;
    if (words >= 12) return;
    if (/^H[1-6]$/i.test(el.tagName) || el.querySelector('img, picture, video')) continue;
    if (words <= 4 && !/[.!?…:"”»]$/u.test(m.text)) el.remove();
  }
}

/** A heading with nothing after it introduced a list we removed. */
function removeTrailingHeadings(leaves: Leaf[]): void {
  for (let i = leaves.length - 1; i >= 0; i -= 1) {
    const el = leaves[i]?.el;
    if (!el || !/^H[1-6]$/i.test(el.tagName)) return;
    el.remove();
  }
}

/** Images declared 2 px or smaller are tracking beacons, not pictures. */
function removePixels(root: DomElement): void {
  for (const img of Array.from(root.querySelectorAll('img[width][height]'))) {
    if (Number(img.getAttribute('width')) <= 2 && Number(img.getAttribute('height')) <= 2) img.remove();
  }
}

/** Wrappers left with neither text nor media. Returns whether `el` keeps anything. */
function removeEmpty(el: DomElement): boolean {
  let keeps = false;
  const children = Array.from(el.childNodes);
  for (const child of children) {
    if (child.nodeType === TEXT_NODE) {
      if (/\S/.test(child.textContent ?? '')) keeps = true;
    } else if (isElement(child)) {
      if (KEEP_EMPTY.has(child.tagName.toUpperCase())) keeps = true;
      else if (removeEmpty(child)) keeps = true;
      else child.remove();
    }
  }
  return keeps;
}

/** Captions and image credits by element: part of the page, not of the article's prose. */
export function isCaptionElement(el: DomElement): boolean {
  return el.tagName.toUpperCase() === 'FIGCAPTION' || CAPTION_NAME.test(nameOf(el));
}

/** "Credit: EPA", "(Image: GETTY)" and the like, as a paragraph of their own. */
export function isCreditLine(text: string): boolean {
  return wordsOf(text) <= 30 && CREDIT_LINE.test(text);
}
