// The feedparser suite's 745 sanitising cases (../shared/corpus, read-only), and
// a few hostile inputs it lacks, run through what the app stores; the result is
// then read by a spec-conforming HTML parser (parse5, via jsdom) the way the
// reader's template reads it, and nothing executable may be found in it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import { parseFeed } from '../feeds/parse-feed.ts';
import { prepareArticle } from './prepare.ts';
import { sanitizeArticleHtml } from './sanitize.ts';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const CASES = path.resolve(projectRoot, '../shared/corpus/feeds/feedparser/wellformed/sanitize');
const FEED_URL = 'http://example.com/feed.xml';

// --- the auditor ----------------------------------------------------------------

/** Elements that run code, load other documents, take input, or hide markup in foreign content. */
const FORBIDDEN_ELEMENTS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'form', 'input', 'button', 'select',
  'textarea', 'option', 'keygen', 'isindex', 'style', 'link', 'meta', 'base', 'svg', 'math', 'noscript', 'template',
]);
const SAFE_DATA_IMAGE = /^data:image\/(png|gif|jpe?g|webp|avif)[;,]/;

/** What a browser's URL parser ignores or strips before it reads a scheme: whitespace and control characters. */
function squeeze(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+/g, '').toLowerCase();
}

function dangerousUrl(value: string): string | null {
  const squeezed = squeeze(value);
  // Every candidate of a srcset-like list, and the value as a whole.
  for (const candidate of [squeezed, ...value.split(',').map((part) => squeeze(part.trim().split(/\s+/)[0] ?? ''))]) {
    if (/^(javascript|vbscript|livescript|mocha):/.test(candidate)) return 'script URL';
    if (candidate.startsWith('data:') && !SAFE_DATA_IMAGE.test(candidate)) return 'data: URL that is not a plain image';
  }
  return null;
}

/** CSS as a browser would read it for the old script hooks: comments dropped, escapes decoded. */
function dangerousCss(css: string): string | null {
  const plain = squeeze(
    css
      .replace(/\/\*[\s\S]*?(\*\/|$)/g, '')
      .replace(/\\([0-9a-f]{1,6})\s?/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16) || 0xfffd))
      .replace(/\\(.)/g, '$1'),
  );
  if (/expression\(|behavior:|-moz-binding|javascript:|vbscript:|@import/.test(plain)) return 'CSS that can run script';
  return null;
}

const window = new JSDOM('<!doctype html><html><body></body></html>').window;

/** Every way the stored HTML could run code when the reader inserts it; empty when it is clean. */
function findUnsafe(html: string): string[] {
  // The reader inserts stored HTML with Lit's unsafeHTML, which parses it as a <template>'s content.
  const template = window.document.createElement('template');
  template.innerHTML = html;
  const problems: string[] = [];
  const walker = window.document.createTreeWalker(template.content, window.NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node as Element;
    const name = element.localName.toLowerCase();
    if (FORBIDDEN_ELEMENTS.has(name)) problems.push(`<${name}> element`);
    for (const attribute of Array.from(element.attributes)) {
      const attr = attribute.name.toLowerCase();
      if (attr.startsWith('on')) problems.push(`${attr} handler on <${name}>`);
      if (attr === 'style') {
        const css = dangerousCss(attribute.value);
        if (css) problems.push(`${css} in <${name} style>`);
      }
      if (/^(formaction|action|xlink:href|http-equiv)$/.test(attr)) problems.push(`${attr} attribute on <${name}>`);
      const url = dangerousUrl(attribute.value);
      if (url) problems.push(`${url} in <${name} ${attr}>`);
    }
  }
  return problems;
}

// --- the corpus ------------------------------------------------------------------

interface Case {
  file: string;
  xml: string;
}

function loadCases(): Case[] {
  if (!existsSync(CASES)) return [];
  return readdirSync(CASES)
    .filter((file) => file.endsWith('.xml'))
    .sort()
    .map((file) => ({ file, xml: readFileSync(path.join(CASES, file), 'utf8') }));
}

