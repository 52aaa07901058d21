// What a form dialog does with the one request it has under way (subscribe,
// save, import): show it as busy, close on success, show the reason on failure
// and hand focus back to the field. A request the reader abandoned (Cancel,
// Escape, a newer request) is aborted and its outcome never reaches the dialog.
import { messageOf } from '../api/errors.ts';

export interface AttemptHost {
  busy: boolean;
  error: string | null;
  readonly updateComplete: Promise<boolean>;
}

export interface AttemptOutcome {
  /** The request succeeded and is still the current one. */
  succeeded(): void;
  /** The request failed, is still the current one, and its message is shown. */
  failed(): void;
}

export class DialogAttempts {
  #current = 0;
  #abandon: AbortController | null = null;

  /** Abandons the request under way, if any. */
  cancel(): void {
    this.#current += 1;
    this.#abandon?.abort();
    this.#abandon = null;
  }

  async run(host: AttemptHost, action: (signal: AbortSignal) => Promise<unknown> | undefined, outcome: AttemptOutcome): Promise<void> {
    const attempt = ++this.#current;
    const abandon = new AbortController();
    this.#abandon = abandon;
    host.busy = true;
    host.error = null;
    try {
      await action(abandon.signal);
      if (attempt !== this.#current) return;
      host.busy = false;
      outcome.succeeded();
    } catch (error) {
      if (attempt !== this.#current) return;
      host.busy = false;
      host.error = messageOf(error);
      await host.updateComplete;
      outcome.failed();
    }
  }
}
