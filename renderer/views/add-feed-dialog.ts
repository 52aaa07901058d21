// "Add a feed": type anything — a feed's address, a site, an article, a bare
// domain — and Broadsheet finds the feeds behind it, shows what each carries,
// and subscribes to the one chosen, in a folder and under a name if wanted.
// Failures stay in the dialog in the core's plain words, with the address kept
// for editing; success closes it (the app then shows the new feed).
import { LitElement, css, html, nothing } from 'lit';
import type { AddFeedOptions, DiscoveryResult, FeedCandidate, Folder } from '../../electron/shared/models.ts';
import { firstChoice, foundText } from '../state/feed-discovery.ts';
import { dialogStyles } from '../styles/dialog.ts';
import { base, buttons } from '../styles/shared.ts';
import { formStyles } from './settings-view.styles.ts';
import { DialogAttempts } from './dialog-attempts.ts';
import { folderOptions } from './folder-options.ts';
import type { BsFeedCandidates } from './feed-candidates.ts';
import './feed-candidates.ts';

export type Discover = (address: string) => Promise<DiscoveryResult>;
/** Subscribes; `signal` is aborted when the reader cancels, so the app does not jump to a feed they gave up on. */
export type Subscribe = (address: string, options: AddFeedOptions, signal: AbortSignal) => Promise<unknown>;

export class BsAddFeedDialog extends LitElement {
  static override properties = {
    discover: { attribute: false },
    subscribe: { attribute: false },
    showSource: { attribute: false },
    folders: { attribute: false },
    defaultFolderId: { attribute: false },
    busy: { state: true },
    working: { state: true },
    error: { state: true },
    found: { state: true },
    chosen: { state: true },
  };

