// What a page says about itself, read before Readability rearranges the
// document: JSON-LD (NewsArticle/Article…), OpenGraph, twitter:, <meta name>,
// <time>, <html lang/dir>. The first trustworthy answer wins, in that order.
import type { DomDocument, DomElement } from './extract-dom.ts';

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedAt: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  excerpt: string | null;
  leadImageUrl: string | null;
  canonicalUrl: string | null;
  /** The JSON-LD @type that described the page, e.g. NewsArticle, VideoObject, WebPage. */
  jsonLdType: string | null;
  /** og:type, e.g. article, video.other, website. */
  ogType: string | null;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ARTICLE_TYPES = /^(Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|TechArticle|ScholarlyArticle|Report|SocialMediaPosting|Review)$/;

const clean = (value: string | null | undefined): string | null => {
  const text = value?.replace(/\s+/gu, ' ').trim();
  return text ? text : null;
};

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function readMetadata(doc: DomDocument, pageUrl: string): PageMetadata {
  const meta = metaMap(doc);
  const ld = articleJsonLd(doc);
  const absolute = (value: string | null | undefined): string | null => toAbsoluteUrl(value, pageUrl);
  const pick = (...names: string[]): string | null => {
    for (const name of names) {
      const value = clean(meta.get(name));
      if (value) return value;
    }
    return null;
  };

  const ldObject = ld?.object ?? null;
  const title =
    clean(ldString(ldObject?.headline)) ??
    pick('og:title', 'twitter:title', 'dc.title', 'title') ??
    clean(doc.querySelector('h1')?.textContent) ??
    clean(doc.title);
  const byline = authorNames(ldObject?.author) ?? pick('author', 'article:author', 'byl', 'dc.creator', 'parsely-author', 'sailthru.author') ?? relAuthor(doc);
  const siteName = pick('og:site_name', 'application-name', 'twitter:site:name') ?? authorNames(ldObject?.publisher) ?? null;
  const dateText =
    ldString(ldObject?.datePublished) ??
    pick('article:published_time', 'og:published_time', 'published_time', 'date', 'pubdate', 'publishdate', 'dc.date', 'dc.date.issued', 'dcterms.created', 'sailthru.date', 'parsely-pub-date', 'datepublished') ??
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ??
    ldString(ldObject?.dateCreated) ??
    null;
  const html = doc.documentElement;
  const lang = clean(html.getAttribute('lang') ?? html.getAttribute('xml:lang')) ?? pick('og:locale', 'content-language', 'language', 'dc.language') ?? ldString(ldObject?.inLanguage);
  const dirAttr = (html.getAttribute('dir') ?? doc.body?.getAttribute('dir') ?? '').toLowerCase();
  const excerpt = pick('description', 'og:description', 'twitter:description') ?? clean(ldString(ldObject?.description));
  const image =
    pick('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src') ?? ldImage(ldObject?.image) ?? firstFigureImage(doc);
  const canonical = doc.querySelector('link[rel~="canonical"][href]')?.getAttribute('href') ?? pick('og:url');

  return {
    title,
    byline: byline ? byline.replace(/^by\s+/i, '') : null,
    siteName,
    publishedAt: toIsoUtc(dateText),
    lang: lang ? normaliseLang(lang) : null,
    dir: dirAttr === 'rtl' || dirAttr === 'ltr' ? dirAttr : null,
    excerpt,
    leadImageUrl: httpUrl(absolute(image)),
    canonicalUrl: httpUrl(absolute(canonical)),
    jsonLdType: ld?.type ?? null,
    ogType: pick('og:type'),
  };
}

/** <meta> by lower-cased name / property / itemprop / http-equiv; the first of each wins. */
function metaMap(doc: DomDocument): Map<string, string> {
  const map = new Map<string, string>();
  const metas = doc.querySelectorAll('meta');
  for (let i = 0; i < metas.length; i += 1) {
    const el = metas[i] as DomElement;
    const content = el.getAttribute('content');
    if (content === null) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (key && !map.has(key)) map.set(key, content);
    }
  }
  return map;
}

