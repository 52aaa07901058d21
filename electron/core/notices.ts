// Things the reader must be told in plain words (a damaged library set aside,
// settings reset to defaults, a full disk) and that stay until dismissed. Any
// part of the app may post one; the Library serves them and announces changes.
import { randomUUID } from 'node:crypto';
import type { BackupInfo, Notice, NoticeKind } from '../shared/models.ts';

export interface NoticeDetails {
  keptAt?: string | null;
  backup?: BackupInfo | null;
}

export class NoticeBoard {
  readonly #notices: Notice[] = [];
  readonly #listeners = new Set<(notices: Notice[]) => void>();
  readonly #now: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  /** Posts a notice; one of the same kind and message already showing is not repeated. */
  post(kind: NoticeKind, message: string, details: NoticeDetails = {}): Notice {
    const same = this.#notices.find((n) => n.kind === kind && n.message === message);
    if (same) return same;
    const notice: Notice = {
      id: randomUUID(),
      kind,
      message,
      createdAt: this.#now().toISOString(),
      keptAt: details.keptAt ?? null,
      backup: details.backup ?? null,
    };
    this.#notices.unshift(notice);
    this.#changed();
    return notice;
  }

  list(): Notice[] {
    return this.#notices.map((n) => ({ ...n }));
  }

  /** Removes a notice; an unknown id (already dismissed) is not an error. */
  dismiss(id: string): void {
    const at = this.#notices.findIndex((n) => n.id === id);
    if (at < 0) return;
    this.#notices.splice(at, 1);
    this.#changed();
  }

  onChange(listener: (notices: Notice[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    const notices = this.list();
    for (const listener of this.#listeners) listener(notices);
  }
}
