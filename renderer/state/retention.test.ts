import { describe, expect, it } from 'vitest';
import { removesArticles, retentionLabel, retentionNote, retentionWarning } from './retention.ts';

describe('retention', () => {
  it('names the period, a chosen one or any other', () => {
    expect(retentionLabel(30)).toBe('1 month');
    expect(retentionLabel(45)).toBe('45 days');
    expect(retentionLabel(1)).toBe('1 day');
  });

  it('asks first only when a change removes articles the current setting keeps', () => {
    expect(removesArticles(0, 30)).toBe(true);
    expect(removesArticles(90, 30)).toBe(true);
    expect(removesArticles(30, 90)).toBe(false);
    expect(removesArticles(30, 0)).toBe(false);
    expect(removesArticles(30, 30)).toBe(false);
  });

  it('says what goes, and shows the setting only when it is on', () => {
    expect(retentionWarning(30)).toBe('Articles older than 1 month that are not bookmarked or saved will be removed from your library.');
    expect(retentionNote(30)).toBe('Keeping articles for 1 month');
    expect(retentionNote(0)).toBeNull();
  });
});
