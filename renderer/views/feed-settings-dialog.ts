// Feed settings: the reader's name for a feed (empty goes back to the feed's
// own title), its folder, how often it is refreshed, where it lives, how it
// stands in plain words (with "Try again" or "Check again"), and
// "Unsubscribe…", which asks first and says exactly what goes. Opened for
// unsubscribing only (a feed's menu), it is just that question. When it has
// closed altogether it says so (bs-dialog-closed), so the app can put the
// keyboard back where the reader was.
import { LitElement, css, html, nothing } from 'lit';
import type { Folder, Source, SourcePatch } from '../../electron/shared/models.ts';
import { messageOf } from '../api/errors.ts';
import { icons } from '../components/icons.ts';
import { FEED_INTERVALS, describeInterval, feedStatus } from '../state/feed-status.ts';
import { dialogStyles } from '../styles/dialog.ts';
import { base, buttons } from '../styles/shared.ts';
import { DialogAttempts } from './dialog-attempts.ts';
import { folderIdOf, folderOptions } from './folder-options.ts';
import { formStyles } from './settings-view.styles.ts';

export interface FeedSettingsActions {
  update(id: number, patch: SourcePatch): Promise<unknown>;
  refresh(id: number): Promise<unknown>;
  unsubscribe(id: number): Promise<unknown>;
}

export class BsFeedSettingsDialog extends LitElement {
  static override properties = {
    sources: { attribute: false },
    folders: { attribute: false },
    globalIntervalMinutes: { type: Number },
    refreshing: { type: Boolean },
    actions: { attribute: false },
    sourceId: { state: true },
    busy: { state: true },
    error: { state: true },
    confirming: { state: true },
  };

  static override styles = [
    base,
    buttons,
    dialogStyles,
    formStyles,
    css`
      dialog.feed {
        width: min(520px, calc(100vw - 32px));
      }
      .fields {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        align-items: center;
        gap: var(--space-3) var(--space-4);
        margin-top: var(--space-1);
      }
      .fields > label {
        margin: 0;
      }
      .fields input,
      .fields select {
        width: 100%;
      }
      .fields .note {
        grid-column: 2;
        margin: calc(var(--space-2) * -1) 0 0;
        font-size: var(--text-sm);
        color: var(--text-secondary);
      }
      .about {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: var(--space-1) var(--space-4);
        margin: var(--space-1) 0 0;
        padding-top: var(--space-3);
        border-top: var(--hairline-width) solid var(--hairline);
        font-size: var(--text-md);
      }
      .about dt {
        color: var(--text-secondary);
      }
      .about dd {
        margin: 0;
        min-width: 0;
        overflow-wrap: anywhere;
        user-select: text;
        color: var(--text);
      }
      .state {
        display: grid;
        gap: var(--space-1);
        line-height: 1.45;
      }
      .problem {
        display: flex;
        gap: var(--space-2);
        align-items: flex-start;
        margin-top: var(--space-1);
        padding: var(--space-2) var(--space-3);
        border-radius: var(--radius-md);
        background: var(--bg-hover);
        color: var(--text);
      }
      .problem svg.icon {
        margin-top: 2px;
        color: var(--text-secondary);
      }
      .problem .words {
        flex: 1;
        display: grid;
        gap: var(--space-2);
        justify-items: start;
      }
      .actions.split {
        justify-content: space-between;
        align-items: center;
      }
      .actions .end {
        display: flex;
        gap: var(--space-2);
      }
      .link-button.quiet {
        color: var(--danger);
      }
    `,
  ];

  declare sources: readonly Source[];
  declare folders: readonly Folder[];
  declare globalIntervalMinutes: number;
  declare refreshing: boolean;
  declare actions: FeedSettingsActions | null;
  declare sourceId: number | null;
  declare busy: boolean;
  declare error: string | null;
  declare confirming: boolean;
  readonly #attempts = new DialogAttempts();
  /** The feed as it was when the dialog opened, for when it leaves the list before the dialog closes. */
  #shown: Source | null = null;
  /** Open in some form (settings, the question, or both) since the last show. */
  #open = false;

  constructor() {
    super();
    this.sources = [];
    this.folders = [];
    this.globalIntervalMinutes = 30;
    this.refreshing = false;
    this.actions = null;
    this.sourceId = null;
    this.busy = false;
    this.error = null;
    this.confirming = false;
  }

