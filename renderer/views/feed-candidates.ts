// The feeds discovery found, to choose from before subscribing: each with its
// title, format, address and size, the ones already followed marked, and the
// newest items of the chosen one as a preview. One feed is shown as a card;
// several as a radio group, moved through with the arrow keys.
import { LitElement, css, html, nothing } from 'lit';
import type { FeedCandidate } from '../../electron/shared/models.ts';
import { icons } from '../components/icons.ts';
import { FORMAT_LABELS, displayAddress, foundText, itemCountText } from '../state/feed-discovery.ts';
import { formatListTime } from '../state/format-time.ts';
import { base } from '../styles/shared.ts';

export class BsFeedCandidates extends LitElement {
  static override properties = {
    candidates: { attribute: false },
    chosen: { attribute: false },
  };

  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: var(--space-3);
        min-width: 0;
      }
      fieldset {
        margin: 0;
        padding: 0;
        border: 0;
        min-width: 0;
      }
      legend,
      .found {
        padding: 0;
        margin: 0 0 var(--space-2);
        font-size: var(--text-sm);
        font-weight: 600;
        color: var(--text-secondary);
      }
      .list {
        display: grid;
        border: var(--hairline-width) solid var(--hairline-strong);
        border-radius: var(--radius-md);
        overflow: hidden;
      }
      .candidate {
        position: relative;
        display: grid;
        grid-template-columns: 16px minmax(0, 1fr);
        gap: var(--space-3);
        align-items: start;
        padding: var(--space-2) var(--space-3);
        background: var(--bg-app);
        font-weight: 400;
      }
      .candidate + .candidate {
        border-top: var(--hairline-width) solid var(--hairline);
      }
      .candidate.chosen {
        background: var(--bg-selected);
      }
      .list .candidate:hover:not(.chosen) {
        background: var(--bg-hover);
      }
      input[type='radio'] {
        width: 16px;
        height: 16px;
        margin: 2px 0 0;
        accent-color: var(--accent);
      }
      input[type='radio']:focus-visible {
        outline: 2px solid var(--focus);
        outline-offset: 2px;
      }
      /* Sits as close to its card as the legend does to its list. */
      p.found {
        margin-bottom: calc(var(--space-2) - var(--space-3));
      }
      .card {
        grid-template-columns: 20px minmax(0, 1fr);
        border: var(--hairline-width) solid var(--hairline-strong);
        border-radius: var(--radius-md);
        padding: var(--space-3);
      }
      .card svg.icon {
        margin-top: 1px;
        color: var(--accent);
      }
      .main {
        display: grid;
        gap: 2px;
        min-width: 0;
      }
      .title-line {
        display: flex;
        align-items: baseline;
        gap: var(--space-2);
        min-width: 0;
      }
      .title {
        font-weight: 600;
        color: var(--text);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .badge {
        flex: none;
        padding: 0 6px;
        border-radius: 999px;
        font-size: var(--text-xs);
        font-weight: 600;
        line-height: 18px;
        letter-spacing: 0.02em;
        color: var(--text-secondary);
        background: var(--bg-hover);
        border: var(--hairline-width) solid var(--hairline);
      }
      .badge.followed {
        color: var(--accent-strong);
        background: var(--bg-selected);
        border-color: transparent;
      }
      .meta {
        display: flex;
        gap: var(--space-2);
        font-size: var(--text-sm);
        color: var(--text-secondary);
        min-width: 0;
      }
      .address {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .count {
        flex: none;
      }
      .count::before {
        content: '·';
        margin-right: var(--space-2);
      }
      .preview {
        display: grid;
        gap: var(--space-1);
        min-width: 0;
      }
      .preview h3 {
        margin: 0;
        font-size: var(--text-sm);
        font-weight: 600;
        color: var(--text-secondary);
      }
      .description {
        margin: 0;
        font-size: var(--text-sm);
        color: var(--text-secondary);
        line-height: 1.45;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: var(--space-3);
        padding: 6px 0;
        border-bottom: var(--hairline-width) solid var(--hairline);
      }
      li:last-child {
        border-bottom: 0;
      }
      .item-title {
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-family: var(--font-reading);
        font-size: var(--text-base);
        color: var(--text);
      }
      time {
        flex: none;
        font-size: var(--text-sm);
        color: var(--text-tertiary);
        font-variant-numeric: tabular-nums;
      }
      .empty {
        margin: 0;
        color: var(--text-secondary);
        font-size: var(--text-sm);
      }
    `,
  ];

  declare candidates: readonly FeedCandidate[];
  /** The address of the candidate chosen. */
  declare chosen: string | null;

  constructor() {
    super();
    this.candidates = [];
    this.chosen = null;
  }

  /** Puts the keyboard on the chosen feed (or the only one's preview), after discovery. */
  focusChoice(): void {
    const radio = this.renderRoot.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    radio?.focus();
  }

  override render() {
    const chosen = this.candidates.find((c) => c.url === this.chosen) ?? this.candidates[0];
    if (!chosen) return nothing;
    return html`${this.candidates.length === 1 ? this.#card(chosen) : this.#list(chosen)} ${this.#preview(chosen)}`;
  }

  #card(candidate: FeedCandidate) {
    return html`<p class="found">${foundText(this.candidates)}</p>
      <div class="candidate card">${icons.feed}${this.#summary(candidate, 'only')}</div>`;
  }

  #list(chosen: FeedCandidate) {
    return html`<fieldset>
      <legend>${foundText(this.candidates)}</legend>
      <div class="list">
        ${this.candidates.map(
          (candidate, index) => html`<label class="candidate ${candidate === chosen ? 'chosen' : ''}">
            <input
              type="radio"
              name="candidate"
              .value=${candidate.url}
              .checked=${candidate === chosen}
              aria-label=${candidate.title}
              aria-describedby=${`candidate-${index}`}
              @change=${() => this.#choose(candidate)}
            />
            ${this.#summary(candidate, String(index))}
          </label>`,
        )}
      </div>
    </fieldset>`;
  }

  #summary(candidate: FeedCandidate, key: string) {
    return html`<span class="main">
      <span class="title-line">
        <span class="title">${candidate.title}</span>
        <span class="badge">${FORMAT_LABELS[candidate.format]}</span>
        ${candidate.subscribedId !== null ? html`<span class="badge followed">Subscribed</span>` : nothing}
      </span>
      <span class="meta" id=${`candidate-${key}`}>
        <span class="visually-hidden">${FORMAT_LABELS[candidate.format]}${candidate.subscribedId !== null ? ', already subscribed' : ''}, </span>
        <span class="address">${displayAddress(candidate.url)}</span>
        <span class="count">${itemCountText(candidate.itemCount)}</span>
      </span>
    </span>`;
  }

  #preview(candidate: FeedCandidate) {
    const now = new Date();
    return html`<section class="preview" aria-labelledby="preview-heading">
      <h3 id="preview-heading">Latest in ${candidate.title}</h3>
      ${candidate.description ? html`<p class="description">${candidate.description}</p>` : nothing}
      ${candidate.items.length === 0
        ? html`<p class="empty">This feed has no items yet. New ones will arrive when it is refreshed.</p>`
        : html`<ul>
            ${candidate.items.map(
              (item) => html`<li>
                <span class="item-title">${item.title || 'Untitled'}</span>
                ${item.publishedAt ? html`<time datetime=${item.publishedAt}>${formatListTime(item.publishedAt, now)}</time>` : nothing}
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  #choose(candidate: FeedCandidate): void {
    this.chosen = candidate.url;
    this.dispatchEvent(new CustomEvent<string>('bs-candidate-change', { detail: candidate.url, bubbles: true, composed: true }));
  }
}

customElements.define('bs-feed-candidates', BsFeedCandidates);

declare global {
  interface HTMLElementTagNameMap {
    'bs-feed-candidates': BsFeedCandidates;
  }
}
