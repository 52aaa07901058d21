// A real HTTP server on 127.0.0.1 for tests: routes are plain handlers, and
// every request is recorded so tests can check what was asked for.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface LocalServer {
  /** e.g. http://127.0.0.1:54321 */
  origin: string;
  url(path: string): string;
  route(path: string, handler: Handler): void;
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startLocalServer(): Promise<LocalServer> {
  const routes = new Map<string, Handler>();
  const requests: LocalServer['requests'] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push({ path, headers: request.headers });
    const handler = routes.get(path);
    if (!handler) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    route: (path, handler) => routes.set(path, handler),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `body` with the given content type, honouring If-None-Match against `etag`. */
export function serveFeed(body: string | (() => string), contentType = 'application/rss+xml; charset=utf-8', etag?: string): Handler {
  return (request, response) => {
    const currentEtag = typeof etag === 'string' ? etag : undefined;
    if (currentEtag && request.headers['if-none-match'] === currentEtag) {
      response.writeHead(304).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': contentType };
    if (currentEtag) headers.etag = currentEtag;
    response.writeHead(200, headers).end(typeof body === 'function' ? body() : body);
  };
}
