import { describe, expect, it } from 'vitest';
import { toIsoDate } from './parse-dates.ts';

describe('toIsoDate', () => {
  it.each([
    // RFC 822 and its near-misses
    ['Tue, 24 Nov 2026 07:30:00 +0000', '2026-11-24T07:30:00.000Z'],
    ['Tue, 24 Nov 2026 02:30:00 EST', '2026-11-24T07:30:00.000Z'],
    ['24 Nov 2026 09:30 CEST', '2026-11-24T07:30:00.000Z'],
    ['Tue, 24 Nov 26 07:30:00 GMT', '2026-11-24T07:30:00.000Z'],
    ['Tue, 24 Nov 2026 18:30:00 AEDT', '2026-11-24T07:30:00.000Z'],
    ['Tue, 24 Nov 2026 13:00:00 IST', '2026-11-24T07:30:00.000Z'],
    ['Tue, 24 Nov 2026 07:30:00 -05:00', '2026-11-24T12:30:00.000Z'],
    ['Tuesday, 24 November 2026 07:30:00 GMT', '2026-11-24T07:30:00.000Z'],
    ['Di, 24 Dez 2026 07:30:00 +0100', '2026-12-24T06:30:00.000Z'],
    ['Sat, Dec 16 2023 02:02:33 PM', '2023-12-16T14:02:33.000Z'],
    ['December 16, 2023 14:02 EST', '2023-12-16T19:02:00.000Z'],
    // ISO 8601 / RFC 3339 and variants
    ['2026-11-24T08:30:00+01:00', '2026-11-24T07:30:00.000Z'],
    ['2026-11-24T08:30+01:00', '2026-11-24T07:30:00.000Z'],
    ['2026-11-24T08:30:00+0100', '2026-11-24T07:30:00.000Z'],
    ['2026-11-24T07:30:00.250Z', '2026-11-24T07:30:00.250Z'],
    ['2026-11-24 07:30:00', '2026-11-24T07:30:00.000Z'],
    ['20261124T073000Z', '2026-11-24T07:30:00.000Z'],
    ['2026-11-24', '2026-11-24T00:00:00.000Z'],
    ['2026-W48-2', '2026-11-24T00:00:00.000Z'],
    ['2026-328', '2026-11-24T00:00:00.000Z'],
  ])('%s', (raw, iso) => {
    expect(toIsoDate(raw)).toBe(iso);
  });

  it('reads a time with no zone as UTC, and an unknown zone name as UTC rather than dropping the date', () => {
    expect(toIsoDate('2026-11-24T07:30:00')).toBe('2026-11-24T07:30:00.000Z');
    expect(toIsoDate('Tue, 24 Nov 2026 07:30:00 XYZ')).toBe('2026-11-24T07:30:00.000Z');
  });

  it('returns null for what is not a date, impossible dates and dates before 1970', () => {
    expect(toIsoDate('yesterday-ish')).toBeNull();
    expect(toIsoDate('Mon, 31 Feb 2020 10:00:00 GMT')).toBeNull();
    expect(toIsoDate('0001-01-01T00:00:00Z')).toBeNull();
    expect(toIsoDate('')).toBeNull();
    expect(toIsoDate(undefined)).toBeNull();
    expect(toIsoDate(new Date())).toBeNull();
  });
});
