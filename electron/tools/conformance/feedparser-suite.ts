// Runs the feedparser test suite (corpus/feeds/feedparser) through the app's
// own decoding and parsing, and scores each case's `Expect:` line against the
// result: pass, fail, or not applicable when it asks about something
// Broadsheet does not model.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/errors.ts';
import { decodeFeedBytes } from '../../core/feeds/feed-charset.ts';
import { parseFeedDocument } from '../../core/feeds/parse-feed.ts';
import { feedparserScope, isModelled } from './feedparser-view.ts';
import { evaluateExpect, NotApplicable, PythonError } from './python-expr.ts';

export type Verdict = 'pass' | 'fail' | 'n/a';

export interface CaseResult {
  file: string;
  /** Top folder (wellformed, encoding, entities, illformed, json) or wellformed/<topic>. */
  folder: string;
  verdict: Verdict;
  expect: string;
  /** Why not applicable, or what went wrong. */
  note?: string;
}

export interface CaseHeader {
  description: string;
  expect: string | null;
  headers: Record<string, string>;
  skipUnless: string | null;
}

/** Reads the comment at the top of a case (or the `__TEST__` key of a JSON case). */
export function readCaseHeader(text: string): CaseHeader {
  const comment = /<!--([\s\S]*?)-->/.exec(text.slice(0, 8192))?.[1] ?? /"__TEST__"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? '';
  const field = (name: string): string | null => {
    const match = new RegExp(`${name}:\\s*(.*?)\\s*(?=\\n|$|-->|Expect:|Description:)`).exec(comment);
    return match?.[1] ?? null;
  };
  const headers: Record<string, string> = {};
  for (const match of comment.matchAll(/^\s*Header:\s*([\w-]+):\s*(.*?)\s*$/gm)) {
    headers[(match[1] ?? '').toLowerCase()] = match[2] ?? '';
  }
  return { description: field('Description') ?? '', expect: field('Expect'), headers, skipUnless: field('SkipUnless') };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : /\.(xml|json|rdf|atom|rss)$/i.test(name) ? [full] : [];
    });
}

export function runCase(file: string, root: string): CaseResult {
  const relative = path.relative(root, file).split(path.sep).join('/');
  const parts = relative.split('/');
  const folder = parts[0] === 'wellformed' && parts.length > 2 ? `wellformed/${parts[1]}` : (parts[0] ?? '');
  const bytes = readFileSync(file);
  // The comment is read in whatever encoding the file turns out to be in (some cases are UTF-16/32).
  const header = readCaseHeader(decodeFeedBytes(bytes, null).text);
  const expect = header.expect ?? '';
  const result = (verdict: Verdict, note?: string): CaseResult => ({ file: relative, folder, verdict, expect, ...(note ? { note } : {}) });
  if (!header.expect) return result('n/a', 'no Expect line');
  if (header.skipUnless?.includes('chardet')) return result('n/a', 'needs statistical charset detection (feedparser skips it without chardet too)');
  if (header.skipUnless?.includes('ACCEPTABLE_URI_SCHEMES')) return result('n/a', 'about feedparser configuration');
  if (folder === 'wellformed/sanitize') {
    return result('n/a', "feedparser's own sanitiser output; what Broadsheet's keeps out is checked in sanitize-corpus.test.ts");
  }
  const otherHeaders = Object.keys(header.headers).filter((name) => name !== 'content-type');
  if (otherHeaders.length > 0) {
    return result('n/a', `depends on the HTTP header ${otherHeaders.join(', ')}, which Broadsheet does not read when parsing (browsers ignore Content-Location for the base too)`);
  }
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<channel[\s>]/i.test(decodeFeedBytes(bytes, null).text)) {
    return result('n/a', "Microsoft's CDF, not a feed format Broadsheet reads");
  }

  const feedUrl = `http://127.0.0.1:8097/tests/${relative}`;
  const decoded = decodeFeedBytes(bytes, header.headers['content-type'] ?? null);
  let outcome;
  try {
    const { feed } = parseFeedDocument(decoded.text, feedUrl);
    outcome = { feed, encoding: decoded.encoding, feedUrl };
  } catch (error) {
    // "Expect: 1" asks only that the parser does not crash; a clear refusal is not a crash.
    if (expect.trim() === '1' && error instanceof ApiError) return result('pass', `refused: ${error.message}`);
    if (/^bozo$/.test(expect.trim()) && error instanceof ApiError) return result('n/a', `asks only for bozo; refused: ${error.message}`);
    return result('fail', `threw ${error instanceof Error ? error.message : String(error)}`);
  }
  if (expect.trim() === '1') return result('pass');
  try {
    return result(evaluateExpect(expect, feedparserScope(outcome), isModelled) ? 'pass' : 'fail');
  } catch (error) {
    if (error instanceof NotApplicable) return result('n/a', error.what);
    if (error instanceof PythonError) return result('fail', error.message);
    throw error;
  }
}

export function runFeedparserSuite(root: string): CaseResult[] {
  return filesUnder(root).map((file) => runCase(file, root));
}
