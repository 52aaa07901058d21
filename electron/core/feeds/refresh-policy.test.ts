import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_AFTER_MS,
  describeTime,
  effectiveIntervalMinutes,
  freshUntil,
  nextAutomaticRefresh,
  retryAfter,
  type ScheduleInput,
} from './refresh-policy.ts';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('effectiveIntervalMinutes', () => {
  it('takes the feed’s own interval over the global one; 0 is never', () => {
    expect(effectiveIntervalMinutes(null, 30)).toBe(30);
    expect(effectiveIntervalMinutes(120, 30)).toBe(120);
    expect(effectiveIntervalMinutes(0, 30)).toBe(0);
    expect(effectiveIntervalMinutes(null, 0)).toBe(0);
  });
});

describe('retryAfter', () => {
  it('reads seconds and HTTP dates, capped at a day, never in the past', () => {
    expect(retryAfter('120', NOW).toISOString()).toBe(at(2 * MIN));
    expect(retryAfter('Tue, 24 Nov 2026 13:30:00 GMT', NOW).toISOString()).toBe(at(90 * MIN));
    expect(retryAfter('999999', NOW).toISOString()).toBe(at(24 * HOUR));
    expect(retryAfter('Mon, 23 Nov 2026 13:30:00 GMT', NOW).toISOString()).toBe(at(0));
  });

  it('falls back to a default wait for a missing or unreadable header', () => {
    expect(retryAfter(null, NOW).toISOString()).toBe(at(DEFAULT_RETRY_AFTER_MS));
    expect(retryAfter('soon', NOW).toISOString()).toBe(at(DEFAULT_RETRY_AFTER_MS));
    expect(retryAfter('-5', NOW).toISOString()).toBe(at(DEFAULT_RETRY_AFTER_MS));
  });
});

describe('freshUntil', () => {
  const headers = (init: Record<string, string>) => new Headers(init);

  it('reads max-age (less Age), capped at a day', () => {
    expect(freshUntil(headers({ 'cache-control': 'public, max-age=600' }), NOW)?.toISOString()).toBe(at(10 * MIN));
    expect(freshUntil(headers({ 'cache-control': 'max-age=600', age: '100' }), NOW)?.toISOString()).toBe(at(500_000));
    expect(freshUntil(headers({ 'cache-control': 'max-age=9999999' }), NOW)?.toISOString()).toBe(at(24 * HOUR));
  });

  it('reads Expires against the server’s Date, so a wrong local clock does not matter', () => {
    const result = freshUntil(
      headers({ expires: 'Tue, 24 Nov 2026 08:30:00 GMT', date: 'Tue, 24 Nov 2026 08:00:00 GMT' }),
      NOW,
    );
    expect(result?.toISOString()).toBe(at(30 * MIN));
    // max-age wins over Expires.
    expect(freshUntil(headers({ 'cache-control': 'max-age=60', expires: 'Tue, 24 Nov 2026 18:00:00 GMT' }), NOW)?.toISOString()).toBe(at(MIN));
  });

  it('says nothing for no-cache, no-store, max-age=0, past or unreadable dates', () => {
    expect(freshUntil(headers({ 'cache-control': 'no-cache' }), NOW)).toBeNull();
    expect(freshUntil(headers({ 'cache-control': 'no-store, max-age=0' }), NOW)).toBeNull();
    expect(freshUntil(headers({ expires: '0' }), NOW)).toBeNull();
    expect(freshUntil(headers({ expires: 'Mon, 23 Nov 2026 08:30:00 GMT' }), NOW)).toBeNull();
    expect(freshUntil(headers({}), NOW)).toBeNull();
  });
});

describe('nextAutomaticRefresh', () => {
  const feed = (patch: Partial<ScheduleInput>): ScheduleInput => ({
    status: 'ok',
    lastAttemptAt: NOW.toISOString(),
    failureCount: 0,
    intervalMinutes: 30,
    retryAfter: null,
    freshUntil: null,
    ...patch,
  });

  it('is the last attempt plus the interval; a feed never asked is due now', () => {
    expect(nextAutomaticRefresh(feed({}), NOW)?.toISOString()).toBe(at(30 * MIN));
    expect(nextAutomaticRefresh(feed({ lastAttemptAt: null }), NOW)?.toISOString()).toBe(at(0));
  });

  it('is never for a gone feed or an interval of 0', () => {
    expect(nextAutomaticRefresh(feed({ status: 'gone' }), NOW)).toBeNull();
    expect(nextAutomaticRefresh(feed({ intervalMinutes: 0 }), NOW)).toBeNull();
  });

  it('backs off a feed that keeps failing, doubling up to a day', () => {
    expect(nextAutomaticRefresh(feed({ status: 'error', failureCount: 1 }), NOW)?.toISOString()).toBe(at(60 * MIN));
    expect(nextAutomaticRefresh(feed({ status: 'error', failureCount: 3 }), NOW)?.toISOString()).toBe(at(240 * MIN));
    expect(nextAutomaticRefresh(feed({ status: 'error', failureCount: 40 }), NOW)?.toISOString()).toBe(at(24 * HOUR));
    // An interval longer than a day is not shortened by the cap.
    expect(nextAutomaticRefresh(feed({ failureCount: 2, intervalMinutes: 2 * 24 * 60 }), NOW)?.toISOString()).toBe(at(48 * HOUR));
  });

  it('waits for Retry-After and freshness when they end later', () => {
    expect(nextAutomaticRefresh(feed({ retryAfter: at(2 * HOUR) }), NOW)?.toISOString()).toBe(at(2 * HOUR));
    expect(nextAutomaticRefresh(feed({ freshUntil: at(3 * HOUR) }), NOW)?.toISOString()).toBe(at(3 * HOUR));
    expect(nextAutomaticRefresh(feed({ freshUntil: at(5 * MIN) }), NOW)?.toISOString()).toBe(at(30 * MIN));
  });
});

describe('describeTime', () => {
  it('gives the time today and the weekday too on another day', () => {
    const local = new Date(NOW);
    local.setHours(14, 5, 0, 0);
    expect(describeTime(local, local)).toBe('14:05');
    const tomorrow = new Date(local.getTime() + 24 * HOUR);
    expect(describeTime(tomorrow, local)).toMatch(/^[A-Z][a-z]{2} 14:05$/);
  });
});
