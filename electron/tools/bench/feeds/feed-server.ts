// A fast loopback feed server for the refresh benchmark: bodies prepared once
// (plain and gzip), conditional GET by ETag and Last-Modified, and a count of
// what it answered. It listens on several loopback addresses (127.0.0.1,
// 127.0.0.2, …; all of 127/8 is this machine on Linux) because a subscription
// list spans many sites, and a refresher that limits requests per host would
// otherwise be measured on one site's queue.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface ServedFeed {
  path: string;
  body: string;
  contentType: string;
}

interface Prepared {
  plain: Buffer;
  gzip: Buffer;
  etag: string;
  contentType: string;
}

export interface FeedServer {
  /** One origin per loopback address, e.g. http://127.0.0.3:40123 */
  origins: string[];
  /** Replaces the feeds served at `origin`. */
  serve(origin: string, feeds: readonly ServedFeed[]): void;
  /** Responses by status since the last reset (e.g. { 200: 500 }). */
  answered(): Record<number, number>;
  resetCounts(): void;
  close(): Promise<void>;
}

/** Fixed, so a warm refresh can also be answered by If-Modified-Since. */
const LAST_MODIFIED = new Date(Date.UTC(2026, 0, 5, 8, 0, 0)).toUTCString();

export async function startFeedServer(hosts: number): Promise<FeedServer> {
  const byOrigin = new Map<string, Map<string, Prepared>>();
  const counts = new Map<number, number>();
  const answer = (response: ServerResponse, status: number, headers: Record<string, string | number>, body?: Buffer) => {
    counts.set(status, (counts.get(status) ?? 0) + 1);
    response.writeHead(status, headers).end(body);
  };
  const handler = (origin: string) => (request: IncomingMessage, response: ServerResponse) => {
    const feed = byOrigin.get(origin)?.get(new URL(request.url ?? '/', origin).pathname);
    if (!feed) {
      answer(response, 404, { 'content-type': 'text/plain' }, Buffer.from('not found'));
      return;
    }
    const validators = { etag: feed.etag, 'last-modified': LAST_MODIFIED };
    const ifNoneMatch = request.headers['if-none-match'];
    const unchanged = ifNoneMatch !== undefined ? ifNoneMatch.split(/\s*,\s*/).includes(feed.etag) : request.headers['if-modified-since'] === LAST_MODIFIED;
    if (unchanged) {
      answer(response, 304, validators);
      return;
    }
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const body = gzip ? feed.gzip : feed.plain;
    answer(response, 200, { ...validators, 'content-type': feed.contentType, 'content-length': body.byteLength, ...(gzip ? { 'content-encoding': 'gzip' } : {}) }, body);
  };

  const servers: Server[] = [];
  const origins: string[] = [];
  for (let host = 1; host <= hosts; host += 1) {
    const address = `127.0.0.${host}`;
    const server = createServer({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, address, resolve);
    });
    const origin = `http://${address}:${(server.address() as AddressInfo).port}`;
    server.on('request', handler(origin));
    servers.push(server);
    origins.push(origin);
  }
  return {
    origins,
    serve(origin, feeds) {
      const prepared = new Map<string, Prepared>();
      for (const feed of feeds) {
        const plain = Buffer.from(feed.body, 'utf8');
        prepared.set(feed.path, { plain, gzip: gzipSync(plain), etag: `"${createHash('sha1').update(plain).digest('hex')}"`, contentType: feed.contentType });
      }
      byOrigin.set(origin, prepared);
    },
    answered: () => Object.fromEntries(counts),
    resetCounts: () => counts.clear(),
    close: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
