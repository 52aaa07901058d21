// Bookmarks and saved pages as one file a person can keep outside Broadsheet:
// Markdown (readable anywhere, the article converted by turndown), one
// self-contained HTML page, or JSON for programs. Stored images live inside
// Broadsheet (their /asset/ addresses mean nothing elsewhere), so they are
// left out and replaced by their description; each file says so.
import TurndownService from 'turndown';
import type { ExportFile, ExportRequest } from '../../shared/models.ts';
import type { ExportArticle } from '../store/export-repo.ts';

const IMAGE_NOTE =
  'Images are not included: Broadsheet keeps them inside its library. Open an article\u2019s original address to see them.';

const SCOPE_NAMES: Record<ExportRequest['scope'], string> = {
  bookmarked: 'bookmarks',
  saved: 'saved',
  both: 'bookmarks-and-saved',
};

const SCOPE_TITLES: Record<ExportRequest['scope'], string> = {
  bookmarked: 'Bookmarks',
  saved: 'Saved articles',
  both: 'Bookmarks and saved articles',
};

export function exportArticles(list: readonly ExportArticle[], request: ExportRequest, now: Date): ExportFile {
  const date = now.toISOString().slice(0, 10);
  const base = `broadsheet-${SCOPE_NAMES[request.scope]}-${date}`;
  const title = `${SCOPE_TITLES[request.scope]} from Broadsheet`;
  switch (request.format) {
    case 'markdown':
      return { fileName: `${base}.md`, mimeType: 'text/markdown; charset=utf-8', content: toMarkdown(list, title, now), articles: list.length };
    case 'html':
      return { fileName: `${base}.html`, mimeType: 'text/html; charset=utf-8', content: toHtml(list, title, now), articles: list.length };
    case 'json':
      return { fileName: `${base}.json`, mimeType: 'application/json', content: toJson(list, request, now), articles: list.length };
  }
}

/** Images become their description (or nothing), since their stored copies stay in Broadsheet. */
function withoutImages(html: string): string {
  return html
    .replace(/<img\b[^>]*>/gi, (tag) => {
      const alt = /\balt="([^"]*)"/i.exec(tag)?.[1]?.trim();
      return alt ? `<em>Image: ${alt}</em>` : '';
    })
    .replace(/<picture\b[^>]*>|<\/picture>|<source\b[^>]*>/gi, '');
}

function markdownConverter(): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
  service.remove(['script', 'style']);
  return service;
}

function toMarkdown(list: readonly ExportArticle[], title: string, now: Date): string {
  const service = markdownConverter();
  const parts = [`# ${title}`, `Exported ${now.toISOString()} \u00b7 ${count(list.length)}`, `*${IMAGE_NOTE}*`];
  for (const a of list) {
    const meta = [
      a.url ? `- Link: <${a.url}>` : null,
      `- Source: ${a.sourceTitle}`,
      a.author ? `- Author: ${a.author}` : null,
      `- Published: ${a.publishedAt}`,
      a.bookmarkedAt ? `- Bookmarked: ${a.bookmarkedAt}` : null,
      a.savedAt ? `- Saved: ${a.savedAt}` : null,
    ].filter((line) => line !== null);
    const body = service.turndown(withoutImages(a.contentHtml)).trim() || a.excerpt;
    parts.push('---', `## ${escapeMarkdownLine(a.title)}`, meta.join('\n'), body);
  }
  return `${parts.join('\n\n')}\n`;
}

