// "Keyboard shortcuts" (the ? key, Help → Keyboard Shortcuts): every shortcut
// from the one keymap, grouped, in a modal dialog that Escape closes.
import { LitElement, css, html } from 'lit';
import { SHORTCUTS, SHORTCUT_GROUPS } from '../state/keyboard.ts';
import { dialogStyles } from '../styles/dialog.ts';
import { base, buttons } from '../styles/shared.ts';

export class BsShortcutsOverlay extends LitElement {
  static override styles = [
    base,
    buttons,
    dialogStyles,
    css`
      dialog {
        width: min(680px, calc(100vw - 32px));
      }
      .sheet {
        display: grid;
        gap: var(--space-4);
        padding: var(--space-5);
      }
      .top {
        display: flex;
        align-items: center;
        justify-content: space-between;
      }
      .groups {
        display: grid;
        gap: var(--space-4) var(--space-6);
        grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
      }
      h3 {
        margin: 0 0 var(--space-2);
        font-size: var(--text-xs);
        font-weight: 600;
        letter-spacing: 0.06em;
        text-transform: uppercase;
        color: var(--text-secondary);
      }
      dl {
        margin: 0;
        display: grid;
        grid-template-columns: 104px 1fr;
        gap: var(--space-2) var(--space-3);
        align-items: baseline;
      }
      dt {
        display: flex;
        gap: var(--space-1);
        align-items: baseline;
        white-space: nowrap;
      }
      dd {
        margin: 0;
        color: var(--text);
        line-height: 1.4;
      }
      kbd {
        display: inline-block;
        min-width: 22px;
        padding: 1px 6px;
        font: inherit;
        font-size: var(--text-sm);
        font-weight: 600;
        text-align: center;
        color: var(--text);
        background: var(--bg-app);
        border: var(--hairline-width) solid var(--hairline-strong);
        border-bottom-width: 2px;
        border-radius: var(--radius-sm);
      }
      .or {
        color: var(--text-secondary);
        font-size: var(--text-sm);
      }
      .hint {
        margin: 0;
        color: var(--text-secondary);
        line-height: 1.5;
      }
    `,
  ];

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  get isOpen(): boolean {
    return this.#dialog?.open ?? false;
  }

  async show(): Promise<void> {
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('.close')?.focus();
  }

  close(): void {
    this.#dialog?.close();
  }

  override render() {
    return html`<dialog aria-labelledby="shortcuts-title">
      <div class="sheet">
        <div class="top">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button class="button close" @click=${() => this.close()}>Close</button>
        </div>
        <div class="groups">
          ${SHORTCUT_GROUPS.map(
            (group) => html`<section aria-labelledby=${`g-${slug(group)}`}>
              <h3 id=${`g-${slug(group)}`}>${group}</h3>
              <dl>
                ${SHORTCUTS.filter((s) => s.group === group).map(
                  (shortcut) => html`<dt>
                      ${shortcut.labels.map(
                        (label, i) => html`${i > 0 ? html`<span class="or">or</span>` : ''}<kbd>${label}</kbd>`,
                      )}
                    </dt>
                    <dd>${shortcut.description}</dd>`,
                )}
              </dl>
            </section>`,
          )}
        </div>
        <p class="hint">Shortcuts rest while you type in a field. Tab moves between the sources, the articles and the reader.</p>
      </div>
    </dialog>`;
  }
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z]+/g, '-');
}

customElements.define('bs-shortcuts-overlay', BsShortcutsOverlay);

declare global {
  interface HTMLElementTagNameMap {
    'bs-shortcuts-overlay': BsShortcutsOverlay;
  }
}
