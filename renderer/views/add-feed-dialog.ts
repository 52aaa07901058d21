// "Add a feed": one field, one action. Failures stay in the dialog in the
// core's plain words, with the address kept for editing; success closes it.
import { LitElement, html, nothing } from 'lit';
import { dialogStyles } from '../styles/dialog.ts';
import { base, buttons } from '../styles/shared.ts';
import { DialogAttempts } from './dialog-attempts.ts';

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
    dialogStyles,
  ];

  declare subscribe: Subscribe | null;
  declare busy: boolean;
  declare error: string | null;
  readonly #attempts = new DialogAttempts();

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
    this.#attempts.cancel();
    this.busy = false;
    this.#dialog?.close();
  }

  override render() {
    return html`<dialog aria-labelledby="add-feed-title" @close=${() => this.#attempts.cancel()}>
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
    const subscribe = this.subscribe;
    await this.#attempts.run(this, () => subscribe(address), {
      succeeded: () => this.#dialog?.close(),
      failed: () => {
        this.#input?.focus();
        this.#input?.select();
      },
    });
  };
}

customElements.define('bs-add-feed-dialog', BsAddFeedDialog);

declare global {
  interface HTMLElementTagNameMap {
    'bs-add-feed-dialog': BsAddFeedDialog;
  }
}
