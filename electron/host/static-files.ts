// Serves the built renderer. Only files inside the renderer folder are ever
// read; every response carries the same strict policy the Electron protocol
// handler sets, so the app runs under identical rules in both shells.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
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
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers every response from the host carries, whatever it is. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broadsheet is not built yet</title></head>
<body>
<h1>Broadsheet’s app has not been built yet</h1>
<p>The web host is running, but the folder with the built app (dist/renderer) is missing.</p>
<p>Run <code>npm start</code>, which builds everything and opens Broadsheet, or build just the app with
<code>npm run build:renderer</code> and reload this page.</p>
</body></html>
`;

type Resolved = { kind: 'file'; filePath: string; size: number } | { kind: 'missing' } | { kind: 'forbidden' };

export class StaticFiles {
  readonly #root: string;

  constructor(rootDir: string) {
    this.#root = path.resolve(rootDir);
  }

  /** Answers a GET or HEAD for anything outside /api. */
  async serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Only GET and HEAD are allowed here.\n', { Allow: 'GET, HEAD' });
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      send(res, 400, 'text/plain; charset=utf-8', 'That address is not valid.\n');
      return;
    }
    if (decoded.includes('\0')) {
      send(res, 400, 'text/plain; charset=utf-8', 'That address is not valid.\n');
      return;
    }

    const index = await this.#resolve('/index.html');
    if (index.kind !== 'file') {
      send(res, 503, 'text/html; charset=utf-8', req.method === 'HEAD' ? '' : NOT_BUILT_PAGE);
      return;
    }

    let found = decoded === '/' ? index : await this.#resolve(decoded);
    if (found.kind === 'forbidden') {
      send(res, 403, 'text/plain; charset=utf-8', 'Not allowed.\n');
      return;
    }
    // Client-side routes have no extension; anything with one is a real file or a 404.
    if (found.kind === 'missing' && path.posix.extname(decoded) === '' && !decoded.startsWith('/asset/')) {
      found = index;
    }
    if (found.kind !== 'file') {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
      return;
    }

    const isIndex = found.filePath === index.filePath;
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': mimeTypeFor(found.filePath),
      'Content-Length': String(found.size),
      'Cache-Control': isIndex ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(found.filePath);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async #resolve(decodedPath: string): Promise<Resolved> {
    const candidate = path.resolve(this.#root, `.${path.posix.normalize(decodedPath)}`);
    if (!isInside(this.#root, candidate)) return { kind: 'forbidden' };
    try {
      // A symbolic link inside the folder must not lead outside it either.
      const [real, realRoot] = await Promise.all([realpath(candidate), realpath(this.#root)]);
      if (!isInside(realRoot, real)) return { kind: 'forbidden' };
      const info = await stat(real);
      if (!info.isFile()) return { kind: 'missing' };
      return { kind: 'file', filePath: real, size: info.size };
    } catch {
      return { kind: 'missing' };
    }
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  if (relative === '') return true;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  extraHeaders: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(body);
}
