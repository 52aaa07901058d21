import { describe, expect, it } from 'vitest';
import { siteHost, unwrapFeedScheme, webUrl } from './web-address.ts';

describe('web addresses', () => {
  it('resolves http(s) addresses without their fragment, and refuses anything else', () => {
    expect(webUrl(' /feed.xml#top ', 'https://news.example/a/b')).toBe('https://news.example/feed.xml');
    expect(webUrl('HTTP://NEWS.EXAMPLE')).toBe('http://news.example/');
    for (const href of ['javascript:alert(1)', 'data:text/html,x', 'ftp://news.example/', 'not an address']) expect(webUrl(href)).toBeNull();
    expect(webUrl('relative/only')).toBeNull();
  });

  it('unwraps feed: addresses, leaving feed://x without a scheme for the caller to complete', () => {
    expect(unwrapFeedScheme('feed:https://news.example/rss')).toBe('https://news.example/rss');
    expect(unwrapFeedScheme(' FEED://news.example/rss')).toBe('news.example/rss');
    expect(unwrapFeedScheme('https://news.example/rss')).toBeNull();
  });

  it('names a site by its host, www. aside', () => {
    expect(siteHost('https://www.news.example/feed')).toBe('news.example');
    expect(siteHost('not a url')).toBeNull();
  });
});
