// Contract fuzzing over HTTP: every method of the contract, attacked with
// invalid, oversized and unknown payloads, against a real library in a
// temporary folder. Each reply must be a clean `{ ok, … }` envelope, and a
// refused call must change nothing on disk. BROADSHEET_FUZZ_RUNS and
// BROADSHEET_FUZZ_SEED make a longer or different run (see
// electron/core/testing/contract-fuzz-harness.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HTTP_TOKEN_HEADER, maxRequestBytes, methodNames, type MethodName } from '../shared/api.ts';
import {
  UNKNOWN_METHOD_NAMES,
  describePayload,
  replyProblem,
  schemaAccepts,
} from '../shared/testing/contract-fuzz.ts';
import {
  fuzzMethod,
    openFuzzLibrary,
  stateAfterCall,
  type FuzzLibrary,
} from '../core/testing/contract-fuzz-harness.ts';
import { createHost, type Host } from './server.ts';

interface Reply {
  status: number;
  body: unknown;
  /** Bytes of the request body written before the answer came. */
  sent: number;
}

let fuzz: FuzzLibrary;
let host: Host;
let rendererDir: string;

beforeAll(() => {
  rendererDir = mkdtempSync(path.join(tmpdir(), 'bs-fuzz-renderer-'));
});
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

// A fresh library for each test, so what one method's valid calls delete or add does not shape the next.
beforeEach(async () => {
  fuzz = await openFuzzLibrary();
  host = await createHost({ api: fuzz.library, rendererDir });
});
afterEach(async () => {
  await host?.close();
  fuzz?.close();
});

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return `(not JSON) ${text.slice(0, 200)}`;
  }
}

function post(route: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: route,
        headers: {
          host: `127.0.0.1:${host.port}`,
          'content-type': 'application/json',
          [HTTP_TOKEN_HEADER]: host.token,
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString('utf8')), sent: 0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** JSON as a browser's fetch would send it: NaN and Infinity become null, undefined disappears. */
function requestBody(args: unknown): string {
  return JSON.stringify({ args });
}

/** Sends one call and checks the reply and the library; returns whether the library may have changed. */
async function attack(method: MethodName, args: unknown, baseline: string): Promise<string> {
  const body = requestBody(args);
  const reply = await post(`/api/${method}`, body);
  const what = `${method} ${describePayload(args)}`;
  const problem = replyProblem(reply.body, [fuzz.dataDir]);
  expect(problem, what).toBeNull();
  const envelope = reply.body as { ok: boolean; error?: { code: string } };
  if (reply.status === 413) {
    expect(Buffer.byteLength(body), what).toBeGreaterThan(maxRequestBytes(method));
    expect(envelope.error?.code, what).toBe('invalid_input');
  } else {
    expect(reply.status, what).toBe(200);
    // What the server parsed is what JSON carried, not what was generated.
    const received = (JSON.parse(body) as { args?: unknown }).args;
    if (!schemaAccepts(method, received)) expect(envelope, what).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  }
  return stateAfterCall(fuzz, envelope, baseline, what);
}

describe('contract fuzzing over HTTP, against a real library', () => {
  it.each(methodNames)('%s: hostile and random payloads get a clean envelope, and refused ones change nothing', async (method) => {
    await fuzzMethod(fuzz, method, 'http', (args, baseline) => attack(method, args, baseline));
  });

  it('answers unknown methods with 404 and an envelope, calling nothing', async () => {
    const baseline = await fuzz.settle();
    for (const name of UNKNOWN_METHOD_NAMES) {
      const reply = await post(`/api/${encodeURIComponent(name)}`, requestBody([]));
      expect(reply.status, name.slice(0, 40)).toBe(404);
      expect(replyProblem(reply.body), name.slice(0, 40)).toBeNull();
      expect(reply.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(fuzz.snapshot()).toBe(baseline);
  });

  it('answers bodies that are not a call with 400 and an envelope, and refused ones change nothing', async () => {
    let baseline = await fuzz.settle();
    const deep = 100_000;
    const bodies = [
      '',
      '{',
      'null',
      '[]',
      '"args"',
      '42',
      '{"args": [1,}',
      '\u0000',
      '{"args":[1]}{"args":[2]}',
      '\ufeff{"args":[]}x',
      // Nesting far deeper than a recursive parser's stack.
      `{"args":${'['.repeat(deep)}${']'.repeat(deep)}}`,
      `{"args":[${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}]}`,
      '{"__proto__":{"args":[1]},"constructor":{"prototype":{"polluted":"yes"}}}',
    ];
    for (const method of methodNames) {
      for (const body of bodies) {
        const reply = await post(`/api/${method}`, body);
        const what = `${method} ${describePayload(body)}`;
        expect([400, 200], what).toContain(reply.status);
        expect(replyProblem(reply.body), what).toBeNull();
        if (reply.status === 400) expect(reply.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        // An object without "args" is a call without arguments, which some methods take.
        if ((reply.body as { ok: boolean }).ok) baseline = await fuzz.settle();
        else expect(fuzz.snapshot(), what).toBe(baseline);
      }
    }
  });

  it('answers a body over each method’s cap with 413 before the rest of it is sent', async () => {
    const baseline = await fuzz.settle();
    for (const method of methodNames) {
      const limit = maxRequestBytes(method);
      // Only the headers and a first chunk go out; the answer must not wait for the declared rest.
      const reply = await new Promise<Reply>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: `/api/${method}`,
          headers: {
            host: `127.0.0.1:${host.port}`,
            'content-type': 'application/json',
            'content-length': String(limit + 1),
            [HTTP_TOKEN_HEADER]: host.token,
          },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString('utf8')), sent: 16 });
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ECONNRESET') reject(error);
        });
        req.write('{"args": [      ');
      });
      expect(reply.status, method).toBe(413);
      expect(replyProblem(reply.body), method).toBeNull();
      expect(reply.body, method).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(fuzz.snapshot()).toBe(baseline);
  });

  it('answers a streamed body (no declared length) with 413 once it passes the cap, without waiting for its end', async () => {
    const baseline = await fuzz.settle();
    const method: MethodName = 'addFeed';
    const limit = maxRequestBytes(method);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const reply = await new Promise<Reply>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = request({
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: `/api/${method}`,
        headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: host.token },
      });
      req.on('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (data: Buffer) => chunks.push(data));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString('utf8')), sent });
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
      });
      // Keep sending, never ending the body, until the server answers (or far past the cap).
      const pump = () => {
        if (answered || req.destroyed) return;
        if (sent > limit * 8) {
          reject(new Error(`no answer after ${sent} bytes`));
          return;
        }
        sent += chunk.length;
        if (req.write(chunk)) setImmediate(pump);
        else req.once('drain', pump);
      };
      pump();
    });
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(reply.sent).toBeLessThan(limit * 8);
    expect(fuzz.snapshot()).toBe(baseline);
  });

  it('leaves Object.prototype alone after every payload above', () => {
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
