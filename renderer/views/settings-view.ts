// The settings screen: a modal sheet grouped the way people think of them —
// how it looks (with a live preview in the reading font), how reading works,
// downloads, refresh, subscriptions (OPML import and export, how long articles
// are kept), the library (export, backups), and help (what is running, copy
// diagnostics, the shortcuts). Every control is a
// real form control with a label; every change is saved at once, so there is
// no "Save" to forget.
import { LitElement, html, nothing } from 'lit';
import type {
  BackupInfo,
  ContentWidth,
  DownloadPolicy,
  ExportFile,
  ExportRequest,
  OpmlImport,
  OpmlImportSummary,
  ReadingFont,
  Settings,
  SettingsPatch,
  Theme,
  Diagnostics,
} from '../../electron/shared/models.ts';
import { aboutLine, COPIED_MESSAGE, type CopyOutcome } from '../state/copy-diagnostics.ts';
import { messageOf } from '../api/errors.ts';
import { icons } from '../components/icons.ts';
import { backupContents, describeBackup, formatBytes, formatBackupDate } from '../state/format-backup.ts';
import { OPML_ACCEPT, decodeXmlFile, importHeadline, isOpmlFileName, unlistedText } from '../state/opml-file.ts';
import { RETENTION_CHOICES, removesArticles, retentionLabel, retentionWarning } from '../state/retention.ts';
import { base, buttons } from '../styles/shared.ts';
import { dialogStyles } from '../styles/dialog.ts';
import { confirmDialog } from './confirm-dialog.ts';
import { formStyles, settingsStyles } from './settings-view.styles.ts';

/** What the screen needs from the library beyond the settings themselves. */
export interface SettingsLibrary {
  exportArticles(request: ExportRequest): Promise<ExportFile>;
  listBackups(): Promise<BackupInfo[]>;
  createBackup(): Promise<BackupInfo>;
  restoreBackup(name: string): Promise<void>;
  importOpml(input: OpmlImport): Promise<OpmlImportSummary>;
  exportOpml(): Promise<ExportFile>;
}

/** The Help section's needs: what is running, and "Copy diagnostics" (which shows the text itself when the clipboard refuses). */
export interface SettingsHelp {
  about(): Promise<Diagnostics>;
  copyDiagnostics(): Promise<CopyOutcome>;
}

const THEMES: Array<[Theme, string]> = [
  ['system', 'System'],
  ['light', 'Light'],
  ['sepia', 'Sepia'],
  ['dark', 'Dark'],
];
const FONTS: Array<[ReadingFont, string]> = [
  ['serif', 'Serif'],
  ['sans', 'Sans serif'],
];
const WIDTHS: Array<[ContentWidth, string]> = [
  ['narrow', 'Narrow'],
  ['medium', 'Medium'],
  ['wide', 'Wide'],
];
const POLICIES: Array<[DownloadPolicy, string]> = [
  ['new', 'New articles'],
  ['bookmarked', 'Bookmarked only'],
  ['never', 'Never'],
];
const INTERVALS: Array<[number, string]> = [
  [0, 'Never (refresh by hand)'],
  [15, 'Every 15 minutes'],
  [30, 'Every 30 minutes'],
  [60, 'Every hour'],
  [180, 'Every 3 hours'],
  [360, 'Every 6 hours'],
  [1440, 'Once a day'],
];

type Busy = 'export' | 'backup' | 'restore' | 'import-opml' | 'export-opml' | null;

/** The outcome of the last OPML import, shown until the next one. */
interface OpmlOutcome {
  fileName: string;
  summary: OpmlImportSummary;
}

export class BsSettingsView extends LitElement {
  static override properties = {
    settings: { attribute: false },
    library: { attribute: false },
    backups: { state: true },
    backupsError: { state: true },
    busy: { state: true },
    message: { state: true },
    problem: { state: true },
    restoring: { state: true },
    opml: { state: true },
    opmlMessage: { state: true },
    opmlProblem: { state: true },
    shortening: { state: true },
    help: { attribute: false },
    about: { state: true },
    helpMessage: { state: true },
    helpProblem: { state: true },
    copying: { state: true },
  };