  get #source(): Source | null {
    return this.sources.find((s) => s.id === this.sourceId) ?? (this.#shown?.id === this.sourceId ? this.#shown : null);
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog.feed');
  }

  get #confirmDialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog.confirm');
  }

  get isOpen(): boolean {
    return !!(this.#dialog?.open || this.#confirmDialog?.open);
  }

  /** Opens the settings of a feed; with `unsubscribe`, only the question whether to unsubscribe. */
  async show(sourceId: number, options: { unsubscribe?: boolean } = {}): Promise<void> {
    this.#attempts.cancel();
    this.#shown = this.sources.find((s) => s.id === sourceId) ?? null;
    this.sourceId = sourceId;
    this.busy = false;
    this.error = null;
    this.confirming = false;
    await this.updateComplete;
    const source = this.#source;
    const dialog = this.#dialog;
    if (!source || !dialog) return;
    this.#open = true;
    if (options.unsubscribe) {
      this.#askUnsubscribe();
      return;
    }
    this.#fill(source);
    if (!dialog.open) dialog.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('#feed-name')?.focus();
  }

  close(): void {
    this.#attempts.cancel();
    this.#confirmDialog?.close();
    this.#dialog?.close();
  }

  /** The fields start from the feed as it is stored (the reader's name, or empty for the feed's own). */
  #fill(source: Source): void {
    const name = this.renderRoot.querySelector<HTMLInputElement>('#feed-name');
    if (name) name.value = source.title === source.feedTitle ? '' : source.title;
    const folder = this.renderRoot.querySelector<HTMLSelectElement>('#feed-folder');
    if (folder) folder.value = source.folderId === null ? '' : String(source.folderId);
    const interval = this.renderRoot.querySelector<HTMLSelectElement>('#feed-interval');
    if (interval) interval.value = source.refreshIntervalMinutes === null ? '' : String(source.refreshIntervalMinutes);
  }

  override render() {
    const source = this.#source;
    return html`<dialog
        class="feed"
        aria-labelledby="feed-settings-title"
        @close=${() => {
          this.#attempts.cancel();
          this.#closed();
        }}
      >
        ${source ? this.#form(source) : nothing}
      </dialog>
      ${this.#confirm(source)}`;
  }

  #form(source: Source) {
    const intervals = FEED_INTERVALS.some(([value]) => value === source.refreshIntervalMinutes)
      ? FEED_INTERVALS
      : [...FEED_INTERVALS, [source.refreshIntervalMinutes, describeInterval(source.refreshIntervalMinutes ?? 0)] as const];
    const status = feedStatus(source, this.globalIntervalMinutes, new Date());
    return html`<form novalidate @submit=${this.#onSave}>
      <h2 id="feed-settings-title">Feed settings</h2>
      <div class="fields">
        <label for="feed-name">Name</label>
        <input
          id="feed-name"
          type="text"
          autocomplete="off"
          maxlength="500"
          placeholder=${source.feedTitle}
          aria-describedby="feed-name-note"
          ?readonly=${this.busy}
        />
        <p class="note" id="feed-name-note">Leave it empty to use the feed’s own title, “${source.feedTitle}”.</p>
        <label for="feed-folder">Folder</label>
        <select id="feed-folder" ?disabled=${this.busy}>
          ${folderOptions(this.folders, { selected: source.folderId })}
        </select>
        <label for="feed-interval">Refresh</label>
        <select id="feed-interval" ?disabled=${this.busy}>
          ${intervals.map(
            ([value, label]) =>
              html`<option value=${value === null ? '' : String(value)}>
                ${value === null ? `${label} (${describeInterval(this.globalIntervalMinutes)})` : label}
              </option>`,
          )}
        </select>
      </div>
      <dl class="about">
        <dt>Feed address</dt>
        <dd>${source.feedUrl}</dd>
        ${source.siteUrl ? html`<dt>Site</dt><dd>${source.siteUrl}</dd>` : nothing}
        <dt>Status</dt>
        <dd class="state">
          <span role="status">${status.updated}${status.next ? html` · ${status.next}` : nothing}</span>
        </dd>
      </dl>
      ${status.problem
        ? html`<div class="problem" data-tone=${status.tone}>
            ${status.tone === 'gone' ? icons.stopped : icons.warning}
            <div class="words">
              <span>${status.problem}</span>
              <button type="button" class="button" ?disabled=${this.refreshing} @click=${() => this.#checkAgain(source.id)}>
                ${status.tone === 'gone' ? 'Check again' : 'Try again'}
              </button>
            </div>
          </div>`
        : nothing}
      ${this.error && !this.confirming ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      <div class="actions split">
        <button type="button" class="link-button quiet" @click=${() => this.#askUnsubscribe()}>Unsubscribe…</button>
        <div class="end">
          <button type="button" class="button" @click=${() => this.close()}>Cancel</button>
          <button type="submit" class="button primary" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
            ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}Save
          </button>
        </div>
      </div>
    </form>`;
  }

  #confirm(source: Source | null) {
    const count = source?.articleCount ?? 0;
    return html`<dialog
      class="confirm"
      role="alertdialog"
      aria-labelledby="unsubscribe-title"
      aria-describedby="unsubscribe-text"
      @close=${() => {
        this.confirming = false;
        this.#closed();
      }}
    >
      <form novalidate @submit=${this.#onUnsubscribe}>
        <h2 id="unsubscribe-title">Unsubscribe from “${source?.title ?? ''}”?</h2>
        <p class="intro" id="unsubscribe-text">
          ${count === 0 ? 'It has no articles in your library.' : `Its ${count.toLocaleString()} article${count === 1 ? '' : 's'} leave your library, except bookmarked ones, which stay in Bookmarks.`}
          Pages you saved to read later stay too.
        </p>
        ${this.error && this.confirming ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
        <div class="actions">
          <button type="button" class="button" @click=${() => this.#confirmDialog?.close()}>Keep it</button>
          <button type="submit" class="button danger" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
            ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}Unsubscribe
          </button>
        </div>
      </form>
    </dialog>`;
  }

  /** Says once that the dialog has closed altogether, the question included. */
  #closed(): void {
    if (!this.#open || this.isOpen) return;
    this.#open = false;
    this.dispatchEvent(new CustomEvent('bs-dialog-closed', { bubbles: true, composed: true }));
  }

  #askUnsubscribe(): void {
    this.error = null;
    this.confirming = true;
    const confirm = this.#confirmDialog;
    if (!confirm) return;
    if (!confirm.open) confirm.showModal();
    confirm.querySelector<HTMLButtonElement>('button.button')?.focus();
  }

  async #checkAgain(id: number): Promise<void> {
    const actions = this.actions;
    if (!actions) return;
    this.error = null;
    try {
      await actions.refresh(id);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  #onSave = async (event: SubmitEvent) => {
    event.preventDefault();
    const source = this.#source;
    const actions = this.actions;
    if (this.busy || !source || !actions) return;
    const patch = this.#patchFor(source);
    if (Object.keys(patch).length === 0) {
      this.close();
      return;
    }
    await this.#attempts.run(this, () => actions.update(source.id, patch), {
      succeeded: () => this.close(),
      failed: () => this.renderRoot.querySelector<HTMLInputElement>('#feed-name')?.focus(),
    });
  };

  /** Only what the reader changed, so saving an untouched dialog changes nothing. */
  #patchFor(source: Source): SourcePatch {
    const patch: SourcePatch = {};
    const name = this.renderRoot.querySelector<HTMLInputElement>('#feed-name')?.value.trim() ?? '';
    const title = name === '' || name === source.feedTitle ? null : name;
    if ((title ?? source.feedTitle) !== source.title) patch.title = title;
    const folderId = folderIdOf(this.renderRoot.querySelector<HTMLSelectElement>('#feed-folder')?.value ?? '');
    if (folderId !== source.folderId) patch.folderId = folderId;
    const intervalValue = this.renderRoot.querySelector<HTMLSelectElement>('#feed-interval')?.value ?? '';
    const interval = intervalValue === '' ? null : Number(intervalValue);
    if (interval !== source.refreshIntervalMinutes) patch.refreshIntervalMinutes = interval;
    return patch;
  }

  #onUnsubscribe = async (event: SubmitEvent) => {
    event.preventDefault();
    const source = this.#source;
    const actions = this.actions;
    if (this.busy || !source || !actions) return;
    await this.#attempts.run(this, () => actions.unsubscribe(source.id), {
      succeeded: () => this.close(),
      failed: () => undefined,
    });
  };
}

customElements.define('bs-feed-settings-dialog', BsFeedSettingsDialog);

declare global {
  interface HTMLElementTagNameMap {
    'bs-feed-settings-dialog': BsFeedSettingsDialog;
  }
}
