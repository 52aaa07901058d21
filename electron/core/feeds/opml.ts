// OPML subscription lists, in and out: what other readers (Feedly, Inoreader,
// NetNewsWire, Fluent Reader, Miniflux) export, read into folders and feeds
// with every unusable outline explained; and Broadsheet's own list written as
// OPML 2.0. feedsmith (over fast-xml-parser) does the XML: it never expands
// DOCTYPE entities, refuses external ones and caps nesting.
import { generateOpml, MalformedError, parseOpml, type Opml } from 'feedsmith';
import { ApiError } from '../../shared/errors.ts';
import { MAX_FOLDER_DEPTH } from '../store/folders-repo.ts';
import { unwrapFeedScheme, webUrl } from './web-address.ts';

export interface OpmlFeed {
  /** What the outline calls the feed; null when it names it nothing (the feed's own title is used then). */
  title: string | null;
  feedUrl: string;
  siteUrl: string | null;
}

export interface OpmlFolder {
  name: string;
  folders: OpmlFolder[];
  feeds: OpmlFeed[];
}

export interface OpmlProblem {
  /** What the outline calls itself, so the reader can find it in the file. */
  title: string;
  reason: string;
}

/** A subscription list: the top level is a folder without a name. */
export interface OpmlContents {
  folders: OpmlFolder[];
  feeds: OpmlFeed[];
}

export interface OpmlReading extends OpmlContents {
  problems: OpmlProblem[];
}

/** The longest folder name the contract accepts. */
const MAX_FOLDER_NAME = 200;
const MAX_TITLE = 500;

type Outline = Opml.Outline<string>;

/**
 * Reads an OPML file. Throws invalid_input, naming what the file looks like,
 * when it is not OPML at all; a valid file without feeds reads as empty.
 */
export function readOpml(text: string): OpmlReading {
  const source = text.replace(/^\uFEFF/, '');
  let document: Opml.Document<string>;
  try {
    document = parseOpml(source);
  } catch (error) {
    if (rootElement(source) !== 'opml') throw new ApiError('invalid_input', notOpmlMessage(source));
    // An <opml> element with nothing feedsmith keeps (no head, no outlines) is an empty list.
    if (!(error instanceof MalformedError)) return { folders: [], feeds: [], problems: [] };
    throw new ApiError('invalid_input', damagedMessage(error));
  }
  const reading: OpmlReading = { folders: [], feeds: [], problems: [] };
  walk(document.body?.outlines ?? [], reading, 0, reading.problems);
  return reading;
}

/**
 * Files each outline into `into`: a feed (it has an xmlUrl), a folder (it has
 * outlines inside, or nothing but a name: an empty folder), or a problem.
 * Folders deeper than MAX_FOLDER_DEPTH are not kept; their feeds go into the
 * deepest folder that is.
 */
function walk(outlines: readonly Outline[], into: OpmlContents, depth: number, problems: OpmlProblem[]): void {
  for (const outline of outlines) {
    if (outline.isComment === true) continue;
    const label = clean(outline.title) ?? clean(outline.text);
    const children = outline.outlines ?? [];
    if (outline.xmlUrl !== undefined) {
      const address = feedAddress(outline.xmlUrl);
      if ('reason' in address) problems.push({ title: label ?? outline.xmlUrl.slice(0, MAX_TITLE), reason: address.reason });
      else {
        into.feeds.push({
          title: label?.slice(0, MAX_TITLE) ?? null,
          feedUrl: address.url,
          siteUrl: outline.htmlUrl === undefined ? null : webUrl(outline.htmlUrl),
        });
      }
      // A feed with outlines inside is rare; its children are kept beside it rather than lost.
      walk(children, into, depth, problems);
      continue;
    }
    const name = (clean(outline.text) ?? clean(outline.title))?.slice(0, MAX_FOLDER_NAME);
    if (children.length === 0 && (name === undefined || isFeedLike(outline))) {
      problems.push({ title: name ?? '(an outline without a name)', reason: noFeedReason(outline, name !== undefined) });
      continue;
    }
    if (depth >= MAX_FOLDER_DEPTH) {
      problems.push({
        title: name ?? 'Untitled folder',
        reason: `It is nested more than ${MAX_FOLDER_DEPTH} folders deep, so it is not kept as a folder; its feeds were filed in the folder above it.`,
      });
      walk(children, into, depth, problems);
      continue;
    }
    const folder: OpmlFolder = { name: name ?? 'Untitled folder', folders: [], feeds: [] };
    into.folders.push(folder);
    walk(children, folder, depth + 1, problems);
  }
}

/** An outline without xmlUrl that still says it is about a feed or a page, so it is not an empty folder. */
function isFeedLike(outline: Outline): boolean {
  const type = outline.type?.toLowerCase();
  return (type !== undefined && type !== 'folder') || outline.htmlUrl !== undefined || outline.url !== undefined;
}

function noFeedReason(outline: Outline, named: boolean): string {
  const type = outline.type?.toLowerCase();
  if (type === 'include') return 'It points to another OPML file, which is not imported with this one.';
  if (type === 'link' || (outline.url !== undefined && outline.htmlUrl === undefined)) {
    return 'It links to a web page, not to a feed.';
  }
  if (outline.htmlUrl !== undefined) return 'It has a site address but no feed address (xmlUrl).';
  return named ? 'It has no feed address (xmlUrl).' : 'It has neither a feed address (xmlUrl) nor a name.';
}

