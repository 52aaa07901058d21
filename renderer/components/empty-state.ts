// A pane's empty, error or hint state: a calm headline, one or two sentences,
// and an optional way forward slotted in as an action.
import { LitElement, css, html } from 'lit';
import { base } from '../styles/shared.ts';

export class BsEmptyState extends LitElement {
  static override properties = {
    headline: { type: String },
    tone: { type: String, reflect: true },
    announce: { type: Boolean },
  };

  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        text-align: center;
        gap: var(--space-2);
        padding: var(--space-6) var(--space-5);
        color: var(--text-secondary);
        font-size: var(--text-md);
        line-height: 1.5;
        min-height: 100%;
      }
      .glyph {
        color: var(--text-tertiary);
        margin-bottom: var(--space-1);
      }
      .glyph ::slotted(svg),
      .glyph ::slotted(*) {
        width: 28px;
        height: 28px;
      }
      h2 {
        margin: 0;
        font-size: var(--text-lg);
        font-weight: 600;
        color: var(--text);
        letter-spacing: -0.01em;
      }
      :host([tone='error']) h2 {
        color: var(--text);
      }
      p {
        margin: 0;
        max-width: 32ch;
      }
      .actions {
        margin-top: var(--space-3);
        display: flex;
        gap: var(--space-2);
      }
    `,
  ];

  declare headline: string;
  declare tone: 'quiet' | 'error';
  declare announce: boolean;

  constructor() {
    super();
    this.headline = '';
    this.tone = 'quiet';
    this.announce = false;
  }

  override render() {
    return html`<div class="glyph"><slot name="icon"></slot></div>
      <div role=${this.announce ? (this.tone === 'error' ? 'alert' : 'status') : 'none'}>
        <h2>${this.headline}</h2>
        <p><slot></slot></p>
      </div>
      <div class="actions"><slot name="action"></slot></div>`;
  }
}

customElements.define('bs-empty-state', BsEmptyState);

declare global {
  interface HTMLElementTagNameMap {
    'bs-empty-state': BsEmptyState;
  }
}
