import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFeedCommand } from './parse-feed-command.ts';

const testdata = (name: string) => path.join(fileURLToPath(new URL('./testdata/', import.meta.url)), name);

describe('parseFeedCommand', () => {
  it('gives exactly the shape agreed for `broadsheet parse-feed`, without fields the parser gained later', async () => {
    const feed = await parseFeedCommand(testdata('quay-weekly.rss.xml'));
    expect(Object.keys(feed).sort()).toEqual(['description', 'items', 'language', 'siteUrl', 'title']);
    expect(feed.items.length).toBeGreaterThan(0);
    for (const item of feed.items) {
      expect(Object.keys(item).sort()).toEqual(['author', 'contentHtml', 'enclosures', 'guid', 'publishedAt', 'summary', 'title', 'url']);
      for (const enclosure of item.enclosures) expect(Object.keys(enclosure).sort()).toEqual(['length', 'type', 'url']);
    }
  });
});
