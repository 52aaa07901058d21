// Web addresses as the feed code handles them: resolved, http(s) only, no
// fragment; `feed:` addresses unwrapped; the host a site is known by. One
// place, so discovery, OPML, icons and the refresh queue agree on them.

/** An http(s) address, resolved against `base` and without its fragment; null for anything else. */
export function webUrl(href: string, base?: string): string | null {
  let url: URL;
  try {
    url = base === undefined ? new URL(href.trim()) : new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

/**
 * What a `feed:` address wraps (browsers and old readers hand these out):
 * `feed:https://x` is `https://x`, while `feed://x` names no scheme and gives
 * `x`, for the caller to complete. null when `text` is not a feed: address.
 */
export function unwrapFeedScheme(text: string): string | null {
  const trimmed = text.trim();
  if (/^feed:\/\//i.test(trimmed)) return trimmed.slice('feed://'.length);
  if (/^feed:https?:/i.test(trimmed)) return trimmed.slice('feed:'.length);
  return null;
}

/** The host a site is known by, "www." aside (news.example for https://www.news.example/feed); null when there is none. */
export function siteHost(address: string): string | null {
  try {
    return new URL(address).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
