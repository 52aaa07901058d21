// The reading pane: the article set in the chosen reading font, size, spacing
// and measure (CSS custom properties from reading-settings.ts, so changes apply
// live), with its site, byline, date and reading time, its lead image, a
// Bookmark toggle (and Archive for saved pages), the original link and
// previous/next article. It remembers how far each article was read and
// returns there when it is opened again. Where the full
// article stands (on its way, failed, not an article) is said in one calm line.
// The HTML was sanitised by the core when it was stored and its images point at
// stored /asset/ copies; the page's CSP keeps scripts and remote resources out
// regardless.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Article } from '../../electron/shared/models.ts';
import '../components/empty-state.ts';
import { icons } from '../components/icons.ts';
import { formatFullDate, formatReadingTime } from '../state/format-time.ts';
import type { ReaderState } from '../state/library-store.ts';
import { base, buttons } from '../styles/shared.ts';

export class BsReader extends LitElement {
  static override properties = {
    reader: { attribute: false },
    hasArticles: { type: Boolean },
    hasPrevious: { type: Boolean },
    hasNext: { type: Boolean },
  };

  static override styles = [
    base,
    buttons,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        min-height: 0;
        background: var(--bg-reader);
      }
      section {
        display: flex;
        flex-direction: column;
        height: 100%;
        min-height: 0;
      }
      .bar {
        flex: none;
        display: flex;
        align-items: center;
        justify-content: flex-end;
        gap: var(--space-1);
        height: 48px;
        padding: 0 var(--space-3);
        border-bottom: var(--hairline-width) solid var(--hairline);
      }
      .bar .spacer {
        flex: 1;
      }
      .toggle {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        height: 28px;
        padding: 0 var(--space-2);
        border-radius: var(--radius-md);
        font-size: var(--text-md);
        color: var(--text-secondary);
        text-decoration: none;
        transition: background-color var(--duration) var(--ease), color var(--duration) var(--ease);
      }
      .toggle:hover {
        background: var(--bg-hover);
        color: var(--text);
      }
      .toggle[aria-pressed='true'] {
        color: var(--accent);
      }
      .scroller {
        flex: 1;
        overflow-y: auto;
        min-height: 0;
      }
      /* The article scrolls from the keyboard too (arrows, Space) once it has focus. */
      .scroller:focus-visible {
        outline-offset: -3px;
        border-radius: 0;
      }
      article {
        max-width: var(--reading-measure);
        margin: 0 auto;
        padding: var(--space-7) var(--space-6) var(--space-8);
        font-family: var(--font-reading);
        font-size: var(--reading-size);
        line-height: var(--reading-line);
        color: var(--reading-text);
        font-kerning: normal;
        text-align: var(--reading-align);
        hyphens: auto;
        overflow-wrap: break-word;
      }
      article > header {
        text-align: start;
      }
      .bar .nav {
        display: flex;
        gap: 2px;
        margin-inline-end: auto;
      }
      article > header {
        margin-bottom: var(--space-6);
        font-family: var(--font-ui);
      }
      .kicker {
        font-size: var(--text-sm);
        font-weight: 600;
        letter-spacing: 0.06em;
        text-transform: uppercase;
        color: var(--accent);
        margin-bottom: var(--space-3);
      }
      h1 {
        font-family: var(--font-reading);
        font-size: var(--reading-title);
        line-height: 1.15;
        font-weight: 650;
        letter-spacing: -0.015em;
        color: var(--text);
        margin: 0 0 var(--space-4);
        hyphens: manual;
        text-wrap: balance;
      }
      .byline {
        font-size: var(--text-md);
        color: var(--text-secondary);
        display: flex;
        flex-wrap: wrap;
        gap: 0 var(--space-2);
      }
      .byline .sep {
        color: var(--text-tertiary);
      }
      .lead {
        margin: 0 0 var(--space-6);
      }
      .lead img {
        display: block;
        width: 100%;
        height: auto;
        border-radius: var(--radius-sm);
      }
      .note {
        display: flex;
        align-items: flex-start;
        gap: var(--space-2);
        margin: 0 0 var(--space-5);
        padding: var(--space-3) var(--space-4);
        border-radius: var(--radius-md);
        background: var(--bg-hover);
        font-family: var(--font-ui);
        font-size: var(--text-md);
        line-height: 1.5;
        color: var(--text-secondary);
      }
      .note > svg.icon {
        margin-top: 2px;
        color: var(--text-tertiary);
      }
      .note .body {
        flex: 1;
        min-width: 0;
      }
      .note .body > * + * {
        margin-top: var(--space-1);
      }
      .note strong {
        color: var(--text);
        font-weight: 600;
      }
      .note a {
        color: var(--accent);
        overflow-wrap: anywhere;
      }
      .note .button {
        margin-top: var(--space-2);
      }
      /* Progress and the offer to download are passing remarks, not boxes. */
      .note.quiet {
        background: none;
        padding: 0;
        color: var(--text-tertiary);
      }
      .note.progress {
        align-items: center;
      }
      .pulse {
        width: 8px;
        height: 8px;
        flex: none;
        border-radius: 50%;
        background: var(--accent);
        animation: pulse 1.4s var(--ease) infinite;
      }
      @keyframes pulse {
        50% {
          opacity: 0.25;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .pulse {
          animation: none;
        }
      }
      .content :is(p, ul, ol, blockquote, pre, figure, table) {
        margin: 0 0 1.1em;
      }
      .content :is(h1, h2, h3, h4, h5, h6) {
        font-family: var(--font-reading);
        line-height: 1.25;
        color: var(--text);
        margin: 1.6em 0 0.6em;
        letter-spacing: -0.01em;
      }
      .content h1 {
        font-size: 1.5em;
      }
      .content h2 {
        font-size: 1.3em;
      }
      .content h3 {
        font-size: 1.12em;
      }
      .content :is(h4, h5, h6) {
        font-size: 1em;
      }
      /* Only real links look like links; an anchor the sanitiser emptied is plain text. */
      .content a[href] {
        color: var(--accent);
        text-decoration: underline;
        text-decoration-thickness: 1px;
        text-underline-offset: 0.15em;
      }
      .content img,
      .content video,
      .lead img {
        filter: var(--image-filter);
      }
      .content img,
      .content video {
        display: block;
        max-width: 100%;
        height: auto;
        margin: 1.4em auto;
        border-radius: var(--radius-sm);
      }
      .content figure {
        margin-inline: 0;
      }
      .content figure img {
        margin-bottom: 0.5em;
      }
      .content figure > :is(img, .bs-missing-image) {
        margin-top: 0;
      }
      /* An image that was not saved: a quiet box with an image glyph and its description, never a broken icon. */
      .content .bs-missing-image {
        display: flex;
        align-items: center;
        justify-content: center;
        gap: var(--space-2);
        min-height: 96px;
        margin: 1.4em 0 0.5em;
        padding: var(--space-4) var(--space-5);
        border-radius: var(--radius-sm);
        background: var(--bg-hover);
        border: var(--hairline-width) solid var(--hairline);
        color: var(--text-tertiary);
        font-family: var(--font-ui);
        font-size: var(--text-md);
        line-height: 1.4;
        text-align: center;
      }
      .content .bs-missing-image::before {
        content: '';
        flex: none;
        width: 20px;
        height: 20px;
        background: currentColor;
        mask: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16' fill='none' stroke='black' stroke-width='1.3' stroke-linejoin='round'%3E%3Crect x='2' y='3' width='12' height='10' rx='1.5'/%3E%3Ccircle cx='5.75' cy='6.5' r='1.1'/%3E%3Cpath d='m2.5 11.5 3.5-3 2.5 2 2-1.5 3 2.5'/%3E%3C/svg%3E")
          center / contain no-repeat;
      }
      .content .bs-missing-image::after {
        content: attr(aria-label);
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
        max-width: 46ch;
      }
      .content figcaption {
        font-family: var(--font-ui);
        font-size: var(--text-md);
        color: var(--text-secondary);
        line-height: 1.45;
      }
      .content blockquote {
        margin-inline: 0;
        padding-inline-start: 1em;
        border-inline-start: 3px solid var(--hairline-strong);
        color: var(--text-secondary);
        font-style: italic;
      }
      .content :is(ul, ol) {
        padding-inline-start: 1.4em;
      }
      .content li + li {
        margin-top: 0.3em;
      }
      .content :is(code, pre) {
        font-family: var(--font-mono);
        font-size: 0.82em;
      }
      .content pre {
        padding: var(--space-3) var(--space-4);
        background: var(--bg-hover);
        border-radius: var(--radius-md);
        overflow-x: auto;
        line-height: 1.5;
      }
      .content hr {
        border: 0;
        border-top: var(--hairline-width) solid var(--hairline-strong);
        margin: 2em 0;
      }
      .content table {
        border-collapse: collapse;
        font-size: 0.85em;
        display: block;
        overflow-x: auto;
      }
      .content :is(td, th) {
        border-bottom: var(--hairline-width) solid var(--hairline);
        padding-block: 0.4em;
        padding-inline: 0 0.8em;
        text-align: start;
      }
      .empty-content {
        color: var(--text-secondary);
        font-style: italic;
      }
      .placeholder {
        max-width: var(--reading-measure);
        margin: 0 auto;
        padding: var(--space-7) var(--space-6);
        display: grid;
        gap: 14px;
      }
      .placeholder .line {
        height: 14px;
        border-radius: 7px;
        background: var(--hairline);
      }
      .placeholder .line.title {
        height: 30px;
        width: 75%;
        margin-bottom: var(--space-4);
      }
      .placeholder .line.short {
        width: 55%;
      }
      .keys {
        display: inline-flex;
        gap: var(--space-1);
        align-items: center;
      }
      kbd {
        font-family: var(--font-ui);
        font-size: var(--text-sm);
        border: var(--hairline-width) solid var(--hairline-strong);
        border-bottom-width: 2px;
        border-radius: var(--radius-sm);
        padding: 0 5px;
        color: var(--text-secondary);
      }
    `,
  ];

  declare reader: ReaderState;
  declare hasArticles: boolean;
  declare hasPrevious: boolean;
  declare hasNext: boolean;
  /** The article whose place was last put back, so it is restored once per opening. */
  #restoredId: number | null = null;
  #progressTimer: ReturnType<typeof setTimeout> | null = null;
  #pendingProgress: { id: number; progress: number } | null = null;

  constructor() {
    super();
    this.reader = { id: null, article: null, status: 'idle', error: null };
    this.hasArticles = false;
    this.hasPrevious = false;
    this.hasNext = false;
  }

  get #scroller(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.scroller');
  }

  /** Scrolls the article by a number of pixels, or by pages (a screen less a little overlap). */
  scrollByAmount(amount: number, unit: 'px' | 'page' = 'px'): void {
    const scroller = this.#scroller;
    if (!scroller) return;
    const top = unit === 'page' ? amount * Math.max(40, scroller.clientHeight - 48) : amount;
    scroller.scrollBy({ top, behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }

  /** Opens the article's original page in the browser (v); false when it has no address. */
  openOriginal(): boolean {
    const link = this.renderRoot.querySelector<HTMLAnchorElement>('a.original');
    if (!link) return false;
    link.click();
    return true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#flushProgress();
  }

  #emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  protected override updated(changed: PropertyValues<this>): void {
    const previous = changed.get('reader') as ReaderState | undefined;
    if (previous && previous.id !== this.reader.id) {
      this.#flushProgress();
      this.#restoredId = null;
      const scroller = this.#scroller;
      if (scroller) scroller.scrollTop = 0;
    }
    const article = this.reader.article;
    if (this.reader.status === 'ready' && article && this.#restoredId !== article.id) {
      this.#restoredId = article.id;
      const scroller = this.#scroller;
      if (scroller && article.readingProgress > 0) {
        // After layout, so the article's full height is known.
        requestAnimationFrame(() => {
          if (this.reader.article?.id !== article.id) return;
          scroller.scrollTop = article.readingProgress * Math.max(0, scroller.scrollHeight - scroller.clientHeight);
        });
      }
    }
  }

  /** Where the reader is in the article, 0 to 1, saved at most once a second while scrolling. */
  #onScroll = (event: Event) => {
    const article = this.reader.article;
    const scroller = event.currentTarget as HTMLElement;
    if (!article || this.#restoredId !== article.id) return;
    const room = scroller.scrollHeight - scroller.clientHeight;
    const progress = room > 0 ? Math.min(1, Math.max(0, scroller.scrollTop / room)) : 0;
    this.#pendingProgress = { id: article.id, progress: Math.round(progress * 1000) / 1000 };
    this.#progressTimer ??= setTimeout(() => this.#flushProgress(), 1000);
  };

  #flushProgress(): void {
    if (this.#progressTimer) clearTimeout(this.#progressTimer);
    this.#progressTimer = null;
    const pending = this.#pendingProgress;
    this.#pendingProgress = null;
    if (pending) this.#emit('bs-reading-progress', pending);
  }

  override render() {
    return html`<section aria-label="Reader">${this.#content()}</section>`;
  }

  #content() {
    const { reader } = this;
    if (reader.status === 'idle') {
      return html`<div class="bar" aria-hidden="true"></div>
        <div class="scroller">
          <bs-empty-state headline="Select an article">
            ${this.hasArticles
              ? html`Choose one from the list, or press <span class="keys"><kbd>j</kbd> and <kbd>k</kbd></span> to move through
                  them.`
              : 'Articles you open appear here, ready to read offline.'}
          </bs-empty-state>
        </div>`;
    }
    if (reader.status === 'error') {
      return html`<div class="bar" aria-hidden="true"></div>
        <div class="scroller">
          <bs-empty-state headline="This article could not be opened" tone="error" announce>
            ${reader.error}
            <button slot="action" class="button" @click=${() => this.#emit('bs-retry-article')}>Try again</button>
          </bs-empty-state>
        </div>`;
    }
    if (reader.status === 'loading' || !reader.article) {
      return html`<div class="bar" aria-hidden="true"></div>
        <div class="scroller" aria-busy="true">
          <div class="placeholder" aria-label="Loading article">
            <div class="line title"></div>
            <div class="line"></div>
            <div class="line"></div>
            <div class="line short"></div>
          </div>
        </div>`;
    }
    return this.#article(reader.article);
  }

