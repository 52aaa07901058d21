// The "Add a feed" dialog, as a person uses it: type an address, find its
// feeds, choose one (with a folder and a name if wanted), subscribe or cancel,
// read what it says.
import { expect, type Locator, type Page } from '@playwright/test';

export class AddFeedDialog {
  readonly #page: () => Page;

  constructor(page: () => Page) {
    this.#page = page;
  }

  get dialog(): Locator {
    return this.#page().getByRole('dialog', { name: 'Add a feed' });
  }

  get addressField(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Site or feed address' });
  }

  get findFeedsButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Find feeds' });
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

  /** "Found 4 feeds on …" / "Found one feed on …". */
  get found(): Locator {
    return this.dialog.getByText(/^Found (one feed|\d+ feeds)/).first();
  }

  /** The feeds to choose from, when there are several: one radio button each, named by the feed's title. */
  get candidates(): Locator {
    return this.dialog.getByRole('radio');
  }

  candidate(title: string): Locator {
    return this.dialog.getByRole('radio', { name: title, exact: true });
  }

  /** The preview of the chosen feed: its newest items. */
  get preview(): Locator {
    return this.dialog.getByRole('region', { name: /^Latest in / });
  }

  get previewItems(): Locator {
    return this.preview.getByRole('listitem');
  }

  get folderField(): Locator {
    return this.dialog.getByRole('combobox', { name: 'Folder' });
  }

  get nameField(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Name (optional)' });
  }

  /** Shown instead of Subscribe's options when the chosen feed is followed already. */
  get alreadyFollowed(): Locator {
    return this.dialog.getByText(/^You already follow/);
  }

  async enterAddress(address: string): Promise<void> {
    await this.addressField.fill(address);
  }

  /** Asks for the feeds behind the address; resolves once they are listed or a problem is shown. */
  async findFeeds(): Promise<void> {
    await this.findFeedsButton.click();
    await expect(this.found.or(this.problem).first()).toBeVisible({ timeout: 20_000 });
  }

  async choose(title: string): Promise<void> {
    await this.candidate(title).check();
  }

  /**
   * Subscribes to the address entered: finds its feeds first if that is still
   * to do, then subscribes to the feed chosen (the first, unless another was
   * chosen). Stops where a problem is shown.
   */
  async subscribe(): Promise<void> {
    if (await this.findFeedsButton.isVisible()) {
      await this.findFeeds();
      if (await this.problem.isVisible()) return;
    }
    await this.subscribeButton.click();
  }

  async cancel(): Promise<void> {
    await this.cancelButton.click();
  }
}
