// `broadsheet parse-feed FILE|URL`: the core's parser on its own, for checking
// what Broadsheet makes of a feed without saving anything.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeBody } from '../core/feeds/feed-charset.ts';
import { DEFAULT_MAX_BYTES, fetchFeed } from '../core/feeds/fetch-feed.ts';
import { parseFeed, type ParsedFeed, type ParsedItem } from '../core/feeds/parse-feed.ts';

/** The shape the foundation issue fixed for `parse-feed`; fields the parser gained since (images) are not printed. */
export type PrintedItem = Omit<ParsedItem, 'imageUrl'>;
export type PrintedFeed = Omit<ParsedFeed, 'imageUrl' | 'items'> & { items: PrintedItem[] };

export function printedShape(feed: ParsedFeed): PrintedFeed {
  return {
    title: feed.title,
    siteUrl: feed.siteUrl,
    description: feed.description,
    language: feed.language,
    items: feed.items.map((i) => ({
      guid: i.guid,
      title: i.title,
      url: i.url,
      publishedAt: i.publishedAt,
      author: i.author,
      summary: i.summary,
      contentHtml: i.contentHtml,
      enclosures: i.enclosures.map((e) => ({ url: e.url, type: e.type, length: e.length })),
    })),
  };
}

const looksLikeUrl = (text: string): boolean => /^[a-z][a-z\d+.-]*:\/\//i.test(text);

export async function parseFeedCommand(target: string): Promise<PrintedFeed> {
  return printedShape(await parseTarget(target));
}

async function parseTarget(target: string): Promise<ParsedFeed> {
  if (looksLikeUrl(target)) {
    const fetched = await fetchFeed(target);
    // A fresh request carries no validators, so the server cannot answer "unchanged".
    if (fetched.status !== 'ok') throw new Error(`${target} answered "not modified" to a fresh request.`);
    return parseFeed(fetched.body, fetched.finalUrl);
  }
  const file = path.resolve(target);
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error(`${target} is not a file.`);
    if (info.size > DEFAULT_MAX_BYTES) {
      throw new Error(`${target} is larger than ${DEFAULT_MAX_BYTES / (1024 * 1024)} MB, more than Broadsheet will read.`);
    }
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`There is no file at ${target}.`, { cause: error });
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`Broadsheet is not allowed to read ${target}.`, { cause: error });
    throw error;
  }
  // Relative links in a local file are resolved against the file itself.
  return parseFeed(decodeBody(bytes, null), pathToFileURL(file).href);
}
