// Our parse result seen through feedparser's key names, so its suite's
// `Expect:` lines can be evaluated against it. Only keys that mean the same as
// one of our normalised fields are present; touching any other key makes the
// case not applicable (NotApplicable), never a pass.
import { parseHTML } from 'linkedom';
import type { ParsedFeed, ParsedItem } from '../../core/feeds/parse-feed.ts';
import { contentBaseUrl } from '../../core/feeds/parse-feed.ts';
import { collapseSpace, htmlText, plainText } from '../../core/feeds/feed-text.ts';
import { DONT_CARE, NotApplicable, type PyObject, type PyValue, type Scope } from './python-expr.ts';

type Field = PyValue | undefined | (() => PyValue | undefined);

/** A feedparser dictionary over a fixed set of modelled keys. */
class View implements PyObject {
  readonly kind = 'object';
  private readonly name: string;
  private readonly fields: Record<string, Field>;
  constructor(name: string, fields: Record<string, Field>) {
    this.name = name;
    this.fields = fields;
  }
  get(key: string): PyValue | undefined {
    if (!Object.hasOwn(this.fields, key)) throw new NotApplicable(`${this.name}['${key}']`);
    const field = this.fields[key];
    return typeof field === 'function' ? field() : field;
  }
  /** Dict equality over the modelled keys (e.g. an enclosure compared with a literal dict). */
  equals(other: PyValue): boolean {
    if (other === null || typeof other !== 'object' || Array.isArray(other) || other.kind !== 'dict') return false;
    for (const [key, value] of other.entries) {
      if (typeof key !== 'string') return false;
      const mine = this.get(key);
      if (mine === undefined || !equalValues(mine, value)) return false;
    }
    return true;
  }
}

function equalValues(mine: PyValue, theirs: PyValue): boolean {
  if (mine !== null && typeof mine === 'object' && !Array.isArray(mine) && mine.kind === 'object' && mine.equals) return mine.equals(theirs);
  return mine === theirs;
}

/**
 * Text we store as plain text, compared with feedparser's value read the same
 * way: feedparser keeps markup and entities in titles and summaries, we keep
 * their text, so "&lt;b&gt;" there equals "<b>" here only as text.
 */
class PlainText implements PyObject {
  readonly kind = 'object';
  readonly value: string;
  private readonly alwaysHtml: boolean;
  constructor(value: string, alwaysHtml: boolean) {
    this.value = value;
    this.alwaysHtml = alwaysHtml;
  }
  get(key: string): PyValue | undefined {
    throw new NotApplicable(`text['${key}']`);
  }
  private read(expected: string): string {
    return this.alwaysHtml ? htmlText(expected) : plainText(expected);
  }
  equals(other: PyValue): boolean {
    if (other instanceof PlainText) return other.value === this.value;
    // feedparser's value may be text or markup; either reading of it may match ours.
    return typeof other === 'string' && (this.read(other) === this.value || collapseSpace(other) === this.value);
  }
  contains(needle: PyValue): boolean {
    return typeof needle === 'string' && this.value.includes(this.read(needle));
  }
  length(): number {
    return [...this.value].length;
  }
  ord(): number {
    if ([...this.value].length !== 1) throw new NotApplicable('ord() of more than one character');
    return this.value.codePointAt(0) ?? 0;
  }
}

/** An address: equal to feedparser's when both are the same URL once normalised (host case, percent-encoding). */
class UrlValue implements PyObject {
  readonly kind = 'object';
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  get(key: string): PyValue | undefined {
    throw new NotApplicable(`url['${key}']`);
  }
  equals(other: PyValue): boolean {
    if (typeof other !== 'string') return other instanceof UrlValue && other.value === this.value;
    if (other === this.value) return true;
    try {
      return new URL(other.trim()).href === this.value;
    } catch {
      return false;
    }
  }
  contains(needle: PyValue): boolean {
    return typeof needle === 'string' && this.value.includes(needle);
  }
  length(): number {
    return this.value.length;
  }
}

const url = (value: string | null): UrlValue | undefined => (value === null ? undefined : new UrlValue(value));