const cases = loadCases();
if (cases.length === 0) process.stdout.write(`sanitize-corpus: skipped, ${CASES} is absent\n`);

/** What payloads() reads of linkedom's XML elements. */
interface XmlElement {
  textContent: string | null;
  innerHTML: string;
  children: { length: number };
}

/**
 * Every piece of HTML a case carries, found without our feed parser: the decoded
 * text of each element (escaped HTML, CDATA) and the markup inside it (inline XHTML).
 */
function payloads(xml: string): string[] {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const found = new Set<string>();
  for (const element of Array.from(document.querySelectorAll('*')) as XmlElement[]) {
    const text = element.textContent ?? '';
    if (text.trim()) found.add(text);
    if (element.children.length > 0) found.add(element.innerHTML);
  }
  return [...found];
}

describe.skipIf(cases.length === 0)('feedparser sanitize cases', () => {
  it('are all there', () => {
    expect(cases).toHaveLength(745);
  });

  it('store nothing executable when read as feeds (parse, prepare, sanitise)', () => {
    const failures: string[] = [];
    const rejected: string[] = [];
    let stored = 0;
    let hostile = 0;
    for (const { file, xml } of cases) {
      let items;
      try {
        items = parseFeed(xml, FEED_URL).items;
      } catch (error) {
        // A feed the parser refuses stores nothing; it must refuse in plain words, not crash.
        if (!(error instanceof ApiError)) failures.push(`${file}: parser crashed: ${String(error)}`);
        rejected.push(file);
        continue;
      }
      for (const item of items) {
        const article = prepareArticle(item, FEED_URL, new Date());
        stored += 1;
        if (findUnsafe(item.contentHtml ?? '').length > 0) hostile += 1;
        for (const problem of findUnsafe(article.contentHtml)) failures.push(`${file}: ${problem}`);
      }
    }
    process.stdout.write(
      `sanitize-corpus: ${cases.length} cases, ${stored} items stored (${hostile} with hostile HTML before sanitising), ${rejected.length} feeds refused by the parser\n`,
    );
    expect(hostile).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  });

  it('leave nothing executable when every piece of HTML in them is sanitised directly', () => {
    const failures: string[] = [];
    const hostile = new Set<string>();
    for (const { file, xml } of cases) {
      for (const html of payloads(xml)) {
        if (findUnsafe(html).length > 0) hostile.add(file);
        for (const problem of findUnsafe(sanitizeArticleHtml(html, FEED_URL))) failures.push(`${file}: ${problem}`);
      }
    }
    process.stdout.write(`sanitize-corpus: ${hostile.size} cases carry something the auditor flags before sanitising\n`);
    // The auditor must have had something to find, or passing would prove nothing.
    expect(hostile.size).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  });
});

// --- the auditor can fail, and hostile inputs the corpus lacks ----------------------

describe('findUnsafe', () => {
  it('finds what it is meant to find', () => {
    const unsafe = [
      '<script>alert(1)</script>',
      '<p onclick="x()">t</p>',
      '<a href="jav&#x09;ascript:alert(1)">t</a>',
      '<a href=" &#1;javascript:alert(1)">t</a>',
      '<img src="x.png" srcset="a.png 1x, javascript:alert(1) 2x">',
      '<a href="data:text/html;base64,PHNjcmlwdD4=">t</a>',
      '<a href="VBScript:msgbox(1)">t</a>',
      '<iframe src="https://x.example"></iframe>',
      '<object data="x"></object>',
      '<embed src="x">',
      '<form><input name="p"></form>',
      '<p style="width: expression(alert(1))">t</p>',
      '<p style="background: url(&quot;java\\73 cript:alert(1)&quot;)">t</p>',
      '<p style="-moz-binding: url(x.xml#y)">t</p>',
      '<p style="beha/**/vior: url(x.htc)">t</p>',
      '<svg><a xlink:href="javascript:alert(1)">t</a></svg>',
    ];
    for (const html of unsafe) expect(findUnsafe(html), html).not.toEqual([]);
    expect(findUnsafe('<p>safe <a href="https://x.example/a?javascript">link</a> <img src="data:image/png;base64,AAAA"></p>')).toEqual([]);
  });
});

