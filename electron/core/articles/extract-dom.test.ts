// Hostile page structure the fuzzer found (npm run fuzz): nesting deep enough
// to overflow Readability's recursion, content outside <body> (Readability
// failed with a TypeError), and thousands of unclosed openings that made the
// pre-parse clean-up quadratic.
import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract.ts';
import { parseDocument, withoutScriptsAndStyles, type DomElement } from './extract-dom.ts';
import { MAX_NESTING_DEPTH } from './limit-markup.ts';
import { MAX_REPEATS } from './page-shape.ts';

const SENTENCE = 'The harbour master counted the boats that came in on the morning tide and wrote each one down. ';

function depthOf(element: DomElement | null): number {
  let depth = 0;
  for (let node = element; node; node = node.parentElement) depth += 1;
  return depth;
}

describe('deeply nested pages', () => {
  it('reads a page nested 10,000 elements deep, keeping its text in order', () => {
    for (const tag of ['div', 'span', 'font', 'blockquote']) {
      const html = `<html><body><article><p>First. ${SENTENCE.repeat(10)}</p>${`<${tag}>`.repeat(10_000)}<p>Last. ${SENTENCE.repeat(10)}</p>${`</${tag}>`.repeat(10_000)}</article></body></html>`;
      const article = extractArticle(html, 'https://news.example/deep');
      expect(article.isArticle).toBe(true);
      expect(article.text.indexOf('First.')).toBeGreaterThanOrEqual(0);
      expect(article.text.indexOf('Last.')).toBeGreaterThan(article.text.indexOf('First.'));
    }
  });

  it('nests no deeper than the bound, and leaves shallow pages as they are', () => {
    const deep = parseDocument(`<html><body>${'<div>'.repeat(2000)}<p id="inner">in <b>bold</b> order</p>${'</div>'.repeat(2000)}<p id="after">after</p></body></html>`, 'https://news.example/');
    const deepest = Math.max(...Array.from(deep.querySelectorAll('*')).map(depthOf));
    expect(deepest).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 1);
    expect(deep.body?.textContent).toBe('in bold orderafter');
    expect(deep.querySelector('#after')?.textContent).toBe('after');

    const shallow = parseDocument('<html><body><div><p id="a">one <b>two</b></p></div></body></html>', 'https://news.example/');
    expect(shallow.body?.innerHTML).toBe('<div><p id="a">one <b>two</b></p></div>');
  });
});

describe('crowded elements', () => {
  // linkedom lists an element's children and attributes anew each time; Readability indexes them in loops.
  it('reads a figure of 30,000 attributes (it took over a minute)', () => {
    const attributes = Array.from({ length: 30_000 }, (_, i) => `data-x${i}="${i}"`).join(' ');
    const page = `<html><body><article><p>${SENTENCE.repeat(10)}</p><figure ${attributes}><img src="a.png"></figure></article></body></html>`;
    expect(extractArticle(page, 'https://news.example/figure').text).toContain('harbour master');
  });

  // A page of ten thousand sibling elements took Readability twenty seconds (npm run fuzz, seed 42, input 693).
  it('gathers the children of a crowded element into groups, keeping their order', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `<tr><td>${i}</td></tr>`).join('');
    const document = parseDocument(`<html><body><ul>${Array.from({ length: 2500 }, (_, i) => `<li>${i}</li>`).join('')}</ul><table>${rows}</table></body></html>`, 'https://news.example/');
    const list = document.querySelector('ul');
    expect(Array.from(list?.children ?? []).map((child) => child.tagName)).toEqual(['DIV', 'DIV', 'DIV']);
    expect(Array.from(list?.querySelectorAll('li') ?? []).map((li) => li.textContent)).toEqual(Array.from({ length: 2500 }, (_, i) => String(i)));
    expect(Array.from(document.querySelector('table')?.children ?? []).map((child) => child.tagName)).toEqual(['TBODY', 'TBODY']);
  });

  // The same element ten thousand times cost two seconds in every step after the parser (npm run fuzz, seed 42, inputs 5568 and 8501).
  it('keeps a hundred of an element repeated in a crowd, and every element that differs', () => {
    const link = '<a href="/v/1">Storm on the sea wall</a>';
    const document = parseDocument(`<html><body><ul><li>${link.repeat(10_000)}<a href="/v/2">Lighthouse</a>${link.repeat(500)}</li></ul></body></html>`, 'https://news.example/');
    const links = Array.from(document.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(links).toEqual([...Array<string>(MAX_REPEATS).fill('/v/1'), '/v/2', ...Array<string>(MAX_REPEATS).fill('/v/1')]);
    const row = parseDocument(`<html><body><table><tr>${'<td>x</td>'.repeat(10_000)}</tr></table></body></html>`, 'https://news.example/');
    expect(row.querySelectorAll('td').length).toBe(MAX_REPEATS);
    // Outside a crowd, repeats are the page's own business.
    const few = parseDocument(`<html><body><p>${'<br>'.repeat(500)}</p></body></html>`, 'https://news.example/');
    expect(few.querySelectorAll('br').length).toBe(500);
  });

  it('leaves a crowded head alone: a <div> there would be content outside the body', () => {
    const page = `<html><head>${'<title>T</title>'.repeat(2000)}</head><body><article><p>${SENTENCE.repeat(10)}</p></article></body></html>`;
    expect(parseDocument(page, 'https://news.example/').head?.querySelector('div')).toBeNull();
    expect(extractArticle(page, 'https://news.example/titles').isArticle).toBe(true);
  });
});

