// The question asked before something that cannot be undone: a modal
// alertdialog with a heading, a sentence or two, Cancel and one button that
// goes ahead. Views render it with their own words and find it again by its
// name (`dialog.<name>`) to open it.
import { html, type nothing, type TemplateResult } from 'lit';

type Words = string | TemplateResult | typeof nothing;

export interface ConfirmDialog {
  /** A class naming this dialog among the view's others; also the start of its heading's and text's ids. */
  name: string;
  title: Words;
  text: Words;
  /** The label of the button that goes ahead. */
  confirm: string;
  /** The form's submit, by the button that goes ahead. */
  onConfirm: (event: SubmitEvent) => void;
  /** Closed, by either button or by Escape. */
  onClose: () => void;
}

export function confirmDialog(dialog: ConfirmDialog): TemplateResult {
  const cancel = (event: Event) => (event.currentTarget as HTMLElement).closest('dialog')?.close();
  return html`<dialog
    class="confirm ${dialog.name}"
    role="alertdialog"
    aria-labelledby="${dialog.name}-title"
    aria-describedby="${dialog.name}-text"
    @close=${dialog.onClose}
  >
    <form method="dialog" @submit=${dialog.onConfirm}>
      <h2 id="${dialog.name}-title">${dialog.title}</h2>
      <p id="${dialog.name}-text" class="intro">${dialog.text}</p>
      <div class="actions">
        <button type="button" class="button" @click=${cancel}>Cancel</button>
        <button type="submit" class="button primary">${dialog.confirm}</button>
      </div>
    </form>
  </dialog>`;
}
