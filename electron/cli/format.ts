// How the library looks in a terminal: plain, aligned, no colour codes, so
// output reads well on screen and survives a pipe.
import { convert } from 'html-to-text';
import type { Article, ArticleSummary, BackupInfo, FeedCandidate, Folder, OpmlImportSummary, SearchResult, Source } from '../shared/models.ts';

const clip = (text: string, width: number): string =>
  text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;

/** 2026-11-24 (the day is what matters in a list; the full time is in `show`). */
const day = (iso: string): string => iso.slice(0, 10);

export function formatArticleList(items: ArticleSummary[]): string {
  if (items.length === 0) return '';
  const idWidth = Math.max(2, ...items.map((a) => String(a.id).length));
  const sourceWidth = Math.min(24, Math.max(...items.map((a) => a.sourceTitle.length)));
  return items
    .map((a) => {
      const marks = `${a.read ? ' ' : '•'}${a.bookmarked ? '★' : ' '}`;
      return `${String(a.id).padStart(idWidth)} ${marks} ${day(a.publishedAt)}  ${clip(a.sourceTitle, sourceWidth)}  ${a.title}`;
    })
    .join('\n')
    .concat('\n');
}

export function formatSources(sources: Source[]): string {
  if (sources.length === 0) return '';
  const idWidth = Math.max(2, ...sources.map((s) => String(s.id).length));
  return sources
    .map((s) => {
      const counts = `${s.unreadCount} unread of ${s.articleCount}`;
      const problem = s.lastError ? `\n${' '.repeat(idWidth + 2)}last refresh failed: ${s.lastError}` : '';
      return `${String(s.id).padStart(idWidth)}  ${s.title}  (${counts})\n${' '.repeat(idWidth + 2)}${s.feedUrl}${problem}`;
    })
    .join('\n')
    .concat('\n');
}

/** Turns the stored (already sanitised) article HTML into wrapped plain text. */
export function articleText(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'table', options: { uppercaseHeaderCells: false } },
    ],
  }).trim();
}

export function formatArticle(article: Article): string {
  const when = article.publishedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const byline = [article.sourceTitle, article.author, when].filter(Boolean).join(' · ');
  const state = [article.read ? 'read' : 'unread', article.bookmarked ? 'bookmarked' : null].filter(Boolean).join(', ');
  const lines = [article.title, byline];
  if (article.url) lines.push(article.url);
  lines.push(`(${state})`, '', articleText(article.contentHtml) || article.excerpt, '');
  return lines.join('\n');
}

/** Search results: the list line, then the snippet with its matches in [brackets] (no colour codes). */
export function formatSearchResults(result: SearchResult): string {
  const lines = result.items.map((item) => {
    const marked = markHighlights(item.snippet.text, item.snippet.highlights);
    return `${formatArticleList([item]).trimEnd()}\n      ${marked}`;
  });
  const shown = result.items.length < result.total ? ` (showing ${result.items.length})` : '';
  return `${lines.join('\n')}\n${result.total} ${result.total === 1 ? 'match' : 'matches'}${shown}.\n`;
}

function markHighlights(text: string, highlights: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of highlights) {
    out += `${text.slice(at, start)}[${text.slice(start, end)}]`;
    at = end;
  }
  return out + text.slice(at);
}

export function formatBackups(backups: BackupInfo[]): string {
  if (backups.length === 0) return '';
  const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);
  return backups
    .map((b) => `${b.name}  ${b.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}  ${b.articles} articles  ${size(b.bytes)}`)
    .join('\n')
    .concat('\n');
}

/** Feeds found by discover: best first, each with its address (for `add`) and its newest items. */
export function formatCandidates(candidates: FeedCandidate[]): string {
  const format: Record<FeedCandidate['format'], string> = { rss: 'RSS', atom: 'Atom', rdf: 'RSS 1.0', json: 'JSON Feed' };
  return candidates
    .map((c, index) => {
      const count = `${c.itemCount} ${c.itemCount === 1 ? 'item' : 'items'}`;
      const followed = c.subscribedId === null ? '' : `, already followed (id ${c.subscribedId})`;
      const items = c.items.map((item) => `     ${item.publishedAt ? day(item.publishedAt) : '          '}  ${item.title}`);
      return [`${index + 1}. ${c.title}  (${format[c.format]}, ${count}${followed})`, `   ${c.url}`, ...items].join('\n');
    })
    .join('\n\n')
    .concat(`\n\nSubscribe with: broadsheet add ${candidates[0]?.url ?? 'URL'}\n`);
}

/** Folders as an indented tree, each with its unread count and id. */
export function formatFolders(folders: Folder[]): string {
  const children = new Map<number | null, Folder[]>();
  for (const folder of folders) children.set(folder.parentId, [...(children.get(folder.parentId) ?? []), folder]);
  const lines: string[] = [];
  const walk = (parentId: number | null, depth: number) => {
    for (const folder of children.get(parentId) ?? []) {
      lines.push(`${'  '.repeat(depth)}${folder.name}  (${folder.unreadCount} unread, id ${folder.id})`);
      walk(folder.id, depth + 1);
    }
  };
  walk(null, 0);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** What an OPML import did, then each outline it could not use and why. */
export function formatOpmlSummary(summary: OpmlImportSummary): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const inFolders = summary.foldersCreated > 0 ? ` in ${plural(summary.foldersCreated, 'new folder', 'new folders')}` : '';
  const skipped = summary.duplicates > 0 ? ` Skipped ${plural(summary.duplicates, 'feed', 'feeds')} already followed.` : '';
  const lines = [`Subscribed to ${plural(summary.feedsAdded, 'new feed', 'new feeds')}${inFolders}.${skipped}`];
  if (summary.invalidCount > 0) {
    lines.push(`${plural(summary.invalidCount, 'outline', 'outlines')} could not be used:`);
    for (const problem of summary.invalid) lines.push(`  ${problem.title}: ${problem.reason}`);
    const unlisted = summary.invalidCount - summary.invalid.length;
    if (unlisted > 0) lines.push(`  …and ${unlisted} more.`);
  }
  if (summary.feedsAdded > 0) lines.push('Their articles are fetched by the next refresh: broadsheet refresh');
  return `${lines.join('\n')}\n`;
}
