// The excerpt a list shows for a saved or imported page: the page's own summary,
// else the first real paragraph — never the byline/dateline line that opens so many pages.
import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract.ts';

const FIRST = 'Twelve years after the last dredge boat was sold, native oysters are settling again on the old beds below the quay.';
const SECOND = 'The project began with sixty cages of young oysters hung from the pontoons, lifted and counted every spring since then.';
const REST = '<p>Each autumn divers check the shell, and this year they found wild spat on more than half of it, which nobody had placed.</p>';

function page(options: { head?: string; opening: string }): string {
  return `<!doctype html><html lang="en"><head><title>Oyster beds return to the estuary</title>
    <meta property="og:title" content="Oyster beds return to the estuary">
    <meta name="author" content="Kerensa Williams">${options.head ?? ''}</head>
    <body><main><article><h1>Oyster beds return to the estuary</h1>${options.opening}
    <p>${FIRST}</p><p>${SECOND}</p>${REST}</article></main></body></html>`;
}

const excerptOf = (html: string) => extractArticle(html, 'https://tides.example/2026/11/oysters').excerpt;

describe('extractArticle: excerpt', () => {
  it('is the first real paragraph, not the byline and date line, when the page has no description', () => {
    expect(excerptOf(page({ opening: '<p class="byline">By Kerensa Williams · 19 November 2026</p>' }))).toBe(FIRST);
    // The same line without a class to give it away, and with the name only.
    expect(excerptOf(page({ opening: '<p>By Kerensa Williams · 19 November 2026</p>' }))).toBe(FIRST);
    expect(excerptOf(page({ opening: '<p>Kerensa Williams, Nature correspondent</p>' }))).toBe(FIRST);
  });

  it('passes over datelines, kickers, photo credits and captions before the story', () => {
    expect(excerptOf(page({ opening: '<p>Updated 19 Nov 2026, 10:04 GMT</p>' }))).toBe(FIRST);
    // Five words without a full stop: a kicker the clean-up leaves in the text, but no summary.
    expect(excerptOf(page({ opening: '<p>Our coast in a changing climate</p>' }))).toBe(FIRST);
    expect(excerptOf(page({ opening: '<p>Photo: Demelza Hocking for the Review</p>' }))).toBe(FIRST);
    // A date in another language's words, and the story's own address printed above it.
    expect(excerptOf(page({ opening: '<p>sexta-feira, 22 de outubro de 2010 às 20:13</p>' }))).toBe(FIRST);
    expect(excerptOf(page({ opening: '<p>https://tides.example/news/article/Oyster-beds-return-to-the-estuary-14848164.php</p>' }))).toBe(FIRST);
    expect(
      excerptOf(page({ opening: '<figure><img src="/o.jpg" alt=""><figcaption>Volunteers lift the oyster cages at the yacht club pontoon in March.</figcaption></figure>' })),
    ).toBe(FIRST);
  });

  it('prefers the page’s own description, then og:description', () => {
    const description = 'Native oysters are back on the estuary’s old beds, thanks to a decade of volunteer work.';
    expect(excerptOf(page({ head: `<meta name="description" content="${description}">`, opening: '<p>By Kerensa Williams · 19 November 2026</p>' }))).toBe(
      description,
    );
    expect(excerptOf(page({ head: `<meta property="og:description" content="${description}">`, opening: '' }))).toBe(description);
    // A long description that happens to mention a date and "by" is still a summary.
    const dated = 'Volunteers have restored the oyster beds by hand since 12 March 2019, hanging cages from the pontoons and counting every shell each spring.';
    expect(excerptOf(page({ head: `<meta name="description" content="${dated}">`, opening: '' }))).toBe(dated);
  });

  it('does not take a description that is itself a byline', () => {
    expect(excerptOf(page({ head: '<meta name="description" content="By Kerensa Williams · 19 November 2026">', opening: '' }))).toBe(FIRST);
  });

  it('falls back to a short paragraph when the story has nothing longer, and is null for an empty page', () => {
    const short = `<!doctype html><html><head><title>Notice</title></head><body><article>
      <p>By Kerensa Williams · 19 November 2026</p><p>Ferry cancelled.</p></article></body></html>`;
    expect(excerptOf(short)).toBe('Ferry cancelled.');
    expect(excerptOf('')).toBeNull();
  });
});
