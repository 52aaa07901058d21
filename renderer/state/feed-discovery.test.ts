import { describe, expect, it } from 'vitest';
import type { FeedCandidate } from '../../electron/shared/models.ts';
import { displayAddress, firstChoice, foundText, itemCountText } from './feed-discovery.ts';

const candidate = (url: string, subscribedId: number | null = null): FeedCandidate => ({
  url,
  title: url,
  format: 'rss',
  siteUrl: 'https://gazette.example/',
  description: null,
  itemCount: 3,
  items: [],
  subscribedId,
});

describe('firstChoice', () => {
  it('offers the best feed the reader does not follow yet', () => {
    const list = [candidate('https://gazette.example/a', 4), candidate('https://gazette.example/b'), candidate('https://gazette.example/c')];
    expect(firstChoice(list)?.url).toBe('https://gazette.example/b');
  });

  it('falls back to the best one when every feed is followed already, and to nothing when there is none', () => {
    expect(firstChoice([candidate('https://gazette.example/a', 1), candidate('https://gazette.example/b', 2)])?.url).toBe('https://gazette.example/a');
    expect(firstChoice([])).toBeNull();
  });
});

describe('wording', () => {
  it('counts items in words', () => {
    expect(itemCountText(0)).toBe('No items yet');
    expect(itemCountText(1)).toBe('1 item');
    expect(itemCountText(25)).toBe('25 items');
  });

  it('shows addresses without their scheme', () => {
    expect(displayAddress('https://gazette.example/feeds/news.xml?x=1')).toBe('gazette.example/feeds/news.xml?x=1');
    expect(displayAddress('http://127.0.0.1:8080/')).toBe('127.0.0.1:8080');
    expect(displayAddress('not a url')).toBe('not a url');
  });

  it('says how many feeds were found and on which site', () => {
    expect(foundText([candidate('https://gazette.example/a')])).toBe('Found one feed on gazette.example');
    expect(foundText([candidate('https://gazette.example/a'), candidate('https://gazette.example/b')])).toBe('Found 2 feeds on gazette.example');
  });
});
