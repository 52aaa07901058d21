// The reading pane: the article set in a reading font at a comfortable measure,
// with its source, byline and date, a Bookmark toggle and the original link.
// The HTML was sanitised by the core when it was stored; the page's CSP keeps
// scripts and remote resources out regardless.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Article } from '../../electron/shared/models.ts';
import '../components/empty-state.ts';
import { icons } from '../components/icons.ts';
import { formatFullDate } from '../state/format-time.ts';
import type { ReaderState } from '../state/library-store.ts';
import { base, buttons } from '../styles/shared.ts';

export class BsReader extends LitElement {
  static override properties = {
    reader: { attribute: false },
    hasArticles: { type: Boolean },
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
      article {
        max-width: var(--reading-measure);
        margin: 0 auto;
        padding: var(--space-7) var(--space-6) var(--space-8);
        font-family: var(--font-reading);
        font-size: var(--reading-size);
        line-height: var(--reading-line);
        color: var(--reading-text);
        font-kerning: normal;
        hyphens: auto;
        overflow-wrap: break-word;
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
      .content a {
        color: var(--accent);
        text-decoration: underline;
        text-decoration-thickness: 1px;
        text-underline-offset: 0.15em;
      }
      .content img,
      .content video {
        display: block;
        max-width: 100%;
        height: auto;
        margin: 1.4em auto;
        border-radius: var(--radius-sm);
      }
      .content figure img {
        margin-bottom: 0.5em;
      }
      .content figcaption {
        font-family: var(--font-ui);
        font-size: var(--text-md);
        color: var(--text-secondary);
        line-height: 1.45;
      }
      .content blockquote {
        margin-left: 0;
        padding-left: 1em;
        border-left: 3px solid var(--hairline-strong);
        color: var(--text-secondary);
        font-style: italic;
      }
      .content :is(ul, ol) {
        padding-left: 1.4em;
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
        padding: 0.4em 0.8em 0.4em 0;
        text-align: left;
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

  constructor() {
    super();
    this.reader = { id: null, article: null, status: 'idle', error: null };
    this.hasArticles = false;
  }

  #emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  protected override updated(changed: PropertyValues<this>): void {
    const previous = changed.get('reader') as ReaderState | undefined;
    if (previous && previous.id !== this.reader.id) {
      const scroller = this.renderRoot.querySelector('.scroller');
      if (scroller) scroller.scrollTop = 0;
    }
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
          title="Bookmark (b)"
          @click=${() => this.#emit('bs-bookmark', { id: article.id, on: !article.bookmarked })}
        >
          ${article.bookmarked ? icons.bookmarkFilled : icons.bookmark}<span>Bookmark</span>
        </button>
        ${article.url
          ? html`<a class="toggle" href=${article.url} target="_blank" rel="noopener noreferrer">
              ${icons.external}<span>Open original</span>
            </a>`
          : nothing}
      </div>
      <div class="scroller">
        <article @click=${this.#onContentClick}>
          <header>
            <div class="kicker">${article.sourceTitle}</div>
            <h1>${article.title || 'Untitled'}</h1>
            <div class="byline">
              ${article.author ? html`<span>${article.author}</span><span class="sep" aria-hidden="true">·</span>` : nothing}
              <time datetime=${article.publishedAt}>${formatFullDate(article.publishedAt)}</time>
            </div>
          </header>
          ${article.contentHtml.trim()
            ? html`<div class="content" @error=${this.#onResourceError}>${unsafeHTML(article.contentHtml)}</div>`
            : html`<p class="empty-content">
                This feed sends only a headline.${article.url ? ' Open the original to read the full article.' : ''}
              </p>`}
        </article>
      </div>`;
  }

  /**
   * An image that cannot be shown (not saved for offline reading, or refused
   * by the CSP because it lives elsewhere) is left out rather than shown broken.
   */
  #onResourceError = {
    capture: true,
    handleEvent: (event: Event) => {
      const target = event.target;
      if (target instanceof HTMLImageElement || target instanceof HTMLVideoElement) target.hidden = true;
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
