// Bounds on markup, applied to the text before a parser sees it: how deep
// elements nest, and how many attributes one element has. htmlparser2's parser (under linkedom and sanitize-html) keeps its open
// elements in an array it shifts at the front and searches for every closing
// tag, so a document nesting n elements deep costs n² (a megabyte of "<b>"
// took minutes); Readability then walks the tree recursively (thousands of
// levels overflow the stack) and measures each element's text, which costs
// depth × size. linkedom builds an element's attribute list anew each time it
// is asked for it, and Readability asks once per attribute, so an element of
// ten thousand attributes took seconds. One linear pass with htmlparser2's
// tokenizer follows the parser's own rules for which elements are open;
// opening tags that would nest deeper than the bound are dropped (their
// contents stay, in order), and attributes past the bound too. In HTML it
// also bounds how often text breaks: linkedom starts a new text node at every
// entity and every "<" that starts no tag, and every later parser of the
// article (the sanitiser, the image pass, feed discovery) does the same at
// each "&", "<" and ">" written back as an entity, so a page of "&amp;" or
// "< " by the hundred thousand cost seconds in node building and garbage
// collection. Past the bound, "&", "<" and ">" in text are dropped and other
// entities are written as their characters. Documents within the bounds,
// which is every real one, come back unchanged.
import { decodeHTML } from 'entities';
import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/**
 * How deep elements may nest. Real pages stay far below it (51 at most in the
 * shared corpus's 91 news pages as linkedom reads them). Blink's parser stops
 * at 512, but at that depth Readability still took seconds over a 200 kB page.
 */
export const MAX_NESTING_DEPTH = 128;

/** How many attributes an element keeps; real ones have a handful, a few dozen at most. */
export const MAX_ATTRIBUTES = 100;

/**
 * How many breaks (entities, and "&", "<", ">" however written) the text of an
 * HTML document may hold. The shared corpus's 91 news pages have 26 at most;
 * hostile pages, hundreds of thousands. Past it, text keeps its words (a page
 * that writes every letter as an entity too): only "&", "<" and ">" go.
 */
export const MAX_TEXT_BREAKS = 10_000;

/** Texts this short are not worth a pass: a few thousand attributes at most, which cost nothing much. */
const SHORT = 8 * 1024;

// The tables of htmlparser2's Parser (HTML mode): which opening tags close
// which open elements, and which elements are void, so the depth followed here
// is the one the parser will build.
const P = ['p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const OPEN_IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>(
  (
    [
      ['tr', ['tr', 'th', 'td']], ['th', ['th']], ['td', ['thead', 'th', 'td']], ['body', ['head', 'link', 'script']], ['li', ['li']],
      ['select', FORM], ['input', FORM], ['output', FORM], ['button', FORM], ['datalist', FORM], ['textarea', FORM],
      ['option', ['option']], ['optgroup', ['optgroup', 'option']], ['dd', ['dd', 'dt']], ['dt', ['dd', 'dt']],
      ['rt', ['rt', 'rp']], ['rp', ['rt', 'rp']], ['tbody', ['thead', 'tbody']], ['tfoot', ['thead', 'tbody']],
      ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure',
        'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((name): [string, string[]] => [name, P]),
    ] as Array<[string, string[]]>
  ).map(([name, closes]) => [name, new Set(closes)]),
);
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** In SVG and MathML a "<x/>" closes itself, as in XML; in HTML it opens an element all the same. */
const FOREIGN = new Set(['math', 'svg']);
const INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);
/**
 * Elements whose contents this tokenizer (htmlparser2 12) reads as text, and
 * linkedom's (htmlparser2 10) as markup: their tags are followed all the same.
 */
