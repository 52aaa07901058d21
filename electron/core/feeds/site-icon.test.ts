import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sniffImageType } from '../articles/image-type.ts';
import { guardFetch } from '../net/address-guard.ts';
import { startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import { icoBytes } from '../testing/test-icons.ts';
import { gifBytes, pngBytes } from '../testing/test-images.ts';
import { declaredIcons, findSiteIcon, ICON_MAX_BYTES, rankIcons } from './site-icon.ts';

let server: LocalServer;

beforeEach(async () => {
  server = await startLocalServer();
});

afterEach(async () => {
  await server.close();
});

const serveBytes = (bytes: Uint8Array | string, contentType: string): Handler => (_request, response) => {
  response.writeHead(200, { 'content-type': contentType }).end(bytes);
};
const home = (head: string): Handler => serveBytes(`<!doctype html><html><head><title>Site</title>${head}</head><body></body></html>`, 'text/html');
const find = () => findSiteIcon(server.url('/'), { fetch: guardFetch({ fetch: globalThis.fetch, origin: { automatic: server.url('/feed.xml') } }) });
const asked = () => server.requests.map((r) => r.path);

describe('sniffing ICO files', () => {
  it('knows an icon with a PNG inside, and refuses a file that only starts like one', () => {
    expect(sniffImageType(icoBytes(pngBytes(32, 32)))).toEqual({ ext: 'ico', mime: 'image/x-icon' });
    const truncated = icoBytes(pngBytes(32, 32)).subarray(0, 40);
    expect(sniffImageType(truncated)).toBeNull();
    const fake = Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0]), Buffer.alloc(16), Buffer.from('<script>alert(1)</script>')]);
    expect(sniffImageType(fake)).toBeNull();
  });
});

describe('declaredIcons and rankIcons', () => {
  it('reads icon links, leaves out SVG, mask icons and data: addresses, and resolves against <base href>', () => {
    const html = `<html><head><base href="https://cdn.example/static/">
      <link rel="icon" type="image/svg+xml" href="icon.svg">
      <link rel="icon" href="/logo.svg">
      <link rel="mask-icon" href="mask.svg" color="#000">
      <link rel="icon" href="data:image/png;base64,iVBORw0KGgo=">
      <link rel="shortcut icon" href="favicon.ico">
      <link rel="icon" sizes="16x16" href="16.png">
      <link rel="apple-touch-icon" href="touch.png">
      <link rel="icon" sizes="32x32 64x64" href="64.png">
      <link rel="icon" sizes="512x512" href="512.png">
      <link rel="icon" sizes="1024x1024" href="1024.png">
      </head><body><link rel="icon" href="late.png"></body></html>`;
    const icons = declaredIcons(html, 'https://site.example/');
    expect(icons).toEqual([
      { url: 'https://cdn.example/static/favicon.ico', size: null },
      { url: 'https://cdn.example/static/16.png', size: 16 },
      { url: 'https://cdn.example/static/touch.png', size: 180 },
      { url: 'https://cdn.example/static/64.png', size: 64 },
      { url: 'https://cdn.example/static/512.png', size: 512 },
      { url: 'https://cdn.example/static/1024.png', size: 1024 },
    ]);
    expect(rankIcons(icons).map((i) => i.url.split('/').pop())).toEqual(['touch.png', '64.png', 'favicon.ico', '16.png', '512.png', '1024.png']);
  });
});

