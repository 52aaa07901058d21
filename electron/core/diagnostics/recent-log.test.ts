import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.ts';
import { ERROR_TEXT_LIMIT, RECENT_LIMIT, RecordingLogger, scrub } from './recent-log.ts';

function collecting(): Logger & { lines: Array<[string, string, Record<string, unknown> | undefined]> } {
  const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
  return {
    lines,
    info: (m, d) => lines.push(['info', m, d]),
    warn: (m, d) => lines.push(['warn', m, d]),
    error: (m, d) => lines.push(['error', m, d]),
  };
}

const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 12, 0, n));

describe('RecordingLogger', () => {
  it('passes every line on unchanged and keeps only warnings and errors', () => {
    const inner = collecting();
    let tick = 0;
    const log = new RecordingLogger(inner, { now: () => at(tick++), home: '/home/ada' });
    log.info('Subscribed', { feedUrl: 'https://news.example/feed?key=secret' });
    log.warn('Automatic refresh failed', { error: 'TypeError: fetch failed' });
    log.error('A backup failed', { error: 'Error: ENOSPC: no space left on device' });

    expect(inner.lines).toEqual([
      ['info', 'Subscribed', { feedUrl: 'https://news.example/feed?key=secret' }],
      ['warn', 'Automatic refresh failed', { error: 'TypeError: fetch failed' }],
      ['error', 'A backup failed', { error: 'Error: ENOSPC: no space left on device' }],
    ]);
    expect(log.entries()).toEqual([
      { at: at(0).toISOString(), level: 'warn', message: 'Automatic refresh failed: TypeError: fetch failed' },
      { at: at(1).toISOString(), level: 'error', message: 'A backup failed: Error: ENOSPC: no space left on device' },
    ]);
  });

  it('names the site of an address in the details, never its path, query or fragment', () => {
    const log = new RecordingLogger(collecting(), { home: '/home/ada' });
    log.error('Refreshing a feed failed', {
      feedUrl: 'https://user:pw@news.example/private/feed.xml?token=abc123#top',
      error: 'Error: GET https://cdn.example/img/secret-story.jpg?sig=zzz failed',
    });
    const [entry] = log.entries();
    expect(entry?.message).toBe('Refreshing a feed failed (https://news.example/…): Error: GET https://cdn.example/… failed');
    for (const leak of ['private', 'token', 'abc123', 'secret-story', 'sig=', 'user', 'pw@', '#top']) {
      expect(entry?.message).not.toContain(leak);
    }
  });

  it('cuts long error text short', () => {
    const log = new RecordingLogger(collecting(), { home: '/home/ada' });
    log.error('Downloading an article failed', { error: 'x'.repeat(5000) });
    const message = log.entries()[0]?.message ?? '';
    const detail = message.slice('Downloading an article failed: '.length);
    expect([...detail]).toHaveLength(ERROR_TEXT_LIMIT);
    expect(detail.endsWith('…')).toBe(true);
  });

  it('keeps the newest entries only, oldest first', () => {
    const log = new RecordingLogger(collecting(), { home: '/home/ada' });
    for (let n = 0; n < RECENT_LIMIT + 7; n += 1) log.warn(`Problem ${n}`);
    const entries = log.entries();
    expect(entries).toHaveLength(RECENT_LIMIT);
    expect(entries[0]?.message).toBe('Problem 7');
    expect(entries.at(-1)?.message).toBe(`Problem ${RECENT_LIMIT + 6}`);
  });

  it('replaces the home folder with ~, so a report does not name the account', () => {
    const log = new RecordingLogger(collecting(), { home: '/home/ada' });
    log.warn('Settings file unreadable; using defaults', { error: "Error: EACCES: permission denied, open '/home/ada/.config/Broadsheet/settings.json'" });
    expect(log.entries()[0]?.message).toBe(
      "Settings file unreadable; using defaults: Error: EACCES: permission denied, open '~/.config/Broadsheet/settings.json'",
    );
  });

  it('hands out copies, so a caller cannot change what is kept', () => {
    const log = new RecordingLogger(collecting(), { home: '/home/ada' });
    log.warn('One');
    const first = log.entries();
    first[0]!.message = 'changed';
    first.length = 0;
    expect(log.entries()).toEqual([expect.objectContaining({ message: 'One' })]);
  });
});

describe('scrub', () => {
  it('reduces every address in a text to its site, whatever the scheme', () => {
    expect(scrub('see http://a.example and https://b.example/x?y=1 or file:///Users/ada/notes.html', '/nowhere')).toBe(
      'see http://a.example and https://b.example/… or file://…',
    );
  });
});
