// Serves the built renderer (dist/renderer) on app://broadsheet/, and the
// article images stored for offline reading on app://broadsheet/asset/. Every
// reply, errors included, carries the strict CSP, so the page never runs with a
// weaker policy than the one written here.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { SECURITY_HEADERS, mimeTypeFor, resolveAppFile } from '../../core/app-files.ts';
import { ASSET_CACHE_CONTROL, isAssetPath, resolveAssetRequest } from '../../core/articles/asset-serving.ts';
import type { AssetStore } from '../../core/articles/asset-store.ts';
import { APP_HOST, APP_SCHEME } from '../app-origin.ts';

function securityHeaders(contentType: string): Headers {
  return new Headers({ ...SECURITY_HEADERS, 'content-type': contentType, 'cache-control': 'no-cache' });
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

export type AppRequestHandler = (request: Request) => Promise<Response>;

/** `assets`: where stored article images are read from; without it, /asset/ answers 404. */
export function createAppRequestHandler(rootDir: string, assets: AssetStore | null = null): AppRequestHandler {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return textResponse(400, 'Bad request.');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return textResponse(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const reply = textResponse(405, 'Method not allowed.');
      reply.headers.set('allow', 'GET, HEAD');
      return reply;
    }
    if (isAssetPath(url.pathname)) return assetResponse(request, assets, url.pathname);

    const found = await resolveAppFile(rootDir, url.pathname);
    if (found.kind !== 'file') return textResponse(404, 'Not found.');
    const filePath = found.filePath;

    let body: Buffer;
    try {
      body = await readFile(filePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return textResponse(404, 'Not found.');
      return textResponse(500, 'Broadsheet could not read its own files.');
    }
    const headers = securityHeaders(mimeTypeFor(filePath));
    headers.set('content-length', String(body.byteLength));
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/** A stored article image, the same file and headers the web host serves at /asset/. */
async function assetResponse(request: Request, assets: AssetStore | null, pathname: string): Promise<Response> {
  const found = await resolveAssetRequest(assets, pathname);
  if (found.kind !== 'file') return textResponse(404, 'Not found.');
  let body: Buffer;
  try {
    body = await readFile(found.filePath);
  } catch {
    return textResponse(404, 'Not found.');
  }
  const headers = new Headers({
    ...SECURITY_HEADERS,
    'content-type': found.contentType,
    'content-length': String(body.byteLength),
    'cache-control': ASSET_CACHE_CONTROL,
  });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

/**
 * Must run before the app is ready: the scheme needs standard+secure privileges
 * to be an origin of its own. Module scripts and fonts are fetched in CORS mode,
 * which a custom scheme only takes part in when it is CORS-enabled.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

export function setupAppProtocol(rendererDir: string, assets: AssetStore | null = null): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir, assets));
}
