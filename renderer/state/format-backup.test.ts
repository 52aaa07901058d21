import { describe, expect, it } from 'vitest';
import { backupContents, backupKindLabel, describeBackup, formatBackupDate, formatBytes } from './format-backup.ts';

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

describe('backupKindLabel', () => {
  it('says who made each kind of backup', () => {
    expect(backupKindLabel('manual')).toBe('Made by you');
    expect(backupKindLabel('daily')).toBe('Automatic, daily');
    expect(backupKindLabel('before-update')).toBe('Before update');
  });
});

describe('backupContents', () => {
  it('says Broadsheet\u2019s own backups bring back no images, and the reader\u2019s do', () => {
    expect(backupContents('manual')).toMatch(/images$/);
    expect(backupContents('daily')).toMatch(/images already stored stay/);
    expect(backupContents('before-update')).toBe(backupContents('daily'));
  });
});

describe('describeBackup', () => {
  it('says who made it, how many articles, and how big, on one line', () => {
    const backup = { name: 'b', createdAt: '2026-11-24T21:50:00.000Z', bytes: 4.2 * 1024 * 1024 };
    expect(describeBackup({ ...backup, kind: 'daily', articles: 1204 }, 'en')).toBe('Automatic, daily · 1,204 articles · 4.2 MB');
    expect(describeBackup({ ...backup, kind: 'manual', articles: 1 }, 'en')).toBe('Made by you · 1 article · 4.2 MB');
  });
});
