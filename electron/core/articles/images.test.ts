import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import { gifBytes, jpegBytes, pngBytes, webpBytes } from '../testing/test-images.ts';
import { assetNameFromUrl, createAssetStore, type AssetStore } from './asset-store.ts';
import { storeArticleImages, type StoreImagesOptions } from './images.ts';
import { sanitizeArticleHtml } from './sanitize.ts';

let server: LocalServer;
let dataDir: string;
let store: AssetStore;

const image = (bytes: Uint8Array, type = 'image/png'): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': type, 'content-length': String(bytes.byteLength) }).end(bytes);
};

beforeAll(async () => {
  server = await startLocalServer();
  server.route('/img/photo.png', image(pngBytes(640, 360, 1)));
  server.route('/img/second.jpg', image(jpegBytes(1200, 800), 'image/jpeg'));
  server.route('/img/third.gif', image(gifBytes(300, 200), 'image/gif'));
  server.route('/img/small-400.png', image(pngBytes(400, 225, 2)));
  server.route('/img/large-1400.png', image(pngBytes(1400, 788, 3)));
  server.route('/img/huge-2800.png', image(pngBytes(2800, 1576, 4)));
  server.route('/img/lead.webp', image(webpBytes(1600, 900), 'image/webp'));
  server.route('/img/icon.png', image(pngBytes(64, 64, 5)));
  server.route('/img/real-pixel.gif', image(gifBytes(1, 1), 'image/gif'));
  server.route('/img/mislabelled.png', image(jpegBytes(500, 300), 'image/png'));
  server.route('/img/untyped', image(pngBytes(300, 300, 6), 'application/octet-stream'));
  server.route('/img/page.html', image(Buffer.from('<!doctype html><p>not an image</p>'), 'text/html'));
  server.route('/img/lying.png', image(Buffer.from('<!doctype html><p>a page that says it is a PNG</p>'), 'image/png'));
  server.route('/img/drawing.svg', image(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml'));
  server.route('/img/error.png', (_req, res) => res.writeHead(500).end());
  server.route('/img/big.png', image(pngBytes(1000, 1000, 7)));
  server.route('/img/undeclared-big.png', (_req, res) => {
    // No Content-Length: the cap must hold while streaming.
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(Buffer.from(pngBytes(1000, 1000, 8)));
  });
  server.route('/img/slow.png', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    const timer = setTimeout(() => res.end(Buffer.from(pngBytes(50, 50, 9))), 3000);
    res.on('close', () => clearTimeout(timer));
  });
  for (let i = 0; i < 12; i += 1) server.route(`/img/many-${i}.png`, image(pngBytes(100 + i, 80, 10 + i)));
});
afterAll(() => server.close());

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'bs-images-'));
  store = createAssetStore(dataDir);
  server.requests.length = 0;
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const BASE = () => server.url('/2026/story.html');

function run(html: string, extra: Partial<StoreImagesOptions> = {}) {
  // The input is always what the sanitiser produced, as it is in the app.
  return storeArticleImages(sanitizeArticleHtml(html, BASE()), { baseUrl: BASE(), fetch: globalThis.fetch, store, ...extra });
}

