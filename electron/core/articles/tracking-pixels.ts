// Tracking pixels and spacers: images that exist to report a read or to push
// layout around, never to be looked at. They are dropped, not stored, and they
// leave no placeholder behind.

/** An image this small in either dimension shows nothing a reader would miss. */
export const MAX_PIXEL_SIZE = 2;

/** Hosts whose images are only ever beacons. */
const BEACON_HOSTS = [
  'pixel.wp.com',
  'stats.wp.com',
  'scorecardresearch.com',
  'pixel.quantserve.com',
  'google-analytics.com',
  'googleadservices.com',
  'doubleclick.net',
  'facebook.com/tr',
  'pixel.facebook.com',
  'bat.bing.com',
  'ad.doubleclick.net',
  'analytics.twitter.com',
  't.co/i/adsct',
  'pixel.mathtag.com',
  'sb.scorecardresearch.com',
  'feeds.feedburner.com/~r/',
  'feedproxy.google.com/~r/',
  'piwik.',
  'matomo.',
];

/** Paths that name themselves as counters or beacons, wherever they are hosted. */
const BEACON_PATH = /\/(__utm\.gif|pixel\.(gif|png)|1x1\.(gif|png)|spacer\.gif|blank\.gif|clear\.gif|transparent\.(gif|png)|beacon(\.gif)?|tracking[-_]?pixel[^/]*|open\.gif|~r\/|~ff\/|_\/stat\b)/i;

/** A width or height attribute of 0–2 px, as pixels and spacers declare themselves. */
export function declaresTinySize(width: string | null, height: string | null): boolean {
  const tiny = (value: string | null): boolean => {
    if (value === null || value.trim() === '') return false;
    const pixels = Number.parseFloat(value);
    return Number.isFinite(pixels) && !/%/.test(value) && pixels <= MAX_PIXEL_SIZE;
  };
  return tiny(width) || tiny(height);
}

export function isBeaconUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const hostAndPath = `${parsed.hostname}${parsed.pathname}`.toLowerCase();
  return BEACON_HOSTS.some((pattern) => matchesBeacon(hostAndPath, pattern)) || BEACON_PATH.test(parsed.pathname);
}

/** `pattern` at the start of the host (or after a dot), ending where a host or path segment ends. */
function matchesBeacon(hostAndPath: string, pattern: string): boolean {
  const at = hostAndPath.startsWith(pattern) ? 0 : hostAndPath.indexOf(`.${pattern}`) + 1;
  if (at === 0 && !hostAndPath.startsWith(pattern)) return false;
  if (pattern.endsWith('/') || pattern.endsWith('.')) return true;
  const next = hostAndPath.charAt(at + pattern.length);
  return next === '' || next === '/';
}

/** Real size, after download: a 1×1 that declared nothing is still a pixel. */
export function isTinyImage(width: number, height: number): boolean {
  return width <= MAX_PIXEL_SIZE || height <= MAX_PIXEL_SIZE;
}