  static override styles = [base, buttons, dialogStyles, formStyles, settingsStyles];

  declare settings: Settings | null;
  declare library: SettingsLibrary | null;
  declare backups: BackupInfo[] | null;
  declare backupsError: string | null;
  declare busy: Busy;
  /** The outcome of the last library action, announced politely. */
  declare message: string;
  declare problem: string;
  /** The backup waiting for the person to confirm its restore. */
  declare restoring: BackupInfo | null;
  declare opml: OpmlOutcome | null;
  /** The Subscriptions section's own outcome line and problem, shown beside its buttons. */
  declare opmlMessage: string;
  declare opmlProblem: string;
  /** The shorter period waiting for the person to confirm, as it removes articles for good. */
  declare shortening: number | null;
  declare help: SettingsHelp | null;
  /** "Broadsheet 0.1.0, web host", once known. */
  declare about: string;
  /** The Help section's own outcome line and problem. */
  declare helpMessage: string;
  declare helpProblem: string;
  declare copying: boolean;

  constructor() {
    super();
    this.settings = null;
    this.library = null;
    this.backups = null;
    this.backupsError = null;
    this.busy = null;
    this.message = '';
    this.problem = '';
    this.restoring = null;
    this.opml = null;
    this.opmlMessage = '';
    this.opmlProblem = '';
    this.shortening = null;
    this.help = null;
    this.about = '';
    this.helpMessage = '';
    this.helpProblem = '';
    this.copying = false;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog.settings');
  }

  get isOpen(): boolean {
    return this.#dialog?.open ?? false;
  }

