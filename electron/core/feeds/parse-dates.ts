// Feed dates come in RFC 822 (RSS), RFC 3339 (Atom, JSON Feed) and many
// near-misses. Everything leaves here as ISO 8601 UTC, or null when unreadable.

const ZONE_OFFSETS: Record<string, string> = {
  UT: '+0000', UTC: '+0000', GMT: '+0000', Z: '+0000',
  EST: '-0500', EDT: '-0400', CST: '-0600', CDT: '-0500', MST: '-0700', MDT: '-0600', PST: '-0800', PDT: '-0700',
  BST: '+0100', CET: '+0100', CEST: '+0200', EET: '+0200', EEST: '+0300', JST: '+0900', IST: '+0530', AEST: '+1000',
};

export function toIsoDate(raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null) return null;
  let value = raw.trim();
  if (value === '') return null;

  // ISO 8601 without a zone would be read as local time; feeds mean UTC far more often.
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) value = `${value.replace(' ', 'T')}Z`;

  // RFC 822 with a named zone the JS parser does not know.
  const zone = value.match(/\s([A-Z]{1,4})$/);
  if (zone?.[1] && ZONE_OFFSETS[zone[1]]) value = `${value.slice(0, -zone[1].length)}${ZONE_OFFSETS[zone[1]]}`;

  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  const date = new Date(time);
  const year = date.getUTCFullYear();
  if (year < 1970 || year > 9999) return null;
  return date.toISOString();
}