/** HTML content, compared as markup: both sides parsed and serialised alike, ours with relative URLs resolved as the app resolves them when it stores the article. */
class HtmlText implements PyObject {
  readonly kind = 'object';
  private readonly html: string;
  private readonly base: string;
  constructor(html: string, base: string) {
    this.html = html;
    this.base = base;
  }
  get(key: string): PyValue | undefined {
    throw new NotApplicable(`html['${key}']`);
  }
  equals(other: PyValue): boolean {
    if (typeof other !== 'string') return false;
    if (canonicalHtml(this.html, this.base) === canonicalHtml(other, null)) return true;
    // Plain text that we keep as HTML paragraphs: the same when the words are the same,
    // reading feedparser's value as markup or, for text content, as it stands.
    const ours = htmlText(this.html);
    return (!other.includes('<') && ours === htmlText(other)) || ours === collapseSpace(other);
  }
  contains(needle: PyValue): boolean {
    return typeof needle === 'string' && canonicalHtml(this.html, this.base).includes(canonicalHtml(needle, null));
  }
  length(): number {
    return this.html.length;
  }
  ord(): number {
    const text = htmlText(this.html);
    if ([...text].length !== 1) throw new NotApplicable('ord() of more than one character');
    return text.codePointAt(0) ?? 0;
  }
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'poster', 'background', 'longdesc', 'action']);

/** Markup in one spelling: lower-case tags, sorted attributes, decoded and collapsed text. */
export function canonicalHtml(html: string, base: string | null): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  let out = '';
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        out += (child.textContent ?? '').replace(/[ \t\n\f\r]+/g, ' ');
      } else if (child.nodeType === 1) {
        const element = child as Element;
        const tag = element.localName.toLowerCase();
        const attributes = Array.from(element.attributes)
          // Namespace declarations are not content.
          .filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))
          .map((a) => {
            let value = a.value;
            if (URL_ATTRIBUTES.has(a.name.toLowerCase())) {
              try {
                value = (base ? new URL(value.trim(), base) : new URL(value.trim())).href;
              } catch {
                // Left as written: relative on the expected side, or unusable.
              }
            }
            return `${a.name.toLowerCase()}="${value}"`;
          })
          .sort();
        out += `<${[tag, ...attributes].join(' ')}>`;
        walk(element);
        out += `</${tag}>`;
      }
    }
  };
  walk(document.body);
  return out.trim();
}

/** feedparser's time.struct_time for an ISO date: (year, month, day, hour, minute, second, weekday Mon=0, day of year, isdst 0). */
export function timeTuple(iso: string): number[] {
  const date = new Date(iso);
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  const yday = Math.floor((Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - start) / 86_400_000) + 1;
  return [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    (date.getUTCDay() + 6) % 7,
    yday,
    0,
  ];
}

const plain = (value: string | null, alwaysHtml = false): PlainText | undefined => (value === null ? undefined : new PlainText(value, alwaysHtml));

function feedView(feed: ParsedFeed): View {
  const title = () => plain(feed.title);
  const description = () => plain(feed.description, true);
  const detail = (value: () => PyValue | undefined) => () => {
    const v = value();
    return v === undefined ? undefined : new View('feed detail', { value: v });
  };
  const image = () => (feed.imageUrl === null ? undefined : new View('feed image', { href: url(feed.imageUrl), url: url(feed.imageUrl) }));
  return new View('feed', {
    title,
    title_detail: detail(title),
    link: url(feed.siteUrl),
    subtitle: description,
    tagline: description,
    description,
    subtitle_detail: detail(description),
    tagline_detail: detail(description),
    language: feed.language ?? undefined,
    image,
  });
}

