// The web host: the built renderer and the one contract over loopback HTTP, for
// tests, development and machines without an Electron binary. It is a second
// transport for the same Api, never a second implementation: every call goes
// through dispatch(), exactly as IPC calls do in the Electron shell.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  HTTP_EVENTS_PATH,
  HTTP_TOKEN_HEADER,
  eventNames,
  httpMethodPath,
  maxRequestBytes,
  methodNames,
  type Api,
  type MethodName,
} from '../shared/api.ts';
import { dispatch } from '../shared/dispatch.ts';
import type { Envelope, ErrorCode } from '../shared/errors.ts';
import { silentLogger, type Logger } from '../core/logger.ts';
import { foreignRequestReason, tokenMatches } from './request-guard.ts';
import { SECURITY_HEADERS } from '../core/app-files.ts';
import { StaticFiles, send } from './static-files.ts';
import { isAssetPath } from '../core/articles/asset-serving.ts';
import type { AssetStore } from '../core/articles/asset-store.ts';
import { serveAsset } from './asset-route.ts';

const DEFAULT_HEARTBEAT_MS = 15_000;

export interface HostOptions {
  api: Api;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  /** Stored article images, served at /asset/<name>; without it, /asset/ answers 404. */
  assets?: AssetStore;
  /** 0 or absent: a free port chosen by the system. */
  port?: number;
  logger?: Logger;
  /** How often an idle event stream gets a comment line, so proxies and browsers keep it open. */
  heartbeatMs?: number;
}

export interface Host {
  /** The address to open, with the token in the fragment (never sent to the server or to logs). */
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const routes = new Map<string, MethodName>(methodNames.map((name) => [httpMethodPath(name), name]));

export async function createHost(options: HostOptions): Promise<Host> {
  const logger = options.logger ?? silentLogger;
  const token = randomBytes(32).toString('base64url');
  const files = new StaticFiles(options.rendererDir);
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('The web host failed to answer a request.', { error: String(error) });
      if (!res.headersSent) sendEnvelope(res, 500, failure('internal', 'Something went wrong inside Broadsheet.'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');

    const foreign = foreignRequestReason(req, port, isApi);
    if (foreign) {
      if (isApi) sendEnvelope(res, 403, failure('forbidden', foreign));
      else send(res, 403, 'text/plain; charset=utf-8', `${foreign}\n`);
      return;
    }
    if (isAssetPath(url.pathname)) {
      await serveAsset(req, res, options.assets ?? null, url.pathname);
      return;
    }
    if (!isApi) {
      await files.serve(req, res, url.pathname);
      return;
    }

    if (url.pathname === HTTP_EVENTS_PATH) {
      if (req.method !== 'GET') {
        sendEnvelope(res, 405, failure('invalid_input', 'Use GET for the event stream.'), { Allow: 'GET' });
        return;
      }
      const given = url.searchParams.get('token') ?? headerValue(req, HTTP_TOKEN_HEADER);
      if (!tokenMatches(token, given)) {
        sendEnvelope(res, 401, failure('forbidden', 'This page is missing Broadsheet’s access key. Open the address the host printed.'));
        return;
      }
      openEventStream(req, res);
      return;
    }

    const method = routes.get(url.pathname);
    if (!method) {
      sendEnvelope(res, 404, failure('invalid_input', 'There is no such Broadsheet method.'));
      return;
    }
    if (req.method !== 'POST') {
      sendEnvelope(res, 405, failure('invalid_input', 'Use POST to call Broadsheet.'), { Allow: 'POST' });
      return;
    }
    if (!tokenMatches(token, headerValue(req, HTTP_TOKEN_HEADER))) {
      sendEnvelope(res, 401, failure('forbidden', 'This page is missing Broadsheet’s access key. Open the address the host printed.'));
      return;
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      sendEnvelope(res, 415, failure('invalid_input', 'Send the request as JSON.'));
      return;
    }

    // Each method's own cap, as IPC uses: a page import or a long list of ids is larger than other calls.
    const limit = maxRequestBytes(method);
    const body = await readBody(req, limit);
    if (body === 'too_large') {
      // Drain the rest so the client reads this answer instead of a reset connection.
      req.resume();
      const megabytes = Math.round((limit / (1024 * 1024)) * 10) / 10;
      sendEnvelope(res, 413, failure('invalid_input', `That request is too large (the limit is ${megabytes} MB).`));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      sendEnvelope(res, 400, failure('invalid_input', 'The request is not valid JSON.'));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      sendEnvelope(res, 400, failure('invalid_input', 'The request must be an object with "args".'));
      return;
    }
    const args = 'args' in parsed ? parsed.args : [];
    sendEnvelope(res, 200, await dispatch(options.api, method, args));
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribes = eventNames.map((event) =>
      options.api.on(event, (payload) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      }),
    );
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    const stop = () => {
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribes) unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`Port ${options.port ?? 0} is already in use; choose another with --port, or leave it out to use any free port.`));
      } else if (error.code === 'EACCES') {
        reject(new Error(`Broadsheet is not allowed to listen on port ${options.port ?? 0}; choose one above 1023.`));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    // Loopback only: nothing on the network can reach the library.
    server.listen(options.port ?? 0, '127.0.0.1');
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  server.on('error', (error) => logger.error('The web host hit a network error.', { error: String(error) }));
  logger.info('Web host listening.', { origin });

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold close() open.
        server.closeIdleConnections();
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 500).unref();
      });
      return closing;
    },
  };
}

function failure(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function sendEnvelope(res: ServerResponse, status: number, envelope: Envelope<unknown>, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(envelope), extra);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The whole body, or 'too_large' as soon as it passes the limit (without buffering the rest). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}
