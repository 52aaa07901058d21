// Search as the reader types: each keystroke restarts a short wait, then the
// core is asked; an answer to anything but the latest question is dropped, so
// results never flicker back to an older query.
import type { Api } from '../../electron/shared/api.ts';
import type { SearchQuery, SearchResult } from '../../electron/shared/models.ts';
import { messageOf } from '../api/errors.ts';
import { sameSelection, scopeOf, type Selection } from './selection.ts';

export type SearchScope = 'view' | 'everywhere';
export type SearchHit = SearchResult['items'][number];

export interface SearchState {
  /** What is in the field, as typed. */
  query: string;
  scope: SearchScope;
  /** idle: no search (the view shows); loading: waiting for the first answer to this query. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: readonly SearchHit[];
  total: number;
  /** The query the items answer (what "No articles match …" names). */
  answered: string;
  error: string | null;
}

export const SEARCH_DEBOUNCE_MS = 120;
/** After the library changes (a refresh, a mark read), results are asked again once the burst is over. */
export const SEARCH_RELOAD_MS = 300;
export const SEARCH_LIMIT = 100;

const idle = (scope: SearchScope): SearchState => ({ query: '', scope, status: 'idle', items: [], total: 0, answered: '', error: null });

export class SearchStore extends EventTarget {
  #state: SearchState = idle('view');
  readonly #api: Pick<Api, 'search' | 'on'>;
  #unsubscribe: (() => void) | null = null;
  readonly #delay: number;
  #where: Selection = { kind: 'view', view: 'all' };
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped for every question asked (and on clear), so late answers are recognised. */
  #generation = 0;

  constructor(api: Pick<Api, 'search' | 'on'>, delayMs = SEARCH_DEBOUNCE_MS) {
    super();
    this.#api = api;
    this.#delay = delayMs;
  }

  get state(): SearchState {
    return this.#state;
  }

  /** True while the search results stand in for the view. */
  get active(): boolean {
    return this.#state.status !== 'idle';
  }

  #set(patch: Partial<SearchState>): void {
    this.#state = { ...this.#state, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  /** The reader typed: results follow after a short pause. Blank text returns to the view. */
  setQuery(query: string): void {
    if (query === this.#state.query) return;
    if (query.trim() === '') return this.clear();
    this.#set({ query, status: this.#state.status === 'idle' ? 'loading' : this.#state.status });
    this.#schedule(this.#delay);
  }

  setScope(scope: SearchScope): void {
    if (scope === this.#state.scope) return;
    this.#set({ scope });
    if (this.active) this.#schedule(0);
  }

  /** The view or feed the reader is in; "This view" searches it. */
  setWhere(where: Selection): void {
    const before = this.#where;
    this.#where = where;
    if (!sameSelection(before, where) && this.active && this.#state.scope === 'view') this.#schedule(0);
  }

  clear(): void {
    this.#cancel();
    this.#generation += 1;
    this.#set(idle(this.#state.scope));
  }

  /** Keeps open results in step with the library: new articles, read and bookmark marks. */
  start(): void {
    this.#unsubscribe ??= this.#api.on('libraryChanged', () => {
      if (this.active && this.#state.status !== 'loading') this.#schedule(SEARCH_RELOAD_MS);
    });
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#cancel();
    this.#generation += 1;
  }

  #cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(delay: number): void {
    this.#cancel();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, delay);
  }

  async #run(): Promise<void> {
    const generation = ++this.#generation;
    const query = this.#state.query;
    try {
      const result = await this.#api.search(this.#request(query));
      if (generation !== this.#generation) return;
      this.#set({ status: 'ready', items: result.items, total: result.total, answered: query, error: null });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#set({ status: 'error', items: [], total: 0, answered: query, error: messageOf(error) });
    }
  }

  #request(query: string): SearchQuery {
    const base: SearchQuery = { query: query.trim(), limit: SEARCH_LIMIT };
    if (this.#state.scope === 'everywhere') return base;
    return { ...base, ...scopeOf(this.#where) };
  }
}
