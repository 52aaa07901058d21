// Search, as a reader meets it: the "Search articles" field at the top of the
// article list, and the results that take the list's place while it has words
// in it, each with its matched words marked.
import { expect, type Locator, type Page } from '@playwright/test';
import { startsWith } from './names.ts';

export type SearchScope = 'This view' | 'Everywhere';

export class SearchPanel {
  readonly #page: () => Page;

  constructor(page: () => Page) {
    this.#page = page;
  }

  get field(): Locator {
    return this.#page().getByRole('searchbox', { name: 'Search articles' });
  }

  get results(): Locator {
    return this.#page().getByRole('listbox', { name: 'Search results' });
  }

  get hits(): Locator {
    return this.results.getByRole('option');
  }

  hit(title: string): Locator {
    return this.results.getByRole('option', { name: startsWith(title) }).first();
  }

  /** The results' titles, in order. */
  async titles(): Promise<string[]> {
    return (await this.hits.locator('.title').allTextContents()).map((t) => t.trim());
  }

  /** The words marked as matches in the results, in order, lower-cased. */
  async markedWords(): Promise<string[]> {
    const marks = await this.results.locator('mark').allTextContents();
    return marks.map((m) => m.toLowerCase());
  }

  /** "3 articles match “harbour”" */
  get count(): Locator {
    return this.#page().getByRole('status').filter({ hasText: /match(es)? “/ });
  }

  get nothingFound(): Locator {
    return this.#page().getByRole('status').filter({ hasText: /^\s*No articles match/ });
  }

  scope(name: SearchScope): Locator {
    return this.#page().getByRole('group', { name: 'Search in' }).getByRole('radio', { name });
  }

  /** Types into the search field key by key, as a person would. */
  async type(text: string): Promise<void> {
    await this.field.click();
    await this.field.pressSequentially(text, { delay: 15 });
  }

  async search(text: string): Promise<void> {
    await this.field.fill('');
    await this.type(text);
  }

  /** Checks the results answer `query` (not a half-typed or older one, which stay shown while it loads), then their titles. */
  async expectResults(query: string, titles: readonly string[]): Promise<void> {
    await expect(this.count).toContainText(`“${query}”`);
    await expect(this.hits).toHaveCount(titles.length);
    for (const title of titles) await expect(this.hit(title)).toBeVisible();
  }
}
