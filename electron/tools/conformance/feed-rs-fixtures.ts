// Compares the parser with the feed-rs fixtures (corpus/feeds/feed-rs): each
// input beside feed-rs's normalised model (*.serde.json). Only the fields
// that mean the same in both models are checked; where a difference is
// feed-rs's own normalisation (ids it invents, for one) the check is not
// applicable, with the reason.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeFeedBytes } from '../../core/feeds/feed-charset.ts';
import { collapseSpace, htmlText, plainText } from '../../core/feeds/feed-text.ts';
import { parseFeedDocument, type ParsedFeed, type ParsedItem } from '../../core/feeds/parse-feed.ts';
import type { Verdict } from './feedparser-suite.ts';

export interface FieldCheck {
  file: string;
  folder: string;
  field: string;
  verdict: Verdict;
  note?: string;
}

interface RsText {
  content?: string | null;
}
interface RsLink {
  href: string;
  rel: string | null;
}
interface RsEntry {
  id: string;
  title: RsText | null;
  updated: string | null;
  published: string | null;
  authors: { name: string }[];
  content: { body: string | null } | null;
  summary: RsText | null;
  links: RsLink[];
  media: { content: { url: string | null }[] }[];
}
interface RsFeed {
  title: RsText | null;
  authors: { name: string }[];
  links: RsLink[];
  language: string | null;
  entries: RsEntry[];
}

const FEED_URL = 'http://example.com/feed';

function sameText(ours: string | null, theirs: string | null | undefined): boolean {
  if (theirs === null || theirs === undefined || collapseSpace(theirs) === '') return ours === null;
  return ours !== null && (ours === plainText(theirs) || ours === collapseSpace(theirs) || ours === htmlText(theirs));
}

function sameUrl(ours: string | null, theirs: string | null | undefined): boolean {
  if (!theirs) return ours === null;
  if (ours === theirs) return true;
  try {
    return new URL(theirs, FEED_URL).href === ours;
  } catch {
    return false;
  }
}

function alternate(links: RsLink[]): string | null {
  return links.find((l) => l.rel === null || l.rel === 'alternate')?.href ?? null;
}

// feed-rs invents an id (an MD5 in hex) when a feed gives none.
const INVENTED_ID = /^[\da-f]{32}$/;

function checkEntry(ours: ParsedItem, theirs: RsEntry, feedAuthor: string | null, check: (field: string, pass: boolean | null, note?: string) => void): void {
  if (INVENTED_ID.test(theirs.id) && ours.guid === null) check('id', null, 'feed-rs invents an id where the feed has none; we keep none');
  else if (INVENTED_ID.test(theirs.id) && ours.guid !== null && ours.guid === ours.url) check('id', null, 'feed-rs invents an id; we use the rdf:about or permalink');
  else check('id', ours.guid === theirs.id);
  check('title', sameText(ours.title, theirs.title?.content));
  const link = alternate(theirs.links);
  if (link === null && ours.url !== null && ours.url === ours.guid) check('link', null, 'a permalink guid is the link (RSS 2.0); feed-rs does not use it');
  else check('link', sameUrl(ours.url, link));
  const date = theirs.published ?? theirs.updated;
  if (date === null && ours.publishedAt !== null) check('date', null, 'feed-rs reads no date here; we do');
  else check('date', date === null ? ours.publishedAt === null : ours.publishedAt !== null && Date.parse(ours.publishedAt) === Date.parse(date));
  const author = theirs.authors[0]?.name ?? null;
  if (author === null && ours.author !== null && ours.author === feedAuthor) {
    check('author', null, "an entry inherits the feed's author (RFC 4287 §4.2.1); feed-rs leaves it empty");
  } else {
    // feed-rs keeps RSS's "address (Name)" whole as the name; we keep the name.
    check('author', author === null ? ours.author === null : ours.author !== null && (ours.author === author.trim() || author.includes(ours.author)));
  }
  const body = theirs.content?.body ?? null;
  if (body !== null) check('content', ours.contentHtml !== null && htmlText(ours.contentHtml) === htmlText(body));
  else if (theirs.summary?.content) check('summary', sameText(ours.summary, theirs.summary.content) || (ours.contentHtml !== null && htmlText(ours.contentHtml) === htmlText(theirs.summary.content)));
  const mediaUrls = new Set(theirs.media.flatMap((m) => m.content.map((c) => c.url)).filter((u): u is string => u !== null));
  if (ours.enclosures.length > 0 || mediaUrls.size > 0) {
    const enclosed = ours.enclosures.map((e) => e.url).filter((u): u is string => u !== null);
    const missing = enclosed.filter((u) => ![...mediaUrls].some((m) => sameUrl(u, m)));
    check('enclosures', missing.length === 0, missing.length ? `not in feed-rs's media: ${missing.join(' ')}` : undefined);
  }
}

export function compareFixture(inputFile: string, root: string): FieldCheck[] {
  const file = path.relative(root, inputFile).split(path.sep).join('/');
  const folder = file.split('/')[0] ?? '';
  const checks: FieldCheck[] = [];
  const check = (field: string, pass: boolean | null, note?: string) =>
    checks.push({ file, folder, field, verdict: pass === null ? 'n/a' : pass ? 'pass' : 'fail', ...(note ? { note } : {}) });
  const expectedFile = inputFile.replace(/\.(xml|json)$/, '.serde.json');
  let feed: ParsedFeed;
  const text = decodeFeedBytes(readFileSync(inputFile), null).text;
  if (/^\s*(<\?xml[^>]*>\s*)?<entry[\s>]/.test(text)) {
    check('parse', null, 'an Atom entry document, not a feed');
    return checks;
  }
  try {
    feed = parseFeedDocument(text, FEED_URL).feed;
  } catch (error) {
    check('parse', existsSync(expectedFile) ? false : null, `threw: ${error instanceof Error ? error.message : String(error)}`);
    return checks;
  }
  if (!existsSync(expectedFile)) {
    check('parse', null, 'no expected model beside it');
    return checks;
  }
  const theirs = JSON.parse(readFileSync(expectedFile, 'utf8')) as RsFeed;
  check('feed title', sameText(feed.title, theirs.title?.content));
  check('feed link', sameUrl(feed.siteUrl, alternate(theirs.links)));
  const tag = (value: string | null | undefined) => value?.toLowerCase().replace(/_/g, '-');
  if (theirs.language) check('feed language', tag(feed.language) === tag(theirs.language));
  check('entry count', feed.items.length === theirs.entries.length);
  // The feed's author as we read it: the name an entry without one inherits.
  const feedAuthor = theirs.authors[0]?.name.trim() ?? null;
  theirs.entries.forEach((entry, i) => {
    const ours = feed.items[i];
    if (!ours) return;
    checkEntry(ours, entry, feedAuthor, (field, pass, note) => check(`entry ${field}`, pass, note));
  });
  return checks;
}

export function runFeedRsFixtures(root: string): FieldCheck[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(root, d.name))
        .filter((name) => /\.(xml|json)$/.test(name) && !name.endsWith('.serde.json'))
        .sort()
        .flatMap((name) => compareFixture(path.join(root, d.name, name), root)),
    );
}
