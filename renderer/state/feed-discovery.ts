// What the add dialog says about the feeds discovery found: their format in a
// word, how many items they carry, where they live, and which one to offer
// first. Kept apart from the view so the wording can be tested.
import type { FeedCandidate, FeedFormat } from '../../electron/shared/models.ts';

export const FORMAT_LABELS: Readonly<Record<FeedFormat, string>> = {
  rss: 'RSS',
  atom: 'Atom',
  json: 'JSON Feed',
  rdf: 'RDF',
};

/** The candidate chosen at first: the best one the reader does not follow yet, else the best. */
export function firstChoice(candidates: readonly FeedCandidate[]): FeedCandidate | null {
  return candidates.find((c) => c.subscribedId === null) ?? candidates[0] ?? null;
}

/** "5 items", "1 item", "No items yet". */
export function itemCountText(count: number): string {
  if (count === 0) return 'No items yet';
  return `${count.toLocaleString()} item${count === 1 ? '' : 's'}`;
}

/** An address as people read it: no scheme, no trailing slash on a bare host. */
export function displayAddress(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname === '/' && !parsed.search ? '' : `${parsed.pathname}${parsed.search}`;
    return `${parsed.host}${path}`;
  } catch {
    return url;
  }
}

/** The heading over the list: how many feeds, and where. */
export function foundText(candidates: readonly FeedCandidate[]): string {
  const site = candidates[0] ? hostOf(candidates[0].siteUrl ?? candidates[0].url) : '';
  const where = site ? ` on ${site}` : '';
  return candidates.length === 1 ? `Found one feed${where}` : `Found ${candidates.length} feeds${where}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
