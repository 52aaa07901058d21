// Fragments that have hurt parsers before: each is what an attacker (or a
// badly broken server) could put in a feed, a page or an OPML file. The
// mutators insert them into real documents, so they reach the parsers in
// plausible places rather than only as whole inputs.
import type { Random } from './prng.ts';

export interface HostileFragment {
  name: string;
  /**
   * 'prolog' fragments mean something only at the top of a document (a DOCTYPE,
   * a byte-order mark) and go there; the rest go anywhere.
   */
  placement: 'prolog' | 'anywhere';
  make(random: Random): Uint8Array;
}

const MB = 1024 * 1024;
/** How deep the nesting fragments go (the issue asks for ×10,000). */
export const DEEP_NESTING = 10_000;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The file XXE fragments ask for; the checks look for its contents in every output. */
export const XXE_FILE = '/etc/passwd';

const NESTING_TAGS = ['div', 'span', 'b', 'i', 'blockquote', 'table', 'ul', 'li', 'a', 'p', 'font', 'svg', 'math', 'item', 'entry', 'outline', 'content', 'x:y'];

/** Script-carrying markup in its usual disguises. */
export const XSS_SNIPPETS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">link</a>',
  '<a href=" jav&#x09;ascript:alert(1)">tab</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">entities</a>',
  '<a href="JaVaScRiPt:alert(1)">case</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
  '<body onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))" onclick="alert(1)">styled</div>',
  '<style>@import "javascript:alert(1)";</style>',
  '<p onmouseover="alert(1)" ONFOCUS=alert(1) on\u0000click=alert(1)>handlers</p>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">',
  '<img srcset="javascript:alert(1) 1x, x.png 2x" src="x.png">',
  '<blockquote cite="javascript:alert(1)">q</blockquote>',
  '<a href="java\nscript:alert(1)">newline</a>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
];

/** A snippet as a feed would carry it: raw, escaped as text, or in CDATA (feeds decode both into HTML). */
function xssAsFeedContent(random: Random): string {
  const snippet = random.pick(XSS_SNIPPETS);
  switch (random.int(3)) {
    case 0:
      return snippet;
    case 1:
      return snippet.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    default:
      return `<![CDATA[${snippet}]]>`;
  }
}

function deepNesting(random: Random): string {
  const tag = random.pick(NESTING_TAGS);
  const open = random.chance(0.5) ? `<${tag}>` : `<${tag} class="c${random.int(10)}" id="n">`;
  const close = random.chance(0.7) ? `</${tag}>` : '';
  return `${open.repeat(DEEP_NESTING)}deep${close.repeat(DEEP_NESTING)}`;
}

function hugeText(random: Random): string {
  switch (random.int(5)) {
    case 0:
      // One line of a megabyte, no spaces: a word-breaker's worst case.
      return 'A'.repeat(MB);
    case 1:
      return 'lorem ipsum dolor sit amet '.repeat(Math.ceil(MB / 27));
    case 2:
      return '&amp;'.repeat(100_000);
    case 3:
      // Stray "<" by the hundred thousand: every one starts a tag that never ends.
      return '< '.repeat(200_000);
    default:
      return ' \t\n'.repeat(Math.ceil(MB / 3));
  }
}

function hugeAttribute(random: Random): string {
  const value = random.chance(0.5) ? 'a'.repeat(MB) : `http://x.example/${'%41'.repeat(MB / 3)}`;
  return random.pick([`<img src="${value}">`, `<a href="${value}">x</a>`, `<p title="${value}">t</p>`, `<outline text="${value}" xmlUrl="http://x.example/f"/>`]);
}

function manyAttributes(random: Random): string {
  const parts: string[] = [];
  for (let i = 0; i < 10_000; i += 1) parts.push(random.chance(0.5) ? ` xmlns:n${i}="http://ns${i}.example/"` : ` a${i}="${i}"`);
  return `<div${parts.join('')}>many</div>`;
}

const BILLION_LAUGHS = [
  '<!DOCTYPE lolz [',
  ' <!ENTITY lol "lol">',
  ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
  ' <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">',
  ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">',
  ' <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">',
  ' <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">',
  ' <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">',
  ' <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">',
  ' <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">',
  ' <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">',
  ']>',
].join('\n');

const XXE = `<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file://${XXE_FILE}"><!ENTITY % remote SYSTEM "file://${XXE_FILE}"> %remote;]>`;

/** One entity of 50 kB used many times: the "quadratic blow-up", which no nesting limit stops. */
const QUADRATIC = `<!DOCTYPE q [<!ENTITY big "${'x'.repeat(50_000)}">]>`;

