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

  it('leaves out every address and host name, in the details and in the error, never the words around them', () => {
    const log = new RecordingLogger(collecting(), { home: '/home/ada' });
    log.error('Refreshing a feed failed', {
      feedUrl: 'https://user:pw@news.example/private/feed.xml?token=abc123#top',
      error: 'Error: GET https://cdn.example/img/secret-story.jpg?sig=zzz failed',
    });
    log.warn('Refreshing a feed failed', { error: 'TypeError: fetch failed: getaddrinfo ENOTFOUND private-blog.example' });
    const [first, second] = log.entries();
    expect(first?.message).toBe('Refreshing a feed failed: Error: GET <address> failed');
    expect(second?.message).toBe('Refreshing a feed failed: TypeError: fetch failed: getaddrinfo ENOTFOUND <host>');
    for (const leak of ['news.example', 'cdn.example', 'private-blog', 'private', 'token', 'abc123', 'secret-story', 'sig=', 'user', 'pw@', '#top']) {
      expect(log.entries().map((entry) => entry.message).join('\n')).not.toContain(leak);
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
  const scrubbed = (text: string) => scrub(text, '/nowhere');

  it('replaces every address, whatever its scheme, with <address>', () => {
    expect(scrubbed('see http://a.example and https://b.example/x?y=1 or file:///Users/ada/notes.html')).toBe(
      'see <address> and <address> or <address>',
    );
  });

  it('replaces host names and IP addresses in an error’s words with <host>, keeping the words and the port', () => {
    const cases: Array<[string, string]> = [
      ['getaddrinfo ENOTFOUND private-blog.example', 'getaddrinfo ENOTFOUND <host>'],
      ['connect ECONNREFUSED 192.168.1.5:8080', 'connect ECONNREFUSED <host>:8080'],
      ['connect ECONNREFUSED ::1:3000', 'connect ECONNREFUSED <host>'],
      ['connect EHOSTUNREACH [fd00::7]:443', 'connect EHOSTUNREACH <host>:443'],
      ['connect ETIMEDOUT fe80::1%eth0.', 'connect ETIMEDOUT <host>.'],
      ['tunnel to ::ffff:10.0.0.5 refused', 'tunnel to <host> refused'],
      ['Hostname/IP does not match: Host: news.example. is not in DNS:*.cdn.example.co.uk', 'Hostname/IP does not match: Host: <host>. is not in DNS:*.<host>'],
      ['mail ada@home.arpa bounced', 'mail ada@<host> bounced'],
      ['HTTP 503 from 10.0.0.1, retry after 12:00:00', 'HTTP 503 from <host>, retry after 12:00:00'],
    ];
    for (const [text, expected] of cases) expect([text, scrubbed(text)]).toEqual([text, expected]);
  });

  it('keeps file names, versions and times, which say what failed and leak nothing', () => {
    for (const text of [
      "Error: SQLITE_FULL: database or disk is full, writing '~/Broadsheet/library.db'",
      'could not rotate main.log into main.old.log',
      "EACCES: permission denied, open '~/.config/Broadsheet/settings.json'",
      'library.db-wal and library.db-shm are missing',
      'backup-2026-11-24.tar.gz is damaged; image 3f/ab12.png and icon.ico too',
      'Node 24.1.0 at 2026-11-24T12:00:00.000Z in database-worker.ts (read-feed-worker.js)',
      'Error: ENOSPC: no space left on device',
      'e.g. status 404 or 500.',
    ]) {
      expect(scrubbed(text)).toBe(text);
    }
  });

  it('replaces the home folder first, even one that looks like a host name', () => {
    expect(scrub("open '/Users/ada.lovelace/Library/Broadsheet/library.db'", '/Users/ada.lovelace')).toBe("open '~/Library/Broadsheet/library.db'");
  });
});
