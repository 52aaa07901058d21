import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { limitMarkup, MAX_ATTRIBUTES, MAX_NESTING_DEPTH } from './limit-markup.ts';
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

  it('keeps the sanitiser fast on a megabyte of nesting and closing tags that match nothing (it took minutes)', () => {
    const hostile = `${'<b>'.repeat(150_000)}text${'</i>'.repeat(150_000)}`;
    const clean = sanitizeArticleHtml(hostile, 'https://news.example/');
    expect(clean).toContain('text');
    expect(clean.match(/<b>/g)?.length ?? 0).toBeLessThanOrEqual(MAX_NESTING_DEPTH);
  });
});