describe('content outside the body', () => {
  const story = (label: string) => `<p>${label} ${SENTENCE.repeat(6)}</p>`;

  it('is read as a browser reads it: moved into the body, in document order', () => {
    const cases: Record<string, string> = {
      'in the head': `<html><head><title>T</title>${story('One.')}${story('Two.')}<meta name="x" content="y"></head><body>${story('Three.')}</body></html>`,
      'a head and no body': `<html><head><title>T</title><wbr>${story('One.')}${story('Two.')}${story('Three.')}</head></html>`,
      'beside the body': `<html><head></head>${story('One.')}<body>${story('Two.')}</body>${story('Three.')}</html>`,
      'outside <html>': `${story('One.')}<html><head></head><body>${story('Two.')}</body></html>${story('Three.')}`,
    };
    for (const [where, html] of Object.entries(cases)) {
      const article = extractArticle(html, 'https://news.example/outside');
      expect(article.isArticle, where).toBe(true);
      const at = ['One.', 'Two.', 'Three.'].map((label) => article.text.indexOf(label));
      expect(at, where).toEqual([...at].sort((a, b) => a - b));
      expect(at[0], where).toBeGreaterThanOrEqual(0);
    }
  });

  it('moves a hundred thousand stray nodes without running out of stack', () => {
    const html = `<html><head><title>T</title>${story('One.')}${Array.from({ length: 100_000 }, (_, i) => `<i>${i}</i>`).join('')}</head><body></body></html>`;
    const document = parseDocument(html, 'https://news.example/');
    expect(document.head?.querySelectorAll('i').length).toBe(0);
    expect(document.body?.querySelectorAll('i').length).toBe(100_000);
  });
});

describe('removing scripts, styles, SVG and comments before parsing', () => {
  it('removes each block up to its first end, keeps JSON-LD, and leaves an opening without an end to the parser', () => {
    expect(withoutScriptsAndStyles('a<script>x()</script >b<SCRIPT src="y">z</SCRIPT>c')).toBe('abc');
    expect(withoutScriptsAndStyles('<script type="application/ld+json">{"a":1}</script><style>p{}</style><svg><path/></svg>')).toBe(
      '<script type="application/ld+json">{"a":1}</script>',
    );
    expect(withoutScriptsAndStyles('a<!-- one -->b<!-->c-->d')).toBe('abd');
    expect(withoutScriptsAndStyles('<scripts>kept</scripts>')).toBe('<scripts>kept</scripts>');
    expect(withoutScriptsAndStyles('a<!--b-->c<!--never closed')).toBe('ac<!--never closed');
    expect(withoutScriptsAndStyles('<p>x</p><script>never closed')).toBe('<p>x</p><script>never closed');
  });

  it('gets through 200,000 unclosed openings (a search to the end for each took minutes)', () => {
    const comments = `<p>x</p>${'<!--'.repeat(200_000)}`;
    expect(withoutScriptsAndStyles(comments)).toBe(comments);
    const scripts = `<p>x</p>${'<script '.repeat(200_000)}`;
    expect(withoutScriptsAndStyles(scripts)).toBe(scripts);
  });
});