describe('findSiteIcon against a local server', () => {
  it('takes the best icon the home page declares', async () => {
    server.route('/', home('<link rel="icon" sizes="16x16" href="/small.png"><link rel="icon" sizes="48x48" href="/icons/48.png">'));
    server.route('/small.png', serveBytes(pngBytes(16, 16), 'image/png'));
    server.route('/icons/48.png', serveBytes(pngBytes(48, 48), 'image/png'));
    const result = await find();
    expect(result).toMatchObject({ kind: 'found', url: server.url('/icons/48.png'), type: { ext: 'png' } });
    expect(asked()).toEqual(['/', '/icons/48.png']);
  });

  it('falls back to /favicon.ico, sniffing what it really is', async () => {
    server.route('/', home(''));
    server.route('/favicon.ico', serveBytes(icoBytes(pngBytes(32, 32)), 'application/octet-stream'));
    const result = await find();
    expect(result).toMatchObject({ kind: 'found', url: server.url('/favicon.ico'), type: { ext: 'ico', mime: 'image/x-icon' } });
  });

  it('still tries /favicon.ico when the home page is missing', async () => {
    server.route('/favicon.ico', serveBytes(icoBytes(pngBytes(16, 16)), 'image/x-icon'));
    expect(await find()).toMatchObject({ kind: 'found', type: { ext: 'ico' } });
  });

  it('takes the feed’s own image when the site has no icon', async () => {
    server.route('/', home(''));
    server.route('/logo.gif', serveBytes(gifBytes(88, 31), 'image/gif'));
    const fetch = guardFetch({ fetch: globalThis.fetch, origin: { automatic: server.url('/feed.xml') } });
    expect(await findSiteIcon(server.url('/'), { fetch, feedImageUrl: '/logo.gif' })).toMatchObject({
      kind: 'found',
      url: server.url('/logo.gif'),
      type: { ext: 'gif' },
    });
    expect(asked()).toEqual(['/', '/favicon.ico', '/logo.gif']);
  });

  it('refuses an SVG, even one labelled as a PNG', async () => {
    server.route('/', home('<link rel="icon" href="/icon.png">'));
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>';
    server.route('/icon.png', serveBytes(svg, 'image/png'));
    server.route('/favicon.ico', serveBytes(svg, 'image/svg+xml'));
    expect(await find()).toEqual({ kind: 'none' });
    expect(asked()).toEqual(['/', '/icon.png', '/favicon.ico']);
  });

  it('refuses an icon too large to be one, whether it says so or not', async () => {
    const big = Buffer.concat([pngBytes(64, 64), Buffer.alloc(ICON_MAX_BYTES)]);
    server.route('/', home('<link rel="icon" sizes="64x64" href="/declared.png"><link rel="icon" href="/streamed.png">'));
    server.route('/declared.png', serveBytes(big, 'image/png'));
    server.route('/streamed.png', (_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.write(big.subarray(0, 1000));
      response.end(big.subarray(1000));
    });
    server.route('/favicon.ico', serveBytes(icoBytes(pngBytes(16, 16)), 'image/x-icon'));
    expect(await find()).toMatchObject({ kind: 'found', url: server.url('/favicon.ico') });
    expect(asked()).toEqual(['/', '/declared.png', '/streamed.png', '/favicon.ico']);
  });

  it('says none when the site answers but has no icon, unreachable when nobody answers', async () => {
    server.route('/', home(''));
    expect(await find()).toEqual({ kind: 'none' });

    const closed = await startLocalServer();
    const address = closed.url('/');
    await closed.close();
    expect(await findSiteIcon(address, { fetch: globalThis.fetch })).toEqual({ kind: 'unreachable' });
  });

  it('does not follow a public site’s icon link onto this computer', async () => {
    server.route('/', home(''));
    server.route('/favicon.ico', serveBytes(icoBytes(pngBytes(16, 16)), 'image/x-icon'));
    // A feed on the internet names a site on this computer: refused before anything is asked, and not worth asking again.
    const lookup = async () => [{ address: '93.184.216.34', family: 4 }];
    const fetch = guardFetch({ fetch: globalThis.fetch, lookup, origin: { automatic: 'https://news.example/feed.xml' } });
    expect(await findSiteIcon(server.url('/'), { fetch })).toEqual({ kind: 'none' });
    expect(asked()).toEqual([]);
  });
});
