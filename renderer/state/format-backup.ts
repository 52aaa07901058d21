// Sizes, dates and kinds for the backup list, in the person's own locale.
import type { BackupInfo, BackupKind } from '../../electron/shared/models.ts';

/** "812 bytes", "4.2 MB", "1.3 GB". */
export function formatBytes(bytes: number, locale?: string): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** "24 Nov 2026, 21:50": a backup is found again by when it was made. */
export function formatBackupDate(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Who made a backup, as the list says it. */
export function backupKindLabel(kind: BackupKind): string {
  switch (kind) {
    case 'manual':
      return 'Made by you';
    case 'daily':
      return 'Automatic, daily';
    case 'before-update':
      return 'Before update';
  }
}

/** "Automatic, daily · 1,204 articles · 4.2 MB": one line under the backup's date. */
export function describeBackup(backup: BackupInfo, locale?: string): string {
  const articles = `${backup.articles.toLocaleString(locale)} article${backup.articles === 1 ? '' : 's'}`;
  return [backupKindLabel(backup.kind), articles, formatBytes(backup.bytes, locale)].join(' · ');
}

/** What restoring a backup brings back: Broadsheet's own hold the database only, and the images already stored stay. */
export function backupContents(kind: BackupKind): string {
  return kind === 'manual' ? 'feeds, articles, bookmarks and images' : 'feeds, articles and bookmarks (the images already stored stay)';
}
