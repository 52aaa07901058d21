// The folder dialogs: "New folder" and "Rename folder" (a name field), and the
// confirmation before deleting a folder.
import { expect, type Locator, type Page } from '@playwright/test';

export class FolderDialog {
  readonly #page: () => Page;

  constructor(page: () => Page) {
    this.#page = page;
  }

  get dialog(): Locator {
    return this.#page().getByRole('dialog', { name: /^(New folder|Rename folder|Move the folder)/ });
  }

  /** Where "Move to…" puts the folder: the top level or another folder. */
  get moveField(): Locator {
    return this.dialog.getByRole('combobox', { name: 'Move into' });
  }

  async moveInto(folder: string): Promise<void> {
    const option = this.moveField.getByRole('option').filter({ hasText: new RegExp(`^\\s*${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
    await this.moveField.selectOption((await option.getAttribute('value')) ?? '');
    await this.dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }

  async cancel(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(this.dialog).toBeHidden();
  }

  get nameField(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Folder name' });
  }

  get problem(): Locator {
    return this.dialog.getByRole('alert');
  }

  /** "Delete the folder “News”?", with what happens to its feeds. */
  get deleteConfirmation(): Locator {
    return this.#page().getByRole('alertdialog', { name: /^Delete the folder / });
  }

  /** Types a name and confirms (Create folder, or Rename); waits for the dialog to close. */
  async submitName(name: string): Promise<void> {
    await expect(this.nameField).toBeFocused();
    await this.nameField.fill(name);
    await this.nameField.press('Enter');
    await expect(this.dialog).toBeHidden();
  }

  async confirmDelete(): Promise<void> {
    await this.deleteConfirmation.getByRole('button', { name: 'Delete folder' }).click();
    await expect(this.deleteConfirmation).toBeHidden();
  }
}
