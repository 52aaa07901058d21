// Folder dialogs: "New folder" and "Rename folder" (one name field), "Move"
// (where to put the folder), and the confirmation before a folder is deleted,
// which says where its feeds go: up a level, still subscribed. Failures stay
// in the dialog in plain words. Each close is announced (bs-dialog-closed),
// so the app can put the keyboard back where the reader was.
import { LitElement, css, html, nothing } from 'lit';
import type { Folder } from '../../electron/shared/models.ts';
import { dialogStyles } from '../styles/dialog.ts';
import { base, buttons } from '../styles/shared.ts';
import { DialogAttempts } from './dialog-attempts.ts';
import { folderIdOf, folderOptions } from './folder-options.ts';
import { formStyles } from './settings-view.styles.ts';

export interface FolderActions {
  create(name: string, parentId: number | null): Promise<unknown>;
  rename(id: number, name: string): Promise<unknown>;
  move(id: number, parentId: number | null): Promise<unknown>;
  remove(id: number): Promise<unknown>;
}

type Mode =
  | { kind: 'create'; parent: Folder | null }
  | { kind: 'rename'; folder: Folder }
  | { kind: 'move'; folder: Folder }
  | { kind: 'delete'; folder: Folder; parent: Folder | null; feeds: number; folders: number };

export class BsFolderDialog extends LitElement {
  static override properties = {
    actions: { attribute: false },
    folders: { attribute: false },
    mode: { state: true },
    busy: { state: true },
    error: { state: true },
  };

  static override styles = [
    base,
    buttons,
    dialogStyles,
    formStyles,
    css`
      dialog {
        width: min(400px, calc(100vw - 32px));
      }
      select {
        width: 100%;
        height: 34px;
        font-size: var(--text-base);
      }
    `,
  ];

  declare actions: FolderActions | null;
  /** Every folder, for choosing where to move one. */
  declare folders: readonly Folder[];
  declare mode: Mode | null;
  declare busy: boolean;
  declare error: string | null;
  readonly #attempts = new DialogAttempts();

  constructor() {
    super();
    this.actions = null;
    this.folders = [];
    this.mode = null;
    this.busy = false;
    this.error = null;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  get #input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  get isOpen(): boolean {
    return this.#dialog?.open ?? false;
  }

  /** "New folder", at the top level or inside `parent`. */
  create(parent: Folder | null = null): Promise<void> {
    return this.#open({ kind: 'create', parent }, '');
  }

  rename(folder: Folder): Promise<void> {
    return this.#open({ kind: 'rename', folder }, folder.name);
  }

  /** Where to put a folder: inside another (never inside itself) or at the top level. */
  move(folder: Folder): Promise<void> {
    return this.#open({ kind: 'move', folder }, '');
  }

  /** Asks before deleting; `feeds` and `folders` are what it directly holds, which move up a level. */
  confirmDelete(folder: Folder, parent: Folder | null, feeds: number, folders: number): Promise<void> {
    return this.#open({ kind: 'delete', folder, parent, feeds, folders }, '');
  }

