// <bs-notice-banner>: the notices the core posted (a damaged library set
// aside, settings reset, a full disk, a failed backup), across the top of the
// window until the reader dismisses them. A damaged library's notice offers
// its newest backup; restoring asks first when the library has anything in it
// now, and shows that it is under way. Dismissing that notice declines the
// backup, so its button says "Keep the empty library" and asks first. The app
// carries the actions out.
import { LitElement, css, html, nothing, type SVGTemplateResult } from 'lit';
import type { Notice } from '../../electron/shared/models.ts';
import { icons } from '../components/icons.ts';
import { formatBackupDate } from '../state/format-backup.ts';
import { dismissLabel, dismissQuestion, noticeHeading, noticeRole, restoreLabel, type NoticesState } from '../state/notices.ts';
import { dialogStyles } from '../styles/dialog.ts';
import { base, buttons } from '../styles/shared.ts';
import { confirmDialog } from './confirm-dialog.ts';

const KIND_ICONS: Record<Notice['kind'], SVGTemplateResult> = {
  'library-damaged': icons.warning,
  'disk-full': icons.warning,
  'settings-reset': icons.settings,
  'backup-failed': icons.archive,
};

export class BsNoticeBanner extends LitElement {
  static override properties = {
    notices: { attribute: false },
    restoring: { attribute: false },
    problem: { attribute: false },
    hasContent: { type: Boolean, attribute: 'has-content' },
    confirming: { state: true },
    declining: { state: true },
  };

  static override styles = [
    base,
    buttons,
    dialogStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .notice {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        gap: var(--space-2) var(--space-4);
        padding: var(--space-3) var(--space-4);
        border-bottom: var(--hairline-width) solid var(--hairline-strong);
        background: var(--bg-sources);
        color: var(--text);
        font-size: var(--text-md);
        line-height: 1.45;
      }
      /* A damaged library or a full disk: the same quiet strip, warmed with the danger colour. */
      .notice.serious {
        background: color-mix(in srgb, var(--danger) 7%, var(--bg-app));
        border-bottom-color: color-mix(in srgb, var(--danger) 30%, var(--hairline-strong));
      }
      .body {
        display: flex;
        gap: var(--space-3);
        flex: 1 1 420px;
        min-width: 0;
      }
      .body svg.icon {
        margin-top: 2px;
        color: var(--text-secondary);
      }
      .serious .body svg.icon {
        color: var(--danger);
      }
      .text {
        min-width: 0;
        max-width: 88ch;
      }
      .heading {
        margin: 0;
        font-weight: 600;
      }
      .message {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .problem {
        margin: var(--space-1) 0 0;
        color: var(--danger);
        font-weight: 500;
      }
      .progress {
        margin: var(--space-1) 0 0;
        color: var(--text-secondary);
      }
      /* A kept file's path is one long word. */
      dialog .intro {
        overflow-wrap: anywhere;
      }
      .notice-actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        margin-left: auto;
        align-items: center;
      }
    `,
  ];

  declare notices: NoticesState['notices'];
  declare restoring: NoticesState['restoring'];
  declare problem: NoticesState['problem'];
  /** The library now holds feeds or articles, which a restore would replace. */
  declare hasContent: boolean;
  /** The notice whose restore waits for the reader's yes. */
  declare confirming: Notice | null;
  /** The notice whose dismissal (declining its backup) waits for the reader's yes. */
  declare declining: Notice | null;

  constructor() {
    super();
    this.notices = [];
    this.restoring = null;
    this.problem = null;
    this.hasContent = true;
    this.confirming = null;
    this.declining = null;
  }

  override render() {
    return html`${this.notices.length > 0
        ? html`<div class="notices" role="region" aria-label="Notices">${this.notices.map((notice) => this.#notice(notice))}</div>`
        : nothing}
      ${this.#confirmRestore()} ${this.#confirmDismiss()}`;
  }

  #notice(notice: Notice) {
    const role = noticeRole(notice.kind);
    const restore = restoreLabel(notice);
    const busy = this.restoring !== null;
    const restoringThis = this.restoring === notice.id;
    const problem = this.problem?.id === notice.id ? this.problem.message : '';
    const headingId = `notice-${notice.id}-heading`;
    return html`<div class="notice ${role === 'alert' ? 'serious' : ''}" data-kind=${notice.kind}>
      <div class="body" role=${role} aria-labelledby=${headingId}>
        ${KIND_ICONS[notice.kind]}
        <div class="text">
          <p class="heading" id=${headingId}>${noticeHeading(notice.kind)}</p>
          <p class="message">${notice.message}</p>
          ${restoringThis && notice.backup
            ? html`<p class="progress">Restoring the backup from ${formatBackupDate(notice.backup.createdAt)}…</p>`
            : nothing}
          ${problem ? html`<p class="problem">${problem}</p>` : nothing}
        </div>
      </div>
      <div class="notice-actions">
        ${restore
          ? html`<button class="button primary" ?disabled=${busy} @click=${() => this.#askRestore(notice)}>
              ${restoringThis ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${restore}
            </button>`
          : nothing}
        <button
          class="button"
          ?disabled=${restoringThis}
          aria-label=${dismissQuestion(notice) ? nothing : `Dismiss: ${noticeHeading(notice.kind)}`}
          @click=${() => this.#askDismiss(notice)}
        >
          ${dismissLabel(notice)}
        </button>
      </div>
    </div>`;
  }

  get #confirmDialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog.restore');
  }

  /** An empty library is simply replaced; one with anything in it asks first. */
  #askRestore(notice: Notice): void {
    if (!this.hasContent) {
      this.#emit('bs-notice-restore', notice);
      return;
    }
    this.confirming = notice;
    this.#confirmDialog?.showModal();
  }

