// The last few problems the app ran into, kept in memory for "Copy
// diagnostics": a bug report then says what went wrong without the reader
// digging through log files. Only warnings and errors are kept, and only what
// is safe to paste in public: the message, the error's own words cut short,
// and web addresses reduced to their site (a path or query can carry a token
// or say what someone reads).
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

/** "Refreshing a feed failed (news.example): TypeError: fetch failed" */
function describe(message: string, details: Record<string, unknown> | undefined, home: string): string {
  const sites = new Set<string>();
  for (const value of Object.values(details ?? {})) {
    if (typeof value === 'string' && /^[a-z][a-z\d+.-]*:\/\//i.test(value)) sites.add(siteOf(value));
  }
  const where = sites.size > 0 ? ` (${[...sites].join(', ')})` : '';
  const error = details?.['error'];
  const why = error === undefined || error === null ? '' : `: ${truncate(scrub(String(error), home), ERROR_TEXT_LIMIT)}`;
  // The message is the app's own sentence, but some carry a folder or an address too.
  return truncate(`${scrub(message, home)}${where}${why}`, 2000);
}

const URL_IN_TEXT = /\b[a-z][a-z\d+.-]*:\/\/[^\s"'<>()[\]{}]*/gi;

/** Web addresses reduced to their site; the home folder to "~". */
export function scrub(text: string, home = safeHomedir()): string {
  const withSites = text.replace(URL_IN_TEXT, (url) => siteOf(url));
  return home.length > 1 ? withSites.split(home).join('~') : withSites;
}

/** "https://news.example/a/b?token=x#y" → "https://news.example"; user names and passwords go too. */
function siteOf(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.host === '') return `${parsed.protocol}//…`;
    const hasMore = parsed.pathname.length > 1 || parsed.search !== '' || parsed.hash !== '';
    return `${parsed.protocol}//${parsed.host}${hasMore ? '/…' : ''}`;
  } catch {
    const scheme = /^[a-z][a-z\d+.-]*:/i.exec(url)?.[0] ?? '';
    return `${scheme}//…`;
  }
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
