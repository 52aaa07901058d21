// The few DOM members the extractor uses, typed here because the core is built
// without the browser's DOM library. linkedom provides them (and is ~19x faster
// than jsdom with the same Readability result).
import { parseHTML } from 'linkedom';
import { limitMarkup } from './limit-markup.ts';
import { htmlElementOf, shapeLikeABrowser } from './page-shape.ts';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  textContent: string | null;
  readonly parentNode: DomNode | null;
  readonly parentElement: DomElement | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly previousSibling: DomNode | null;
  remove(): void;
}

export interface DomElement extends DomNode {
  readonly tagName: string;
  readonly localName: string;
  readonly children: ArrayLike<DomElement>;
  readonly firstElementChild: DomElement | null;
  readonly nextElementSibling: DomElement | null;
  readonly previousElementSibling: DomElement | null;
  id: string;
  className: string;
  innerHTML: string;
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
  matches(selector: string): boolean;
  replaceWith(...nodes: DomNode[]): void;
  insertBefore(node: DomNode, before: DomNode | null): DomNode;
  appendChild(node: DomNode): DomNode;
  prepend(...nodes: DomNode[]): void;
  /** Joins adjacent text nodes and drops empty ones. */
  normalize(): void;
}

export interface DomDocument {
  readonly documentElement: DomElement;
  readonly children: ArrayLike<DomElement>;
  readonly childNodes: ArrayLike<DomNode>;
  readonly head: DomElement | null;
  readonly body: DomElement | null;
  title: string;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  createElement(tagName: string): DomElement;
  createTextNode(text: string): DomNode;
}

export const isElement = (node: DomNode | null | undefined): node is DomElement => node?.nodeType === ELEMENT_NODE;

/**
 * Parses a whole page. `baseUrl` becomes the document's address so Readability
 * resolves relative links and images against it (linkedom has no URL of its own).
 */
export function parseDocument(html: string, baseUrl: string): DomDocument {
  // Nesting and breaks in text bounded first: the parser's time, and Readability's recursion, grow with them.
  const cleaned = limitMarkup(withoutScriptsAndStyles(html));
  const wrapped = () => parseHTML(`<!doctype html><html><head></head><body>${cleaned}</body></html>`) as unknown as { document: DomDocument };
  // linkedom builds no <html> element for a bare fragment (a browser would); give it one.
  let { document } = /<html[\s>]/i.test(cleaned) ? (parseHTML(cleaned) as unknown as { document: DomDocument }) : wrapped();
  // "<html" only inside an attribute or a title, say: no <html> element after all.
  if (!htmlElementOf(document)) document = wrapped().document;
  shapeLikeABrowser(document);
  for (const name of ['baseURI', 'documentURI', 'URL']) {
    Object.defineProperty(document, name, { value: baseUrl, configurable: true });
  }
  return document;
}

/**
 * Drops scripts (but JSON-LD, which holds metadata), style sheets, inline SVG
 * icons and comments before parsing: news pages carry megabytes of them,
 * Readability throws them away anyway, and not building them makes parsing
 * several times cheaper. Like an HTML parser, a script ends at the first
 * "</script". Each kind is one pass that stops at the first opening without
 * an end (the rest of the page is left to the parser): a lazy regex over the
 * whole page would search to its end again for every such opening, quadratic
 * in a page of thousands of unclosed "<!--".
 */
export function withoutScriptsAndStyles(html: string): string {
  const scripts = withoutBlocks(html, /<script\b/gi, /<\/script\s*>/gi, (attributes) => /application\/ld\+json/i.test(attributes));
  return withoutBlocks(withoutBlocks(withoutBlocks(scripts, /<style\b/gi, /<\/style\s*>/gi), /<svg\b/gi, /<\/svg\s*>/gi), /<!--/g, /-->/g, null, true);
}

/**
 * Removes each `open … close` block, first close after the opening tag's ">"
 * (or, for a comment, right after "<!--"); `keep` spares a block by its
 * opening tag's attributes. Both patterns are global regexes used from lastIndex.
 */
function withoutBlocks(text: string, open: RegExp, close: RegExp, keep: ((attributes: string) => boolean) | null = null, isComment = false): string {
  const parts: string[] = [];
  let copied = 0;
  let at = 0;
  for (;;) {
    open.lastIndex = at;
    const start = open.exec(text);
    if (!start) break;
    const openEnd = start.index + start[0].length;
    // A tag's attributes run to the first ">"; a comment's body starts at once.
    const tagEnd = isComment ? openEnd - 1 : text.indexOf('>', openEnd);
    if (tagEnd === -1) break;
    close.lastIndex = tagEnd + 1;
    const end = close.exec(text);
    // No end after this opening means none after any later one: nothing more to remove.
    if (!end) break;
    const stop = end.index + end[0].length;
    if (!keep?.(text.slice(openEnd, tagEnd))) {
      parts.push(text.slice(copied, start.index));
      copied = stop;
    }
    at = stop;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Parses a fragment into a detached <div>. */
export function parseFragment(html: string): DomElement {
  const { document } = parseHTML("<!doctype html><html><body><div></div></body></html>") as unknown as { document: DomDocument };
  const div = document.body?.firstElementChild;
  if (!div) throw new Error('linkedom produced no body');
  div.innerHTML = html;
  return div;
}