  static override styles = [
    base,
    buttons,
    dialogStyles,
    formStyles,
    css`
      dialog {
        max-height: calc(100vh - 48px);
        overflow-y: auto;
      }
      dialog.choosing {
        width: min(580px, calc(100vw - 32px));
      }
      .options {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: var(--space-3);
      }
      .options label {
        margin-top: 0;
      }
      .options select {
        height: 34px;
        font-size: var(--text-base);
        width: 100%;
      }
      .followed {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--space-3);
        margin: 0;
        padding: var(--space-2) var(--space-3);
        border-radius: var(--radius-md);
        background: var(--bg-selected);
        line-height: 1.45;
      }
      @media (max-width: 520px) {
        .options {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  declare discover: Discover | null;
  declare subscribe: Subscribe | null;
  /** Shows a feed the reader already follows (and the dialog closes). */
  declare showSource: ((sourceId: number) => void) | null;
  declare folders: readonly Folder[];
  /** The folder offered first: the one the reader is looking at, if any. */
  declare defaultFolderId: number | null;
  declare busy: boolean;
  /** What is happening while busy, in words. */
  declare working: string;
  declare error: string | null;
  /** The feeds found for the address in the field; null until "Find feeds" has found some. */
  declare found: DiscoveryResult | null;
  /** The address of the candidate chosen among `found`. */
  declare chosen: string | null;
  readonly #attempts = new DialogAttempts();

  constructor() {
    super();
    this.discover = null;
    this.subscribe = null;
    this.showSource = null;
    this.folders = [];
    this.defaultFolderId = null;
    this.busy = false;
    this.working = '';
    this.error = null;
    this.found = null;
    this.chosen = null;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  get #input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input[name="address"]');
  }

  get isOpen(): boolean {
    return this.#dialog?.open ?? false;
  }

  async show(): Promise<void> {
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || dialog.open) return;
    this.error = null;
    this.busy = false;
    this.found = null;
    this.chosen = null;
    if (this.#input) this.#input.value = '';
    await this.updateComplete;
    dialog.showModal();
    this.#input?.focus();
  }

  close(): void {
    this.#attempts.cancel();
    this.busy = false;
    this.#dialog?.close();
  }

  get #candidate(): FeedCandidate | null {
    return this.found?.candidates.find((c) => c.url === this.chosen) ?? null;
  }

  override render() {
    const candidate = this.#candidate;
    const followed = candidate?.subscribedId ?? null;
    return html`<dialog class=${this.found ? 'choosing' : ''} aria-labelledby="add-feed-title" @close=${() => this.#attempts.cancel()}>
      <form novalidate @submit=${this.#onSubmit}>
        <h2 id="add-feed-title">Add a feed</h2>
        <p class="intro">Type a site’s address or a feed’s. Broadsheet finds the site’s feeds and shows what they carry before you subscribe.</p>
        <label>
          Site or feed address
          <input
            name="address"
            type="text"
            inputmode="url"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            placeholder="example.com or https://example.com/feed.xml"
            aria-invalid=${this.error && !this.found ? 'true' : 'false'}
            aria-describedby=${this.error ? 'add-feed-error' : nothing}
            ?readonly=${this.busy}
            @input=${this.#onInput}
          />
        </label>
        ${this.found ? this.#choosing(followed) : nothing}
        ${this.error ? html`<p class="alert" role="alert" id="add-feed-error">${this.error}</p>` : nothing}
        <p class=${this.busy ? 'working' : 'visually-hidden'} role="status">${this.busy ? this.working : this.found ? foundText(this.found.candidates) : ''}</p>
        <div class="actions">
          <button type="button" class="button" @click=${() => this.close()}>Cancel</button>
          ${this.found
            ? html`<button type="submit" class="button primary" ?disabled=${this.busy || followed !== null} aria-busy=${this.busy ? 'true' : 'false'}>
                ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}Subscribe
              </button>`
            : html`<button type="submit" class="button primary" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
                ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}Find feeds
              </button>`}
        </div>
      </form>
    </dialog>`;
  }

  #choosing(followed: number | null) {
    const found = this.found;
    if (!found) return nothing;
    const candidate = this.#candidate;
    return html`<bs-feed-candidates
        .candidates=${found.candidates}
        .chosen=${this.chosen}
        @bs-candidate-change=${(e: CustomEvent<string>) => {
          this.chosen = e.detail;
          this.error = null;
        }}
      ></bs-feed-candidates>
      ${followed !== null
        ? html`<p class="followed">
            <span>You already follow ${candidate?.title ?? 'this feed'}.</span>
            <button type="button" class="button" @click=${() => this.#showFollowed(followed)}>Show it</button>
          </p>`
        : html`<div class="options">
            <label>
              Folder
              <select name="folder" ?disabled=${this.busy}>
                ${folderOptions(this.folders, { selected: this.defaultFolderId })}
              </select>
            </label>
            <label>
              Name (optional)
              <input name="title" type="text" autocomplete="off" maxlength="500" placeholder=${candidate?.title ?? ''} ?readonly=${this.busy} />
            </label>
          </div>`}`;
  }

  #onInput = () => {
    this.error = null;
    // The list belongs to the address it was found for; a new address is searched again.
    if (this.found) {
      this.#attempts.cancel();
      this.busy = false;
      this.found = null;
      this.chosen = null;
    }
  };

  #onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (this.busy) return;
    const address = this.#input?.value.trim() ?? '';
    if (address === '') {
      this.error = 'Enter the address of a site or a feed, for example example.com or https://example.com/feed.xml.';
      this.#input?.focus();
      return;
    }
    if (this.found) await this.#subscribe();
    else await this.#find(address);
  };

  async #find(address: string): Promise<void> {
    const discover = this.discover;
    if (!discover) return;
    let result: DiscoveryResult | null = null;
    this.working = 'Looking for feeds…';
    await this.#attempts.run(
      this,
      async () => {
        result = await discover(address);
      },
      {
        succeeded: () => void this.#showFound(result),
        failed: () => this.#focusAddress(),
      },
    );
  }

  async #showFound(result: DiscoveryResult | null): Promise<void> {
    if (!result) return;
    this.found = result;
    this.chosen = firstChoice(result.candidates)?.url ?? null;
    await this.updateComplete;
    const candidates = this.renderRoot.querySelector<BsFeedCandidates>('bs-feed-candidates');
    await candidates?.updateComplete;
    if (result.candidates.length > 1) candidates?.focusChoice();
    else this.renderRoot.querySelector<HTMLButtonElement>('button[type="submit"]:not(:disabled), .followed button')?.focus();
  }

  async #subscribe(): Promise<void> {
    const subscribe = this.subscribe;
    const candidate = this.#candidate;
    if (!subscribe || !candidate || candidate.subscribedId !== null) return;
    const form = this.renderRoot.querySelector('form');
    const data = form ? new FormData(form) : null;
    const folder = String(data?.get('folder') ?? '');
    const title = String(data?.get('title') ?? '').trim();
    const options: AddFeedOptions = { folderId: folder === '' ? null : Number(folder) };
    if (title !== '' && title !== candidate.title) options.title = title;
    this.working = `Subscribing to ${candidate.title}…`;
    await this.#attempts.run(this, (signal) => subscribe(candidate.url, options, signal), {
      succeeded: () => this.#dialog?.close(),
      failed: () => this.renderRoot.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus(),
    });
  }

  #showFollowed(sourceId: number): void {
    this.close();
    this.showSource?.(sourceId);
  }

  #focusAddress(): void {
    this.#input?.focus();
    this.#input?.select();
  }
}

customElements.define('bs-add-feed-dialog', BsAddFeedDialog);

declare global {
  interface HTMLElementTagNameMap {
    'bs-add-feed-dialog': BsAddFeedDialog;
  }
}
