import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() },
}));
vi.mock('electron', () => electron);

const { createAppRequestHandler, registerAppSchemeAsPrivileged, setupAppProtocol } = await import('./app-protocol.ts');
const { CONTENT_SECURITY_POLICY, mimeTypeFor, resolveAppFile } = await import('../../core/app-files.ts');
const { createAssetStore } = await import('../../core/articles/asset-store.ts');
const { gifBytes } = await import('../../core/testing/test-images.ts');

let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'bs-app-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Broadsheet</title>');
  await writeFile(path.join(root, 'assets', 'main.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'main.css'), 'body{}');
  await writeFile(path.join(root, 'assets', 'font.woff2'), new Uint8Array([1, 2, 3]));
  await writeFile(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  // A file next to the renderer folder that must never be reachable.
  await writeFile(path.join(base, 'secret.txt'), 'secret');
  await writeFile(path.join(base, 'renderer-evil.txt'), 'secret');
  handler = createAppRequestHandler(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, init?: RequestInit) => handler(new Request(url, init));

describe('app protocol', () => {
  it('serves index.html at the root and by name, with the strict CSP', async () => {
    for (const url of ['app://broadsheet/', 'app://broadsheet/index.html', 'app://broadsheet/?q=1#token=x']) {
      const reply = await get(url);
      expect(reply.status, url).toBe(200);
      expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(reply.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await reply.text()).toContain('<title>Broadsheet</title>');
    }
  });

  it('sends the right MIME type for each kind of asset', async () => {
    const expected: Array<[string, string]> = [
      ['assets/main.js', 'text/javascript; charset=utf-8'],
      ['assets/main.css', 'text/css; charset=utf-8'],
      ['assets/font.woff2', 'font/woff2'],
      ['assets/logo.svg', 'image/svg+xml'],
    ];
    for (const [file, type] of expected) {
      const reply = await get(`app://broadsheet/${file}`);
      expect(reply.status, file).toBe(200);
      expect(reply.headers.get('content-type'), file).toBe(type);
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(mimeTypeFor('x.UNKNOWN')).toBe('application/octet-stream');
    expect(mimeTypeFor('A.PNG')).toBe('image/png');
  });

  it('keeps the CSP strict: no inline scripts, no remote sources, no framing', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it('refuses paths that leave the renderer folder, however they are spelled', async () => {
    const attempts = [
      'app://broadsheet/..%2Fsecret.txt',
      'app://broadsheet/%2e%2e%2fsecret.txt',
      'app://broadsheet/assets/..%2F..%2Fsecret.txt',
      'app://broadsheet/..%5Csecret.txt',
      'app://broadsheet/%2F..%2Fsecret.txt',
      'app://broadsheet/index.html%00.js',
      'app://broadsheet/%E0%A4%A',
      'app://broadsheet/../renderer-evil.txt',
    ];
    for (const url of attempts) {
      const reply = await get(url);
      expect(reply.status, url).toBe(404);
      expect(await reply.text(), url).not.toContain('secret');
      expect(reply.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(await resolveAppFile(root, '/../renderer-evil.txt')).toEqual({ kind: 'forbidden' });
    expect(await resolveAppFile(root, '/..%2f..%2fsecret.txt')).toEqual({ kind: 'forbidden' });
    expect(await resolveAppFile(root, '/assets/main.js')).toMatchObject({ kind: 'file', filePath: path.join(root, 'assets', 'main.js') });
  });

  it('answers 404 for missing files, folders, other hosts and the asset path when no store is given', async () => {
    for (const url of [
      'app://broadsheet/missing.js',
      'app://broadsheet/assets',
      'app://broadsheet/assets/',
      'app://elsewhere/index.html',
      'app://broadsheet/asset/1',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('serves stored article images from the data folder, immutable and same-origin', async () => {
    const store = createAssetStore(path.join(base, 'data'));
    const bytes = gifBytes(40, 30);
    const name = await store.put(bytes, 'image/gif');
    await writeFile(path.join(store.dir, 'notes.txt'), 'secret');
    const withAssets = createAppRequestHandler(root, store);
    const reply = await withAssets(new Request(`app://broadsheet/asset/${name}`));
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('image/gif');
    expect(reply.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(reply.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(reply.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(new Uint8Array(await reply.arrayBuffer())).toEqual(bytes);
    const head = await withAssets(new Request(`app://broadsheet/asset/${name}`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const url of [
      'app://broadsheet/asset/notes.txt',
      `app://broadsheet/asset/${name.replace('/', '%2F')}`,
      'app://broadsheet/asset/..%2F..%2Fsecret.txt',
      `app://broadsheet/asset/ab/${'ab'.padEnd(64, '0')}.gif`,
      'app://broadsheet/asset/',
      `app://elsewhere/asset/${name}`,
    ]) {
      const refused = await withAssets(new Request(url));
      expect(refused.status, url).toBe(404);
      expect(await refused.text(), url).not.toContain('secret');
    }
    // Without a store the same address is not served.
    expect((await get(`app://broadsheet/asset/${name}`)).status).toBe(404);
  });

  it('allows only GET and HEAD', async () => {
    const post = await get('app://broadsheet/index.html', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await get('app://broadsheet/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-length')).toBe(String('<!doctype html><title>Broadsheet</title>'.length));
  });

  it('registers the scheme as standard and secure, and the handler on that scheme', () => {
    registerAppSchemeAsPrivileged();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    setupAppProtocol(root);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});
