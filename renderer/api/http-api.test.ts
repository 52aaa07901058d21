import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../electron/shared/api.ts';
import { ApiCallError } from './errors.ts';
import { createHttpApi, type EventSourceLike } from './http-api.ts';
import { takeToken } from './token.ts';

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function recordingFetch(reply: (sent: Sent) => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request: Sent = {
      url: String(input),
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: JSON.parse(String(init?.body)),
    };
    sent.push(request);
    return reply(request);
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

class FakeEventSource implements EventSourceLike {
  static made: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly handlers = new Map<string, (event: MessageEvent<string>) => void>();
  readonly url: string;

  constructor(url: string) {
    this.url = url;
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.handlers.set(type, listener);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(type: string, data: string): void {
    this.handlers.get(type)?.({ data } as MessageEvent<string>);
  }
  fail(): void {
    this.onerror?.(new Event('error'));
  }
}

function manualTimers() {
  const pending: Array<{ callback: () => void; ms: number; cleared: boolean }> = [];
  return {
    pending,
    setTimer: (callback: () => void, ms: number) => {
      const entry = { callback, ms, cleared: false };
      pending.push(entry);
      return entry;
    },
    clearTimer: (handle: unknown) => {
      (handle as { cleared: boolean }).cleared = true;
    },
    runNext() {
      const next = pending.shift();
      if (next && !next.cleared) next.callback();
      return next?.ms;
    },
  };
}

function makeApi(reply: (sent: Sent) => Response | Promise<Response>, token: string | null = 'secret') {
  FakeEventSource.made = [];
  const { fetch, sent } = recordingFetch(reply);
  const timers = manualTimers();
  const api = createHttpApi({
    origin: 'http://127.0.0.1:4321',
    token,
    fetch,
    createEventSource: (url) => new FakeEventSource(url),
    reconnect: { minDelayMs: 100, maxDelayMs: 1_000 },
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  return { api, sent, timers };
}

describe('HTTP bridge: methods', () => {
  it('posts positional arguments with the token and returns the envelope value', async () => {
    const { api, sent } = makeApi(() => json({ ok: true, value: { items: [], nextCursor: null } }));
    const page = await api.listArticles({ view: 'unread', limit: 50 });
    expect(page).toEqual({ items: [], nextCursor: null });
    expect(sent).toEqual([
      {
        url: 'http://127.0.0.1:4321/api/listArticles',
        headers: { 'content-type': 'application/json', 'x-broadsheet-token': 'secret' },
        body: { args: [{ view: 'unread', limit: 50 }] },
      },
    ]);
  });

  it('drops trailing undefined arguments instead of sending null', async () => {
    const { api, sent } = makeApi(() => json({ ok: true, value: { sources: 2, newArticles: 5, failed: 0 } }));
    await api.refresh(undefined);
    await api.refresh(7);
    expect(sent.map((s) => s.body)).toEqual([{ args: [] }, { args: [7] }]);
  });

  it('rejects with the code and plain message of an error envelope', async () => {
    const { api } = makeApi(() =>
      json({ ok: false, error: { code: 'not_a_feed', message: 'That page is not a feed.' } }),
    );
    const failure = await api.addFeed('https://example.com').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiCallError);
    expect(failure).toMatchObject({ code: 'not_a_feed', message: 'That page is not a feed.' });
  });

  it('reads error envelopes on 401/403 replies too', async () => {
    const { api } = makeApi(
      () => json({ ok: false, error: { code: 'forbidden', message: 'Open the address Broadsheet printed.' } }, 403),
      null,
    );
    await expect(api.listSources()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('turns a dead host and an unreadable reply into plain-words errors', async () => {
    const dead = makeApi(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(dead.api.listSources()).rejects.toMatchObject({ code: 'fetch_failed' });
    const garbled = makeApi(() => new Response('<html>proxy error</html>', { status: 502 }));
    await expect(garbled.api.listSources()).rejects.toMatchObject({ code: 'internal' });
    const wrongShape = makeApi(() => json({ hello: 'world' }));
    await expect(wrongShape.api.getSettings()).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('HTTP bridge: events', () => {
  it('opens one event stream lazily, with the token, and delivers parsed payloads', () => {
    const { api } = makeApi(() => json({ ok: true, value: null }));
    expect(FakeEventSource.made).toHaveLength(0);
    const seen: Array<EventPayload<'refreshProgress'>> = [];
    const changed: unknown[] = [];
    api.on('refreshProgress', (p) => seen.push(p));
    api.on('libraryChanged', (p) => changed.push(p));
    expect(FakeEventSource.made).toHaveLength(1);
    const es = FakeEventSource.made[0]!;
    expect(es.url).toBe('http://127.0.0.1:4321/api/events?token=secret');
    es.open();
    const progress = { done: 1, total: 3, running: true, sourceId: 4, error: null };
    es.emit('refreshProgress', JSON.stringify(progress));
    es.emit('refreshProgress', 'not json');
    expect(seen).toEqual([progress]);
    expect(changed).toEqual([]);
  });

  it('reconnects after errors with growing delays, and says the library may have changed', () => {
    const { api, timers } = makeApi(() => json({ ok: true, value: null }));
    const changed: unknown[] = [];
    api.on('libraryChanged', (p) => changed.push(p));
    FakeEventSource.made[0]!.open();
    const delays: Array<number | undefined> = [];
    for (let i = 0; i < 6; i += 1) {
      const current = FakeEventSource.made.at(-1)!;
      current.fail();
      expect(current.closed).toBe(true);
      delays.push(timers.runNext());
    }
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(FakeEventSource.made).toHaveLength(7);
    FakeEventSource.made.at(-1)!.open();
    expect(changed).toEqual([{ reason: 'articles', sourceIds: [] }]);
    // A successful open resets the backoff.
    FakeEventSource.made.at(-1)!.fail();
    expect(timers.runNext()).toBe(100);
  });

  it('closes the stream when the last listener unsubscribes', () => {
    const { api, timers } = makeApi(() => json({ ok: true, value: null }));
    const off1 = api.on('libraryChanged', () => undefined);
    const off2 = api.on('appCommand', () => undefined);
    const es = FakeEventSource.made[0]!;
    off1();
    expect(es.closed).toBe(false);
    off2();
    expect(es.closed).toBe(true);
    es.fail();
    expect(timers.pending).toHaveLength(0);
  });
});

describe('token', () => {
  function place(hash: string, stored: string | null = null) {
    const store = new Map<string, string>();
    if (stored) store.set('broadsheet.token', stored);
    const replaced: string[] = [];
    return {
      store,
      replaced,
      place: {
        location: { hash, pathname: '/', search: '' },
        history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
        storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
      },
    };
  }

  it('moves the token from the address bar into session storage', () => {
    const p = place('#token=abc123');
    expect(takeToken(p.place)).toBe('abc123');
    expect(p.store.get('broadsheet.token')).toBe('abc123');
    expect(p.replaced).toEqual(['/']);
  });

  it('falls back to the stored token after a reload', () => {
    const p = place('', 'kept');
    expect(takeToken(p.place)).toBe('kept');
    expect(p.replaced).toEqual([]);
    expect(takeToken(place('').place)).toBeNull();
  });
});
