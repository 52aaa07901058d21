import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LibraryState, LibraryStore } from './library-store.ts';

/** Re-renders its host whenever the store's state is replaced. */
export class StoreController implements ReactiveController {
  readonly store: LibraryStore;
  readonly #host: ReactiveControllerHost;
  readonly #onChange = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost, store: LibraryStore) {
    this.#host = host;
    this.store = store;
    host.addController(this);
  }

  get state(): LibraryState {
    return this.store.state;
  }

  hostConnected(): void {
    this.store.addEventListener('change', this.#onChange);
  }

  hostDisconnected(): void {
    this.store.removeEventListener('change', this.#onChange);
  }
}