  #confirmRestore() {
    const backup = this.confirming?.backup ?? null;
    return confirmDialog({
      name: 'restore',
      title: 'Restore the backup?',
      text: backup
        ? html`Your library will be replaced by the backup from ${formatBackupDate(backup.createdAt)}, with
            ${backup.articles.toLocaleString()} article${backup.articles === 1 ? '' : 's'}. Feeds and articles added since
            then are replaced too; the library as it is now is kept aside first, so nothing is deleted.`
        : nothing,
      confirm: 'Restore',
      onConfirm: this.#confirmed,
      onClose: () => (this.confirming = null),
    });
  }

  #confirmed = (event: SubmitEvent) => {
    event.preventDefault();
    const notice = this.confirming;
    this.#confirmDialog?.close();
    if (notice) this.#emit('bs-notice-restore', notice);
  };

  get #dismissDialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog.dismiss');
  }

  /** Dismissing a damaged library's notice declines its backup: asked first, in plain words. */
  #askDismiss(notice: Notice): void {
    if (!dismissQuestion(notice)) {
      this.#emit('bs-notice-dismiss', notice.id);
      return;
    }
    this.declining = notice;
    this.#dismissDialog?.showModal();
  }

  #confirmDismiss() {
    const question = this.declining ? dismissQuestion(this.declining) : null;
    return confirmDialog({
      name: 'dismiss',
      title: question?.title ?? '',
      text: question?.text ?? '',
      confirm: question?.confirm ?? '',
      onConfirm: this.#dismissConfirmed,
      onClose: () => (this.declining = null),
    });
  }

  #dismissConfirmed = (event: SubmitEvent) => {
    event.preventDefault();
    const notice = this.declining;
    this.#dismissDialog?.close();
    if (notice) this.#emit('bs-notice-dismiss', notice.id);
  };

  #emit<T>(type: 'bs-notice-restore' | 'bs-notice-dismiss', detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define('bs-notice-banner', BsNoticeBanner);

declare global {
  interface HTMLElementTagNameMap {
    'bs-notice-banner': BsNoticeBanner;
  }
}
