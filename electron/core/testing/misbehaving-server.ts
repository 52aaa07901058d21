// Ways a feed server goes wrong, as handlers for the local test server
// (testing/local-server.ts): broken documents, bodies too large to read
// (streamed, compressed, or under a false Content-Length), servers that drip
// or stall, redirect loops, error statuses and cut connections. Every
// streaming handler stops writing as soon as the client goes away.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Handler } from './local-server.ts';

/** XML no reader can make sense of (not merely sloppy: that is read, as a browser would). */
export const MALFORMED_XML = '<?xml version="1.0"?><<<<>>>> &&& <rss version="2.0">';

export const HTML_PAGE =
  '<!doctype html><html><head><title>Harbour News</title></head><body><h1>Welcome</h1><p>Our news, as a page.</p></body></html>';

/** Serves `body` with a status and headers. */
export function respond(status: number, headers: Record<string, string> = {}, body = ''): Handler {
  return (_request, response) => {
    response.writeHead(status, headers).end(body);
  };
}

/** A malformed feed, labelled as RSS. */
export function malformedXml(): Handler {
  return respond(200, { 'content-type': 'application/rss+xml' }, MALFORMED_XML);
}

/** A web page claiming to be a feed. */
export function htmlAsFeed(): Handler {
  return respond(200, { 'content-type': 'application/rss+xml; charset=utf-8' }, HTML_PAGE);
}

/**
 * `totalBytes` of a feed that never ends, streamed with backpressure. With
 * `declaredLength`, a Content-Length is sent that may be a lie (smaller than
 * what follows).
 */
export function hugeFeed(totalBytes: number, declaredLength?: number): Handler {
  return (_request, response) => {
    const headers: Record<string, string> = { 'content-type': 'application/rss+xml' };
    if (declaredLength !== undefined) headers['content-length'] = String(declaredLength);
    response.writeHead(200, headers);
    // An unterminated root: whatever part of it is read is no feed.
    stream(response, totalBytes, Buffer.from('<?xml version="1.0"?><rss'));
  };
}

/** Declares `declaredLength` bytes, sends `sentBytes` of a feed and hangs up. */
export function truncatedBody(declaredLength: number, sentBytes: number): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(declaredLength) });
    response.write(Buffer.alloc(sentBytes, ' '), () => response.destroy());
  };
}

let bombCache: { size: number; body: Buffer } | null = null;

/** A few hundred kilobytes of gzip that inflate to `decodedBytes` (a compression bomb). */
export function gzipBomb(decodedBytes: number): Handler {
  if (bombCache?.size !== decodedBytes) {
    const plain = Buffer.alloc(decodedBytes, ' ');
    plain.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Bomb</title><description>');
    bombCache = { size: decodedBytes, body: gzipSync(plain, { level: 9 }) };
  }
  const body = bombCache.body;
  return (_request, response) => {
    response
      .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip', 'content-length': String(body.length) })
      .end(body);
  };
}

/** Answers at once, then sends one byte every `intervalMs`, for as long as the client listens. */
export function drip(intervalMs: number): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    const timer = setInterval(() => {
      if (response.destroyed) clearInterval(timer);
      else response.write('<');
    }, intervalMs);
    timer.unref();
    response.on('close', () => clearInterval(timer));
  };
}

/** Sends the headers and then nothing, ever. */
export function stall(): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    response.write('<?xml version="1.0"?>');
  };
}

/** Redirects to `location` with `status`. */
export function redirect(location: string, status = 301): Handler {
  return respond(status, { location });
}

/** Cuts the connection (a TCP reset) before answering. */
export function connectionReset(): Handler {
  return (request: IncomingMessage) => {
    request.socket.resetAndDestroy();
  };
}

/** Serves `body` compressed with `encoding`, when the client says it accepts it. */
export function compressed(body: Buffer, encoding: 'gzip' | 'br', contentType = 'application/rss+xml; charset=utf-8'): Handler {
  return (request, response) => {
    const accepted = String(request.headers['accept-encoding'] ?? '');
    if (!accepted.split(',').some((part) => part.trim().split(';')[0] === encoding)) {
      response.writeHead(406).end();
      return;
    }
    response.writeHead(200, { 'content-type': contentType, 'content-encoding': encoding }).end(body);
  };
}

function stream(response: ServerResponse, totalBytes: number, head: Buffer): void {
  const chunk = Buffer.alloc(64 * 1024, ' ');
  let sent = 0;
  const pump = (): void => {
    if (sent === 0) {
      response.write(head);
      sent = head.length;
    }
    while (sent < totalBytes && !response.destroyed) {
      sent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  response.on('error', () => {});
  pump();
}