function escapeMarkdownLine(text: string): string {
  return text.replace(/[\\`*_[\]<>#]/g, (ch) => `\\${ch}`).replace(/\s+/g, ' ');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function count(n: number): string {
  return n === 1 ? '1 article' : `${n} articles`;
}

const PAGE_STYLE = `
  :root { color-scheme: light dark; --ink: #1f1d1a; --muted: #6b665e; --line: #e4e0d8; --page: #fbfaf7; --accent: #2f5d8a; }
  @media (prefers-color-scheme: dark) { :root { --ink: #e8e4dc; --muted: #a19b90; --line: #35322d; --page: #1b1a18; --accent: #8cb4de; } }
  * { box-sizing: border-box; }
  body { margin: 0; background: var(--page); color: var(--ink);
         font: 19px/1.6 "Iowan Old Style", "Source Serif 4", Georgia, serif; }
  main { max-width: 40rem; margin: 0 auto; padding: 48px 24px 96px; }
  header.export { font: 14px/1.5 system-ui, sans-serif; color: var(--muted); border-bottom: 1px solid var(--line); padding-bottom: 24px; }
  header.export h1 { font: 600 28px/1.25 system-ui, sans-serif; color: var(--ink); margin: 0 0 8px; }
  article { border-bottom: 1px solid var(--line); padding: 40px 0; }
  article h2 { font: 600 26px/1.3 system-ui, sans-serif; margin: 0 0 8px; }
  article h2 a { color: inherit; text-decoration: none; }
  .meta { font: 14px/1.5 system-ui, sans-serif; color: var(--muted); margin: 0 0 24px; }
  a { color: var(--accent); }
  img, video { max-width: 100%; height: auto; }
  pre { overflow: auto; font-size: 15px; }
  blockquote { margin: 0; padding-left: 16px; border-left: 3px solid var(--line); color: var(--muted); }
`;

function toHtml(list: readonly ExportArticle[], title: string, now: Date): string {
  const articlesHtml = list
    .map((a) => {
      const heading = a.url ? `<a href="${escapeHtml(a.url)}">${escapeHtml(a.title)}</a>` : escapeHtml(a.title);
      const meta = [
        escapeHtml(a.sourceTitle),
        a.author ? `by ${escapeHtml(a.author)}` : null,
        `published <time datetime="${escapeHtml(a.publishedAt)}">${escapeHtml(a.publishedAt.slice(0, 10))}</time>`,
        a.bookmarkedAt ? `bookmarked ${escapeHtml(a.bookmarkedAt.slice(0, 10))}` : null,
        a.savedAt ? `saved ${escapeHtml(a.savedAt.slice(0, 10))}` : null,
      ].filter((part) => part !== null);
      const lang = a.lang ? ` lang="${escapeHtml(a.lang)}"` : '';
      const dir = a.dir ? ` dir="${a.dir}"` : '';
      // The stored HTML was sanitised when it was saved; only the images are taken out here.
      return `<article${lang}${dir}>\n<h2>${heading}</h2>\n<p class="meta">${meta.join(' \u00b7 ')}</p>\n${withoutImages(a.contentHtml)}\n</article>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
<header class="export">
<h1>${escapeHtml(title)}</h1>
<p>Exported <time datetime="${now.toISOString()}">${now.toISOString().slice(0, 10)}</time> \u00b7 ${count(list.length)}</p>
<p>${escapeHtml(IMAGE_NOTE)}</p>
</header>
${articlesHtml}
</main>
</body>
</html>
`;
}

function toJson(list: readonly ExportArticle[], request: ExportRequest, now: Date): string {
  return `${JSON.stringify(
    {
      format: 'broadsheet-export',
      version: 1,
      exportedAt: now.toISOString(),
      scope: request.scope,
      note: IMAGE_NOTE,
      articles: list.map((a) => ({
        id: a.id,
        title: a.title,
        url: a.url,
        source: a.sourceTitle,
        author: a.author,
        publishedAt: a.publishedAt,
        bookmarked: a.bookmarked,
        bookmarkedAt: a.bookmarkedAt,
        saved: a.saved,
        savedAt: a.savedAt,
        archived: a.archived,
        read: a.read,
        lang: a.lang,
        text: a.text,
        html: withoutImages(a.contentHtml),
      })),
    },
    null,
    2,
  )}\n`;
}
