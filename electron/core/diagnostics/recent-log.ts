// The last few problems the app ran into, kept in memory for "Copy
// diagnostics": a bug report then says what went wrong without the reader
// digging through log files. Only warnings and errors are kept, and only what
// is safe to paste in public: the message and the error's own words cut short,
// with every address and host name taken out (a site, a path or a query says
// what someone reads, and can carry a token; a LAN address maps their network).
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import type { DiagnosticEntry } from '../../shared/models.ts';
import type { Logger } from '../logger.ts';

/** How many warnings and errors are kept; older ones drop off. */
export const RECENT_LIMIT = 50;
/** An error's text is cut to this many characters. */
export const ERROR_TEXT_LIMIT = 300;

/** What diagnostics read: the recent warnings and errors, oldest first. */
export interface RecentErrors {
  entries(): DiagnosticEntry[];
}

export interface RecordingOptions {
  now?: () => Date;
  limit?: number;
  /** Replaced by "~" wherever it appears, so a report does not carry the account name. */
  home?: string;
}

/** Passes every line on to the logger it wraps, and keeps the recent warnings and errors. */
export class RecordingLogger implements Logger, RecentErrors {
  readonly #inner: Logger;
  readonly #now: () => Date;
  readonly #limit: number;
  readonly #home: string;
  readonly #entries: DiagnosticEntry[] = [];

  constructor(inner: Logger, options: RecordingOptions = {}) {
    this.#inner = inner;
    this.#now = options.now ?? (() => new Date());
    this.#limit = options.limit ?? RECENT_LIMIT;
    this.#home = options.home ?? safeHomedir();
  }

  info(message: string, details?: Record<string, unknown>): void {
    this.#inner.info(message, details);
  }

  warn(message: string, details?: Record<string, unknown>): void {
    this.#inner.warn(message, details);
    this.#record('warn', message, details);
  }

  error(message: string, details?: Record<string, unknown>): void {
    this.#inner.error(message, details);
    this.#record('error', message, details);
  }

  entries(): DiagnosticEntry[] {
    return this.#entries.map((entry) => ({ ...entry }));
  }

  #record(level: DiagnosticEntry['level'], message: string, details?: Record<string, unknown>): void {
    this.#entries.push({ at: this.#now().toISOString(), level, message: describe(message, details, this.#home) });
    if (this.#entries.length > this.#limit) this.#entries.splice(0, this.#entries.length - this.#limit);
  }
}

/** "Refreshing a feed failed: Error: getaddrinfo ENOTFOUND <host>" (the details' addresses are left out). */
function describe(message: string, details: Record<string, unknown> | undefined, home: string): string {
  const error = details?.['error'];
  const why = error === undefined || error === null ? '' : `: ${truncate(scrub(String(error), home), ERROR_TEXT_LIMIT)}`;
  // The message is the app's own sentence, but some carry a folder or an address too.
  return truncate(`${scrub(message, home)}${why}`, 2000);
}

const URL_IN_TEXT = /\b[a-z][a-z\d+.-]*:\/\/[^\s"'<>()[\]{}]*/gi;
/** [fd00::1], [::1]:8080: checked with isIP before it is taken out. */
const BRACKETED_IPV6 = /\[([\da-f:.]+(?:%[\w.-]+)?)\]/gi;
/** fd00::1, ::ffff:10.0.0.1, fe80::1%eth0 (two colons at least; times like 12:00:00 are not IPs, isIP decides). */
const BARE_IPV6 = /(?<![\w:.])(?:[\da-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[\da-f]{0,4})(?:%[\w-]+)?(?![\w:]|\.\w)/gi;
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\w)/g;
/** news.example, private-blog.co.uk: labels and a last label of letters only (so 1.2.3 and library.db-wal are not). */
const HOST_NAME = /(?<![\w-]|[\w-]\.)(?:[a-z\d_](?:[a-z\d_-]*[a-z\d_])?\.)+([a-z]{2,})(?![\w-]|\.\w)/gi;
/**
 * Last labels that name a kind of file, not a top-level domain in an error:
 * library.db, main.log and settings.json must survive to say what failed.
 */
const FILE_EXTENSIONS = new Set([
  'db', 'sqlite', 'wal', 'shm', 'json', 'log', 'txt', 'ts', 'js', 'mjs', 'cjs', 'map', 'node', 'asar', 'html', 'htm',
  'xml', 'opml', 'css', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg', 'ico', 'icns', 'gz', 'tar', 'zip', 'tmp',
  'bak', 'lock', 'exe', 'dll', 'dylib',
]);

/**
 * The home folder becomes "~"; every address "<address>" and every host name
 * or IP address "<host>", keeping the error's own words (ENOTFOUND, status
 * codes, file names).
 */
export function scrub(text: string, home = safeHomedir()): string {
  // The home folder first: its own name may look like a host (/Users/ada.lovelace).
  const homeless = home.length > 1 ? text.split(home).join('~') : text;
  return homeless
    .replace(URL_IN_TEXT, '<address>')
    .replace(BRACKETED_IPV6, (match, address: string) => (isIP(address.replace(/%.*$/, '')) === 6 ? '<host>' : match))
    .replace(BARE_IPV6, (match) => (isIP(match.replace(/%.*$/, '')) === 6 ? '<host>' : match))
    .replace(IPV4, (match) => (isIP(match) === 4 ? '<host>' : match))
    .replace(HOST_NAME, (match, last: string) => (FILE_EXTENSIONS.has(last.toLowerCase()) ? match : '<host>'));
}

function truncate(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

function safeHomedir(): string {
  try {
    return homedir();
  } catch {
    return '';
  }
}