function entryView(item: ParsedItem, feedUrl: string): View {
  const title = () => plain(item.title);
  // Like feedparser's, and like the app's excerpt (prepare.ts): the summary, else the content's text.
  const summary = () => plain(item.summary ?? (item.contentHtml === null ? null : htmlText(item.contentHtml)), true);
  const detail = (value: () => PyValue | undefined) => () => {
    const v = value();
    return v === undefined ? undefined : new View('entry detail', { value: v });
  };
  const date = () => (item.publishedAt === null ? undefined : timeTuple(item.publishedAt));
  const author = () => plain(item.author);
  // The xml:base the item's HTML resolves against: feedparser's base of the element it came from.
  const base = () => url(contentBaseUrl(item, feedUrl));
  const content = () =>
    item.contentHtml === null
      ? undefined
      : [new View('content', { value: new HtmlText(item.contentHtml, contentBaseUrl(item, feedUrl)), base })];
  const enclosures = () =>
    item.enclosures.map(
      (e) =>
        new View('enclosure', {
          href: url(e.url),
          url: url(e.url),
          type: e.type ?? undefined,
          length: e.length ?? undefined,
        }),
    );
  return new View('entry', {
    title,
    title_detail: detail(title),
    link: url(item.url),
    id: item.guid ?? undefined,
    guid: item.guid ?? undefined,
    author,
    author_detail: () => (item.author === null ? undefined : new View('author', { name: author() })),
    published_parsed: date,
    updated_parsed: date,
    issued_parsed: date,
    modified_parsed: date,
    date_parsed: date,
    summary,
    description: summary,
    // Our HTML comes from the summary when there is no content; where both have
    // their own base we keep only the content's, and a case expecting the
    // summary's then fails rather than passing by accident.
    summary_detail: () => {
      const v = summary();
      return v === undefined ? undefined : new View('entry detail', { value: v, base });
    },
    content,
    enclosures,
    image: () => (item.imageUrl === null ? undefined : new View('entry image', { href: url(item.imageUrl) })),
  });
}

// The keys the views above model, for the static check that makes a case not
// applicable when any of its lookups leaves them (whatever short-circuiting
// would have evaluated). Keep in step with feedView and entryView.
type Schema = { [key: string]: Schema | true };
const DETAIL: Schema = { value: true };
const BASED_DETAIL: Schema = { value: true, base: true };
const FEED_SCHEMA: Schema = {
  title: true, title_detail: DETAIL, link: true, subtitle: true, tagline: true, description: true,
  subtitle_detail: DETAIL, tagline_detail: DETAIL, language: true, image: { href: true, url: true },
};
const ENTRY_SCHEMA: Schema = {
  title: true, title_detail: DETAIL, link: true, id: true, guid: true, author: true, author_detail: { name: true },
  published_parsed: true, updated_parsed: true, issued_parsed: true, modified_parsed: true, date_parsed: true,
  summary: true, description: true, summary_detail: BASED_DETAIL, content: { '*': BASED_DETAIL },
  enclosures: { '*': { href: true, url: true, type: true, length: true } }, image: { href: true },
};
const ROOT_SCHEMA: Schema = {
  feed: FEED_SCHEMA, channel: FEED_SCHEMA, entries: { '*': ENTRY_SCHEMA }, items: { '*': ENTRY_SCHEMA }, encoding: true, bozo: true,
  // Python built-ins the evaluator knows.
  len: true, ord: true,
};

/** Whether a lookup path stays within what we model (a path ending inside a modelled value, e.g. a string index, is fine). */
export function isModelled(path: string[]): boolean {
  let schema: Schema | true = ROOT_SCHEMA;
  for (const key of path) {
    if (schema === true) return /^\d+$|^\*$/.test(key);
    const next: Schema | true | undefined = Object.hasOwn(schema, key) ? schema[key] : /^\d+$|^\*$/.test(key) ? schema['*'] : undefined;
    if (next === undefined) return false;
    schema = next;
  }
  return true;
}

export interface ParseOutcome {
  feed: ParsedFeed;
  encoding: string;
  feedUrl: string;
}

/** The names an Expect line may use, over our result. */
export function feedparserScope(outcome: ParseOutcome): Scope {
  const feed = feedView(outcome.feed);
  const entries = outcome.feed.items.map((item) => entryView(item, outcome.feedUrl));
  return (name) => {
    switch (name) {
      case 'feed':
      case 'channel':
        return feed;
      case 'entries':
      case 'items':
        return entries;
      case 'encoding':
        return outcome.encoding;
      // Broadsheet reads leniently, as a browser does, and keeps no well-formedness flag: "bozo"
      // decides nothing either way, and a case that asks for nothing else is not applicable.
      case 'bozo':
        return DONT_CARE;
      default:
        throw new NotApplicable(name);
    }
  };
}