/**
 * The feed address as Broadsheet stores it (absolute http(s), no fragment),
 * or why it cannot be used. feed: addresses are http(s) ones in disguise.
 */
export function feedAddress(raw: string): { url: string } | { reason: string } {
  const unwrapped = unwrapFeedScheme(raw);
  // feed://x names no scheme; such addresses have always meant http.
  const text = unwrapped === null ? raw.trim() : /^https?:/i.test(unwrapped) ? unwrapped : `http://${unwrapped}`;
  if (text === '') return { reason: 'Its feed address is empty.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { reason: `Its feed address “${shorten(text)}” is not a complete web address.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { reason: `Its feed address starts with “${shorten(url.protocol)}”; only http and https feeds can be followed.` };
  }
  if (url.hostname === '') return { reason: `Its feed address “${shorten(text)}” names no site.` };
  url.hash = '';
  return { url: url.href };
}

/** Control characters are not allowed in XML and say nothing in a name. */
function clean(text: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = text?.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? undefined : cleaned;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

// Telling the reader what the file is, when it is not OPML ------------------------

/** The name of the first element, skipping the XML declaration, comments, processing instructions and DOCTYPE. */
function rootElement(text: string): string | null {
  const prolog = /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>\s*)*<([A-Za-z_][\w.:-]*)/i;
  return prolog.exec(text)?.[1]?.toLowerCase() ?? null;
}

function notOpmlMessage(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'The file is empty.';
  const addInstead = 'To follow it, add its address as a feed instead.';
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (/"version"\s*:\s*"https?:\/\/jsonfeed\.org\//.test(trimmed)) return `This is a JSON Feed, not a list of subscriptions. ${addInstead}`;
    return 'This is a JSON file, not an OPML list of subscriptions.';
  }
  const root = rootElement(trimmed);
  if (/^\s*<!doctype html/i.test(trimmed) || root === 'html') return 'This is a web page (HTML), not an OPML list of subscriptions.';
  if (root === 'rss' || root === 'rdf:rdf') return `This is an RSS feed, not a list of subscriptions. ${addInstead}`;
  if (root === 'feed') return `This is an Atom feed, not a list of subscriptions. ${addInstead}`;
  if (root !== null) return `This XML file is not an OPML list of subscriptions (it is a <${root}> document).`;
  if (!trimmed.startsWith('<')) {
    return 'This file is not XML, so it is not an OPML list of subscriptions. Export your subscriptions as OPML from your other reader and import that file.';
  }
  return 'The file could not be read as XML, so it is not an OPML list of subscriptions.';
}

function damagedMessage(error: Error): string {
  // The XML parser's own faults (a TypeError on a stray closing tag, say) describe its code, not the file.
  const describesFile = error.cause instanceof Error && !(error.cause instanceof TypeError || error.cause instanceof RangeError || error.cause instanceof ReferenceError);
  const cause = describesFile && error.cause instanceof Error ? error.cause.message : '';
  if (/nested tags/i.test(cause)) return 'The outlines in this OPML file are nested too deeply to read.';
  if (/entit/i.test(cause)) return 'This OPML file declares entities of its own (a DOCTYPE), which Broadsheet does not read.';
  const detail = cause.split('\n')[0]?.trim();
  return detail ? `This OPML file is damaged and could not be read (${shorten(detail)}).` : 'This OPML file is damaged and could not be read.';
}

// Writing ----------------------------------------------------------------------

export const OPML_TITLE = 'Broadsheet subscriptions';
export const OPML_MIME_TYPE = 'text/x-opml';

/** broadsheet-subscriptions-2026-11-24.opml */
export function opmlFileName(now: Date): string {
  return `broadsheet-subscriptions-${now.toISOString().slice(0, 10)}.opml`;
}

/** OPML 2.0: folders as outlines holding their feeds; each feed with type, text, title, xmlUrl and htmlUrl. */
export function writeOpml(contents: OpmlContents, now: Date): string {
  const outlines = [...contents.folders.map(folderOutline), ...contents.feeds.map(feedOutline)];
  // feedsmith refuses a document without outlines; a library with no feeds still exports a valid, empty list.
  if (outlines.length === 0) return emptyOpml(now);
  return generateOpml({ head: { title: OPML_TITLE, dateCreated: now }, body: { outlines } });
}

function emptyOpml(now: Date): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${OPML_TITLE}</title>`,
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body/>',
    '</opml>',
    '',
  ].join('\n');
}

function folderOutline(folder: OpmlFolder): Outline {
  const name = xmlSafe(folder.name);
  const outlines = [...folder.folders.map(folderOutline), ...folder.feeds.map(feedOutline)];
  return outlines.length > 0 ? { text: name, title: name, outlines } : { text: name, title: name };
}

function feedOutline(feed: OpmlFeed): Outline {
  const title = xmlSafe(feed.title ?? new URL(feed.feedUrl).hostname);
  const outline: Outline = { text: title, title, type: 'rss', xmlUrl: xmlSafe(feed.feedUrl) };
  if (feed.siteUrl !== null) outline.htmlUrl = xmlSafe(feed.siteUrl);
  return outline;
}

/** Characters XML 1.0 cannot carry at all, even escaped, would make the whole file unreadable. */
function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}
