import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { fileKey, findSameImage, imageAddresses, nameKey } from './same-image.ts';

const A = 'https://news.example/media/';

describe('imageAddresses', () => {
  it('lists src, srcset candidates, lazy-loading attributes and <picture> sources', () => {
    const { document } = parseHTML(
      '<picture><source srcset="a.webp 800w, b.webp 1600w"><img src="blank.gif" data-src="real.jpg" srcset="c.jpg 1x, d.jpg 2x"></picture>',
    );
    const img = document.querySelector('img');
    if (!img) throw new Error('no img');
    expect(imageAddresses(img, Array.from(document.querySelectorAll('source')))).toEqual(['blank.gif', 'real.jpg', 'c.jpg', 'd.jpg', 'a.webp', 'b.webp']);
  });
});

describe('findSameImage', () => {
  it('finds the lead among any image’s addresses, exactly', () => {
    expect(findSameImage(`${A}ferry-960.png`, [[`${A}quay.jpg`], [`${A}ferry-480.png`, `${A}ferry-960.png`]])).toBe(1);
  });
  it('finds the same file with other resize parameters, but not another image behind the same script', () => {
    expect(findSameImage('https://i.cdn.example/m/5000.jpg?width=1200&s=1', [['https://i.cdn.example/m/5000.jpg?width=620&s=2']])).toBe(0);
    expect(findSameImage('https://cdn.example/image?id=7&w=1200', [['https://cdn.example/image?w=600&id=7']])).toBe(0);
    expect(findSameImage('https://cdn.example/image?id=7&w=1200', [['https://cdn.example/image?id=8&w=1200']])).toBe(-1);
  });
  it('finds a sibling size of the same file name only when one image has it', () => {
    expect(findSameImage(`${A}ferry-960.png`, [[`${A}quay.jpg`], [`${A}ferry-1440.webp`]])).toBe(1);
    expect(findSameImage(`${A}shot-100.png`, [[`${A}shot-101.png`], [`${A}shot-102.png`]])).toBe(-1);
    expect(findSameImage(`${A}ferry.jpg`, [[`${A}quay.jpg`]])).toBe(-1);
    expect(findSameImage(`${A}ferry.jpg`, [])).toBe(-1);
  });
});

describe('fileKey and nameKey', () => {
  it('keys a file by host and path, ignoring www. and rendition parameters', () => {
    expect(fileKey('https://www.news.example/a/b.jpg?w=1')).toBe(fileKey('https://news.example/a/b.jpg?q=80'));
    expect(fileKey('not a url')).toBeNull();
  });
  it('strips the ways file names say their size', () => {
    for (const name of ['ferry-960.png', 'ferry_1200w.jpg', 'ferry-1024x683.jpg', 'ferry@2x.png', 'ferry-scaled.jpg', 'ferry-1024x683-large.jpg', 'Ferry.JPG']) {
      expect(nameKey(`${A}${name}`), name).toBe('ferry');
    }
    // Numbers that are not sizes, and names that say nothing once stripped.
    expect(nameKey(`${A}ferry-2.png`)).toBe('ferry-2');
    for (const name of ['image-1200.jpg', '5000.jpg', 'IMG_4521.jpg', 'DSC_0042.jpg', 'x.png']) expect(nameKey(`${A}${name}`), name).toBeNull();
  });
});
