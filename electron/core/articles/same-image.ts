// Is the page's lead image (og:image) a picture its body already shows?
// Publishers usually point og:image at another size of the body's first photo:
// one of its srcset candidates, the same CDN path with other resize parameters,
// or a sibling file (ferry-960.png beside ferry-1440.png, WordPress's
// photo-1024x683.jpg beside photo.jpg). Storing both would show the reader the
// same picture twice, so the body's copy stands in for the lead.
import { parseSrcset } from 'srcset';

export interface ImageElementLike {
  getAttribute(name: string): string | null;
}

/** Attributes that hold an address of the same picture (lazy-loading scripts keep the real one in data-…). */
const SRC_ATTRIBUTES = ['src', 'data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url', 'data-hi-res-src'];
const SRCSET_ATTRIBUTES = ['srcset', 'data-srcset', 'data-lazy-srcset'];

/** Query parameters that choose a size, crop, quality or format of one image (imgix, Cloudinary, WordPress, Guardian…), not which image. */
const RENDITION_PARAM = /^(w|h|width|height|q|quality|fit|crop|auto|fm|format|dpr|resize|size|s|sig|signature|ixlib|rect|mode|scale|ar|trim|blur|sharp|strip|v|ver|version|itok|overlay[\w-]*|enable|precrop|cs|fl|impolicy|imwidth|im)$/i;

const IMAGE_EXTENSION = /\.(jpe?g|jfif|png|gif|webp|avif)$/i;

/** Ways a file name says which size it is; stripped (repeatedly, from the end) to compare the picture underneath. */
const SIZE_SUFFIXES = [
  /[-_.@](\d{2,5}x\d{0,5}|x\d{2,5})$/i, // photo-1024x683, photo_800x, photo-x600
  /@\d+(\.\d+)?x$/i, // photo@2x
  /[-_.](w|h)?\d{3,4}(w|h|px)?$/i, // ferry-960, photo_1200w, photo-w800 (3+ digits: photo-2 is another picture)
  /-(scaled|rotated|e\d{10,13})$/i, // WordPress's edited and scaled copies
  /[-_](thumb|thumbnail|small|medium|large|xlarge|big|full|fullsize|hero|jumbo|superjumbo|articlelarge|articleinline|facebookjumbo|square\d*|mobile|desktop|retina|hires|original|orig)$/i,
];

/** Names that do not tell pictures apart once their size is stripped. */
const GENERIC_NAME =
  /^(\d+|image|img|photo|picture|pic|default|thumbnail|thumb|placeholder|main|hero|cover|share|social|og|index|file|master|original|large|full|lead|dsc[fn]?|pxl|mvimg|screenshot|untitled)$/;

/** Every address an <img> (and the <source>s of its <picture>) offers for its picture, as written. */
export function imageAddresses(img: ImageElementLike, sources: readonly ImageElementLike[] = []): string[] {
  const out: string[] = [];
  for (const element of [img, ...sources]) {
    for (const name of SRC_ATTRIBUTES) {
      const value = element.getAttribute(name)?.trim();
      if (value) out.push(value);
    }
    for (const name of SRCSET_ATTRIBUTES) {
      const value = element.getAttribute(name)?.trim();
      if (!value) continue;
      try {
        for (const candidate of parseSrcset(value)) if (candidate.url.trim()) out.push(candidate.url.trim());
      } catch {
        // A malformed srcset offers nothing to compare.
      }
    }
  }
  return out;
}

/**
 * Which of the body's images shows the same picture as `leadUrl`, as an index
 * into `images` (each the absolute addresses one body image offers), or -1.
 * The same address, then the same file with other resize parameters (the first
 * such image wins: both show one picture), then a sibling size of the same file
 * name, which counts only when exactly one body image has it — in a gallery of
 * ferry-101.jpg, ferry-102.jpg… a size-stripped name says nothing.
 */
export function findSameImage(leadUrl: string, images: readonly (readonly string[])[]): number {
  const exact = images.findIndex((addresses) => addresses.includes(leadUrl));
  if (exact >= 0) return exact;

  const leadFile = fileKey(leadUrl);
  if (leadFile) {
    const sameFile = images.findIndex((addresses) => addresses.some((address) => fileKey(address) === leadFile));
    if (sameFile >= 0) return sameFile;
  }

  const leadName = nameKey(leadUrl);
  if (!leadName) return -1;
  const named = images.flatMap((addresses, index) => (addresses.some((address) => nameKey(address) === leadName) ? [index] : []));
  return named.length === 1 ? (named[0] ?? -1) : -1;
}

/**
 * The file an address fetches, whatever rendition its query asks for: host
 * (without www.) and path; the query too, minus rendition parameters, when the
 * path is not an image file's (`/image?id=7` and `/image?id=8` are two pictures).
 */
export function fileKey(address: string): string | null {
  const url = parse(address);
  if (!url) return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  if (IMAGE_EXTENSION.test(url.pathname)) return `${host}${url.pathname}`;
  const kept = [...url.searchParams].filter(([name]) => !RENDITION_PARAM.test(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${host}${url.pathname}?${new URLSearchParams(kept).toString()}`;
}

/** The file name without its extension and size markers, lower-cased; null when what is left is too generic to compare. */
export function nameKey(address: string): string | null {
  const url = parse(address);
  const last = url?.pathname.split('/').pop() ?? '';
  let stem: string;
  try {
    stem = decodeURIComponent(last);
  } catch {
    stem = last;
  }
  stem = stem.replace(/\.[a-z0-9]{2,5}$/i, '').toLowerCase();
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of SIZE_SUFFIXES) {
      const next = stem.replace(suffix, '');
      if (next !== stem && next !== '') {
        stem = next;
        changed = true;
      }
    }
  }
  return stem.length >= 3 && !GENERIC_NAME.test(stem) ? stem : null;
}

function parse(address: string): URL | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
