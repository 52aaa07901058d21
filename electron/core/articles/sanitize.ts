// Article HTML comes from strangers. What we store and show is an allowlist of
// harmless structure: no scripts, handlers, frames, forms, styles or dangerous
// URL schemes; links open outside the app; relative URLs made absolute.
import sanitizeHtml from 'sanitize-html';

const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del',
  'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i',
  'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span',
  'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var',
  'wbr',
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    abbr: ['title'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['datetime'],
    ins: ['datetime'],
    time: ['datetime'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    td: ['colspan', 'rowspan', 'headers'],
    th: ['colspan', 'rowspan', 'headers', 'scope'],
    col: ['span'],
    colgroup: ['span'],
    '*': ['lang', 'dir'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Images may be inline data, but only as images; a data: link could carry a page.
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'iframe', 'object'],
  enforceHtmlBoundary: true,
};

/**
 * Returns the fragment with everything unsafe removed. `baseUrl` resolves
 * relative links and images (the article's own address, usually).
 */
export function sanitizeArticleHtml(html: string, baseUrl: string | null): string {
  const absolute = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    try {
      return baseUrl ? new URL(trimmed, baseUrl).href : new URL(trimmed).href;
    } catch {
      return undefined;
    }
  };
  const dataImage = (value: string | undefined): boolean => value !== undefined && /^\s*data:image\/(png|gif|jpe?g|webp|avif)[;,]/i.test(value);

  return sanitizeHtml(html, {
    ...OPTIONS,
    transformTags: {
      a: (tagName, attribs) => {
        const href = absolute(attribs.href);
        const next: sanitizeHtml.Attributes = { rel: 'noopener noreferrer', target: '_blank' };
        if (href) next.href = href;
        if (attribs.title) next.title = attribs.title;
        if (attribs.lang) next.lang = attribs.lang;
        if (attribs.dir) next.dir = attribs.dir;
        return { tagName, attribs: next };
      },
      img: (tagName, attribs) => {
        const { src: rawSrc, srcset: _srcset, ...rest } = attribs;
        // data:image/svg+xml is left out: an SVG can carry script when opened on its own.
        const src = dataImage(rawSrc) ? rawSrc?.trim() : absolute(rawSrc);
        const next: sanitizeHtml.Attributes = { ...rest, loading: 'lazy' };
        if (src && (dataImage(src) || /^https?:/i.test(src))) next.src = src;
        return { tagName, attribs: next };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}
