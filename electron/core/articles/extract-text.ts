// Plain text of extracted article HTML: each block (paragraph, heading, list
// item, cell…) its own paragraph, separated by a blank line; whitespace within
// a paragraph collapsed. This is what search, word counts and the CLI use.
import { ELEMENT_NODE, TEXT_NODE, type DomElement, type DomNode } from './extract-dom.ts';

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);
/** Elements whose content is never visible text. */
const SILENT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'OPTION', 'TITLE', 'IFRAME', 'OBJECT', 'SVG', 'svg']);

export function isBlock(tagName: string): boolean {
  return BLOCK.has(tagName.toUpperCase());
}

export interface TextOptions {
  /** Leaves out an element and everything in it (e.g. a figcaption). */
  skipElement?: (el: DomElement) => boolean;
  /** Leaves out a finished paragraph by its text (e.g. a credit line). */
  skipParagraph?: (text: string) => boolean;
}

export function domToText(root: DomElement, options: TextOptions = {}): string {
  const skip = options.skipElement ?? (() => false);
  const skipParagraph = options.skipParagraph ?? (() => false);
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const text = current.replace(/\s+/gu, ' ').trim();
    if (text && !skipParagraph(text)) paragraphs.push(text);
    current = '';
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      current += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (SILENT.has(name) || skip(node as DomElement)) return;
    if (name === 'BR') {
      current += ' ';
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    const children = node.childNodes;
    for (let i = 0; i < children.length; i += 1) walk(children[i] as DomNode);
    // Table cells sit side by side: a space keeps their words apart without a paragraph each.
    if (block && name !== 'TD' && name !== 'TH') flush();
    else if (block) current += ' ';
  };
  walk(root);
  flush();
  return paragraphs.join('\n\n');
}

/** Scripts written without spaces between words: each character counts as a word, as reading-time estimates usually do. */
const UNSPACED = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}`;
const LETTER = String.raw`[[\p{L}\p{N}\p{M}]--[${UNSPACED}]]`;
// Built at run time: the `v` flag (set difference) is newer than the compile target's regex checks.
const WORD = new RegExp(String.raw`[${UNSPACED}]|${LETTER}+(?:['’\-]${LETTER}+)*`, 'gv');

/** Unicode words, as people count them (letters and digits, joined by apostrophes or hyphens). */
export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

export function readingMinutes(words: number): number {
  return words > 0 ? Math.max(1, Math.ceil(words / 230)) : 0;
}
