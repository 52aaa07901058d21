// Which address to download for one <img>: a page offers many (src, srcset,
// <picture> sources, lazy-loading attributes), and we keep exactly one, sharp
// enough for a reading column on a high-density screen without fetching a
// poster-sized original.
import { parseSrcset } from 'srcset';

/** A reading column is ~700 CSS px; at 2x that is ~1400 device px. */
export const TARGET_MIN_WIDTH = 1200;
export const TARGET_MAX_WIDTH = 1600;

/** Attributes lazy-loading scripts keep the real address in, while src holds a placeholder. */
const LAZY_SRC_ATTRIBUTES = ['data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url', 'data-hi-res-src'];
const LAZY_SRCSET_ATTRIBUTES = ['data-srcset', 'data-lazy-srcset'];

/** Source types a stored image may have; a <source type="image/svg+xml"> or JPEG XL one is passed over. */
const STORABLE_SOURCE_TYPE = /^image\/(jpeg|jpg|png|gif|webp|avif)$/i;

export interface ImageElementLike {
  getAttribute(name: string): string | null;
}

interface Candidate {
  url: string;
  width?: number;
  density?: number;
}

/**
 * The one candidate to download from a srcset: for width descriptors the
 * narrowest at or above the target (the widest when none reaches it); for
 * density descriptors 2x, else the nearest below, else the smallest above.
 */
export function chooseFromSrcset(srcset: string): string | null {
  let candidates: Candidate[];
  try {
    candidates = parseSrcset(srcset).filter((candidate) => /[^\s,]/.test(candidate.url));
  } catch {
    return null;
  }
  if (candidates.length === 0) return null;
  const widths = candidates.filter((c): c is Candidate & { width: number } => typeof c.width === 'number' && c.width > 0);
  if (widths.length > 0) {
    widths.sort((a, b) => a.width - b.width);
    const fitting = widths.find((c) => c.width >= TARGET_MIN_WIDTH && c.width <= TARGET_MAX_WIDTH);
    const above = widths.find((c) => c.width >= TARGET_MIN_WIDTH);
    return (fitting ?? above ?? widths[widths.length - 1])?.url ?? null;
  }
  const densities = candidates.map((c) => ({ url: c.url, density: c.density ?? 1 })).sort((a, b) => a.density - b.density);
  const atMostTwo = densities.filter((c) => c.density <= 2);
  return (atMostTwo[atMostTwo.length - 1] ?? densities[0])?.url ?? null;
}

/** A src that only stands in for the real image until a script swaps it. */
function isPlaceholderSrc(src: string): boolean {
  return src.startsWith('data:') || /(^|[/_.-])(blank|spacer|placeholder|transparent|lazy|grey|gray|loading)[\w-]*\.(gif|png|svg|jpe?g)(\?|$)/i.test(src);
}

/**
 * The address (not yet resolved against the page) to download for an image,
 * given the <img> and the <source> elements of its <picture>, if any.
 */
export function chooseImageSource(img: ImageElementLike, sources: readonly ImageElementLike[] = []): string | null {
  const attr = (element: ImageElementLike, name: string): string => element.getAttribute(name)?.trim() ?? '';

  for (const source of sources) {
    const type = attr(source, 'type');
    if (type && !STORABLE_SOURCE_TYPE.test(type)) continue;
    // A source for another medium (print, a narrow phone) is not the picture a reader sees.
    const media = attr(source, 'media');
    if (media && !/min-width/i.test(media)) continue;
    const chosen = chooseFromSrcset(attr(source, 'srcset') || attr(source, 'data-srcset'));
    if (chosen) return chosen;
  }

  for (const name of LAZY_SRCSET_ATTRIBUTES) {
    const chosen = chooseFromSrcset(attr(img, name));
    if (chosen) return chosen;
  }
  const src = attr(img, 'src');
  const lazy = LAZY_SRC_ATTRIBUTES.map((name) => attr(img, name)).find((value) => value !== '');
  if (lazy && (src === '' || isPlaceholderSrc(src))) return lazy;
  const fromSrcset = chooseFromSrcset(attr(img, 'srcset'));
  if (fromSrcset) return fromSrcset;
  return src || lazy || null;
}
