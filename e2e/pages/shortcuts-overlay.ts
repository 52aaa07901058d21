// The "Keyboard shortcuts" overlay that ? opens.
import { type Locator, type Page } from '@playwright/test';

export class ShortcutsOverlay {
  readonly #page: () => Page;

  constructor(page: () => Page) {
    this.#page = page;
  }

  get dialog(): Locator {
    return this.#page().getByRole('dialog', { name: 'Keyboard shortcuts' });
  }

  /** Each shortcut's description, as listed. */
  async descriptions(): Promise<string[]> {
    return (await this.dialog.locator('dd').allTextContents()).map((text) => text.trim());
  }

  get closeButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Close' });
  }
}
