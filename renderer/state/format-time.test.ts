import { describe, expect, it } from 'vitest';
import { formatAgo, formatListTime, formatReadingTime, formatWhen } from './format-time.ts';

// Local-time constructors keep the calendar-day logic independent of the machine's zone.
const now = new Date(2025, 10, 24, 15, 30); // Monday 24 Nov 2025, 15:30 local
const at = (...parts: [number, number, number, number?, number?]) =>
  new Date(parts[0], parts[1], parts[2], parts[3] ?? 0, parts[4] ?? 0).toISOString();

describe('formatListTime', () => {
  it('is relative for today', () => {
    expect(formatListTime(new Date(now.getTime() - 20_000).toISOString(), now, 'en-GB')).toBe('Just now');
    expect(formatListTime(at(2025, 10, 24, 15, 5), now, 'en-GB')).toBe('25 min');
    expect(formatListTime(at(2025, 10, 24, 9, 0), now, 'en-GB')).toBe('6 h');
  });

  it('uses calendar days, not 24-hour spans, for yesterday and the past week', () => {
    expect(formatListTime(at(2025, 10, 23, 23, 50), now, 'en-GB')).toBe('Yesterday');
    expect(formatListTime(at(2025, 10, 20, 12, 0), now, 'en-GB')).toBe('Thu');
  });

  it('shows a date further back, with the year only when it differs', () => {
    expect(formatListTime(at(2025, 9, 3), now, 'en-GB')).toBe('3 Oct');
    expect(formatListTime(at(2023, 0, 9), now, 'en-GB')).toBe('9 Jan 2023');
  });

  it('returns nothing for a date it cannot read', () => {
    expect(formatListTime('not a date', now)).toBe('');
  });
});

describe('formatAgo', () => {
  it('phrases elapsed time for status lines', () => {
    expect(formatAgo(new Date(now.getTime() - 5_000), now)).toBe('just now');
    expect(formatAgo(new Date(now.getTime() - 3 * 60_000), now)).toBe('3 min ago');
    expect(formatAgo(new Date(now.getTime() - 2 * 86_400_000), now)).toBe('2 days ago');
  });
});

describe('formatReadingTime', () => {
  it('says minutes of reading, never zero', () => {
    expect(formatReadingTime(6)).toBe('6 min read');
    expect(formatReadingTime(0)).toBe('1 min read');
  });
});

describe('formatWhen', () => {
  it('says when something is due, today, tomorrow or later', () => {
    expect(formatWhen(new Date(2025, 10, 24, 15, 0), now, 'en-GB')).toBe('soon');
    expect(formatWhen(new Date(2025, 10, 24, 16, 5), now, 'en-GB')).toBe('at 16:05');
    expect(formatWhen(new Date(2025, 10, 25, 9, 0), now, 'en-GB')).toBe('tomorrow at 09:00');
    expect(formatWhen(new Date(2025, 10, 28, 9, 0), now, 'en-GB')).toBe('on 28 Nov at 09:00');
  });
});