describe('sanitizeArticleHtml against hostile inputs', () => {
  const hostile = [
    // Scheme obfuscation: entities, control characters, whitespace, case, missing semicolons.
    '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">t</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">t</a>',
    '<a href="jav&#x0A;ascript:alert(1)">t</a>',
    '<a href="&#0;javascript:alert(1)">t</a>',
    '<a href="\u0001javascript:alert(1)">t</a>',
    '<a href="javascript&colon;alert(1)">t</a>',
    '<a href="  JaVaScRiPt:alert(1)">t</a>',
    '<img src="x.png" srcset="x.png 1x, jAvAsCrIpT:alert(1) 2x">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">t</a>',
    '<img src="data:text/html,<script>alert(1)</script>">',
    '<blockquote cite="javascript:alert(1)">q</blockquote>',
    // Handlers in odd spellings and places.
    '<img src=x.png ONERROR=alert(1)>',
    '<img/src="x.png"/onerror="alert(1)">',
    '<p onmouseover\n=\nalert(1)>t</p>',
    '<details open ontoggle=alert(1)>t</details>',
    // Markup that parses differently in a browser (mutation XSS).
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<template><script>alert(1)</script></template>',
    '<!--<img src=x onerror=alert(1)>-->',
    '<p><!--></p><img src=x onerror=alert(1)>-->',
    '<xmp><img src=x onerror=alert(1)></xmp>',
    '<textarea><img src=x onerror=alert(1)></textarea>',
    '<title><img src=x onerror=alert(1)></title>',
    '<scr<script>ipt>alert(1)</scr</script>ipt>',
    '<<script>script>alert(1)<</script>/script>',
    // Styles and old browser hooks.
    '<div style="background:url(javascript:alert(1))">t</div>',
    '<div style="xss:expr/**/ession(alert(1))">t</div>',
    '<style>@import "javascript:alert(1)";</style><p>t</p>',
    '<link rel="import" href="x.html"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//"><a href="x">t</a>',
    // Containers that load things.
    '<object data="data:text/html;base64,PHNjcmlwdD4="></object><embed src="x.swf"><applet code="x"></applet>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe><frameset><frame src="x"></frameset>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button><input type="image" src="x"></form>',
    '<isindex action="javascript:alert(1)" type="image">',
    '<video poster="javascript:alert(1)"><source src="x" onerror="alert(1)"></video>',
  ];

  it.each(hostile)('leaves nothing executable: %s', (html) => {
    const out = sanitizeArticleHtml(html, 'https://news.example/a/');
    expect(findUnsafe(out)).toEqual([]);
    // Sanitising what was stored again changes nothing that matters: the output is a fixed point of safety.
    expect(findUnsafe(sanitizeArticleHtml(out, 'https://news.example/a/'))).toEqual([]);
  });

  it('keeps what readers need', () => {
    const html =
      '<figure><img src="/p.jpg" alt="A"><figcaption>Cap</figcaption></figure>' +
      '<table><thead><tr><th scope="col">H</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>' +
      '<ol start="3"><li>x</li></ol><blockquote cite="https://s.example/">q</blockquote><pre><code>a &lt; b</code></pre>' +
      '<p><a href="rel">link</a></p>';
    const out = sanitizeArticleHtml(html, 'https://news.example/a/');
    expect(out).toContain('<img alt="A" loading="lazy" src="https://news.example/p.jpg" />');
    expect(out).toContain('<figcaption>Cap</figcaption>');
    expect(out).toContain('<th scope="col">H</th>');
    expect(out).toContain('<ol start="3"><li>x</li></ol>');
    expect(out).toContain('<blockquote cite="https://s.example/">q</blockquote>');
    expect(out).toContain('<pre><code>a &lt; b</code></pre>');
    expect(out).toContain('href="https://news.example/a/rel"');
  });
});
