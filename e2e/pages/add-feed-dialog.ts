// The "Add a feed" dialog, as a person uses it: type an address, subscribe or cancel, read what it says.
import type { Locator, Page } from '@playwright/test';

export class AddFeedDialog {
  readonly #page: () => Page;

  constructor(page: () => Page) {
    this.#page = page;
  }

  get dialog(): Locator {
    return this.#page().getByRole('dialog', { name: 'Add a feed' });
  }

  get addressField(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Feed address' });
  }

  get subscribeButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Subscribe' });
  }

  get cancelButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Cancel' });
  }

  /** Where the dialog explains why an address did not work. */
  get problem(): Locator {
    return this.dialog.getByRole('alert');
  }

  async enterAddress(address: string): Promise<void> {
    await this.addressField.fill(address);
  }

  async subscribe(): Promise<void> {
    await this.subscribeButton.click();
  }

  async cancel(): Promise<void> {
    await this.cancelButton.click();
  }
}