const requested = () => server.requests.map((request) => request.path);
const srcs = (html: string) => [...html.matchAll(/<img[^>]*\ssrc="([^"]*)"/g)].map((match) => match[1]);

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(store.dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('storeArticleImages', () => {
  it('stores each image and points the article at the local copy', async () => {
    const result = await run(
      '<p>Intro</p><figure><img src="/img/photo.png" alt="A photo"><figcaption>Cap</figcaption></figure>' +
        '<p><img src="https://elsewhere.invalid/x.png" alt="gone"></p><img src="../img/second.jpg"><img src="/img/third.gif">',
    );
    expect(result.assets).toHaveLength(3);
    const images = srcs(result.html);
    expect(images).toHaveLength(3);
    for (const src of images) {
      const name = assetNameFromUrl(src ?? '');
      expect(src).toMatch(/^\/asset\//);
      expect(name && store.has(name)).toBe(true);
    }
    expect(result.html).toContain('alt="A photo"');
    expect(result.html).toContain('<figcaption>Cap</figcaption>');
    // Intrinsic sizes are written in, so the reader does not jump as images load.
    expect(result.html).toMatch(/<img[^>]*width="640"/);
    expect(result.html).toMatch(/<img[^>]*height="360"/);
    expect(result.html).not.toMatch(/srcset|sizes=|http:|https:/);
    expect(result.html).toContain('<span class="bs-missing-image" role="img" aria-label="gone"></span>');
    expect(result.missing).toBe(1);
    // The first reasonably large image stands for the article in the list.
    expect(result.thumbnail).toBe(images[0]);
    expect(result.leadImage).toBeNull();
    // The output is still exactly what the sanitiser lets through.
    expect(sanitizeArticleHtml(result.html, BASE())).toBe(result.html);
  });

  it('downloads one sensible srcset candidate, not every size', async () => {
    const result = await run('<img src="/img/small-400.png" srcset="/img/small-400.png 400w, /img/large-1400.png 1400w, /img/huge-2800.png 2800w">');
    expect(requested()).toEqual(['/img/large-1400.png']);
    expect(result.html).toMatch(/width="1400"/);
  });

  it('follows lazy-loading attributes and <picture> sources when they reach it', async () => {
    // Straight to storeArticleImages: extraction output may still carry them.
    const result = await storeArticleImages(
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/photo.png" alt="lazy">' +
        '<picture><source type="image/webp" srcset="/img/lead.webp 1600w"><img src="/img/small-400.png" alt="pic"></picture>',
      { baseUrl: BASE(), fetch: globalThis.fetch, store },
    );
    expect(requested().sort()).toEqual(['/img/lead.webp', '/img/photo.png']);
    expect(result.html).not.toMatch(/picture|source|data-src/);
    expect(srcs(result.html)).toHaveLength(2);
  });

  it('drops tracking pixels, declared or real, without a placeholder', async () => {
    const result = await run(
      '<p>Text<img src="/img/icon-track.png" width="1" height="1"><img src="https://pixel.wp.com/g.gif?x=1"><img src="/img/real-pixel.gif"></p>' +
        '<img src="/img/photo.png">',
    );
    expect(requested()).toEqual(expect.arrayContaining(['/img/real-pixel.gif', '/img/photo.png']));
    expect(requested()).not.toContain('/img/icon-track.png');
    expect(srcs(result.html)).toHaveLength(1);
    expect(result.html).not.toContain('bs-missing-image');
    expect(result.missing).toBe(0);
    expect(result.assets).toHaveLength(1);
    expect(await storedFiles()).toHaveLength(1);
  });

  it('refuses what is not a raster image, whatever the server calls it, and keeps mislabelled real images', async () => {
    const result = await run(
      '<img src="/img/page.html" alt="html"><img src="/img/lying.png" alt="lying"><img src="/img/drawing.svg" alt="svg">' +
        '<img src="/img/mislabelled.png"><img src="/img/untyped">',
    );
    expect(result.missing).toBe(3);
    expect(result.assets).toHaveLength(2);
    expect(result.assets.some((name) => name.endsWith('.jpg'))).toBe(true);
    expect(result.assets.some((name) => name.endsWith('.png'))).toBe(true);
    expect((await storedFiles()).some((file) => file.endsWith('.svg'))).toBe(false);
    for (const label of ['html', 'lying', 'svg']) expect(result.html).toContain(`aria-label="${label}"`);
  });

  it('turns a failed download into a placeholder labelled with its alt text, or a plain label', async () => {
    const result = await run('<img src="/img/error.png" alt="Chart of &quot;rates&quot; &amp; <prices>"><img src="/img/missing.png">');
    expect(result.missing).toBe(2);
    expect(result.html).toBe(
      '<span class="bs-missing-image" role="img" aria-label="Chart of &quot;rates&quot; &amp; &lt;prices&gt;"></span>' +
        '<span class="bs-missing-image" role="img" aria-label="Image not saved"></span>',
    );
    expect(result.thumbnail).toBeNull();
  });

  it('skips an image over the size cap, declared or found out while streaming', async () => {
    const maxBytesPerImage = pngBytes(1000, 1000, 7).byteLength - 1;
    const result = await run('<img src="/img/big.png"><img src="/img/undeclared-big.png"><img src="/img/photo.png">', {
      limits: { maxBytesPerImage },
    });
    expect(result.missing).toBe(2);
    expect(result.assets).toHaveLength(1);
  });

  it('stops downloading once the article’s total budget is spent', async () => {
    const photo = pngBytes(640, 360, 1).byteLength;
    const html = Array.from({ length: 12 }, (_, i) => `<img src="/img/many-${i}.png">`).join('');
    const result = await run(`<img src="/img/photo.png">${html}`, { limits: { maxTotalBytes: photo + 10 } });
    expect(srcs(result.html).length).toBeGreaterThanOrEqual(1);
    expect(srcs(result.html).length).toBeLessThan(5);
    expect(result.missing + srcs(result.html).length).toBe(13);
  });

  it('downloads at most maxImages different images, and an image used twice once', async () => {
    const html = Array.from({ length: 6 }, (_, i) => `<img src="/img/many-${i}.png">`).join('') + '<img src="/img/many-0.png">';
    const result = await run(html, { limits: { maxImages: 3 } });
    expect(requested().sort()).toEqual(['/img/many-0.png', '/img/many-1.png', '/img/many-2.png']);
    expect(srcs(result.html)).toHaveLength(4);
    expect(result.missing).toBe(3);
    expect(result.assets).toHaveLength(3);
  });

  it('gives up on a slow image after the timeout', async () => {
    const started = Date.now();
    const result = await run('<img src="/img/slow.png"><img src="/img/photo.png">', { limits: { timeoutMs: 300 } });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(result.missing).toBe(1);
    expect(result.assets).toHaveLength(1);
  });

  it('stores the lead image even when the body does not show it, and prefers it as thumbnail', async () => {
    const result = await run('<img src="/img/photo.png">', { leadImageUrl: server.url('/img/lead.webp') });
    expect(result.leadImage).toMatch(/^\/asset\/.+\.webp$/);
    expect(result.thumbnail).toBe(result.leadImage);
    expect(result.assets).toHaveLength(2);
    expect(result.html).not.toContain('.webp');
    // The same image in body and lead is downloaded once.
    server.requests.length = 0;
    const same = await run('<img src="/img/photo.png">', { leadImageUrl: server.url('/img/photo.png') });
    expect(requested()).toEqual(['/img/photo.png']);
    expect(same.assets).toHaveLength(1);
    expect(same.leadImage).toBe(srcs(same.html)[0]);
  });

  it('keeps a lead image that fails as null and a small image out of the thumbnail', async () => {
    const result = await run('<img src="/img/icon.png">', { leadImageUrl: server.url('/img/error.png') });
    expect(result.leadImage).toBeNull();
    expect(result.thumbnail).toBeNull();
    expect(result.assets).toHaveLength(1);
  });

  it('stores small inline data: images as assets and replaces large ones', async () => {
    const small = `data:image/png;base64,${Buffer.from(pngBytes(40, 30, 20)).toString('base64')}`;
    const large = `data:image/png;base64,${'A'.repeat(400 * 1024)}`;
    const result = await run(`<img src="${small}" alt="small"><img src="${large}" alt="large">`);
    expect(srcs(result.html)).toEqual([expect.stringMatching(/^\/asset\/.+\.png$/)]);
    expect(result.html).toContain('aria-label="large"');
    expect(result.html).not.toContain('data:');
    expect(requested()).toEqual([]);
  });

  it('leaves images alone that are already stored, and an article without images unchanged', async () => {
    const first = await run('<p>One <img src="/img/photo.png" alt="a"></p>');
    server.requests.length = 0;
    const again = await storeArticleImages(first.html, { baseUrl: BASE(), fetch: globalThis.fetch, store });
    expect(requested()).toEqual([]);
    expect(again.html).toBe(first.html);
    expect(again.assets).toEqual(first.assets);
    // A stored image that has gone from disk becomes a placeholder rather than a broken image.
    await store.remove(first.assets);
    const gone = await storeArticleImages(first.html, { baseUrl: BASE(), fetch: globalThis.fetch, store });
    expect(gone.html).toBe('<p>One <span class="bs-missing-image" role="img" aria-label="a"></span></p>');
    expect(requested()).toEqual([]);
    const plain = await run('<p>No pictures here.</p>');
    expect(plain).toEqual({ html: '<p>No pictures here.</p>', assets: [], leadImage: null, thumbnail: null, missing: 0 });
  });

  it('throws when aborted, and only then', async () => {
    const controller = new AbortController();
    const pending = run('<img src="/img/slow.png"><img src="/img/photo.png">', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const already = new AbortController();
    already.abort();
    await expect(run('<p>x</p>', { signal: already.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('survives a fetch that throws for every image', async () => {
    const failing: typeof globalThis.fetch = () => Promise.reject(new TypeError('fetch failed'));
    const result = await run('<img src="/img/photo.png" alt="x"><p>text</p>', { fetch: failing });
    expect(result.html).toBe('<span class="bs-missing-image" role="img" aria-label="x"></span><p>text</p>');
    expect(await storedFiles()).toEqual([]);
  });
});

describe('storeArticleImages: a lead image the body already shows', () => {
  beforeAll(() => {
    for (const [name, width, seed] of [['ferry-480', 480, 30], ['ferry-960', 960, 31], ['ferry-1440', 1440, 32], ['harbour-800', 800, 33], ['harbour-1400', 1400, 34]] as const) {
      server.route(`/img/${name}.png`, image(pngBytes(width, Math.round(width * 0.5625), seed)));
    }
    server.route('/cdn/quay.png', image(pngBytes(900, 500, 35)));
    for (const [name, seed] of [['shot-100', 36], ['shot-101', 37], ['shot-102', 38]] as const) server.route(`/img/${name}.png`, image(pngBytes(700, 400, seed)));
  });

  const ferry = '<img src="/img/ferry-480.png" srcset="/img/ferry-480.png 480w, /img/ferry-960.png 960w, /img/ferry-1440.png 1440w" alt="Ferry">';

  it('uses the stored body image when the lead is one of its srcset candidates, and fetches only the body’s size', async () => {
    const result = await run(`<p>Story</p>${ferry}`, { leadImageUrl: server.url('/img/ferry-960.png') });
    expect(requested()).toEqual(['/img/ferry-1440.png']);
    expect(result.leadImage).toBe(srcs(result.html)[0]);
    expect(result.thumbnail).toBe(result.leadImage);
    expect(result.assets).toHaveLength(1);
    // What the reader checks before showing a lead picture above the story.
    expect(result.html).toContain(result.leadImage ?? 'no lead');
  });

  it('recognises another size of the same file: a sibling file name, or the same path with other resize parameters', async () => {
    const sibling = await run('<img src="/img/harbour-1400.png" alt="Harbour">', { leadImageUrl: server.url('/img/harbour-800.png') });
    expect(requested()).toEqual(['/img/harbour-1400.png']);
    expect(sibling.leadImage).toBe(srcs(sibling.html)[0]);
    expect(sibling.assets).toHaveLength(1);

    server.requests.length = 0;
    const resized = await run('<img src="/cdn/quay.png?width=620&quality=85&s=1a2b" alt="Quay">', {
      leadImageUrl: server.url('/cdn/quay.png?width=1200&height=630&fit=crop&s=9f8e'),
    });
    expect(requested()).toEqual(['/cdn/quay.png']);
    expect(resized.leadImage).toBe(srcs(resized.html)[0]);
  });

  it('keeps a lead of its own when no single body image shows it', async () => {
    // A gallery of numbered shots: a size-stripped name would match them all, so it matches none.
    const gallery = await run('<img src="/img/shot-101.png"><img src="/img/shot-102.png">', { leadImageUrl: server.url('/img/shot-100.png') });
    expect(requested().sort()).toEqual(['/img/shot-100.png', '/img/shot-101.png', '/img/shot-102.png']);
    expect(gallery.assets).toHaveLength(3);
    expect(srcs(gallery.html)).not.toContain(gallery.leadImage);
  });

  it('falls back to the lead’s own address when the body’s copy cannot be stored', async () => {
    const broken = '<img src="/img/ferry-480.png" srcset="/img/error.png 1400w, /img/ferry-960.png 960w" alt="Ferry">';
    const result = await run(broken, { leadImageUrl: server.url('/img/ferry-960.png') });
    expect(requested().sort()).toEqual(['/img/error.png', '/img/ferry-960.png']);
    expect(result.missing).toBe(1);
    expect(result.leadImage).toMatch(/^\/asset\//);
    expect(result.assets).toEqual([assetNameFromUrl(result.leadImage ?? '')]);
  });
});
