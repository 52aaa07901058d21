// Dates as a reader wants them: compact and relative in the list, complete in
// the reader. Always in the person's own locale and time zone.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "Just now", "5 min", "3 h", "Yesterday", "Tue", "12 Nov", "12 Nov 2023". */
export function formatListTime(iso: string, now: Date, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const diff = now.getTime() - date.getTime();
  if (diff < MINUTE) return 'Just now';
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min`;
  const days = calendarDaysBetween(date, now);
  if (days === 0) return `${Math.floor(diff / HOUR)} h`;
  if (days === 1) return 'Yesterday';
  if (days < 7) return dateFormat(locale, 'weekday').format(date);
  const sameYear = date.getFullYear() === now.getFullYear();
  return dateFormat(locale, sameYear ? 'day' : 'dayYear').format(date);
}

const FORMATS = {
  weekday: { weekday: 'short' },
  day: { day: 'numeric', month: 'short' },
  dayYear: { day: 'numeric', month: 'short', year: 'numeric' },
  full: { dateStyle: 'full', timeStyle: 'short' },
  time: { hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * Making an Intl.DateTimeFormat costs far more than using one, and the list
 * formats a date for every row it draws while scrolling: each is made once.
 */
function dateFormat(locale: string | undefined, kind: keyof typeof FORMATS): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${kind}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, FORMATS[kind]);
    formats.set(key, format);
  }
  return format;
}

/** "Monday, 24 November 2025 at 21:02" in the person's locale. */
export function formatFullDate(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return dateFormat(locale, 'full').format(date);
}

/** "Updated 5 min ago" style phrasing for status lines. */
export function formatAgo(date: Date, now: Date): string {
  const diff = now.getTime() - date.getTime();
  if (diff < MINUTE) return 'just now';
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min ago`;
  if (diff < DAY) return `${Math.floor(diff / HOUR)} h ago`;
  const days = Math.floor(diff / DAY);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** When something is due: "soon" (already due), "at 14:05" today, "tomorrow at 09:00", else "on 24 Nov at 09:00". */
export function formatWhen(date: Date, now: Date, locale?: string): string {
  if (date <= now) return 'soon';
  const time = dateFormat(locale, 'time').format(date);
  const days = calendarDaysBetween(now, date);
  if (days === 0) return `at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  return `on ${dateFormat(locale, 'day').format(date)} at ${time}`;
}

/** "6 min read"; under a minute still reads as one. */
export function formatReadingTime(minutes: number): string {
  return `${Math.max(1, Math.round(minutes))} min read`;
}

function calendarDaysBetween(earlier: Date, later: Date): number {
  const a = Date.UTC(earlier.getFullYear(), earlier.getMonth(), earlier.getDate());
  const b = Date.UTC(later.getFullYear(), later.getMonth(), later.getDate());
  return Math.round((b - a) / DAY);
}