const UNTERMINATED = ['<![CDATA[', '<!--', '<?xml', '<!DOCTYPE', '<a href="', '<', '&#', '&#x', ']]>', '-->', '</', '<!', '<![CDATA[<!--', `<![CDATA[${'c'.repeat(100_000)}`];

/** Openings that never close, by the thousand: a lazy pattern searching for each one's end is quadratic. */
const UNCLOSED_OPENINGS = ['<!--', '<script ', '<style>', '<svg>', '<![CDATA[', '<?', '<a href="', '<', '&', '<title>', '<textarea>', '<item>', '<outline '];

const INVALID_UTF8: number[][] = [
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xff, 0xfe],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80, 0x80, 0x80],
];

/** Byte-order marks, most of them contradicting whatever the document declares. */
export const BOMS: number[][] = [
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0xff, 0xfe, 0x00, 0x00],
  [0x00, 0x00, 0xfe, 0xff],
];

const JSON_HOSTILE = [
  '['.repeat(DEEP_NESTING),
  '{"a":'.repeat(DEEP_NESTING),
  '"\\ud800\\udfff\\u0000"',
  '1e999999',
  '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":{},"content_html":"<script>alert(1)</script>","url":"javascript:alert(1)"}]}',
  '"__proto__":{"polluted":true},',
  '{"items":null,"title":[],"home_page_url":1}',
];

const OPML_HOSTILE = [
  '<outline text="js" xmlUrl="javascript:alert(1)"/>',
  '<outline text="file" xmlUrl="file:///etc/passwd"/>',
  '<outline text="feed" xmlUrl="feed://evil.example/rss"/>',
  '<outline text="v6" xmlUrl="http://[::1]:1/"/>',
  '<outline text="\u202eredro" xmlUrl="http://x.example/\u0000"/>',
  '<outline xmlUrl=""/>',
  '<outline text="include" type="include" url="http://x.example/more.opml"/>',
];

function ascii(text: string): (random: Random) => Uint8Array {
  return () => utf8(text);
}

export const HOSTILE_FRAGMENTS: readonly HostileFragment[] = [
  { name: 'deep-nesting', placement: 'anywhere', make: (r) => utf8(deepNesting(r)) },
  { name: 'huge-text', placement: 'anywhere', make: (r) => utf8(hugeText(r)) },
  { name: 'huge-attribute', placement: 'anywhere', make: (r) => utf8(hugeAttribute(r)) },
  { name: 'many-attributes', placement: 'anywhere', make: (r) => utf8(manyAttributes(r)) },
  { name: 'billion-laughs', placement: 'prolog', make: ascii(BILLION_LAUGHS) },
  { name: 'entity-reference', placement: 'anywhere', make: (r) => utf8(r.pick(['&lol9;', '&xxe;', '&big;', '&big;'.repeat(10_000), '&lol9;&lol9;'])) },
  { name: 'quadratic-blowup', placement: 'prolog', make: ascii(QUADRATIC) },
  { name: 'xxe', placement: 'prolog', make: ascii(XXE) },
  { name: 'unterminated', placement: 'anywhere', make: (r) => utf8(r.pick(UNTERMINATED)) },
  { name: 'many-unclosed', placement: 'anywhere', make: (r) => utf8(r.pick(UNCLOSED_OPENINGS).repeat(r.between(1000, 100_000))) },
  { name: 'invalid-utf8', placement: 'anywhere', make: (r) => Uint8Array.from(r.pick(INVALID_UTF8)) },
  { name: 'bom', placement: 'prolog', make: (r) => Uint8Array.from(r.pick(BOMS)) },
  { name: 'nul-bytes', placement: 'anywhere', make: (r) => new Uint8Array(r.between(1, 64)) },
  { name: 'bidi-controls', placement: 'anywhere', make: (r) => utf8(r.pick(['\u202e', '\u2066\u2067\u2068', '\u200f\u061c', '\u202etxt.exe', '\u200b\u200d\ufeff', '\ufffe\uffff'])) },
  { name: 'script', placement: 'anywhere', make: (r) => utf8(xssAsFeedContent(r)) },
  { name: 'many-scripts', placement: 'anywhere', make: (r) => utf8(Array.from({ length: 2000 }, () => xssAsFeedContent(r)).join('')) },
  { name: 'json', placement: 'anywhere', make: (r) => utf8(r.pick(JSON_HOSTILE)) },
  { name: 'opml-outline', placement: 'anywhere', make: (r) => utf8(r.pick(OPML_HOSTILE)) },
  {
    name: 'numeric-entities',
    placement: 'anywhere',
    make: (r) => utf8(r.pick(['&#0;', '&#xD800;', '&#99999999999;', '&#x110000;', '&#x1F600;', '&#65;'.repeat(100_000), '&nbsp'.repeat(50_000)])),
  },
];