  async show(): Promise<void> {
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || dialog.open) return;
    this.message = '';
    this.problem = '';
    this.opml = null;
    this.opmlMessage = '';
    this.opmlProblem = '';
    dialog.showModal();
    void this.#loadBackups();
    this.helpMessage = '';
    this.helpProblem = '';
    void this.#loadAbout();
  }

  close(): void {
    this.#dialog?.close();
  }

  /** Opens the screen at Subscriptions and the file chooser for an OPML file (the menu's "Import Subscriptions…"). */
  async chooseOpmlFile(): Promise<void> {
    await this.#showSubscriptions();
    this.#opmlInput?.click();
  }

  /** Imports an OPML file, showing what it did in the Subscriptions section. */
  async importOpmlFile(file: File): Promise<void> {
    await this.#showSubscriptions();
    await this.#importOpml(file);
  }

  /** Opens the screen at Subscriptions and downloads every subscription as OPML (the menu's "Export Subscriptions…"). */
  async exportOpml(): Promise<void> {
    await this.#showSubscriptions();
    await this.#exportOpml();
  }

  async #showSubscriptions(): Promise<void> {
    await this.show();
    await this.updateComplete;
    const section = this.renderRoot.querySelector('#subscriptions-heading');
    section?.scrollIntoView({ block: 'start' });
    this.renderRoot.querySelector<HTMLButtonElement>('#import-opml')?.focus();
  }

  get #opmlInput(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input.opml-file');
  }

  #change(patch: SettingsPatch): void {
    this.dispatchEvent(new CustomEvent<SettingsPatch>('bs-settings-change', { detail: patch, bubbles: true, composed: true }));
  }

  override render() {
    const s = this.settings;
    return html`<dialog class="settings" aria-labelledby="settings-title" @close=${() => (this.restoring = null)}>
        <header class="top">
          <h2 id="settings-title">Settings</h2>
          <button class="icon-button" aria-label="Close settings" title="Close" @click=${() => this.close()}>${icons.close}</button>
        </header>
        <div class="body">
          ${s
            ? html`${this.#appearance(s)} ${this.#reading(s)} ${this.#downloads(s)} ${this.#subscriptions(s)} ${this.#library()} ${this.#helpSection()}`
            : html`<p class="working">Loading settings…</p>`}
        </div>
      </dialog>
      ${this.#confirmRestore()} ${this.#confirmRetention()}`;
  }

  #appearance(s: Settings) {
    return html`<section aria-labelledby="appearance-heading">
      <h3 id="appearance-heading">Appearance</h3>
      ${this.#choice('Theme', 'theme', THEMES, s.theme, (theme) => this.#change({ theme }))}
      ${this.#choice('Reading font', 'font', FONTS, s.readingFont, (readingFont) => this.#change({ readingFont }))}
      <div class="row">
        <label for="font-size">Text size</label>
        <div class="range">
          <input
            id="font-size"
            type="range"
            min="14"
            max="28"
            step="1"
            .value=${String(s.fontSize)}
            aria-valuetext=${`${s.fontSize} pixels`}
            @input=${(e: Event) => this.#change({ fontSize: Number((e.target as HTMLInputElement).value) })}
          />
          <output for="font-size">${s.fontSize} px</output>
        </div>
      </div>
      <div class="row">
        <label for="line-height">Line spacing</label>
        <div class="range">
          <input
            id="line-height"
            type="range"
            min="1.2"
            max="2.2"
            step="0.1"
            .value=${String(s.lineHeight)}
            aria-valuetext=${s.lineHeight.toFixed(1)}
            @input=${(e: Event) => this.#change({ lineHeight: Math.round(Number((e.target as HTMLInputElement).value) * 10) / 10 })}
          />
          <output for="line-height">${s.lineHeight.toFixed(1)}</output>
        </div>
      </div>
      ${this.#choice('Text width', 'width', WIDTHS, s.contentWidth, (contentWidth) => this.#change({ contentWidth }))}
      <div class="row">
        <span class="label" aria-hidden="true"></span>
        <label class="check">
          <input type="checkbox" .checked=${s.justify} @change=${(e: Event) => this.#change({ justify: (e.target as HTMLInputElement).checked })} />
          Justify text (with hyphenation)
        </label>
      </div>
      <figure class="preview" aria-label="Preview">
        <p class="preview-text" lang="en">
          The harbour was quiet at dawn. Fishing boats rocked gently against the pier while the first ferry of the day
          crossed the bay, its wake folding the light into long, slow ribbons across the water.
        </p>
      </figure>
    </section>`;
  }

  #reading(s: Settings) {
    return html`<section aria-labelledby="reading-heading">
      <h3 id="reading-heading">Reading</h3>
      <div class="row">
        <label for="order">Article order</label>
        <select id="order" @change=${(e: Event) => this.#change({ articleOrder: (e.target as HTMLSelectElement).value as Settings['articleOrder'] })}>
          <option value="newest" ?selected=${s.articleOrder === 'newest'}>Newest first</option>
          <option value="oldest" ?selected=${s.articleOrder === 'oldest'}>Oldest first</option>
        </select>
      </div>
      <div class="row">
        <span class="label" aria-hidden="true"></span>
        <label class="check">
          <input
            type="checkbox"
            .checked=${s.markReadOnOpen}
            @change=${(e: Event) => this.#change({ markReadOnOpen: (e.target as HTMLInputElement).checked })}
          />
          Mark articles read when opened
        </label>
      </div>
    </section>`;
  }

  #downloads(s: Settings) {
    const intervals = INTERVALS.some(([minutes]) => minutes === s.refreshIntervalMinutes)
      ? INTERVALS
      : [...INTERVALS, [s.refreshIntervalMinutes, `Every ${s.refreshIntervalMinutes} minutes`] as [number, string]];
    return html`<section aria-labelledby="downloads-heading">
      <h3 id="downloads-heading">Downloads and refresh</h3>
      <div class="row">
        <label for="policy">Download full articles</label>
        <select id="policy" @change=${(e: Event) => this.#change({ downloadFullArticles: (e.target as HTMLSelectElement).value as DownloadPolicy })}>
          ${POLICIES.map(([value, label]) => html`<option value=${value} ?selected=${value === s.downloadFullArticles}>${label}</option>`)}
        </select>
      </div>
      <p class="hint">Bookmarked articles and saved pages are always kept in full, images included, to read offline.</p>
      <div class="row">
        <label for="interval">Refresh feeds</label>
        <select
          id="interval"
          @change=${(e: Event) => this.#change({ refreshIntervalMinutes: Number((e.target as HTMLSelectElement).value) })}
        >
          ${intervals.map(([value, label]) => html`<option value=${value} ?selected=${value === s.refreshIntervalMinutes}>${label}</option>`)}
        </select>
      </div>
    </section>`;
  }

  #subscriptions(s: Settings) {
    const retention = RETENTION_CHOICES.some(([days]) => days === s.retentionDays)
      ? RETENTION_CHOICES
      : [...RETENTION_CHOICES, [s.retentionDays, retentionLabel(s.retentionDays)] as const];
    return html`<section aria-labelledby="subscriptions-heading">
      <h3 id="subscriptions-heading">Subscriptions</h3>
      <div class="row top">
        <span class="label" id="opml-label">Subscription list</span>
        <div class="opml">
          <div class="inline" role="group" aria-labelledby="opml-label">
            <button id="import-opml" class="button" ?disabled=${this.busy !== null} @click=${() => this.#opmlInput?.click()}>
              ${this.busy === 'import-opml' ? html`<span class="spinner" aria-hidden="true"></span>` : icons.upload}Import OPML…
            </button>
            <button class="button" ?disabled=${this.busy !== null} @click=${() => void this.#exportOpml()}>
              ${this.busy === 'export-opml' ? html`<span class="spinner" aria-hidden="true"></span>` : icons.download}Export OPML
            </button>
            <input class="opml-file" type="file" accept=${OPML_ACCEPT} hidden tabindex="-1" aria-hidden="true" @change=${this.#onOpmlChosen} />
          </div>
          <p class="hint">Move your feeds to or from another reader with an OPML file. Folders come along; feeds you already follow are skipped.</p>
          <p class="status" role="status">${this.opmlMessage}</p>
          ${this.opmlProblem ? html`<p class="alert" role="alert">${this.opmlProblem}</p>` : nothing} ${this.#opmlSummary()}
        </div>
      </div>
      <div class="row">
        <label for="retention">Keep articles for</label>
        <select id="retention" aria-describedby="retention-hint" @change=${this.#onRetentionChosen}>
          ${retention.map(([days, label]) => html`<option value=${days} ?selected=${days === s.retentionDays}>${label}</option>`)}
        </select>
      </div>
      <p class="hint" id="retention-hint">
        ${s.retentionDays === 0
          ? 'Every article is kept until you remove its feed.'
          : 'Older articles are removed when feeds refresh.'}
        Bookmarked and saved articles are always kept.
      </p>
    </section>`;
  }

  /** A longer period (or none) applies at once; a shorter one removes articles for good, so it asks first. */
  #onRetentionChosen = (event: Event) => {
    const to = Number((event.target as HTMLSelectElement).value);
    const from = this.settings?.retentionDays ?? 0;
    if (!removesArticles(from, to)) {
      this.#change({ retentionDays: to });
      return;
    }
    this.shortening = to;
    const dialog = this.#retentionDialog;
    if (!dialog) return;
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>('button.cancel')?.focus();
  };

  get #retentionDialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog.retention');
  }

  #confirmRetention() {
    const days = this.shortening;
    return html`<dialog
      class="confirm retention"
      role="alertdialog"
      aria-labelledby="retention-title"
      aria-describedby="retention-text"
      @close=${this.#onRetentionClosed}
    >
      <form method="dialog" @submit=${this.#applyRetention}>
        <h2 id="retention-title">Keep articles for ${days === null ? '' : retentionLabel(days)}?</h2>
        <p id="retention-text" class="intro">${days === null ? nothing : retentionWarning(days)} This cannot be undone.</p>
        <div class="actions">
          <button type="button" class="button cancel" @click=${() => this.#retentionDialog?.close()}>Cancel</button>
          <button type="submit" class="button danger">Remove older articles</button>
        </div>
      </form>
    </dialog>`;
  }

  #applyRetention = (event: SubmitEvent) => {
    event.preventDefault();
    const days = this.shortening;
    this.shortening = null;
    if (days !== null) this.#change({ retentionDays: days });
    this.#retentionDialog?.close();
  };

  /** Closed without confirming: the select shows the period still in force. */
  #onRetentionClosed = () => {
    this.shortening = null;
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#retention');
    if (select && this.settings) select.value = String(this.settings.retentionDays);
    select?.focus();
  };

  #opmlSummary() {
    const outcome = this.opml;
    if (!outcome) return nothing;
    const { summary } = outcome;
    return html`<div class="opml-summary" aria-labelledby="opml-summary-title">
      <p class="summary-title" id="opml-summary-title">From “${outcome.fileName}”</p>
      <dl class="figures">
        <div><dt>Feeds added</dt><dd>${summary.feedsAdded.toLocaleString()}</dd></div>
        <div><dt>Folders created</dt><dd>${summary.foldersCreated.toLocaleString()}</dd></div>
        <div><dt>Duplicates skipped</dt><dd>${summary.duplicates.toLocaleString()}</dd></div>
        <div><dt>Not usable</dt><dd>${summary.invalidCount.toLocaleString()}</dd></div>
      </dl>
      ${summary.invalid.length > 0
        ? html`<ul class="invalid" aria-label="Entries that could not be used">
            ${summary.invalid.map((entry) => html`<li><span class="entry">${entry.title || 'Untitled entry'}</span> <span class="reason">${entry.reason}</span></li>`)}
          </ul>`
        : nothing}
      ${unlistedText(summary) ? html`<p class="hint">${unlistedText(summary)}</p>` : nothing}
    </div>`;
  }

  #onOpmlChosen = async () => {
    const input = this.#opmlInput;
    const file = input?.files?.[0];
    if (input) input.value = '';
    if (file) await this.#importOpml(file);
  };

  async #importOpml(file: File): Promise<void> {
    if (!this.library || this.busy) return;
    this.opmlProblem = '';
    this.opml = null;
    if (!isOpmlFileName(file.name) && !/xml|opml/.test(file.type)) {
      this.opmlMessage = '';
      this.opmlProblem = `“${file.name}” is not an OPML file. Export your subscriptions from your other reader as OPML, then import that file.`;
      return;
    }
    this.busy = 'import-opml';
    this.opmlMessage = `Importing “${file.name}”…`;
    try {
      const text = decodeXmlFile(new Uint8Array(await file.arrayBuffer()));
      const summary = await this.library.importOpml({ text, fileName: file.name });
      this.opml = { fileName: file.name, summary };
      this.opmlMessage = importHeadline(summary);
    } catch (error) {
      this.opmlMessage = '';
      this.opmlProblem = messageOf(error);
    } finally {
      this.busy = null;
    }
  }

  async #exportOpml(): Promise<void> {
    if (!this.library || this.busy) return;
    this.busy = 'export-opml';
    this.opmlProblem = '';
    try {
      const file = await this.library.exportOpml();
      downloadFile(file);
      this.opmlMessage = `Exported your subscriptions to ${file.fileName}.`;
    } catch (error) {
      this.opmlMessage = '';
      this.opmlProblem = messageOf(error);
    } finally {
      this.busy = null;
    }
  }

  #library() {
    return html`<section aria-labelledby="library-heading">
      <h3 id="library-heading">Library</h3>
      <form class="export" @submit=${this.#export}>
        <div class="row">
          <label for="export-scope">Export</label>
          <div class="inline">
            <select id="export-scope" name="scope">
              <option value="bookmarked">Bookmarks</option>
              <option value="saved">Saved pages</option>
              <option value="both">Bookmarks and saved pages</option>
            </select>
            <label class="visually-hidden" for="export-format">Export format</label>
            <select id="export-format" name="format">
              <option value="markdown">Markdown</option>
              <option value="html">HTML</option>
              <option value="json">JSON</option>
            </select>
            <button class="button" type="submit" ?disabled=${this.busy !== null}>${icons.download}Export</button>
          </div>
        </div>
      </form>
      <div class="row top">
        <span class="label" id="backups-label">Backups</span>
        <div class="backups">
          <p class="hint">
            A backup you make holds the whole library: every article, feed and stored image. Broadsheet also keeps copies of
            its own, without the images: one a day for a week, and one before each update.
          </p>
          <div>
            <button class="button" ?disabled=${this.busy !== null} @click=${this.#backUp}>
              ${this.busy === 'backup' ? html`<span class="spinner" aria-hidden="true"></span>` : icons.archive}Back up now
            </button>
          </div>
          ${this.#backupList()}
        </div>
      </div>
      <p class="status" role="status">${this.message}</p>
      ${this.problem ? html`<p class="alert" role="alert">${this.problem}</p>` : nothing}
    </section>`;
  }

  #backupList() {
    if (this.backupsError) return html`<p class="alert">${this.backupsError}</p>`;
    if (!this.backups) return html`<p class="hint">Looking for backups…</p>`;
    if (this.backups.length === 0) return html`<p class="hint">No backups yet.</p>`;
    return html`<ul class="backup-list" aria-labelledby="backups-label">
      ${this.backups.map(
        (backup) => html`<li>
          <div class="what">
            <span class="when">${formatBackupDate(backup.createdAt)}</span>
            <span class="size">${describeBackup(backup)}</span>
          </div>
          <button
            class="button"
            aria-label=${`Restore the backup of ${formatBackupDate(backup.createdAt)}`}
            ?disabled=${this.busy !== null}
            @click=${() => this.#askRestore(backup)}
          >
            Restore
          </button>
        </li>`,
      )}
    </ul>`;
  }

  #confirmRestore() {
    const backup = this.restoring;
    return confirmDialog({
      name: 'restore',
      title: 'Restore this backup?',
      text: backup
        ? html`Your library will be replaced by the backup of ${formatBackupDate(backup.createdAt)}, with
            ${backup.articles.toLocaleString()} article${backup.articles === 1 ? '' : 's'}: ${backupContents(backup.kind)} as they
            were then. The library as it is now is kept aside first, so nothing is deleted.`
        : nothing,
      confirm: 'Restore',
      onConfirm: this.#restore,
      onClose: () => (this.restoring = null),
    });
  }

  get #confirmDialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog.restore');
  }

  #helpSection() {
    return html`<section aria-labelledby="help-heading">
      <h3 id="help-heading">Help</h3>
      <div class="row">
        <span class="label" id="about-label">About</span>
        <p class="about" aria-labelledby="about-label">${this.about || 'Broadsheet'}</p>
      </div>
      <div class="row top">
        <span class="label" id="diagnostics-label">Diagnostics</span>
        <div class="diagnostics">
          <div role="group" aria-labelledby="diagnostics-label">
            <button id="copy-diagnostics" class="button" aria-describedby="diagnostics-hint" ?disabled=${this.copying || !this.help} @click=${this.#copyDiagnostics}>
              ${this.copying ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}Copy diagnostics
            </button>
          </div>
          <p class="hint" id="diagnostics-hint">
            For a bug report: versions, library sizes and recent errors. Never your articles, their titles or addresses.
          </p>
          <p class="status" role="status">${this.helpMessage}</p>
          ${this.helpProblem ? html`<p class="alert" role="alert">${this.helpProblem}</p>` : nothing}
        </div>
      </div>
      <div class="row">
        <span class="label">Keyboard</span>
        <button class="link-button shortcuts" @click=${this.#showShortcuts}>Keyboard shortcuts</button>
      </div>
    </section>`;
  }

  async #loadAbout(): Promise<void> {
    if (!this.help || this.about) return;
    try {
      this.about = aboutLine(await this.help.about());
    } catch {
      // The section still offers everything else; the name alone will do.
    }
  }

  #copyDiagnostics = async () => {
    if (!this.help || this.copying) return;
    this.copying = true;
    this.helpMessage = '';
    this.helpProblem = '';
    try {
      const outcome = await this.help.copyDiagnostics();
      this.helpMessage = outcome.copied ? COPIED_MESSAGE : 'The clipboard could not be used, so the diagnostics are shown to copy by hand.';
    } catch (error) {
      this.helpProblem = messageOf(error);
    } finally {
      this.copying = false;
    }
  };

  #showShortcuts = () => {
    this.dispatchEvent(new CustomEvent('bs-show-shortcuts', { bubbles: true, composed: true }));
  };

  #choice<T extends string>(legend: string, name: string, options: Array<[T, string]>, value: T, pick: (value: T) => void) {
    return html`<fieldset class="row">
      <legend class="label">${legend}</legend>
      <div class="segmented">
        ${options.map(
          ([option, label]) => html`<label>
            <input type="radio" name=${name} value=${option} .checked=${option === value} @change=${() => pick(option)} /><span
              >${label}</span
            >
          </label>`,
        )}
      </div>
    </fieldset>`;
  }

  async #loadBackups(): Promise<void> {
    if (!this.library) return;
    try {
      this.backups = await this.library.listBackups();
      this.backupsError = null;
    } catch (error) {
      this.backupsError = messageOf(error);
    }
  }

  #export = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!this.library || this.busy) return;
    const form = new FormData(event.target as HTMLFormElement);
    const request = { scope: form.get('scope'), format: form.get('format') } as ExportRequest;
    this.busy = 'export';
    this.problem = '';
    try {
      const file = await this.library.exportArticles(request);
      downloadFile(file);
      this.message = `Exported ${file.articles.toLocaleString()} article${file.articles === 1 ? '' : 's'} to ${file.fileName}.`;
    } catch (error) {
      this.problem = messageOf(error);
    } finally {
      this.busy = null;
    }
  };

  #backUp = async () => {
    if (!this.library || this.busy) return;
    this.busy = 'backup';
    this.problem = '';
    this.message = 'Backing up…';
    try {
      const backup = await this.library.createBackup();
      this.message = `Backed up ${backup.articles.toLocaleString()} article${backup.articles === 1 ? '' : 's'} (${formatBytes(backup.bytes)}).`;
      await this.#loadBackups();
    } catch (error) {
      this.message = '';
      this.problem = messageOf(error);
    } finally {
      this.busy = null;
    }
  };

  #askRestore(backup: BackupInfo): void {
    this.restoring = backup;
    this.#confirmDialog?.showModal();
  }

  #restore = async (event: SubmitEvent) => {
    const backup = this.restoring;
    if (!this.library || !backup) return;
    event.preventDefault();
    this.#confirmDialog?.close();
    this.busy = 'restore';
    this.problem = '';
    this.message = 'Restoring…';
    try {
      await this.library.restoreBackup(backup.name);
      this.message = `Restored the backup of ${formatBackupDate(backup.createdAt)}.`;
      await this.#loadBackups();
    } catch (error) {
      this.message = '';
      this.problem = messageOf(error);
    } finally {
      this.busy = null;
    }
  };
}

/** Hands an exported file to the browser as a download: no file system access needed, in Electron or on the web. */
function downloadFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download starts asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

customElements.define('bs-settings-view', BsSettingsView);

declare global {
  interface HTMLElementTagNameMap {
    'bs-settings-view': BsSettingsView;
  }
}
