// The extractor on realistic, noisy pages written for these tests (testdata/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract.ts';
import { countWords, readingMinutes } from './extract-text.ts';

const page = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const ferry = extractArticle(page('harbour-ferry.html'), 'https://courier.example/news/2024/05/electric-ferry?utm_source=feed');

describe('extractArticle: metadata', () => {
  it('reads title, byline, site, date (as UTC), language, excerpt from JSON-LD, OpenGraph and <meta>', () => {
    expect(ferry.isArticle).toBe(true);
    expect(ferry.title).toBe('New electric ferry cuts harbour crossing to nine minutes');
    expect(ferry.byline).toBe('Morwenna Tregear');
    expect(ferry.siteName).toBe('The Quayside Courier');
    expect(ferry.publishedAt).toBe('2024-05-13T07:30:00.000Z');
    expect(ferry.lang).toBe('en-GB');
    expect(ferry.excerpt).toBe("The town's first battery ferry entered service on Monday, halving the crossing time.");
  });

  it('makes the lead image and canonical address absolute', () => {
    expect(ferry.leadImageUrl).toBe('https://courier.example/media/ferry-wide.jpg');
    expect(ferry.canonicalUrl).toBe('https://courier.example/news/2024/05/electric-ferry');
  });

  it('reads text direction and twitter:image on a right-to-left page', () => {
    const rtl = extractArticle(page('rtl-article.html'), 'https://madina.example/news/library');
    expect(rtl.isArticle).toBe(true);
    expect(rtl.dir).toBe('rtl');
    expect(rtl.lang).toBe('ar');
    expect(rtl.publishedAt).toBe('2023-11-02T09:15:00.000Z');
    expect(rtl.leadImageUrl).toBe('https://madina.example/lib.jpg');
    expect(rtl.text).toContain('افتتحت البلدية');
  });

  it('counts words and reading time', () => {
    expect(ferry.wordCount).toBe(countWords(ferry.text));
    expect(ferry.wordCount).toBeGreaterThan(180);
    expect(ferry.readingMinutes).toBe(Math.ceil(ferry.wordCount / 230));
    expect(countWords('Kindle書籍を読む don’t well-known 2019')).toBe(9);
    expect(readingMinutes(0)).toBe(0);
    expect(readingMinutes(1)).toBe(1);
  });
});

describe('extractArticle: clean-up', () => {
  it('keeps every paragraph of the story, in order, as blank-line separated text', () => {
    const paragraphs = ferry.text.split('\n\n');
    expect(paragraphs[0]).toMatch(/^The town's first battery-powered ferry/);
    expect(paragraphs.at(-1)).toMatch(/^Timetables are posted at both landings/);
    expect(paragraphs).toHaveLength(6);
  });

  it('drops cookie notices, navigation, live strips, share bars, newsletter boxes, related lists, tags, follow-us lines and footers', () => {
    for (const noise of [
      'cookies', 'Home', 'LIVE NOW', 'Share on Facebook', 'newsletter', 'Read more', 'Ferry plans approved', 'More stories',
      'Lifeboat crew', 'Environment', 'Follow us', 'All rights reserved', 'Transport',
    ]) {
      expect(ferry.text, noise).not.toContain(noise);
      expect(ferry.contentHtml, noise).not.toContain(noise);
    }
  });

  it('drops the repeated headline, the byline and the dateline (the reader shows them from metadata)', () => {
    expect(ferry.text).not.toContain('New electric ferry cuts harbour crossing');
    expect(ferry.text).not.toContain('By Morwenna Tregear');
    expect(ferry.text).not.toContain('Published 13 May');
  });

  it('returns sanitised HTML with absolute links and no scripts, handlers, frames, forms or pixels', () => {
    expect(ferry.contentHtml).toContain('href="https://courier.example/places/north-quay"');
    expect(ferry.contentHtml).not.toMatch(/<script|onclick|<iframe|<form|<input|<style|pixel\.example/i);
  });

  it('keeps figure captions in the page but not in the plain text', () => {
    const html = `<html><head><title>Moor fire</title></head><body><article>
      <p>${'Firefighters spent the night on the moor as the blaze spread across dry heather towards the village. '.repeat(3)}</p>
      <figure><img src="/fire.jpg" alt="Smoke"><figcaption>Smoke over the tor at dawn. Photo: Demelza Hocking</figcaption></figure>
      <p>${'Residents were told to keep windows closed while crews worked along the firebreak until morning. '.repeat(3)}</p>
      <p>Image: Kernow Fire Service</p>
    </article></body></html>`;
    const article = extractArticle(html, 'https://moor.example/fire');
    expect(article.contentHtml).toContain('<figcaption>');
    expect(article.contentHtml).toContain('src="https://moor.example/fire.jpg"');
    expect(article.text).not.toContain('Smoke over the tor');
    expect(article.text).not.toContain('Kernow Fire Service');
    expect(article.text).toContain('Residents were told');
  });
});

describe('extractArticle: pages that are not articles', () => {
  it('keeps the metadata of a video page but no body', () => {
    const video = extractArticle(page('video-page.html'), 'https://port.example/videos/marees');
    expect(video.isArticle).toBe(false);
    expect(video.contentHtml).toBe('');
    expect(video.text).toBe('');
    expect(video.wordCount).toBe(0);
    expect(video.title).toBe("Les marées d'équinoxe en images");
    expect(video.siteName).toBe('Le Journal du Port');
    expect(video.lang).toBe('fr');
    expect(video.leadImageUrl).toBe('https://port.example/img/maree.jpg');
  });

  it('says a near-empty page is not an article, and never throws on junk', () => {
    expect(extractArticle('<html><body><p>Hello.</p></body></html>', 'https://x.example/').isArticle).toBe(false);
    expect(extractArticle('', 'https://x.example/').isArticle).toBe(false);
    expect(extractArticle('<<<>>> not html at all', 'https://x.example/').title).toBeNull();
  });
});
