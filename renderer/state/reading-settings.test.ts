import { describe, expect, it } from 'vitest';
import { MEASURES, readingProperties } from './reading-settings.ts';

describe('readingProperties', () => {
  it('turns the typography settings into the reader’s custom properties', () => {
    expect(readingProperties({ readingFont: 'sans', fontSize: 21, lineHeight: 1.8, contentWidth: 'wide', justify: true })).toEqual({
      '--font-reading': 'var(--font-sans)',
      '--reading-size': '21px',
      '--reading-line': '1.8',
      '--reading-measure': '80ch',
      '--reading-align': 'justify',
    });
  });
  it('sets ragged text in the serif by default', () => {
    const props = readingProperties({ readingFont: 'serif', fontSize: 19, lineHeight: 1.6, contentWidth: 'medium', justify: false });
    expect(props['--font-reading']).toBe('var(--font-serif)');
    expect(props['--reading-align']).toBe('start');
    expect(props['--reading-measure']).toBe(MEASURES.medium);
  });
  it('keeps every measure within a comfortable 55 to 80 characters', () => {
    for (const measure of Object.values(MEASURES)) {
      const ch = Number.parseInt(measure, 10);
      expect(ch).toBeGreaterThanOrEqual(55);
      expect(ch).toBeLessThanOrEqual(80);
    }
  });
});