  #article(article: Article) {
    return html`<div class="bar">
        <div class="nav">
          <button
            class="icon-button"
            aria-label="Previous article"
            title="Previous article (k)"
            ?disabled=${!this.hasPrevious}
            @click=${() => this.#emit('bs-step', -1)}
          >
            ${icons.chevronUp}
          </button>
          <button
            class="icon-button"
            aria-label="Next article"
            title="Next article (j)"
            ?disabled=${!this.hasNext}
            @click=${() => this.#emit('bs-step', 1)}
          >
            ${icons.chevronDown}
          </button>
        </div>
        <button
          class="toggle"
          title=${article.read ? 'Mark as unread (m)' : 'Mark as read (m)'}
          @click=${() => this.#emit('bs-set-read', { id: article.id, read: !article.read })}
        >
          ${article.read ? icons.circle : icons.unread}<span>${article.read ? 'Mark as unread' : 'Mark as read'}</span>
        </button>
        <button
          class="toggle"
          aria-pressed=${article.bookmarked ? 'true' : 'false'}
          title="Bookmark (s)"
          @click=${() => this.#emit('bs-bookmark', { id: article.id, on: !article.bookmarked })}
        >
          ${article.bookmarked ? icons.bookmarkFilled : icons.bookmark}<span>Bookmark</span>
        </button>
        ${article.saved
          ? html`<button
              class="toggle"
              title=${article.archived ? 'Move back to Saved' : 'Done with it: move to Archive'}
              @click=${() => this.#emit('bs-archive', { id: article.id, on: !article.archived })}
            >
              ${article.archived ? icons.unarchive : icons.archive}<span>${article.archived ? 'Unarchive' : 'Archive'}</span>
            </button>`
          : nothing}
        ${article.url
          ? html`<a class="toggle original" href=${article.url} target="_blank" rel="noopener noreferrer" title="Open in your browser (v)">
              ${icons.external}<span>Open original</span>
            </a>`
          : nothing}
      </div>
      <div class="scroller" tabindex="0" @scroll=${this.#onScroll}>
        <article lang=${article.lang ?? nothing} dir=${article.dir ?? nothing} @click=${this.#onContentClick}>
          <header>
            <div class="kicker">${article.siteName || article.sourceTitle}</div>
            <h1>${article.title || 'Untitled'}</h1>
            <div class="byline">${this.#byline(article)}</div>
          </header>
          ${this.#downloadNote(article)} ${this.#leadImage(article)}
          ${article.contentHtml.trim()
            ? html`<div class="content" @error=${this.#onResourceError}>${unsafeHTML(article.contentHtml)}</div>`
            : article.download === 'not_article' || article.download === 'queued' || article.download === 'downloading'
              ? nothing
              : html`<p class="empty-content">
                  This feed sends only a headline.${article.url ? ' Open the original to read the full article.' : ''}
                </p>`}
        </article>
      </div>`;
  }

  #byline(article: Article) {
    const parts = [
      article.author ? html`<span>${article.author}</span>` : null,
      html`<time datetime=${article.publishedAt}>${formatFullDate(article.publishedAt)}</time>`,
      article.readingMinutes ? html`<span>${formatReadingTime(article.readingMinutes)}</span>` : null,
    ].filter((part) => part !== null);
    return parts.map((part, i) => (i === 0 ? part : html`<span class="sep" aria-hidden="true">·</span>${part}`));
  }

  /** The lead image, unless the article's own body already shows it. */
  #leadImage(article: Article) {
    const lead = article.leadImageUrl;
    if (!lead || article.contentHtml.includes(lead)) return nothing;
    return html`<figure class="lead" @error=${this.#onResourceError}><img src=${lead} alt="" /></figure>`;
  }

  /** Where the full article stands, when that is anything but simply stored. */
  #downloadNote(article: Article) {
    switch (article.download) {
      case 'queued':
      case 'downloading':
        return html`<p class="note quiet progress" role="status">
          <span class="pulse" aria-hidden="true"></span>Downloading the full article…
        </p>`;
      case 'failed':
        return html`<div class="note" role="alert">
          ${icons.warning}
          <div class="body">
            <div><strong>The full article could not be downloaded.</strong> ${article.downloadError ?? ''}</div>
            ${article.contentHtml.trim() ? html`<div>Below is what the feed sent.</div>` : nothing}
            <button class="button" @click=${() => this.#emit('bs-download', article.id)}>Try again</button>
          </div>
        </div>`;
      case 'not_article':
        return html`<div class="note" role="note">
          ${icons.external}
          <div class="body">
            <div>This page isn’t an article, so Broadsheet kept a link to it.</div>
            ${article.url ? html`<a href=${article.url} target="_blank" rel="noopener noreferrer">${article.url}</a>` : nothing}
          </div>
        </div>`;
      case 'none':
        if (!article.url || article.saved) return nothing;
        return html`<p class="note quiet">
          ${icons.download}
          <span class="body"
            >Showing what the feed sent.
            <button class="link-button" @click=${() => this.#emit('bs-download', article.id)}>Download the full article</button> to
            read all of it, offline too.</span
          >
        </p>`;
      default:
        return nothing;
    }
  }

  /**
   * An image that cannot be shown (its stored copy is gone, or the CSP refused
   * it because it lives elsewhere) becomes the same quiet placeholder the core
   * writes for images it could not save, never a broken icon.
   */
  #onResourceError = {
    capture: true,
    handleEvent: (event: Event) => {
      const target = event.target;
      if (target instanceof HTMLImageElement) {
        const placeholder = document.createElement('span');
        placeholder.className = 'bs-missing-image';
        placeholder.setAttribute('role', 'img');
        placeholder.setAttribute('aria-label', target.alt.trim() || 'Image not saved');
        target.replaceWith(placeholder);
      } else if (target instanceof HTMLVideoElement) {
        target.hidden = true;
      }
    },
  };

  /** Links inside an article open outside the app, never in place of it. */
  #onContentClick = (event: MouseEvent) => {
    const link = (event.composedPath()[0] as Element | undefined)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement)) return;
    const url = new URL(link.href, location.href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      event.preventDefault();
      return;
    }
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
  };
}

customElements.define('bs-reader', BsReader);

declare global {
  interface HTMLElementTagNameMap {
    'bs-reader': BsReader;
  }
}