/** The most article-like object in the page's JSON-LD, and its type. */
function articleJsonLd(doc: DomDocument): { object: JsonObject; type: string } | null {
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  let fallback: { object: JsonObject; type: string } | null = null;
  for (let i = 0; i < scripts.length; i += 1) {
    let data: Json;
    try {
      // Some publishers wrap the JSON in CDATA or comments.
      data = JSON.parse((scripts[i]?.textContent ?? '').replace(/^\s*(<!\[CDATA\[|<!--)|(\]\]>|-->)\s*$/g, '')) as Json;
    } catch {
      continue;
    }
    for (const object of flattenLd(data)) {
      const types = ([] as Json[]).concat(object['@type'] ?? []).filter((t): t is string => typeof t === 'string');
      const articleType = types.find((t) => ARTICLE_TYPES.test(t));
      if (articleType) return { object, type: articleType };
      if (!fallback && types[0] && /^(VideoObject|WebPage|CollectionPage|ItemList|WebSite|MediaObject|AudioObject|Event|Product|Recipe)$/.test(types[0])) {
        fallback = { object, type: types[0] };
      }
    }
  }
  return fallback;
}

function flattenLd(data: Json, depth = 0): JsonObject[] {
  if (depth > 4) return [];
  if (Array.isArray(data)) return data.flatMap((d) => flattenLd(d, depth + 1));
  if (!isObject(data)) return [];
  const graph = data['@graph'];
  const out: JsonObject[] = [data];
  if (graph !== undefined) out.push(...flattenLd(graph, depth + 1));
  const main = data.mainEntity;
  if (main !== undefined) out.push(...flattenLd(main, depth + 1));
  return out;
}

function ldString(value: Json | undefined): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return ldString(value[0]);
  if (isObject(value)) return ldString(value['@value'] ?? value.name);
  return null;
}

function authorNames(value: Json | undefined): string | null {
  const names = ([] as Json[])
    .concat(value ?? [])
    .map((a) => (typeof a === 'string' ? a : isObject(a) ? ldString(a.name) : null))
    .map((n) => clean(n))
    .filter((n): n is string => n !== null && !/^https?:\/\//.test(n));
  return names.length ? [...new Set(names)].join(', ') : null;
}

function ldImage(value: Json | undefined): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return ldImage(value[0]);
  if (isObject(value)) return ldString(value.url ?? value.contentUrl);
  return null;
}

function relAuthor(doc: DomDocument): string | null {
  return clean(doc.querySelector('[rel="author"], [itemprop="author"] [itemprop="name"], [itemprop="author"]')?.textContent)?.slice(0, 200) ?? null;
}

function firstFigureImage(doc: DomDocument): string | null {
  const img = doc.querySelector('article figure img, main figure img, figure img');
  return img?.getAttribute('src') ?? img?.getAttribute('data-src') ?? null;
}

export function toAbsoluteUrl(value: string | null | undefined, base: string): string | null {
  if (!value) return null;
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return null;
  }
}

function httpUrl(value: string | null): string | null {
  return value && /^https?:\/\//i.test(value) ? value : null;
}

/**
 * A date as ISO 8601 UTC, or null. Dates without a zone are read as UTC (a
 * guess, but a stable one); a bare date means midnight UTC.
 */
export function toIsoUtc(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  let ms = Date.parse(text);
  if (Number.isNaN(ms) && /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(text)) ms = Date.parse(text.replace(' ', 'T'));
  if (Number.isNaN(ms) && /^\d{10}(\d{3})?$/.test(text)) ms = Number(text) * (text.length === 10 ? 1000 : 1);
  if (Number.isNaN(ms)) return null;
  // Date.parse reads "2019-11-19T10:00:00" (no zone) as local time; treat it as UTC instead.
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text)) ms = Date.parse(`${text}Z`);
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year >= 1990 && year <= 2200 ? date.toISOString() : null;
}

/** "en_US" → "en-US"; keeps only a sane BCP 47 shape. */
function normaliseLang(value: string): string | null {
  const tag = value.trim().replace(/_/g, '-');
  return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag) ? tag : null;
}
