// The "Save a page" dialog, as a person uses it: paste an address and save, or
// import an HTML file saved from a browser; read what it says when that fails.
import { expect, type Locator, type Page } from '@playwright/test';

export class SavePageDialog {
  readonly #page: () => Page;

  constructor(page: () => Page) {
    this.#page = page;
  }

  get dialog(): Locator {
    return this.#page().getByRole('dialog', { name: 'Save a page' });
  }

  get addressField(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Page address' });
  }

  get saveButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Save', exact: true });
  }

  get importButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Import HTML file' });
  }

  get cancelButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Cancel' });
  }

  /** Where the dialog explains why a page could not be saved. */
  get problem(): Locator {
    return this.dialog.getByRole('alert');
  }

  async enterAddress(address: string): Promise<void> {
    await this.addressField.fill(address);
  }

  async save(): Promise<void> {
    await this.saveButton.click();
  }

  /** Clicks "Import HTML file" and picks `file` in the file chooser that opens. */
  async importFile(file: string): Promise<void> {
    const chooser = this.#page().waitForEvent('filechooser');
    await this.importButton.click();
    await (await chooser).setFiles(file);
  }

  async expectClosed(): Promise<void> {
    await expect(this.dialog).toBeHidden({ timeout: 30_000 });
  }
}
