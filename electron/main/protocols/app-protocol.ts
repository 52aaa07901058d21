// Serves the built renderer (dist/renderer) on app://broadsheet/. Every reply,
// errors included, carries the strict CSP, so the page never runs with a
// weaker policy than the one written here.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../app-origin.ts';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';

export { CONTENT_SECURITY_POLICY };

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

function securityHeaders(contentType: string): Headers {
  return new Headers({
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/**
 * Maps a request path to a file inside `rootDir`, or null when the path is
 * malformed or would leave the folder (encoded slashes, "..", NUL bytes).
 */
export function resolveInsideRoot(rootDir: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, relative);
  if (!resolved.startsWith(root + path.sep)) return null;
  return resolved;
}

export type AppRequestHandler = (request: Request) => Promise<Response>;

export function createAppRequestHandler(rootDir: string): AppRequestHandler {
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
    // Reserved for offline article images; nothing is served there yet.
    if (url.pathname.startsWith('/asset/')) return textResponse(404, 'Not found.');

    const filePath = resolveInsideRoot(rootDir, url.pathname);
    if (filePath === null) return textResponse(404, 'Not found.');

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

export function setupAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
