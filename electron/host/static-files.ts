// Serves the built renderer. Only files inside the renderer folder are ever
// read; every response carries the same strict policy the Electron protocol
// handler sets, so the app runs under identical rules in both shells.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { SECURITY_HEADERS, mimeTypeFor, resolveAppFile, type AppFile } from '../core/app-files.ts';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broadsheet is not built yet</title></head>
<body>
<h1>Broadsheet’s app has not been built yet</h1>
<p>The web host is running, but the folder with the built app (dist/renderer) is missing.</p>
<p>Run <code>npm start</code>, which builds everything and opens Broadsheet, or build just the app with
<code>npm run build:renderer</code> and reload this page.</p>
</body></html>
`;

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

    const index = await resolveAppFile(this.#root, '/index.html');
    if (index.kind !== 'file') {
      send(res, 503, 'text/html; charset=utf-8', req.method === 'HEAD' ? '' : NOT_BUILT_PAGE);
      return;
    }

    let found: AppFile = decoded === '/' ? index : await resolveAppFile(this.#root, pathname);
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
      ...SECURITY_HEADERS,
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
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  extraHeaders: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(body);
}
