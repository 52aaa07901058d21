import { describe, expect, it } from 'vitest';
import { formatBackupDate, formatBytes } from './format-backup.ts';

describe('formatBytes', () => {
  it('says small sizes in bytes', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(812)).toBe('812 bytes');
  });
  it('scales to the largest fitting unit, with one decimal below ten', () => {
    expect(formatBytes(4.2 * 1024 * 1024, 'en')).toBe('4.2 MB');
    expect(formatBytes(300 * 1024, 'en')).toBe('300 KB');
    expect(formatBytes(1.25 * 1024 ** 3, 'en')).toBe('1.3 GB');
  });
});

describe('formatBackupDate', () => {
  it('gives the date and time', () => {
    const text = formatBackupDate('2026-11-24T21:50:00.000Z', 'en-GB');
    expect(text).toMatch(/24 Nov 2026/);
  });
  it('returns what it was given when it is not a date', () => {
    expect(formatBackupDate('soon')).toBe('soon');
  });
});
