// A large, slow-in-places news site for the crash-safety test: many feeds,
// each item a full article page with several real images (one shared by every
// page), and pages to save for later. How many items each feed lists grows
// with `publish()`, so every refresh brings new articles to download. A seeded
// share of the feeds, pages and images answers slowly (images arrive in two
// halves with a pause between), so a kill can land mid-fetch, mid-parse,
// mid-image or mid-write. The test knows exactly which images each page
// shows, so it can tell a whole stored article from a half-stored one.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startLocalServer, type LocalServer } from './local-server.ts';
import { jpegBytes, pngBytes } from './test-images.ts';

export interface NewsFloodOptions {
  feeds: number;
  itemsPerFeed: number;
  savedPages: number;
  /** 0..1, from a seeded generator, so a failing run can be replayed. */
  random: () => number;
}

export interface NewsFlood {
  server: LocalServer;
  feedUrls: string[];
  savedPageUrls: string[];
  /** Lists items 0..count-1 in every feed from now on. */
  publish(count: number): void;
  /** The asset names (content hashes) of the images the page at `url` shows, or null when it is not one of ours. */
  expectedAssets(url: string): Set<string> | null;
  /** The one word in a page's full text, never in its feed teaser: finding it proves the full text is indexed. */
  marker(url: string): string | null;
  close(): Promise<void>;
}

const PARAGRAPHS = [
  'The harbour board met on Tuesday evening to decide the future of the old fish market, which has stood empty since the spring floods damaged its roof and most of the stalls along the quay.',
  'Several traders told the meeting that they would return if the building were repaired before the summer season, when visitors fill the town and the ferries run every hour from the pier.',
  'The board agreed to commission a survey of the roof and the sea wall, and to publish the results in January so that everyone who uses the market can see what the repairs would cost.',
  'A local architect offered to draw up plans at no charge, and the lifeboat crew said they would help clear the debris from the lower hall on the next two Saturdays if the weather holds.',
];
const IMAGE_WORDS = ['harbour', 'lighthouse', 'ferry', 'market'];

interface Page {
  html: string;
  images: Set<string>;
  marker: string;
}

