// Article HTML comes from strangers. What we store and show is an allowlist of
// harmless structure: no scripts, handlers, frames, forms, styles or dangerous
// URL schemes; links open outside the app; relative URLs made absolute.
import sanitizeHtml from 'sanitize-html';
import { parseSrcset, stringifySrcset } from 'srcset';
import { assetNameFromUrl } from './asset-store.ts';
import { limitMarkup } from './limit-markup.ts';

const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del',
  'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i',
  'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span',
  'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var',
  'wbr',
];

/** Marks where an article image could not be stored (see images.ts). */
export const MISSING_IMAGE_CLASS = 'bs-missing-image';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'srcset', 'alt', 'title', 'width', 'height', 'loading'],
    // The placeholder images.ts leaves where an image could not be stored; the renderer styles it.
    span: ['class', 'role', 'aria-label'],
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
  allowedClasses: { span: [MISSING_IMAGE_CLASS] },
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

  // Nesting bounded first: the parser underneath takes time quadratic in it.
  return sanitizeHtml(limitMarkup(html), {
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
        const { src: rawSrc, srcset: rawSrcset, ...rest } = attribs;
        const next: sanitizeHtml.Attributes = { ...rest, loading: 'lazy' };
        // An image already stored by Broadsheet keeps its root-relative /asset/ address (same origin in both shells).
        const stored = rawSrc !== undefined && rawSrc.trim().startsWith('/asset/') ? assetNameFromUrl(rawSrc.trim()) : null;
        if (stored) {
          next.src = `/asset/${stored}`;
          return { tagName, attribs: next };
        }
        // data:image/svg+xml is left out: an SVG can carry script when opened on its own.
        const src = dataImage(rawSrc) ? rawSrc?.trim() : absolute(rawSrc);
        if (src && (dataImage(src) || /^https?:/i.test(src))) next.src = src;
        // Kept (absolute, http(s) only) so the offline image store can pick a sharp candidate; it removes srcset when storing.
        const srcset = rawSrcset ? absoluteSrcset(rawSrcset, absolute) : '';
        if (srcset) next.srcset = srcset;
        return { tagName, attribs: next };
      },
      span: (tagName, attribs) => {
        // Only Broadsheet's own placeholder keeps a role and label; on any other span they are page furniture.
        if (attribs.class?.split(/\s+/).includes(MISSING_IMAGE_CLASS) !== true) {
          const { class: _class, role: _role, 'aria-label': _label, ...rest } = attribs;
          return { tagName, attribs: rest };
        }
        const next: sanitizeHtml.Attributes = { class: MISSING_IMAGE_CLASS, role: 'img' };
        if (attribs['aria-label']) next['aria-label'] = attribs['aria-label'];
        return { tagName, attribs: next };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}

/** The srcset with every candidate made absolute; candidates that are not http(s) are dropped. */
function absoluteSrcset(srcset: string, absolute: (value: string) => string | undefined): string {
  try {
    const candidates = parseSrcset(srcset).flatMap((candidate) => {
      const url = absolute(candidate.url);
      return url && /^https?:/i.test(url) ? [{ ...candidate, url }] : [];
    });
    return candidates.length > 0 ? stringifySrcset(candidates) : '';
  } catch {
    return '';
  }
}
