// The search field at the top of the article list. It only reports what the
// reader does (typing, Escape, stepping down into the results); the app owns
// the search itself.
import { LitElement, css, html, svg } from 'lit';
import { icons } from '../components/icons.ts';
import { base, buttons } from '../styles/shared.ts';

const searchIcon = svg`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor"
  stroke-width="1.5" stroke-linecap="round"><circle cx="7" cy="7" r="4.5"/><path d="m10.5 10.5 3 3"/></svg>`;

export class BsSearchField extends LitElement {
  static override properties = {
    value: { type: String },
  };

  static override styles = [
    base,
    buttons,
    css`
      :host {
        display: block;
        flex: none;
        padding: var(--space-2) var(--space-2) var(--space-2) var(--space-3);
        border-bottom: var(--hairline-width) solid var(--hairline);
        background: var(--bg-list);
      }
      .field {
        position: relative;
        display: flex;
        align-items: center;
      }
      .field > svg.icon {
        position: absolute;
        left: var(--space-2);
        color: var(--text-secondary);
        pointer-events: none;
      }
      input {
        flex: 1;
        min-width: 0;
        height: 30px;
        padding: 0 32px 0 30px;
        font: inherit;
        font-size: var(--text-md);
        color: var(--text);
        background: var(--bg-hover);
        border: var(--hairline-width) solid transparent;
        border-radius: var(--radius-md);
        transition: background-color var(--duration) var(--ease), border-color var(--duration) var(--ease);
      }
      input::placeholder {
        color: var(--text-secondary);
      }
      input:focus {
        background: var(--bg-raised);
        border-color: var(--hairline-strong);
      }
      input:focus-visible {
        outline: 2px solid var(--focus);
        outline-offset: -1px;
        border-radius: var(--radius-md);
      }
      input::-webkit-search-cancel-button {
        appearance: none;
      }
      .clear {
        position: absolute;
        right: 2px;
        width: 26px;
        height: 26px;
      }
      kbd {
        position: absolute;
        right: var(--space-2);
        font: inherit;
        font-size: var(--text-xs);
        color: var(--text-secondary);
        border: var(--hairline-width) solid var(--hairline-strong);
        border-radius: var(--radius-sm);
        padding: 0 5px;
        line-height: 16px;
        pointer-events: none;
      }
      input:focus ~ kbd {
        display: none;
      }
    `,
  ];

  declare value: string;

  constructor() {
    super();
    this.value = '';
  }

  get #input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  /** Puts the caret in the field with its words selected, ready to type over (the `/` key, the menu). */
  override focus(): void {
    const input = this.#input;
    input?.focus();
    input?.select();
  }

  #emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  override render() {
    return html`<div class="field" role="search">
      ${searchIcon}
      <input
        type="search"
        aria-label="Search articles"
        placeholder="Search"
        autocomplete="off"
        spellcheck="false"
        enterkeyhint="search"
        .value=${this.value}
        @input=${(e: InputEvent) => this.#emit('bs-search-input', (e.target as HTMLInputElement).value)}
        @keydown=${this.#onKeydown}
      />
      ${this.value
        ? html`<button class="icon-button clear" aria-label="Clear search" title="Clear search" @click=${this.#clear}>${icons.close}</button>`
        : html`<kbd aria-hidden="true">/</kbd>`}
    </div>`;
  }

  #clear = () => {
    this.#emit('bs-search-clear');
    this.#input?.focus();
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      // Escape leaves the search: the field empties and the view returns.
      event.preventDefault();
      event.stopPropagation();
      this.#emit('bs-search-clear', { leave: true });
    } else if (event.key === 'ArrowDown' || (event.key === 'Enter' && this.value.trim() !== '')) {
      event.preventDefault();
      this.#emit('bs-search-enter-results', { open: event.key === 'Enter' });
    }
  };
}

customElements.define('bs-search-field', BsSearchField);

declare global {
  interface HTMLElementTagNameMap {
    'bs-search-field': BsSearchField;
  }
}
