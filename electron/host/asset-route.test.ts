import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../shared/api.ts';
import { createAssetStore, type AssetStore } from '../core/articles/asset-store.ts';
import { jpegBytes, pngBytes } from '../core/testing/test-images.ts';
import { createHost, type Host } from './server.ts';

let dir: string;
let store: AssetStore;
let host: Host;

/** The asset route never reaches the Api; a host still needs one to start. */
const unusedApi = { on: () => () => {} } as unknown as Api;

function raw(path: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: hostPort(), method: options.method ?? 'GET', path, headers: { host: options.host ?? `127.0.0.1:${hostPort()}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
const hostPort = () => host.port;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bs-host-assets-'));
  await mkdir(path.join(dir, 'renderer'), { recursive: true });
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>Broadsheet</title>');
  await writeFile(path.join(dir, 'secret.txt'), 'the library key');
  store = createAssetStore(path.join(dir, 'data'));
  host = await createHost({ api: unusedApi, rendererDir: path.join(dir, 'renderer'), assets: store });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('web host: stored article images', () => {
  it('serves a stored image without a token, as an immutable same-origin image', async () => {
    const bytes = pngBytes(32, 16);
    const name = await store.put(bytes, 'image/png');
    const reply = await fetch(`${host.origin}/asset/${name}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('image/png');
    expect(reply.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(reply.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(new Uint8Array(await reply.arrayBuffer())).toEqual(new Uint8Array(bytes));

    const jpeg = await store.put(jpegBytes(100, 50), 'image/jpeg');
    const head = await raw(`/asset/${jpeg}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('image/jpeg');
    expect(head.headers['content-length']).toBe(String(jpegBytes(100, 50).byteLength));
    expect(head.body.byteLength).toBe(0);
  });

  it('answers 404 (never the app page) for unknown, malformed and traversing names', async () => {
    const name = await store.put(pngBytes(8, 8), 'image/png');
    await writeFile(path.join(store.dir, 'stray.txt'), 'the library key');
    await mkdir(path.join(store.dir, 'ee'), { recursive: true });
    await symlink(path.join(dir, 'secret.txt'), path.join(store.dir, 'ee', `${'ee'.padEnd(64, '0')}.png`));
    for (const attempt of [
      `/asset/ab/${'ab'.padEnd(64, '9')}.png`,
      '/asset/stray.txt',
      '/asset/',
      '/asset/..%2f..%2fsecret.txt',
      '/asset/%2e%2e/%2e%2e/secret.txt',
      `/asset/${name.replace('/', '%2f')}`,
      `/asset/${name}%00`,
      `/asset/ee/${'ee'.padEnd(64, '0')}.png`,
      `/asset/${name.replace('.png', '.svg')}`,
    ]) {
      const reply = await raw(attempt);
      expect(reply.body.toString(), attempt).not.toContain('the library key');
      expect(reply.body.toString(), attempt).not.toContain('<title>Broadsheet');
      expect(reply.status, attempt).toBe(404);
    }
  });

  it('allows only GET and HEAD, and keeps the Host check', async () => {
    const name = await store.put(pngBytes(8, 8), 'image/png');
    expect((await raw(`/asset/${name}`, { method: 'POST' })).status).toBe(405);
    expect((await raw(`/asset/${name}`, { host: `evil.example:${host.port}` })).status).toBe(403);
  });

  it('answers 404 when the host was started without an asset store', async () => {
    const name = await store.put(pngBytes(8, 8), 'image/png');
    const bare = await createHost({ api: unusedApi, rendererDir: path.join(dir, 'renderer') });
    try {
      expect((await fetch(`${bare.origin}/asset/${name}`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
