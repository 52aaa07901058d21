// `broadsheet extract FILE|URL [--url PAGE_URL]`: the core's article
// extractor on its own, printing what Broadsheet would store for a page.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractArticle } from '../core/articles/extract.ts';
import { decodeHtml, fetchPage, PAGE_MAX_BYTES, parsePageAddress } from '../core/articles/fetch-page.ts';

export interface ExtractOutput {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedAt: string | null;
  lang: string | null;
  excerpt: string | null;
  leadImageUrl: string | null;
  contentHtml: string;
  text: string;
  wordCount: number;
}

const looksLikeUrl = (text: string): boolean => /^[a-z][a-z\d+.-]*:\/\//i.test(text);

export async function extractCommand(target: string, pageUrl?: string): Promise<ExtractOutput> {
  const given = pageUrl === undefined ? undefined : parsePageAddress(pageUrl).href;
  if (looksLikeUrl(target)) {
    const page = await fetchPage(target, { fetch: globalThis.fetch });
    return output(extractArticle(page.html, given ?? page.finalUrl));
  }
  const html = decodeHtml(await readPageFile(target), null);
  if (given) return output(extractArticle(html, given));
  // A saved page usually says where it came from; its links and images resolve against that.
  const fromFile = extractArticle(html, pathToFileURL(path.resolve(target)).href);
  return output(fromFile.canonicalUrl ? extractArticle(html, fromFile.canonicalUrl) : fromFile);
}

function output(article: ReturnType<typeof extractArticle>): ExtractOutput {
  const { title, byline, siteName, publishedAt, lang, excerpt, leadImageUrl, contentHtml, text, wordCount } = article;
  return { title, byline, siteName, publishedAt, lang, excerpt, leadImageUrl, contentHtml, text, wordCount };
}

async function readPageFile(target: string): Promise<Uint8Array> {
  const file = path.resolve(target);
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error(`${target} is not a file.`);
    if (info.size > PAGE_MAX_BYTES) throw new Error(`${target} is larger than ${PAGE_MAX_BYTES / (1024 * 1024)} MB, more than Broadsheet will read.`);
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`There is no file at ${target}.`, { cause: error });
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`Broadsheet is not allowed to read ${target}.`, { cause: error });
    throw error;
  }
}