const TEXT_HERE_ONLY = new Set(['iframe', 'noembed', 'noframes', 'plaintext']);
/** A tag in such contents, read roughly: its name, and whether it closes. */
const ROUGH_TAG = /<(\/?)([A-Za-z][^\s/>]*)[^>]*>/g;
/** Elements whose text the parser takes as it is, entities and all. */
const RAW_TEXT = new Set(['script', 'style']);
/** The characters that break text, raw or as entities, wherever they are written back. */
const BREAKING = /[&<>]/g;
/** What may be an entity after a "&" (decodeHTML says whether it is one, and what it stands for). */
const ENTITY = /&(?:#[xX][0-9A-Fa-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?/y;
/** The same characters, for replace() (BREAKING is mid-search when it is called). */
const ESCAPED = /[&<>]/g;

/** Follows which elements are open, as the parser will, and notes the opening tags and attributes past the bounds. */
class DepthFollower implements TokenizerCallbacks {
  /** [start, end) of each opening tag, attribute or piece of text to drop, in order, and what replaces it. */
  readonly dropped: Array<[number, number, string]> = [];
  private attributes = 0;
  private attributeStart = 0;
  private attributeNameEnd = 0;
  /** Where the contents of a TEXT_HERE_ONLY element began, or -1. */
  private textStart = -1;
  private readonly stack: string[] = [];
  private readonly openCount = new Map<string, number>();
  private readonly foreign: boolean[] = [];
  private tagName = '';
  private tagStart = 0;
  private dropping = false;
  /** Whether the text now read is a script's or a style sheet's. */
  private rawText = false;
  private textBreaks = 0;
  private readonly source: string;
  private readonly xml: boolean;
  private readonly maxDepth: number;
  private readonly maxTextBreaks: number;

  constructor(source: string, xml: boolean, maxDepth: number, maxTextBreaks: number) {
    this.source = source;
    this.xml = xml;
    this.maxDepth = maxDepth;
    this.maxTextBreaks = maxTextBreaks;
  }

  /** Where a parser will break text: kept up to the bound, replaced by `past` beyond it. */
  private textBreak(start: number, end: number, past: string): void {
    this.textBreaks += 1;
    if (this.textBreaks > this.maxTextBreaks) this.dropped.push([start, end, past]);
  }

  private push(name: string): void {
    this.stack.push(name);
    this.openCount.set(name, (this.openCount.get(name) ?? 0) + 1);
  }

  private pop(): string | undefined {
    const name = this.stack.pop();
    if (name !== undefined) this.openCount.set(name, (this.openCount.get(name) ?? 1) - 1);
    return name;
  }

  /** An opening tag, as the parser takes it; false when it would nest too deep and is to be dropped. */
  private open(name: string): boolean {
    if (this.xml) {
      if (this.stack.length >= this.maxDepth) return false;
      this.push(name);
      return true;
    }
    const closes = OPEN_IMPLIES_CLOSE.get(name);
    if (closes) while (this.stack.length > 0 && closes.has(this.stack[this.stack.length - 1] ?? '')) this.pop();
    if (VOID.has(name)) return true;
    if (this.stack.length >= this.maxDepth) return false;
    this.push(name);
    if (FOREIGN.has(name)) this.foreign.push(true);
    else if (INTEGRATION.has(name)) this.foreign.push(false);
    return true;
  }

  private close(name: string): void {
    if (!this.xml && (FOREIGN.has(name) || INTEGRATION.has(name))) this.foreign.pop();
    if (!this.xml && VOID.has(name)) return;
    // A closing tag closes everything up to its element; one that matches nothing is ignored.
    if ((this.openCount.get(name) ?? 0) > 0) while (this.pop() !== name);
  }

  /** The tags in text this tokenizer skipped and linkedom will read, followed like the others. */
  private followText(from: number, to: number): void {
    ROUGH_TAG.lastIndex = from;
    for (let tag = ROUGH_TAG.exec(this.source); tag && tag.index + tag[0].length <= to; tag = ROUGH_TAG.exec(this.source)) {
      const name = (tag[2] ?? '').toLowerCase();
      if (tag[1]) this.close(name);
      else if (!this.open(name)) this.dropped.push([tag.index, tag.index + tag[0].length, '']);
    }
  }

  onopentagname(start: number, end: number): void {
    const raw = this.source.slice(start, end);
    const name = this.xml ? raw : raw.toLowerCase();
    this.tagName = name;
    this.tagStart = start - 1;
    this.attributes = 0;
    this.dropping = !this.open(name);
  }

  onopentagend(endIndex: number): void {
    if (this.dropping) this.dropped.push([this.tagStart, endIndex + 1, '']);
    this.dropping = false;
    if (!this.xml && TEXT_HERE_ONLY.has(this.tagName)) this.textStart = endIndex + 1;
    this.rawText = !this.xml && RAW_TEXT.has(this.tagName);
  }

  onselfclosingtag(endIndex: number): void {
    const closesItself = this.xml || this.foreign[this.foreign.length - 1] === true;
    if (this.dropping) this.dropped.push([this.tagStart, endIndex + 1, '']);
    else if (closesItself && this.stack[this.stack.length - 1] === this.tagName) this.pop();
    this.dropping = false;
  }

  onclosetag(start: number, end: number): void {
    if (this.textStart !== -1) {
      this.followText(this.textStart, start - 2);
      this.textStart = -1;
    }
    const raw = this.source.slice(start, end);
    this.close(this.xml ? raw : raw.toLowerCase());
    this.rawText = false;
  }

  onend(): void {
    if (this.textStart !== -1) this.followText(this.textStart, this.source.length);
    this.textStart = -1;
  }

  onattribname(start: number, end: number): void {
    this.attributeStart = start;
    this.attributeNameEnd = end;
  }

  onattribend(quote: QuoteType, endIndex: number): void {
    this.attributes += 1;
    if (this.dropping || this.attributes <= MAX_ATTRIBUTES) return;
    this.dropped.push([this.attributeStart, quote === QuoteType.NoValue ? this.attributeNameEnd : endIndex, '']);
  }

  onattribdata(): void {}
  onattribentity(): void {}
  oncdata(): void {}
  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
  ontext(start: number, end: number): void {
    // Not in XML, in scripts, or in contents the parser reads as markup (their "<" start tags).
    if (this.xml || this.rawText || this.textStart !== -1) return;
    BREAKING.lastIndex = start;
    for (let found = BREAKING.exec(this.source); found && found.index < end; found = BREAKING.exec(this.source)) {
      const at = found.index;
      ENTITY.lastIndex = at;
      const entity = found[0] === '&' ? ENTITY.exec(this.source)?.[0] : undefined;
      // What it stands for, when it is an entity the parser knows (decodeHTML leaves others as they are).
      const meaning = entity !== undefined && at + entity.length <= end ? decodeHTML(entity) : undefined;
      if (entity === undefined || meaning === undefined || meaning === entity) {
        // A bare "&", a "<" that starts no tag (this tokenizer, like the parser, ends a run of text at it), a ">".
        this.textBreak(at, at + 1, '');
      } else {
        this.textBreak(at, at + entity.length, meaning.replace(ESCAPED, ''));
        BREAKING.lastIndex = at + entity.length;
      }
    }
  }
  ontextentity(): void {}
}

/**
 * The markup without the opening tags that would nest deeper than `maxDepth`
 * and the attributes past the hundredth of an element, or the same string
 * when there are none. `xml` follows XML's rules (names as written, no
 * implied closing, "<x/>" closes itself). In HTML, text past
 * `maxTextBreaks` breaks loses its "&", "<" and ">" and has its other
 * entities written as their characters.
 */
export function limitMarkup(markup: string, options: { xml?: boolean; maxDepth?: number; maxTextBreaks?: number } = {}): string {
  const maxDepth = options.maxDepth ?? MAX_NESTING_DEPTH;
  const maxTextBreaks = options.maxTextBreaks ?? MAX_TEXT_BREAKS;
  const xml = options.xml ?? false;
  // A short text with fewer tags than the bound can neither nest past it nor hold enough attributes
  // to matter, nor (a break takes a character at least) more breaks than a bound above its length.
  if (markup.length <= SHORT && countOf(markup, '<', maxDepth + 1) <= maxDepth && maxTextBreaks >= SHORT) return markup;
  const follower = new DepthFollower(markup, xml, maxDepth, maxTextBreaks);
  const tokenizer = new Tokenizer({ xmlMode: xml, decodeEntities: false }, follower);
  tokenizer.write(markup);
  tokenizer.end();
  if (follower.dropped.length === 0) return markup;
  const parts: string[] = [];
  let copied = 0;
  for (const [start, end, replacement] of follower.dropped) {
    parts.push(markup.slice(copied, start), replacement);
    copied = end;
  }
  parts.push(markup.slice(copied));
  return parts.join('');
}

/** How many times `character` occurs, counting no further than `enough`. */
function countOf(text: string, character: string, enough: number): number {
  let count = 0;
  for (let at = text.indexOf(character); at !== -1 && count < enough; at = text.indexOf(character, at + 1)) count += 1;
  return count;
}
