// Reader typography as CSS custom properties on <html>, so the reader, the
// settings preview and every future reading surface follow the same settings
// live. The values are remembered locally too, for boot.js to put back before
// the first paint.
import type { ContentWidth, ReadingFont, Settings } from '../../electron/shared/models.ts';

export const READING_CACHE_KEY = 'broadsheet.reading';

export type ReadingSettings = Pick<Settings, 'readingFont' | 'fontSize' | 'lineHeight' | 'contentWidth' | 'justify'>;

/** The measure for each width: about 58, 68 and 80 characters of the reading font. */
export const MEASURES: Record<ContentWidth, string> = { narrow: '58ch', medium: '68ch', wide: '80ch' };
const FONTS: Record<ReadingFont, string> = { serif: 'var(--font-serif)', sans: 'var(--font-sans)' };

export function readingProperties(settings: ReadingSettings): Record<string, string> {
  return {
    '--font-reading': FONTS[settings.readingFont],
    '--reading-size': `${settings.fontSize}px`,
    '--reading-line': String(settings.lineHeight),
    '--reading-measure': MEASURES[settings.contentWidth],
    '--reading-align': settings.justify ? 'justify' : 'start',
  };
}

export function applyReadingSettings(settings: ReadingSettings, root: HTMLElement = document.documentElement): void {
  const properties = readingProperties(settings);
  // Through the CSSOM: the CSP allows no inline style attributes.
  for (const [name, value] of Object.entries(properties)) root.style.setProperty(name, value);
  try {
    localStorage.setItem(READING_CACHE_KEY, JSON.stringify(properties));
  } catch {
    // Without storage the defaults show until the settings arrive.
  }
}
