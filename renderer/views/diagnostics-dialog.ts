// <bs-diagnostics-dialog>: when the clipboard cannot be used, the diagnostics
// are shown here instead, already selected, to copy by hand.
import { LitElement, css, html } from 'lit';
import { dialogStyles } from '../styles/dialog.ts';
import { base, buttons } from '../styles/shared.ts';

export class BsDiagnosticsDialog extends LitElement {
  static override properties = {
    text: { state: true },
  };

  static override styles = [
    base,
    buttons,
    dialogStyles,
    css`
      dialog {
        width: min(640px, calc(100vw - 32px));
      }
      textarea {
        width: 100%;
        height: min(50vh, 360px);
        padding: var(--space-3);
        resize: vertical;
        font-family: var(--font-mono);
        font-size: var(--text-sm);
        line-height: 1.5;
        border-radius: var(--radius-md);
        border: var(--hairline-width) solid var(--hairline-strong);
        background: var(--bg-app);
        color: var(--text);
      }
      textarea:focus-visible {
        outline: 2px solid var(--focus);
        outline-offset: -1px;
      }
    `,
  ];

  declare text: string;

  constructor() {
    super();
    this.text = '';
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  get isOpen(): boolean {
    return this.#dialog?.open ?? false;
  }

  async show(text: string): Promise<void> {
    this.text = text;
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    this.#selectAll();
  }

  #selectAll = () => {
    const area = this.renderRoot.querySelector('textarea');
    area?.focus();
    area?.select();
  };

  override render() {
    return html`<dialog aria-labelledby="diagnostics-title" aria-describedby="diagnostics-intro">
      <form method="dialog">
        <h2 id="diagnostics-title">Diagnostics</h2>
        <p id="diagnostics-intro" class="intro">
          Broadsheet could not use the clipboard, so here is the text to copy by hand: it is selected, so Ctrl+C (⌘C on a Mac)
          copies it. It holds versions, sizes and recent errors — no articles.
        </p>
        <label class="visually-hidden" for="diagnostics-text">Diagnostics text</label>
        <textarea id="diagnostics-text" readonly spellcheck="false" .value=${this.text}></textarea>
        <div class="actions">
          <button type="button" class="button" @click=${this.#selectAll}>Select all</button>
          <button type="submit" class="button primary">Close</button>
        </div>
      </form>
    </dialog>`;
  }
}

customElements.define('bs-diagnostics-dialog', BsDiagnosticsDialog);

declare global {
  interface HTMLElementTagNameMap {
    'bs-diagnostics-dialog': BsDiagnosticsDialog;
  }
}
