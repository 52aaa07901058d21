// What linkedom builds from a hostile page, put in the shape a browser's
// parser gives every page and Readability relies on: content in the body,
// text in one node, and no element with so many children, or a body with so
// many, that Readability's loops over them (quadratic with linkedom, which
// lists children anew each time) or its re-reading of the body (which spreads
// them into one call) fail, nor the same child by the thousand, which every
// later step pays for. Real pages come out as they went in.
// Types only: extract-dom.ts calls this module, so it imports nothing of that one at run time.
import type { DomDocument, DomElement, DomNode } from './extract-dom.ts';

// DOM node types.
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const COMMENT_NODE = 8;

const isElement = (node: DomNode | null | undefined): node is DomElement => node?.nodeType === ELEMENT_NODE;

/** Moves stray content into the body, joins text nodes, and gathers crowded children into groups. */
export function shapeLikeABrowser(document: DomDocument): void {
  moveContentIntoBody(document);
  // linkedom starts a new text node at every entity and stray "<"; a browser makes one. A page of
  // "&amp;" or "<" by the hundred thousand otherwise gives Readability as many nodes to walk.
  document.documentElement.normalize();
  spreadCrowdedElements(document);
  gatherCrowdedBody(document);
}

/** More element children than this under one element, and they are gathered into groups of this many. */
const MAX_CHILD_ELEMENTS = 1000;

/**
 * More of the same element in a row than this, among a crowded element's
 * children, and the rest of the row goes. The shared corpus's 91 news pages
 * have 221 children under one element at most, and 30 of the same in a row.
 */
export const MAX_REPEATS = 100;

/**
 * linkedom builds an element's list of children anew each time it is asked
 * for it, and Readability indexes into that list in a loop (to see whether a
 * list holds only pictures): a list of ten thousand items took twenty seconds.
 * A crowded element first loses the repeats of a child written over and over
 * (the same element ten thousand times, as a fuzzer or a runaway template
 * writes it: every step after the parser costs some 50 µs an element, so
 * 20,000 of them took two seconds), then its children are gathered into
 * <div>s of a thousand (rows into <tbody>s, which a table may have several
 * of; a browser reads a <tbody> inside another as the next one). Real pages
 * are left as they are.
 */
function spreadCrowdedElements(document: DomDocument): void {
  const crowded: DomElement[] = [];
  for (const element of Array.from(document.querySelectorAll('*'))) {
    let count = 0;
    for (let child = element.firstElementChild; child && count <= MAX_CHILD_ELEMENTS; child = child.nextElementSibling) count += 1;
    if (count > MAX_CHILD_ELEMENTS) crowded.push(element);
  }
  for (const element of crowded) {
    cutRepeats(element);
    // Not a row (its cells), nor the head: a <div> there would be content outside the body.
    if (element.tagName !== 'TR' && element.tagName !== 'HEAD' && element.children.length > MAX_CHILD_ELEMENTS) gatherIntoGroups(document, element);
  }
}

/** Removes the children past the hundredth of a row of the same element (the same markup), the text between them aside. */
function cutRepeats(element: DomElement): void {
  let previous = '';
  let repeats = 0;
  for (let child = element.firstElementChild; child; ) {
    const next = child.nextElementSibling;
    const markup = child.outerHTML;
    repeats = markup === previous ? repeats + 1 : 0;
    previous = markup;
    if (repeats >= MAX_REPEATS) child.remove();
    child = next;
  }
}

/** Gathers the children of a crowded element into groups of MAX_CHILD_ELEMENTS, in order. */
function gatherIntoGroups(document: DomDocument, element: DomElement): void {
  const wrapper = /^(TABLE|TBODY|THEAD|TFOOT)$/.test(element.tagName) ? 'tbody' : 'div';
  let group: DomElement | null = null;
  let count = 0;
  for (const node of Array.from(element.childNodes)) {
    if (isElement(node) && (group === null || count === MAX_CHILD_ELEMENTS)) {
      group = document.createElement(wrapper);
      element.insertBefore(group, node);
      count = 0;
    }
    if (isElement(node)) count += 1;
    // Text before the first element stays where it is; the rest goes with the elements it follows.
    if (group !== null) group.appendChild(node);
  }
}

