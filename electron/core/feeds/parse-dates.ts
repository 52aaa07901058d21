// Feed dates come in RFC 822 (RSS), RFC 3339 (Atom, JSON Feed) and many
// near-misses: no weekday, two-digit years, named time zones, ISO 8601 with
// no seconds or no colon in the offset, week and ordinal dates, "PM".
// Everything leaves here as ISO 8601 UTC, or null when unreadable.

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  // Common in feeds from German, French, Spanish and Italian sites that localise RFC 822.
  mär: 3, mrz: 3, mai: 5, okt: 10, dez: 12, janv: 1, févr: 2, fevr: 2, mars: 3, avr: 4, juin: 6, juil: 7, août: 8, aout: 8,
  déc: 12, ene: 1, abr: 4, ago: 8, dic: 12, gen: 1, mag: 5, giu: 6, lug: 7, set: 9, ott: 10,
};

/** Offsets in minutes east of UTC for zone names seen in feeds (the ambiguous IST is India's, the commonest in feeds). */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, IST: 330, CET: 60, CEST: 120, MET: 60, MEST: 120,
  EET: 120, EEST: 180, MSK: 180, MSD: 240, SAST: 120, EAT: 180, GST: 240, PKT: 300, NPT: 345, ICT: 420, WIB: 420,
  HKT: 480, SGT: 480, PHT: 480, AWST: 480, JST: 540, KST: 540, ACST: 570, ACDT: 630, AEST: 600,
  AEDT: 660, NZST: 720, NZDT: 780, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480,
  PDT: -420, AKST: -540, AKDT: -480, HST: -600, HAST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150, BRT: -180,
  ART: -180,
};

const RFC822 =
  /^(?:[^\d\s,]+,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s./-]+([^\d\s,./-]+)\.?[\s./-]+(\d{2,4}),?(?:[\sT]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[.,]\d+)?\s*([ap]\.?m\.?)?)?\s*(.*)$/i;
// "Sat, Dec 16 2023 02:02:33 PM", "December 16, 2023 14:02 EST"
const MONTH_FIRST =
  /^(?:[^\d\s,]+,?\s+)?([^\d\s,.]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{2,4}),?(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([ap]\.?m\.?)?)?\s*(.*)$/i;
const ISO_CALENDAR =
  /^([+-]?\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:(?:[T\s]+)(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ISO_ORDINAL = /^(\d{4})-?(\d{3})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ISO_WEEK = /^(\d{4})-?W(\d{2})(?:-?([1-7]))?(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function toIsoDate(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const value = raw.trim().replace(/\s+/g, ' ');
  if (value === '') return null;
  // A date shaped like RFC 822 but impossible (31 February) is no date, not whatever JavaScript rolls it over to.
  const rfcShaped = RFC822.test(value) || MONTH_FIRST.test(value);
  const time = parseIso(value) ?? (rfcShaped ? parseRfc822(value) : parseFallback(value));
  if (time === null || Number.isNaN(time)) return null;
  const date = new Date(time);
  const year = date.getUTCFullYear();
  if (year < 1970 || year > 9999) return null;
  return date.toISOString();
}

/** Minutes east of UTC for "+0530", "-05:00", "+05", "Z", a zone name or "GMT+2"; null when unknown; 0 when absent (feeds mean UTC far more often than local time). */
function zoneOffset(zone: string): number | null {
  const text = zone.trim().replace(/^\((.*)\)$/, '$1').trim();
  if (text === '') return 0;
  const numeric = /^(?:(?:GMT|UTC|UT)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  // "EST (Eastern Standard Time)" and the like: the first word decides.
  const name = /^([A-Za-z]{1,6})\b/.exec(text)?.[1]?.toUpperCase();
  if (name === undefined) return null;
  // A zone name we do not know is read as UTC: a date a few hours out beats no date.
  return ZONES[name] ?? 0;
}

function fullYear(year: string): number {
  const n = Number(year);
  if (year.length > 2) return n;
  // RFC 822 two-digit years, read the way RFC 2822 §4.3 says.
  return n < 50 ? 2000 + n : 1900 + n;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetMinutes: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  const time = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 February over into March; a real date does not.
  if (new Date(time).getUTCDate() !== day && hour < 24) return null;
  return time - offsetMinutes * 60_000;
}

function parseIso(value: string): number | null {
  const calendar = ISO_CALENDAR.exec(value);
  if (calendar) {
    const [, y, mo, d, h, mi, s, fraction, zone] = calendar;
    const offset = zoneOffset(zone ?? '');
    if (offset === null) return null;
    const time = utc(Number(y), Number(mo ?? 1), Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), offset);
    return time === null ? null : time + (fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0);
  }
  const ordinal = ISO_ORDINAL.exec(value);
  if (ordinal) {
    const [, y, days, h, mi, s, zone] = ordinal;
    const offset = zoneOffset(zone ?? '');
    if (offset === null || Number(days) < 1 || Number(days) > 366) return null;
    return Date.UTC(Number(y), 0, Number(days), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) - offset * 60_000;
  }
  const week = ISO_WEEK.exec(value);
  if (week) {
    const [, y, w, weekday, h, mi, s, zone] = week;
    const offset = zoneOffset(zone ?? '');
    if (offset === null) return null;
    // Week 1 is the week with the year's first Thursday; weeks start on Monday.
    const jan4 = new Date(Date.UTC(Number(y), 0, 4));
    const mondayOfWeek1 = Date.UTC(Number(y), 0, 4 - ((jan4.getUTCDay() + 6) % 7));
    const day = (Number(w) - 1) * 7 + (Number(weekday ?? 1) - 1);
    return mondayOfWeek1 + day * 86_400_000 + ((Number(h ?? 0) * 60 + Number(mi ?? 0)) * 60 + Number(s ?? 0)) * 1000 - offset * 60_000;
  }
  return null;
}

function parseRfc822(value: string): number | null {
  const dayFirst = RFC822.exec(value);
  const monthFirst = dayFirst ? null : MONTH_FIRST.exec(value);
  const parts = dayFirst
    ? { day: dayFirst[1], month: dayFirst[2], year: dayFirst[3], rest: dayFirst.slice(4) }
    : monthFirst
      ? { day: monthFirst[2], month: monthFirst[1], year: monthFirst[3], rest: monthFirst.slice(4) }
      : null;
  if (!parts) return null;
  const month = MONTHS[(parts.month ?? '').toLowerCase().slice(0, 4)] ?? MONTHS[(parts.month ?? '').toLowerCase().slice(0, 3)];
  if (month === undefined) return null;
  const [h, mi, s, meridiem, zone] = parts.rest;
  let hour = Number(h ?? 0);
  if (meridiem) {
    const pm = meridiem.toLowerCase().startsWith('p');
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  }
  const offset = zoneOffset(zone ?? '');
  if (offset === null) return null;
  return utc(fullYear(parts.year ?? ''), month, Number(parts.day), hour, Number(mi ?? 0), Number(s ?? 0), offset);
}

/** Whatever else JavaScript's own parser reads, taken as UTC when it names no zone. */
function parseFallback(value: string): number | null {
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT)\b)\s*$/i.test(value);
  const time = Date.parse(hasZone ? value : `${value} UTC`);
  return Number.isNaN(time) ? null : time;
}
