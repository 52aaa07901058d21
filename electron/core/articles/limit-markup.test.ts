import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { limitMarkup, MAX_ATTRIBUTES, MAX_NESTING_DEPTH, MAX_TEXT_BREAKS } from './limit-markup.ts';
import { sanitizeArticleHtml } from './sanitize.ts';

/** The deepest element's depth, as linkedom (the parser the extractor uses) builds the tree. */
function depthOf(html: string): number {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  let deepest = 0;
  for (const element of Array.from(document.querySelectorAll('*'))) {
    let depth = 0;
    for (let node: Element | null = element; node; node = node.parentElement) depth += 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

describe('limitMarkup', () => {
  it('returns real pages unchanged', () => {
    for (const name of ['harbour-ferry.html', 'rtl-article.html', 'video-page.html']) {
      const page = readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
      expect(limitMarkup(page)).toBe(page);
    }
  });

  it('drops the opening tags past the bound and keeps every word, in order', () => {
    const html = `${'<div>'.repeat(1000)}<span>deep <b>words</b> here</span>${'</div>'.repeat(1000)}<span>after</span>`;
    const limited = limitMarkup(html, { maxDepth: 50 });
    expect(depthOf(limited)).toBeLessThanOrEqual(50 + 2);
    const { document } = parseHTML(`<html><body>${limited}</body></html>`);
    expect(document.body.textContent).toBe('deep words hereafter');
  });

  it('counts as the parser does: paragraphs and list items close their like, void elements never open', () => {
    const paragraphs = '<p>one'.repeat(2000);
    const items = `<ul>${'<li>item'.repeat(2000)}</ul>`;
    const voids = '<br><img src="a.png"><hr>'.repeat(2000);
    for (const html of [paragraphs, items, voids]) expect(limitMarkup(html, { maxDepth: 10 })).toBe(html);
  });

  it('reads XML by its rules: names as written, "<x/>" closing itself', () => {
    const feed = `<rss><channel>${'<item><title>t</title><enclosure url="a"/></item>'.repeat(500)}</channel></rss>`;
    expect(limitMarkup(feed, { xml: true, maxDepth: 5 })).toBe(feed);
    const deep = `<rss>${'<Item>'.repeat(1000)}x${'</Item>'.repeat(1000)}</rss>`;
    const limited = limitMarkup(deep, { xml: true, maxDepth: 5 });
    expect(limited.match(/<Item>/g)).toHaveLength(4);
    expect(limited).toContain('x');
  });

  it('keeps the first hundred attributes of an element', () => {
    const many = Array.from({ length: 300 }, (_, i) => `data-a${i}="${i}"`).join(' ');
    const limited = limitMarkup(`<p>${'x'.repeat(9000)}</p><img src="a.png" ${many} alt>`);
    const { document } = parseHTML(`<html><body>${limited}</body></html>`);
    const img = document.querySelector('img');
    expect(img?.attributes.length).toBe(MAX_ATTRIBUTES);
    expect(img?.getAttribute('src')).toBe('a.png');
    expect(img?.getAttribute('data-a98')).toBe('98');
    expect(img?.hasAttribute('data-a99')).toBe(false);
  });

  it('follows tags inside an iframe, which linkedom reads as markup though this tokenizer does not (found by fuzzing)', () => {
    const html = `<iframe src="https://v.example/">${'<item>'.repeat(1000)}x${'</item>'.repeat(1000)}</iframe><p>after</p>`;
    expect(depthOf(limitMarkup(html))).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 2);
  });

  // linkedom starts a text node at each; a page of them by the hundred thousand took seconds (npm run fuzz, seed 42, input 201).
  it('keeps the words of text past the bound on breaks, and drops only its "&", "<" and ">"', () => {
    const story = '<p>Caf&eacute; &amp; bar &lt;open&gt; &#8212; 3 > 2 &unknown; & done</p>';
    expect(limitMarkup(story.repeat(3), { maxTextBreaks: 100 })).toBe(story.repeat(3));
    const limited = limitMarkup(`${story}${story}`, { maxTextBreaks: 8 });
    expect(limited).toBe(`${story}<p>Café  bar open — 3  2 unknown;  done</p>`);
  });

  it('bounds a flood of entities and stray "<" by default, so the parser builds a few thousand text nodes', () => {
    for (const flood of ['&amp;'.repeat(100_000), '< '.repeat(200_000), '&#65;'.repeat(100_000)]) {
      const { document } = parseHTML(`<html><body><p>${limitMarkup(`before ${flood} after`)}</p></body></html>`);
      const paragraph = document.querySelector('p');
      expect(paragraph?.childNodes.length).toBeLessThanOrEqual(2 * MAX_TEXT_BREAKS + 2);
      expect(paragraph?.textContent).toMatch(/^before .* after$/s);
    }
    expect(limitMarkup('&#65;'.repeat(20_000))).toBe(`${'&#65;'.repeat(MAX_TEXT_BREAKS)}${'A'.repeat(10_000)}`);
  });

  it('leaves breaks in scripts, in attributes and in XML alone', () => {
    const script = `<script type="application/ld+json">{"name":"${'Q&amp;A '.repeat(20)}"}</script><p title="a&amp;b">x &amp; y</p>`;
    expect(limitMarkup(`${script}<p>${'x'.repeat(9000)}</p>`, { maxTextBreaks: 0 })).toBe(`${script.replace('x &amp; y', 'x  y')}<p>${'x'.repeat(9000)}</p>`);
    const feed = `<rss><channel>${'<title>A &amp; B</title>'.repeat(20_000)}</channel></rss>`;
    expect(limitMarkup(feed, { xml: true })).toBe(feed);
  });

  it('keeps the sanitiser fast on a megabyte of nesting and closing tags that match nothing (it took minutes)', () => {
    const hostile = `${'<b>'.repeat(150_000)}text${'</i>'.repeat(150_000)}`;
    const clean = sanitizeArticleHtml(hostile, 'https://news.example/');
    expect(clean).toContain('text');
    expect(clean.match(/<b>/g)?.length ?? 0).toBeLessThanOrEqual(MAX_NESTING_DEPTH);
  });
});
