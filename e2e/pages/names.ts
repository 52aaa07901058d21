/** Matches an accessible name that starts with `text` (a count or a date may follow it). */
export function startsWith(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/**
 * Scheme, host and port of an address. (URL.origin is "null" for custom
 * schemes such as Electron's app://broadsheet, so it cannot be compared.)
 */
export function siteOf(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return `${parsed.protocol}//${parsed.host}`;
}
