import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { chooseFromSrcset, chooseImageSource } from './image-source.ts';
import { declaresTinySize, isBeaconUrl, isTinyImage } from './tracking-pixels.ts';

function pick(html: string): string | null {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const img = document.querySelector('img');
  if (!img) throw new Error('no img');
  return chooseImageSource(img, Array.from(document.querySelectorAll('picture source')));
}

describe('chooseFromSrcset', () => {
  it('picks the narrowest width candidate between 1200 and 1600 px, whatever the order', () => {
    expect(chooseFromSrcset('a.jpg 320w, d.jpg 2400w, c.jpg 1400w, b.jpg 800w, e.jpg 1280w')).toBe('e.jpg');
  });
  it('takes the narrowest above the band when none is in it, and the widest when all are below', () => {
    expect(chooseFromSrcset('a.jpg 320w, b.jpg 2000w, c.jpg 3000w')).toBe('b.jpg');
    expect(chooseFromSrcset('a.jpg 320w, b.jpg 640w')).toBe('b.jpg');
  });
  it('picks 2x among densities, else the nearest below, else the smallest', () => {
    expect(chooseFromSrcset('a.jpg, b.jpg 2x, c.jpg 3x')).toBe('b.jpg');
    expect(chooseFromSrcset('a.jpg 1x, b.jpg 1.5x, c.jpg 3x')).toBe('b.jpg');
    expect(chooseFromSrcset('c.jpg 3x, d.jpg 4x')).toBe('c.jpg');
    expect(chooseFromSrcset('only.jpg')).toBe('only.jpg');
  });
  it('copes with commas in URLs and with nothing usable', () => {
    expect(chooseFromSrcset('https://cdn.example/w_1400,q_80/a.jpg 1400w, https://cdn.example/w_300,q_80/a.jpg 300w')).toBe(
      'https://cdn.example/w_1400,q_80/a.jpg',
    );
    expect(chooseFromSrcset('')).toBeNull();
    expect(chooseFromSrcset('   ,  ')).toBeNull();
  });
});

describe('chooseImageSource', () => {
  it('prefers a good srcset candidate over src', () => {
    expect(pick('<img src="small.jpg" srcset="small.jpg 400w, big.jpg 1400w">')).toBe('big.jpg');
    expect(pick('<img src="plain.jpg">')).toBe('plain.jpg');
  });
  it('finds the real address of lazy-loaded images behind a placeholder src', () => {
    expect(pick('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="real.jpg">')).toBe('real.jpg');
    expect(pick('<img src="/img/blank.gif" data-lazy-src="real.jpg">')).toBe('real.jpg');
    expect(pick('<img data-original="real.jpg">')).toBe('real.jpg');
    expect(pick('<img src="lazy-placeholder.png" data-srcset="a.jpg 600w, b.jpg 1300w">')).toBe('b.jpg');
    // A real src is not overridden by a data- attribute that may be stale.
    expect(pick('<img src="photo.jpg" data-src="other.jpg">')).toBe('photo.jpg');
  });
  it('uses <picture> sources of storable types, skipping SVG and other media', () => {
    const html = (sources: string) => `<picture>${sources}<img src="fallback.jpg"></picture>`;
    expect(pick(html('<source type="image/svg+xml" srcset="x.svg"><source type="image/webp" srcset="a.webp 800w, b.webp 1500w">'))).toBe('b.webp');
    expect(pick(html('<source media="print" srcset="print.jpg">'))).toBe('fallback.jpg');
    expect(pick(html('<source media="(min-width: 800px)" srcset="wide.jpg 1600w">'))).toBe('wide.jpg');
    expect(pick(html('<source type="image/jxl" srcset="a.jxl">'))).toBe('fallback.jpg');
  });
  it('gives null when the image has no address at all', () => {
    expect(pick('<img alt="nothing">')).toBeNull();
  });
});

describe('tracking pixels', () => {
  it('recognises declared pixels and spacers, not ordinary or percentage sizes', () => {
    expect(declaresTinySize('1', '1')).toBe(true);
    expect(declaresTinySize('0', null)).toBe(true);
    expect(declaresTinySize('600', '2px')).toBe(true);
    expect(declaresTinySize('600', '400')).toBe(false);
    expect(declaresTinySize('1%', null)).toBe(false);
    expect(declaresTinySize(null, null)).toBe(false);
    expect(declaresTinySize('auto', '')).toBe(false);
  });
  it('recognises beacon addresses without catching ordinary photos', () => {
    for (const url of [
      'https://pixel.wp.com/g.gif?blog=1',
      'https://sb.scorecardresearch.com/p?c1=2',
      'https://www.facebook.com/tr?id=1&ev=PageView',
      'https://www.google-analytics.com/collect?v=1',
      'https://feeds.feedburner.com/~r/Example/~4/abc',
      'https://news.example/__utm.gif?x=1',
      'https://news.example/img/pixel.gif',
      'https://news.example/t/open.gif?u=1',
    ]) {
      expect(isBeaconUrl(url), url).toBe(true);
    }
    for (const url of [
      'https://news.example/images/racetrack.jpg',
      'https://www.facebook.com/travel/photo.jpg',
      'https://cdn.news.example/pixel-art-show.jpg',
      'https://news.example/2026/analytics-chart.png',
      'not a url',
    ]) {
      expect(isBeaconUrl(url), url).toBe(false);
    }
  });
  it('treats a real size of 2 px or less in either direction as a pixel', () => {
    expect(isTinyImage(1, 1)).toBe(true);
    expect(isTinyImage(800, 2)).toBe(true);
    expect(isTinyImage(3, 3)).toBe(false);
  });
});
