// GET /asset/<name>: the article images Broadsheet stored for offline reading.
// No token: an <img> cannot send one, and the names are content hashes that
// reveal nothing. The Host check in request-guard.ts still applies, and every
// reply carries the same security headers as the app (CORP same-origin, so
// other sites cannot embed them).
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../core/app-files.ts';
import { ASSET_CACHE_CONTROL, resolveAssetRequest } from '../core/articles/asset-serving.ts';
import type { AssetStore } from '../core/articles/asset-store.ts';
import { send } from './static-files.ts';

export async function serveAsset(req: IncomingMessage, res: ServerResponse, store: AssetStore | null, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain; charset=utf-8', 'Only GET and HEAD are allowed here.\n', { Allow: 'GET, HEAD' });
    return;
  }
  const found = await resolveAssetRequest(store, pathname);
  if (found.kind !== 'file') {
    send(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': found.contentType,
    'Content-Length': String(found.size),
    'Cache-Control': ASSET_CACHE_CONTROL,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(found.filePath);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