export async function startNewsFlood(options: NewsFloodOptions): Promise<NewsFlood> {
  const server = await startLocalServer();
  const { random } = options;
  const pages = new Map<string, Page>();
  let published = 0;
  const publishedAt = Date.now();

  const shared = pngBytes(320, 40, 7);
  const sharedPath = '/media/shared/masthead.png';
  server.route(sharedPath, (_request, response) => sendImage(response, shared, 'image/png', 0));

  /** Routes one image; returns its asset name. Some arrive in two halves with a pause between. */
  const routeImage = (path: string, bytes: Uint8Array, type: string): string => {
    const slow = random() < 0.1 ? 50 + Math.floor(random() * 250) : 0;
    server.route(path, (_request, response) => sendImage(response, bytes, type, slow));
    return assetName(bytes, type === 'image/png' ? 'png' : 'jpg');
  };

  const routePage = (path: string, title: string, seed: number): void => {
    const url = server.url(path);
    const marker = `mark${seed}x`;
    const images = new Set<string>([assetName(shared, 'png')]);
    const count = 2 + (seed % 3);
    const figures: string[] = [`<figure><img src="${sharedPath}" alt="The Quay Herald" width="320" height="40"></figure>`];
    for (let k = 0; k < count; k += 1) {
      const word = IMAGE_WORDS[k] as string;
      // Every picture differs (its size and colours come from the page and its place on it).
      const jpeg = k === 1;
      const bytes = jpeg ? jpegBytes(400 + (seed % 97), 200 + k) : pngBytes(120 + (seed % 89), 60 + k * 7, seed * 4 + k);
      const imagePath = `${path.replace(/\.html$/, '')}-${word}.${jpeg ? 'jpg' : 'png'}`;
      images.add(routeImage(imagePath, bytes, jpeg ? 'image/jpeg' : 'image/png'));
      figures.push(
        `<figure><img src="${imagePath}" alt="The ${word}" width="400" height="200"><figcaption>The ${word} this week.</figcaption></figure>`,
      );
    }
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | The Quay Herald</title>
      <meta property="og:site_name" content="The Quay Herald"><meta name="author" content="Morag Baird"></head><body>
      <header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
      <main><article><h1>${title}</h1><p class="byline">By Morag Baird</p>
      ${figures[0]}
      ${PARAGRAPHS.map((p, n) => `<p>${p}${n === 2 ? ` The reference for this report is ${marker}.` : ''}</p>${figures[n + 1] ?? ''}`).join('\n')}
      <p>The next meeting of the board is on the second Tuesday of December, in the lifeboat station hall.</p>
      </article></main><footer><a href="/privacy">Privacy</a></footer></body></html>`;
    const slow = random() < 0.1 ? 50 + Math.floor(random() * 350) : 0;
    server.route(path, (_request, response) => {
      later(slow, () => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    });
    pages.set(url, { html, images, marker });
  };

  const feedUrls: string[] = [];
  for (let f = 0; f < options.feeds; f += 1) {
    const items: string[] = [];
    for (let i = 0; i < options.itemsPerFeed; i += 1) {
      const path = `/story/${f}/${i}.html`;
      const title = `Harbour report ${i + 1} from desk ${f + 1}`;
      routePage(path, title, f * options.itemsPerFeed + i + 1);
      const date = new Date(publishedAt - (options.itemsPerFeed - i) * 60_000).toUTCString();
      items.push(
        `<item><title>${title}</title><link>${server.url(path)}</link><guid isPermaLink="false">desk-${f}-item-${i}</guid>` +
          `<pubDate>${date}</pubDate><description>A short teaser for report ${i + 1}.</description></item>`,
      );
    }
    const feedPath = `/feed/${f}.xml`;
    const slow = random() < 0.2 ? 100 + Math.floor(random() * 400) : 0;
    server.route(feedPath, (_request, response) => {
      const body =
        `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk ${f + 1}</title>` +
        `<link>${server.url(`/desk/${f}`)}</link><description>Reports from desk ${f + 1}.</description>` +
        `${items.slice(0, published).reverse().join('\n')}</channel></rss>`;
      later(slow, () => response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body));
    });
    feedUrls.push(server.url(feedPath));
  }

  const savedPageUrls: string[] = [];
  for (let s = 0; s < options.savedPages; s += 1) {
    const path = `/saved/${s}.html`;
    routePage(path, `Saved long read ${s + 1}`, 100_000 + s);
    savedPageUrls.push(server.url(path));
  }

  return {
    server,
    feedUrls,
    savedPageUrls,
    publish: (count) => {
      published = Math.min(count, options.itemsPerFeed);
    },
    expectedAssets: (url) => {
      const page = pages.get(url);
      return page ? new Set(page.images) : null;
    },
    marker: (url) => pages.get(url)?.marker ?? null,
    close: () => server.close(),
  };
}

/** The asset store's name for these bytes: content-addressed, so the test can compute it. */
export function assetName(bytes: Uint8Array, ext: 'png' | 'jpg'): string {
  const hash = createHash('sha256').update(bytes).digest('hex');
  return `${hash.slice(0, 2)}/${hash}.${ext}`;
}

function sendImage(response: ServerResponse, bytes: Uint8Array, type: string, pauseMs: number): void {
  response.writeHead(200, { 'content-type': type, 'content-length': String(bytes.byteLength) });
  if (pauseMs === 0) {
    response.end(bytes);
    return;
  }
  const half = Math.floor(bytes.byteLength / 2);
  response.write(bytes.subarray(0, half));
  later(pauseMs, () => {
    if (!response.destroyed) response.end(bytes.subarray(half));
  });
}

function later(ms: number, work: () => void): void {
  if (ms === 0) work();
  else setTimeout(work, ms);
}
