// How a feed stands, in the plain sentences the feed settings dialog shows:
// when it last worked, when it is checked next, what went wrong and when.
import type { Source } from '../../electron/shared/models.ts';
import { formatAgo, formatWhen } from './format-time.ts';

export interface FeedStatus {
  tone: 'ok' | 'error' | 'gone';
  /** "Last updated 5 min ago", or that it never has been. */
  updated: string;
  /** "Next check at 14:05", "Refreshed only by hand", or null when it is stopped. */
  next: string | null;
  /** The last failure and when, or the stopped state; null when all is well. */
  problem: string | null;
}

/** Choices for a feed's own refresh interval; null follows the global setting, 0 never refreshes on its own. */
export const FEED_INTERVALS: ReadonlyArray<[number | null, string]> = [
  [null, 'Use the global setting'],
  [15, 'Every 15 minutes'],
  [30, 'Every 30 minutes'],
  [60, 'Every hour'],
  [180, 'Every 3 hours'],
  [720, 'Every 12 hours'],
  [1440, 'Once a day'],
  [0, 'Never (refresh by hand)'],
];

/** "every 30 minutes", "every 3 hours", "once a day", for a number of minutes. */
export function describeInterval(minutes: number): string {
  if (minutes <= 0) return 'by hand only';
  if (minutes === 1440) return 'once a day';
  if (minutes % 1440 === 0) return `every ${minutes / 1440} days`;
  if (minutes === 60) return 'every hour';
  if (minutes % 60 === 0) return `every ${minutes / 60} hours`;
  return `every ${minutes} minutes`;
}

export function feedStatus(source: Source, globalIntervalMinutes: number, now: Date, locale?: string): FeedStatus {
  const fetched = validDate(source.lastFetchedAt);
  const updated = fetched ? `Last updated ${formatAgo(fetched, now)}` : 'Not updated yet';
  if (source.status === 'gone') {
    return {
      tone: 'gone',
      updated,
      next: null,
      problem: 'Stopped: the publisher removed this feed (410). Broadsheet no longer checks it on its own.',
    };
  }
  const interval = source.refreshIntervalMinutes ?? globalIntervalMinutes;
  const due = validDate(source.nextRefreshAt);
  const next = interval === 0 ? 'Refreshed only by hand' : due ? `Next check ${formatWhen(due, now, locale)}` : null;
  const failedAt = validDate(source.lastErrorAt);
  const problem =
    source.status === 'error' || source.lastError
      ? `Last refresh failed${failedAt ? ` ${formatAgo(failedAt, now)}` : ''}: ${source.lastError ?? 'the feed could not be read.'}`
      : null;
  return { tone: problem ? 'error' : 'ok', updated, next, problem };
}

function validDate(iso: string | null): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
