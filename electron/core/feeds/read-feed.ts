// A downloaded feed body, read into what the store takes: the feed's own
// details and its items prepared as articles (sanitised HTML, text, excerpt,
// hash). This is the CPU-heavy part of a refresh; feed-reader-pool.ts runs it
// off the main thread, so everything here crosses a thread boundary as plain data.
import { prepareArticle } from '../articles/prepare.ts';
import type { IncomingArticle } from '../store/articles-repo.ts';
import { parseFeed } from './parse-feed.ts';

export interface ReadFeed {
  title: string | null;
  siteUrl: string | null;
  description: string | null;
  /** The feed's own image (logo, icon), a last resort for its site icon. */
  imageUrl: string | null;
  /** Oldest first, the order they are stored in, so ids follow the feed's own order. */
  items: IncomingArticle[];
}

/** Throws ApiError('not_a_feed', …) with a plain message when the body is not a feed. */
export function readFeed(body: string, feedUrl: string, now: Date): ReadFeed {
  const parsed = parseFeed(body, feedUrl);
  return {
    title: parsed.title,
    siteUrl: parsed.siteUrl,
    description: parsed.description,
    imageUrl: parsed.imageUrl,
    items: parsed.items.map((item) => prepareArticle(item, feedUrl, now)).reverse(),
  };
}
