// Notices: what the core must tell the reader once and keep showing until it
// is dismissed (a damaged library set aside, settings reset to defaults, a
// full disk, a failed backup). This store keeps the list in step with the
// core (loaded at start, replaced on every `noticesChanged`) and carries out
// the two things a notice offers: restoring its backup, and dismissing it
// (for a damaged library set aside, keeping the empty library: see dismissLabel).
import type { Api } from '../../electron/shared/api.ts';
import type { Notice, NoticeKind, ViewCounts } from '../../electron/shared/models.ts';
import { messageOf } from '../api/errors.ts';
import { formatBackupDate } from './format-backup.ts';

export interface NoticesState {
  notices: readonly Notice[];
  /** The notice whose backup is being restored. */
  restoring: string | null;
  /** Why the last restore or dismissal failed, beside the notice it was for. */
  problem: { id: string; message: string } | null;
}

type NoticesApi = Pick<Api, 'getNotices' | 'dismissNotice' | 'on'>;

export class NoticesStore extends EventTarget {
  #state: NoticesState = { notices: [], restoring: null, problem: null };
  readonly #api: NoticesApi;
  /** Replaces the library with a backup's and shows it (the library store's restore). */
  readonly #restore: (name: string) => Promise<void>;
  #off: (() => void) | null = null;
  /** Bumped by every pushed list, so an older reply to getNotices never replaces a newer list. */
  #generation = 0;

  constructor(api: NoticesApi, restore: (name: string) => Promise<void>) {
    super();
    this.#api = api;
    this.#restore = restore;
  }

  get state(): NoticesState {
    return this.#state;
  }

  #set(patch: Partial<NoticesState>): void {
    this.#state = { ...this.#state, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  start(): void {
    this.#off ??= this.#api.on('noticesChanged', ({ notices }) => {
      this.#generation += 1;
      this.#set({ notices });
    });
    void this.load();
  }

  stop(): void {
    this.#off?.();
    this.#off = null;
  }

  async load(): Promise<void> {
    const generation = this.#generation;
    try {
      const notices = await this.#api.getNotices();
      if (generation === this.#generation) this.#set({ notices });
    } catch {
      // Nothing to show is the safe reading; the next change pushes the list again.
    }
  }

  /** Hides the notice at once; it comes back, with the reason, if the core could not dismiss it. */
  async dismiss(id: string): Promise<void> {
    const notice = this.#state.notices.find((n) => n.id === id);
    if (!notice) return;
    this.#set({ notices: this.#state.notices.filter((n) => n.id !== id), problem: null });
    try {
      await this.#api.dismissNotice(id);
    } catch (error) {
      if (!this.#state.notices.some((n) => n.id === id)) this.#set({ notices: [notice, ...this.#state.notices] });
      this.#set({ problem: { id, message: messageOf(error) } });
    }
  }

  /** Restores the backup a notice offers, then dismisses the notice. False (with the reason shown) when it failed. */
  async restore(notice: Notice): Promise<boolean> {
    const backup = notice.backup;
    if (!backup || this.#state.restoring) return false;
    this.#set({ restoring: notice.id, problem: null });
    try {
      await this.#restore(backup.name);
    } catch (error) {
      this.#set({ restoring: null, problem: { id: notice.id, message: messageOf(error) } });
      return false;
    }
    this.#set({ restoring: null });
    // Restored: what the notice was about is dealt with.
    await this.dismiss(notice.id);
    return true;
  }
}

/** A damaged library or a full disk stops the reader's work: announced at once. The rest can wait for a pause. */
export function noticeRole(kind: NoticeKind): 'alert' | 'status' {
  return kind === 'library-damaged' || kind === 'disk-full' ? 'alert' : 'status';
}

const HEADINGS: Record<NoticeKind, string> = {
  'library-damaged': 'Your library could not be read',
  'settings-reset': 'Your settings were reset',
  'disk-full': 'Your disk is full',
  'backup-failed': 'A backup could not be made',
};

export function noticeHeading(kind: NoticeKind): string {
  return HEADINGS[kind];
}

/**
 * Whether dismissing the notice also answers it: dismissing a damaged
 * library's notice (the file set aside, an empty library in its place)
 * declines the backup it offers, and daily backups and their pruning resume.
 * Damage found while the library is open (kept nowhere yet) is only hidden.
 */
function dismissDeclines(notice: Notice): boolean {
  return notice.kind === 'library-damaged' && notice.keptAt !== null;
}

/** The secondary button's words: what dismissing really does. */
export function dismissLabel(notice: Notice): string {
  return dismissDeclines(notice) ? 'Keep the empty library' : 'Dismiss';
}

export interface DismissQuestion {
  title: string;
  text: string;
  confirm: string;
}

/** What to ask before dismissing, or null when dismissing needs no question. */
export function dismissQuestion(notice: Notice): DismissQuestion | null {
  if (!dismissDeclines(notice)) return null;
  return {
    title: 'Keep the empty library?',
    text: `Your damaged file stays in ${notice.keptAt}, and your backups stay in Settings \u2192 Backups, where you can restore one later.`,
    confirm: 'Keep the empty library',
  };
}

/** "Restore backup from 24 Nov 2026, 21:50", or null when the notice offers none. */
export function restoreLabel(notice: Notice, locale?: string): string | null {
  return notice.backup ? `Restore backup from ${formatBackupDate(notice.backup.createdAt, locale)}` : null;
}

/** Whether restoring would replace something: feeds, articles or saved pages added since. Unknown counts count as something. */
export function libraryHasContent(sources: number, counts: ViewCounts | null): boolean {
  if (sources > 0 || counts === null) return true;
  return counts.all + counts.saved + counts.archive > 0;
}
