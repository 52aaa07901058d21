import { describe, expect, it } from 'vitest';
import type { Source } from '../../electron/shared/models.ts';
import { describeInterval, feedStatus } from './feed-status.ts';
import { sampleSource } from './sample-source.ts';

const now = new Date(2026, 10, 24, 13, 50);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();

const feed = (patch: Partial<Source>): Source =>
  sampleSource({
    id: 1,
    title: 'Pier Notices',
    feedUrl: 'https://example.com/pier.xml',
    lastFetchedAt: minutesAgo(5),
    nextRefreshAt: inMinutes(15),
    createdAt: minutesAgo(600),
    ...patch,
  });

describe('feedStatus', () => {
  it('says when a healthy feed was updated and when it is checked next', () => {
    const status = feedStatus(feed({}), 30, now, 'en-GB');
    expect(status).toEqual({ tone: 'ok', updated: 'Last updated 5 min ago', next: 'Next check at 14:05', problem: null });
  });

  it('says a feed refreshed by hand is not checked on its own, by its own setting or the global one', () => {
    expect(feedStatus(feed({ refreshIntervalMinutes: 0 }), 30, now).next).toBe('Refreshed only by hand');
    expect(feedStatus(feed({}), 0, now).next).toBe('Refreshed only by hand');
    expect(feedStatus(feed({ refreshIntervalMinutes: 60 }), 0, now, 'en-GB').next).toBe('Next check at 14:05');
  });

  it('gives the last failure in the core’s words with when it happened', () => {
    const status = feedStatus(
      feed({ status: 'error', lastError: 'The server answered 500 (Internal Server Error).', lastErrorAt: minutesAgo(2) }),
      30,
      now,
    );
    expect(status.tone).toBe('error');
    expect(status.problem).toBe('Last refresh failed 2 min ago: The server answered 500 (Internal Server Error).');
  });

  it('a removed feed (410) is stopped: no next check', () => {
    const status = feedStatus(feed({ status: 'gone', lastError: 'Gone', nextRefreshAt: null }), 30, now);
    expect(status.tone).toBe('gone');
    expect(status.next).toBeNull();
    expect(status.problem).toMatch(/^Stopped: the publisher removed this feed \(410\)/);
  });

  it('a feed never fetched, and a check due tomorrow or later', () => {
    expect(feedStatus(feed({ lastFetchedAt: null }), 30, now).updated).toBe('Not updated yet');
    expect(feedStatus(feed({ nextRefreshAt: inMinutes(660) }), 30, now, 'en-GB').next).toBe('Next check tomorrow at 00:50');
    expect(feedStatus(feed({ nextRefreshAt: inMinutes(3 * 1440) }), 30, now, 'en-GB').next).toBe('Next check on 27 Nov at 13:50');
    expect(feedStatus(feed({ nextRefreshAt: minutesAgo(1) }), 30, now).next).toBe('Next check soon');
  });
});

describe('describeInterval', () => {
  it('reads like a sentence', () => {
    expect([0, 15, 60, 180, 1440, 2880].map(describeInterval)).toEqual([
      'by hand only',
      'every 15 minutes',
      'every hour',
      'every 3 hours',
      'once a day',
      'every 2 days',
    ]);
  });
});
