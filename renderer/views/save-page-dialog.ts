// "Save a page": keep any web page to read later, by its address or from an
// HTML file the reader saved with a browser. Like "Add a feed", problems stay
// in the dialog in the core's plain words, with the address kept for editing;
// success closes it (the app then shows the page, open, in Saved).
import { LitElement, html, nothing } from 'lit';
import type { ImportHtml } from '../../electron/shared/models.ts';
import { decodeHtmlFile, isHtmlFileName } from '../state/html-file.ts';
import { dialogDivider, dialogStyles } from '../styles/dialog.ts';
import { base, buttons } from '../styles/shared.ts';
import { DialogAttempts } from './dialog-attempts.ts';

/** `signal` is aborted when the reader cancels, so the app does not show the page after all. */
export type SavePage = (address: string, signal: AbortSignal) => Promise<unknown>;
export type ImportPage = (input: ImportHtml, signal: AbortSignal) => Promise<unknown>;

export class BsSavePageDialog extends LitElement {
  static override properties = {
    save: { attribute: false },
    importPage: { attribute: false },
    busy: { state: true },
    working: { state: true },
    error: { state: true },
  };

  static override styles = [base, buttons, dialogStyles, dialogDivider];

  declare save: SavePage | null;
  declare importPage: ImportPage | null;
  declare busy: boolean;
  /** What is happening while busy, in words. */
  declare working: string;
  declare error: string | null;
  /** Abandoned attempts are aborted, so a page saved after Cancel is not shown later. */
  readonly #attempts = new DialogAttempts();

  constructor() {
    super();
    this.save = null;
    this.importPage = null;
    this.busy = false;
    this.working = '';
    this.error = null;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  get #input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input[name="address"]');
  }

  get #fileInput(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input[type="file"]');
  }

  get isOpen(): boolean {
    return this.#dialog?.open ?? false;
  }

  /** Opens the dialog, with an address already filled in when one was pasted. */
  async show(address = ''): Promise<void> {
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog) return;
    if (!dialog.open) {
      this.error = null;
      this.busy = false;
      dialog.showModal();
    }
    if (this.#input && !this.busy) this.#input.value = address;
    this.#input?.focus();
  }

  /** Opens the system's file chooser for an HTML file (the menu's "Import HTML file…"). */
  async chooseFile(): Promise<void> {
    await this.show();
    this.#fileInput?.click();
  }

  /** Imports a file that was dropped on the window, showing progress and problems here. */
  async importFile(file: File): Promise<void> {
    await this.show();
    await this.#import(file);
  }

  close(): void {
    this.#attempts.cancel();
    this.busy = false;
    this.#dialog?.close();
  }

  override render() {
    return html`<dialog aria-labelledby="save-page-title" @close=${() => this.#attempts.cancel()}>
      <form novalidate @submit=${this.#onSubmit}>
        <h2 id="save-page-title">Save a page</h2>
        <p class="intro">Paste the address of any web page. Broadsheet keeps a clean copy, images included, to read later — offline too.</p>
        <label>
          Page address
          <input
            name="address"
            type="text"
            inputmode="url"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            placeholder="https://example.com/news/a-story"
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby=${this.error ? 'save-page-error' : nothing}
            ?readonly=${this.busy}
            @input=${() => (this.error = null)}
          />
        </label>
        ${this.error ? html`<p class="alert" role="alert" id="save-page-error">${this.error}</p>` : nothing}
        ${this.busy ? html`<p class="working" role="status">${this.working}</p>` : nothing}
        <div class="or" aria-hidden="true">or</div>
        <div class="import">
          <span>Have the page as a file? Import one saved from a browser, or drop it on the window.</span>
          <button type="button" class="button" ?disabled=${this.busy} @click=${() => this.#fileInput?.click()}>Import HTML file</button>
          <input type="file" accept=".html,.htm,text/html" hidden tabindex="-1" aria-hidden="true" @change=${this.#onFileChosen} />
        </div>
        <div class="actions">
          <button type="button" class="button" @click=${() => this.close()}>Cancel</button>
          <button type="submit" class="button primary" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
            ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}Save
          </button>
        </div>
      </form>
    </dialog>`;
  }

  #onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (this.busy || !this.save) return;
    const address = this.#input?.value.trim() ?? '';
    if (address === '') {
      this.error = 'Enter the address of a page, for example https://example.com/news/a-story.';
      this.#input?.focus();
      return;
    }
    await this.#run('Fetching the page and its images…', (signal) => this.save?.(address, signal));
  };

  #onFileChosen = async () => {
    const input = this.#fileInput;
    const file = input?.files?.[0];
    if (input) input.value = '';
    if (file) await this.#import(file);
  };

  async #import(file: File): Promise<void> {
    if (this.busy || !this.importPage) return;
    const importPage = this.importPage;
    if (!isHtmlFileName(file.name) && file.type !== 'text/html') {
      this.error = `“${file.name}” is not an HTML file. Save the page from your browser as “Web page, HTML only”, then import that file.`;
      return;
    }
    await this.#run(`Importing “${file.name}”…`, async (signal) => {
      const html = decodeHtmlFile(new Uint8Array(await file.arrayBuffer()));
      return importPage({ html, fileName: file.name }, signal);
    });
  }

  async #run(working: string, action: (signal: AbortSignal) => Promise<unknown> | undefined): Promise<void> {
    this.working = working;
    await this.#attempts.run(this, action, {
      succeeded: () => this.#dialog?.close(),
      failed: () => {
        this.#input?.focus();
        this.#input?.select();
      },
    });
  }
}

customElements.define('bs-save-page-dialog', BsSavePageDialog);

declare global {
  interface HTMLElementTagNameMap {
    'bs-save-page-dialog': BsSavePageDialog;
  }
}