  async #open(mode: Mode, name: string): Promise<void> {
    this.#attempts.cancel();
    this.mode = mode;
    this.error = null;
    this.busy = false;
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const input = this.#input;
    const select = this.renderRoot.querySelector('select');
    if (input) {
      input.value = name;
      input.focus();
      input.select();
    } else if (select) {
      select.focus();
    } else {
      this.renderRoot.querySelector<HTMLElement>('button.cancel')?.focus();
    }
  }

  close(): void {
    this.#attempts.cancel();
    this.busy = false;
    this.#dialog?.close();
  }

  override render() {
    const mode = this.mode;
    const alert = mode?.kind === 'delete';
    return html`<dialog
      class=${alert ? 'confirm' : ''}
      role=${alert ? 'alertdialog' : nothing}
      aria-labelledby="folder-title"
      aria-describedby=${alert ? 'folder-text' : nothing}
      @close=${() => {
        this.#attempts.cancel();
        this.dispatchEvent(new CustomEvent('bs-dialog-closed', { bubbles: true, composed: true }));
      }}
    >
      <form novalidate @submit=${this.#onSubmit}>${mode ? this.#body(mode) : nothing}</form>
    </dialog>`;
  }

  #body(mode: Mode) {
    const busy = this.busy;
    const actions = (label: string, danger = false) => html`${this.error
        ? html`<p class="alert" role="alert" id="folder-error">${this.error}</p>`
        : nothing}
      <div class="actions">
        <button type="button" class="button cancel" @click=${() => this.close()}>Cancel</button>
        <button type="submit" class="button ${danger ? 'danger' : 'primary'}" ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'}>
          ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${label}
        </button>
      </div>`;
    if (mode.kind === 'delete') {
      const { folder, parent, feeds, folders } = mode;
      const where = parent ? `into “${parent.name}”` : 'to the top level';
      const things = [feeds > 0 ? plural(feeds, 'feed') : '', folders > 0 ? plural(folders, 'folder') : ''].filter(Boolean).join(' and ');
      return html`<h2 id="folder-title">Delete the folder “${folder.name}”?</h2>
        <p class="intro" id="folder-text">
          ${things
            ? html`Its ${things} move ${where}. Nothing is unsubscribed and no article is removed.`
            : html`It is empty. Nothing is unsubscribed and no article is removed.`}
        </p>
        ${actions('Delete folder', true)}`;
    }
    if (mode.kind === 'move') {
      return html`<h2 id="folder-title">Move the folder “${mode.folder.name}”</h2>
        <label>
          Move into
          <select name="parent" ?disabled=${busy} @change=${() => (this.error = null)}>
            ${folderOptions(this.folders, { selected: mode.folder.parentId, none: 'The top level', except: mode.folder.id })}
          </select>
        </label>
        ${actions('Move')}`;
    }
    const title = mode.kind === 'create' ? (mode.parent ? `New folder in “${mode.parent.name}”` : 'New folder') : 'Rename folder';
    return html`<h2 id="folder-title">${title}</h2>
      ${mode.kind === 'create'
        ? html`<p class="intro">Group feeds in folders. Selecting a folder shows the articles of every feed in it.</p>`
        : nothing}
      <label>
        Folder name
        <input
          name="name"
          type="text"
          autocomplete="off"
          maxlength="200"
          placeholder="News, Friends, Work…"
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${this.error ? 'folder-error' : nothing}
          ?readonly=${busy}
          @input=${() => (this.error = null)}
        />
      </label>
      ${actions(mode.kind === 'create' ? 'Create folder' : 'Rename')}`;
  }

  #onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const mode = this.mode;
    const actions = this.actions;
    if (this.busy || !mode || !actions) return;
    let run: () => Promise<unknown>;
    if (mode.kind === 'delete') {
      run = () => actions.remove(mode.folder.id);
    } else if (mode.kind === 'move') {
      const parentId = folderIdOf(this.renderRoot.querySelector('select')?.value ?? '');
      if (parentId === mode.folder.parentId) {
        this.close();
        return;
      }
      run = () => actions.move(mode.folder.id, parentId);
    } else {
      const name = this.#input?.value.trim() ?? '';
      if (name === '') {
        this.error = 'Give the folder a name.';
        this.#input?.focus();
        return;
      }
      run = mode.kind === 'create' ? () => actions.create(name, mode.parent?.id ?? null) : () => actions.rename(mode.folder.id, name);
    }
    await this.#attempts.run(this, run, {
      succeeded: () => this.#dialog?.close(),
      failed: () => {
        this.#input?.focus();
        this.#input?.select();
      },
    });
  };
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString()} ${word}${count === 1 ? '' : 's'}`;
}

customElements.define('bs-folder-dialog', BsFolderDialog);

declare global {
  interface HTMLElementTagNameMap {
    'bs-folder-dialog': BsFolderDialog;
  }
}
