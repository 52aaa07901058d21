// When a feed may and should be asked again: the rules of a polite refresher,
// as pure functions of times and headers so they can be tested without a
// clock or a network. The library stores what they compute.
import type { SourceStatus } from '../../shared/models.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** No server, and no run of failures, keeps a feed waiting longer than this. */
export const MAX_WAIT_MS = 24 * HOUR_MS;
/** A 429 or 503 without a usable Retry-After: wait this long before asking again. */
export const DEFAULT_RETRY_AFTER_MS = 15 * MINUTE_MS;

/** Minutes between automatic refreshes of one feed: its own setting, else the global one; 0 means never. */
export function effectiveIntervalMinutes(feedMinutes: number | null, globalMinutes: number): number {
  return Math.max(0, feedMinutes ?? globalMinutes);
}

/**
 * When a 429 or 503 may be retried: Retry-After in seconds or as an HTTP date,
 * at most a day away; a missing or unreadable header gets a default wait.
 */
export function retryAfter(header: string | null, now: Date): Date {
  const value = header?.trim() ?? '';
  let wait = DEFAULT_RETRY_AFTER_MS;
  if (/^\d+$/.test(value)) {
    wait = Number(value) * 1000;
  } else if (/[a-z]/i.test(value)) {
    // An HTTP date names its day and month; Date.parse would take "-5" for a year.
    const at = Date.parse(value);
    if (!Number.isNaN(at)) wait = at - now.getTime();
  }
  return new Date(now.getTime() + clamp(wait, 0, MAX_WAIT_MS));
}

/**
 * Until when a response stays fresh by its own account (Cache-Control
 * max-age, else Expires measured against the server's Date), at most a day;
 * null when it says nothing useful. no-cache and no-store are about storing
 * responses, not about how often to poll, so they change nothing here.
 */
export function freshUntil(headers: Headers, now: Date): Date | null {
  const cacheControl = headers.get('cache-control') ?? '';
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  let lifetimeMs: number | null = null;
  if (maxAge?.[1] !== undefined) {
    const age = Number(headers.get('age'));
    lifetimeMs = (Number(maxAge[1]) - (Number.isFinite(age) && age > 0 ? age : 0)) * 1000;
  } else {
    const expires = Date.parse(headers.get('expires') ?? '');
    if (!Number.isNaN(expires)) {
      // Against the server's own clock, so a computer whose clock is off still waits as long as the server meant.
      const serverNow = Date.parse(headers.get('date') ?? '');
      lifetimeMs = expires - (Number.isNaN(serverNow) ? now.getTime() : serverNow);
    }
  }
  if (lifetimeMs === null || lifetimeMs <= 0) return null;
  return new Date(now.getTime() + Math.min(lifetimeMs, MAX_WAIT_MS));
}

export interface ScheduleInput {
  status: SourceStatus;
  /** When Broadsheet last asked the server (null: never). */
  lastAttemptAt: string | null;
  /** Consecutive failures up to and including the last attempt. */
  failureCount: number;
  intervalMinutes: number;
  /** The server's own wait after a 429 or 503. */
  retryAfter: string | null;
  /** The last response's freshness (Cache-Control max-age, Expires). */
  freshUntil: string | null;
}

/**
 * When the next automatic refresh of a feed will happen, or null for never
 * (a gone feed, an interval of 0). A feed that keeps failing waits the
 * interval doubled per failure, up to a day (or its interval, if longer); a
 * feed never asked is due now.
 */
export function nextAutomaticRefresh(feed: ScheduleInput, now: Date): Date | null {
  if (feed.status === 'gone' || feed.intervalMinutes <= 0) return null;
  const interval = feed.intervalMinutes * MINUTE_MS;
  const last = feed.lastAttemptAt === null ? Number.NaN : Date.parse(feed.lastAttemptAt);
  let due = now.getTime();
  if (!Number.isNaN(last)) {
    const failures = Math.min(Math.max(0, feed.failureCount), 16);
    due = last + Math.min(interval * 2 ** failures, Math.max(interval, MAX_WAIT_MS));
  }
  for (const wait of [feed.retryAfter, feed.freshUntil]) {
    const until = wait === null ? Number.NaN : Date.parse(wait);
    if (!Number.isNaN(until)) due = Math.max(due, until);
  }
  return new Date(due);
}

/** "14:05" today, "Tue 14:05" on another day: when a wait ends, in the reader's own time. */
export function describeTime(at: Date, now: Date): string {
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleDateString('en-GB', { weekday: 'short' })} ${time}`;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