/** More direct children than this (once the body is read again), and the body's contents are gathered into one <div>. */
const MAX_BODY_CHILDREN = 10_000;

/**
 * Readability, when it tries again, sets the body's innerHTML, and linkedom
 * spreads the new children into one call: a body of a hundred thousand nodes
 * overflowed the stack. Read again, text breaks into a new node at every
 * character written as an entity ("&", "<"), so a hostile page of text alone
 * does it. Gathered into one <div>, they are that div's children, added one at
 * a time. Real pages have a few dozen children in their body, and are left as
 * they are.
 */
function gatherCrowdedBody(document: DomDocument): void {
  const body = document.body;
  if (!body) return;
  let children = body.childNodes.length;
  for (let node = body.firstChild; node && children <= MAX_BODY_CHILDREN; node = node.nextSibling) {
    if (node.nodeType === TEXT_NODE) children += 2 * countEscaped(node.textContent ?? '');
  }
  if (children <= MAX_BODY_CHILDREN) return;
  const wrapper = document.createElement('div');
  for (let node = body.firstChild; node; node = body.firstChild) wrapper.appendChild(node);
  body.appendChild(wrapper);
}

/** How many characters of the text are written as entities when it is serialised. */
function countEscaped(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 38 /* & */ || c === 60 /* < */ || c === 62 /* > */ || c === 160 /* no-break space */) count += 1;
  }
  return count;
}

/** Elements that belong in a <head>; any other content there starts the body, as a browser's parser has it. */
const HEAD_ELEMENTS = new Set(['TITLE', 'META', 'LINK', 'BASE', 'STYLE', 'SCRIPT', 'NOSCRIPT', 'TEMPLATE']);

export function htmlElementOf(document: DomDocument): DomElement | null {
  return Array.from(document.children).find((element) => element.tagName === 'HTML') ?? null;
}

/** Whether a node is page content (an element, or text that is not just space), rather than furniture. */
function isContent(node: DomNode): boolean {
  return isElement(node) || (node.nodeType === TEXT_NODE && (node.textContent ?? '').trim() !== '');
}

/**
 * Puts the page in the shape a browser's parser gives every page, and
 * Readability relies on: one <html> with a <head> of head elements and a
 * <body>. linkedom leaves content where it was written (in the head, beside
 * the body, outside <html>); it moves into the body, in document order.
 * Readability, finding the article outside the body, failed with a TypeError.
 */
function moveContentIntoBody(document: DomDocument): void {
  const html = htmlElementOf(document);
  if (!html) return;
  let body = Array.from(html.children).find((element) => element.tagName === 'BODY') ?? null;
  if (!body) body = html.appendChild(document.createElement('body')) as DomElement;
  const before: DomNode[] = [];
  const after: DomNode[] = [];
  let past = false;
  for (const node of Array.from(document.childNodes)) {
    if (node === html) past = true;
    else if (isContent(node)) (past ? after : before).push(node);
  }
  past = false;
  let headSeen = false;
  for (const node of Array.from(html.childNodes)) {
    if (node === body) {
      past = true;
    } else if (!past && !headSeen && isElement(node) && node.tagName === 'HEAD') {
      headSeen = true;
      for (const stray of strayInHead(node)) before.push(stray);
    } else if (isContent(node)) {
      (past ? after : before).push(node);
    }
  }
  // One at a time: a page can have a hundred thousand of them, too many to spread into one call.
  const first = body.firstChild;
  for (const node of before) body.insertBefore(node, first);
  for (const node of after) body.appendChild(node);
}

/** The first node in the head that does not belong there, and everything after it. */
function strayInHead(head: DomElement): DomNode[] {
  const nodes = Array.from(head.childNodes);
  const first = nodes.findIndex((node) => node.nodeType !== COMMENT_NODE && isContent(node) && !(isElement(node) && HEAD_ELEMENTS.has(node.tagName)));
  return first === -1 ? [] : nodes.slice(first);
}
