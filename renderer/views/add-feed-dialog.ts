// "Add a feed": one field, one action. Failures stay in the dialog in the
// core's plain words, with the address kept for editing; success closes it.
import { LitElement, css, html, nothing } from 'lit';
import { messageOf } from '../api/errors.ts';
import { base, buttons } from '../styles/shared.ts';

export type Subscribe = (address: string) => Promise<unknown>;

export class BsAddFeedDialog extends LitElement {
  static override properties = {
    subscribe: { attribute: false },
    busy: { state: true },
    error: { state: true },
  };

  static override styles = [
    base,
    buttons,
    css`
      dialog {
        width: min(460px, calc(100vw - 32px));
        padding: 0;
        border: 0;
        border-radius: var(--radius-lg);
        background: var(--bg-raised);
        color: var(--text);
        box-shadow: var(--shadow-dialog);
        font-size: var(--text-md);
      }
      dialog::backdrop {
        background: var(--backdrop);
      }
      dialog[open] {
        animation: appear var(--duration) var(--ease);
      }
      @keyframes appear {
        from {
          opacity: 0;
          transform: translateY(6px) scale(0.99);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        dialog[open] {
          animation: none;
        }
      }
      form {
        display: grid;
        gap: var(--space-3);
        padding: var(--space-5);
      }
      h2 {
        margin: 0;
        font-size: var(--text-lg);
        font-weight: 650;
        letter-spacing: -0.01em;
      }
      .intro {
        margin: 0;
        color: var(--text-secondary);
        line-height: 1.5;
      }
      label {
        display: grid;
        gap: var(--space-1);
        font-weight: 500;
        margin-top: var(--space-1);
      }
      input {
        font: inherit;
        font-size: var(--text-base);
        height: 34px;
        padding: 0 var(--space-3);
        border-radius: var(--radius-md);
        border: var(--hairline-width) solid var(--hairline-strong);
        background: var(--bg-app);
        color: var(--text);
      }
      input:focus-visible {
        outline: 2px solid var(--focus);
        outline-offset: -1px;
      }
      input[aria-invalid='true'] {
        border-color: var(--danger);
      }
      input::placeholder {
        color: var(--text-tertiary);
      }
      .alert {
        margin: 0;
        color: var(--danger);
        line-height: 1.45;
      }
      .working {
        margin: 0;
        color: var(--text-secondary);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: var(--space-2);
        margin-top: var(--space-2);
      }
      .spinner {
        width: 12px;
        height: 12px;
        border-radius: 50%;
        border: 2px solid currentColor;
        border-right-color: transparent;
        animation: spin 800ms linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .spinner {
          animation: none;
          border-right-color: currentColor;
          opacity: 0.6;
        }
      }
    `,
  ];

  declare subscribe: Subscribe | null;
  declare busy: boolean;
  declare error: string | null;
  /** The attempt that is current; an answer to an abandoned one is not shown. */
  #attempt = 0;

  constructor() {
    super();
    this.subscribe = null;
    this.busy = false;
    this.error = null;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  get #input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  async show(): Promise<void> {
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || dialog.open) return;
    this.error = null;
    this.busy = false;
    if (this.#input) this.#input.value = '';
    dialog.showModal();
    this.#input?.focus();
  }

  close(): void {
    this.#attempt += 1;
    this.busy = false;
    this.#dialog?.close();
  }

  override render() {
    return html`<dialog aria-labelledby="add-feed-title" @close=${() => (this.#attempt += 1)}>
      <form novalidate @submit=${this.#onSubmit}>
        <h2 id="add-feed-title">Add a feed</h2>
        <p class="intro">Paste the address of a site’s RSS or Atom feed. Broadsheet keeps its articles on this computer.</p>
        <label>
          Feed address
          <input
            name="address"
            type="text"
            inputmode="url"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            placeholder="https://example.com/feed.xml"
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby=${this.error ? 'add-feed-error' : nothing}
            ?readonly=${this.busy}
            @input=${() => (this.error = null)}
          />
        </label>
        ${this.error ? html`<p class="alert" role="alert" id="add-feed-error">${this.error}</p>` : nothing}
        ${this.busy ? html`<p class="working" role="status">Fetching the feed…</p>` : nothing}
        <div class="actions">
          <button type="button" class="button" @click=${() => this.close()}>Cancel</button>
          <button type="submit" class="button primary" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
            ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}Subscribe
          </button>
        </div>
      </form>
    </dialog>`;
  }

  #onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (this.busy || !this.subscribe) return;
    const address = this.#input?.value.trim() ?? '';
    if (address === '') {
      this.error = 'Enter the address of a feed, for example https://example.com/feed.xml.';
      this.#input?.focus();
      return;
    }
    const attempt = ++this.#attempt;
    this.busy = true;
    this.error = null;
    try {
      await this.subscribe(address);
      if (attempt !== this.#attempt) return;
      this.busy = false;
      this.#dialog?.close();
    } catch (error) {
      if (attempt !== this.#attempt) return;
      this.busy = false;
      this.error = messageOf(error);
      await this.updateComplete;
      this.#input?.focus();
      this.#input?.select();
    }
  };
}

customElements.define('bs-add-feed-dialog', BsAddFeedDialog);

declare global {
  interface HTMLElementTagNameMap {
    'bs-add-feed-dialog': BsAddFeedDialog;
  }
}
