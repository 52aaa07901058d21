// The contract over the web host's loopback HTTP (agreed interface #3):
// POST /api/<method> with {"args":[...]} and the token header, replied to with
// an Envelope; events arrive as server-sent events on /api/events.
import type { Api, ApiMethods, EventName, EventPayload, MethodName, Unsubscribe } from '../../electron/shared/api.ts';
import type { ErrorPayload } from '../../electron/shared/errors.ts';
import { ApiCallError } from './errors.ts';
import { EVENT_NAMES, HTTP_EVENTS_PATH, HTTP_TOKEN_HEADER, METHOD_NAMES, httpMethodPath } from './transport.ts';

/** The part of EventSource the bridge uses, so tests can supply their own. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface HttpApiOptions {
  /** The page's own origin, e.g. http://127.0.0.1:5123 */
  origin: string;
  token: string | null;
  fetch: typeof globalThis.fetch;
  createEventSource: (url: string) => EventSourceLike;
  /** Delays between reconnection attempts grow from `minDelayMs` to `maxDelayMs`. */
  reconnect?: { minDelayMs: number; maxDelayMs: number };
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface HttpApi extends Api {
  /** Closes the event stream and stops reconnecting. */
  dispose(): void;
}

const UNREACHABLE = 'Broadsheet is not answering. Check that it is still running, then reload this page.';
const UNREADABLE = 'Broadsheet sent a reply this page could not read. Reload the page to try again.';

type Listener = (payload: unknown) => void;

export function createHttpApi(options: HttpApiOptions): HttpApi {
  const { origin, token } = options;
  const doFetch = options.fetch;
  const minDelay = options.reconnect?.minDelayMs ?? 1_000;
  const maxDelay = options.reconnect?.maxDelayMs ?? 30_000;
  const setTimer = options.setTimer ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
  const clearTimer = options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  async function call(method: MethodName, args: unknown[]): Promise<unknown> {
    // JSON turns a trailing `undefined` into null, which the schemas reject
    // (refresh(undefined) means "refresh everything", i.e. no argument).
    const sent = [...args];
    while (sent.length > 0 && sent[sent.length - 1] === undefined) sent.pop();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers[HTTP_TOKEN_HEADER] = token;

    let response: Response;
    try {
      response = await doFetch(new URL(httpMethodPath(method), origin).href, {
        method: 'POST',
        headers,
        body: JSON.stringify({ args: sent }),
        cache: 'no-store',
      });
    } catch {
      throw new ApiCallError('fetch_failed', UNREACHABLE);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      if (response.status === 413) throw new ApiCallError('invalid_input', 'That request was too large to send.');
      throw new ApiCallError('internal', UNREADABLE);
    }
    return unwrap(body);
  }

  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSourceLike | null = null;
  let timer: unknown = null;
  let attempts = 0;
  let everOpened = false;
  let disposed = false;

  function deliver(event: EventName, payload: unknown): void {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`A ${event} listener failed`, error);
      }
    }
  }

  function connect(): void {
    if (disposed || source) return;
    const url = new URL(HTTP_EVENTS_PATH, origin);
    if (token) url.searchParams.set('token', token);
    const es = options.createEventSource(url.href);
    source = es;
    es.onopen = () => {
      attempts = 0;
      // Events sent while the stream was down are lost; say that the library
      // may have changed so what is on screen is reloaded.
      if (everOpened) deliver('libraryChanged', { reason: 'articles', sourceIds: [] });
      everOpened = true;
    };
    es.onerror = () => {
      // EventSource retries by itself only for some failures and without any
      // backoff; closing and reopening here makes both predictable.
      es.close();
      if (source === es) source = null;
      scheduleReconnect();
    };
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (message) => {
        let payload: unknown;
        try {
          payload = JSON.parse(message.data);
        } catch {
          return;
        }
        deliver(name, payload);
      });
    }
  }

  function scheduleReconnect(): void {
    if (disposed || timer !== null || !hasListeners()) return;
    const delay = Math.min(maxDelay, minDelay * 2 ** attempts);
    attempts += 1;
    timer = setTimer(() => {
      timer = null;
      if (hasListeners()) connect();
    }, delay);
  }

  function hasListeners(): boolean {
    for (const set of listeners.values()) if (set.size > 0) return true;
    return false;
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    const wrapped: Listener = (payload) => listener(payload as EventPayload<E>);
    set.add(wrapped);
    if (timer === null) connect();
    return () => {
      set.delete(wrapped);
      if (!hasListeners()) stop();
    };
  }

  function stop(): void {
    if (timer !== null) clearTimer(timer);
    timer = null;
    source?.close();
    source = null;
  }

  const methods = Object.fromEntries(
    METHOD_NAMES.map((name) => [name, (...args: unknown[]) => call(name, args)]),
  ) as unknown as ApiMethods;

  return {
    ...methods,
    on,
    dispose() {
      disposed = true;
      stop();
      listeners.clear();
    },
  };
}

function unwrap(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    const envelope = body as { ok: unknown; value?: unknown; error?: unknown };
    if (envelope.ok === true) return envelope.value ?? null;
    if (envelope.ok === false && isErrorPayload(envelope.error)) {
      throw new ApiCallError(envelope.error.code, envelope.error.message);
    }
  }
  throw new ApiCallError('internal', UNREADABLE);
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}
