// Keeps what Broadsheet fetches on its own (full articles of feed items, the
// images of pages) off the reader's own machine and network. A feed or a page
// chooses those addresses, not the reader: without this a hostile one could
// point Broadsheet, or redirect it, at a router, a printer, a cloud metadata
// service or a development server, and the answers would be stored as articles.
//
// The rule: an automatic fetch may reach a non-public address only when what
// pointed to it (the feed, the page) is itself on an address of that same kind,
// so a feed served from this computer or the LAN keeps working there. What the
// reader typed is fetched as typed; only where its redirects lead is checked.
// Redirects are followed here, by hand, so every hop is checked.
//
// The connection goes only to addresses that were checked: the guard hands
// undici (networkFetch) a connection pool whose resolver checks what it
// resolves before the socket uses it. Otherwise a name could answer a public
// address to the check and 127.0.0.1 to the connection a moment later (DNS
// rebinding). Guarded fetches with the same rules share one pool, and only a
// few pools are kept, with short keep-alive: a refresh of a thousand feeds
// must not leave a thousand pools of idle sockets open for minutes.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { ApiError } from '../../shared/errors.ts';

/** Every address a host name resolves to (like dns.promises.lookup with all: true). */
export type LookupAll = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

/**
 * Where an address leads. `loopback` is this computer (0.0.0.0 and :: count:
 * connecting to them reaches it); `private` the LAN (RFC 1918, IPv6 unique
 * local and the old site-local); `shared` carrier-grade NAT (100.64/10);
 * `reserved` what no web page lives on (multicast, broadcast, documentation,
 * benchmarking, future use), never fetched automatically.
 */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'shared' | 'reserved';

/** Kinds an origin of the same kind may reach; `reserved` is not among them. */
const LOCAL_KINDS: ReadonlySet<AddressKind> = new Set(['loopback', 'private', 'link-local', 'shared']);

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
export const OWN_NETWORK_MESSAGE = 'Broadsheet does not fetch addresses on your own network on its own.';

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true });

/** How many connection pools are kept; the least recently used one is closed when another is needed. */
export const POOL_LIMIT = 64;
/** How long an idle connection is kept for reuse (ms), and the most a server's Keep-Alive hint may stretch it to. */
export const KEEP_ALIVE_TIMEOUT = 10_000;
export const KEEP_ALIVE_MAX_TIMEOUT = 30_000;

/** Where a guarded fetch puts its pinned connection pool in the init it passes down; only networkFetch reads it. */
const PINNED_DISPATCHER = Symbol('broadsheet.pinnedDispatcher');
type PinnedInit = RequestInit & { [PINNED_DISPATCHER]?: Agent };

/**
 * The fetch that reaches the network: undici's own, connecting through the
 * pool a guarded fetch pinned to its checked addresses. Test fetches ignore
 * the pool, and are given their own resolver instead.
 */
export const networkFetch: typeof globalThis.fetch = (input, init) => {
  const { [PINNED_DISPATCHER]: dispatcher, ...rest } = (init ?? {}) as PinnedInit;
  const options = { ...rest, ...(dispatcher ? { dispatcher } : {}) } as Parameters<typeof undiciFetch>[1];
  const pending = undiciFetch(input as Parameters<typeof undiciFetch>[0], options) as unknown as Promise<Response>;
  // A connection the guard refused fails as "fetch failed"; its reason is the guard's own.
  return pending.catch((error: unknown) => {
    throw error instanceof TypeError && error.cause instanceof ApiError ? error.cause : error;
  });
};

interface Answer {
  address: string;
  family: number;
  kind: AddressKind;
}

/**
 * Who chose the address. `typed`: the reader did; the first request goes
 * where they said, and redirects may reach public addresses or ones of the
 * typed address's own kind. `automatic`: a feed or page at `origin` did (null,
 * or anything not http(s), allows public addresses only).
 */
export type FetchOrigin = { typed: string } | { automatic: string | null };

export interface GuardOptions {
  fetch: typeof globalThis.fetch;
  lookup?: LookupAll;
  origin: FetchOrigin;
  /** What to say when an address is refused, for callers that know why it was chosen; OWN_NETWORK_MESSAGE otherwise. */
  refusal?: string;
}

/**
 * A fetch that checks every address it is about to ask (and every redirect)
 * and follows at most MAX_REDIRECTS redirects itself. The response it returns
 * carries the final address in `url`, as a followed fetch's would.
 */
export function guardFetch(options: GuardOptions): typeof globalThis.fetch {
  const lookup = options.lookup ?? systemLookup;
  // One download asks the same few hosts many times (its images): each is
  // looked up once for the check before each request (connections check again).
  const resolved = new Map<string, Promise<Answer[]>>();
  const answersOf = (hostname: string): Promise<Answer[]> => {
    const key = hostKey(hostname);
    let answers = resolved.get(key);
    if (!answers) {
      answers = resolveAnswers(key, lookup);
      resolved.set(key, answers);
      // A failed lookup is not remembered: the next attempt may find the host.
      answers.catch(() => resolved.delete(key));
    }
    return answers;
  };
  const kindsOfHost = async (hostname: string): Promise<Set<AddressKind>> =>
    new Set((await answersOf(hostname)).map((answer) => answer.kind));
  const originAddress = 'typed' in options.origin ? options.origin.typed : options.origin.automatic;
  let allowedKinds: Promise<ReadonlySet<AddressKind>> | null = null;
  const allowed = (): Promise<ReadonlySet<AddressKind>> => {
    allowedKinds ??= localKindsOf(originAddress, kindsOfHost);
    return allowedKinds;
  };

  const refuseUnlessAllowed = async (kinds: Iterable<AddressKind>): Promise<void> => {
    refuseUnlessIn(kinds, await allowed(), options.refusal);
  };
  const check = async (url: URL): Promise<void> => refuseUnlessAllowed(await kindsOfHost(url.hostname));

  // The host the reader typed is theirs to reach, whatever it resolves to (see pinnedAgent).
  const typedHost = 'typed' in options.origin ? hostnameOf(options.origin.typed) : null;
  const dispatcher = async (): Promise<Agent> => pinnedAgent({ lookup, permitted: await allowed(), typedHost, refusal: options.refusal });

  return async (input, init) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    const start = url.hostname;
    const seen = new Set<string>();
    const hops: RedirectHop[] = [];
    for (let hop = 0; ; hop += 1) {
      if (!(hop === 0 && 'typed' in options.origin)) await check(url);
      seen.add(url.href);
      // Asked for each request, not kept: the pool may have been closed for another since.
      const pinnedInit: PinnedInit = { ...init, redirect: 'manual', [PINNED_DISPATCHER]: await dispatcher() };
      const response = await options.fetch(url.href, pinnedInit);
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null) {
        redirects.set(response, hops);
        return withUrl(response, url.href);
      }
      await response.body?.cancel().catch(() => {});
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new ApiError('fetch_failed', `${start} redirected to an address that is not a web page.`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new ApiError('fetch_failed', `${start} redirected to an address that is not a web page.`);
      }
      next.hash = '';
      if (seen.has(next.href)) throw new ApiError('fetch_failed', `${start} redirects in a loop and never reaches a page.`);
      if (hop + 1 > MAX_REDIRECTS) throw new ApiError('fetch_failed', `${start} redirected too many times.`);
      hops.push({ status: response.status, to: next.href });
      url = next;
    }
  };
}

/** Refuses when any of `kinds` is neither public nor `permitted`. */
function refuseUnlessIn(kinds: Iterable<AddressKind>, permitted: ReadonlySet<AddressKind>, refusal: string | undefined): void {
  for (const kind of kinds) {
    if (kind !== 'public' && !permitted.has(kind)) throw new ApiError('fetch_failed', refusal ?? OWN_NETWORK_MESSAGE);
  }
}

/** What a connection pool checks each connection against; pools are shared between fetches with the same rules. */
interface PoolRules {
  lookup: LookupAll;
  /** The non-public kinds connections may reach. */
  permitted: ReadonlySet<AddressKind>;
  /** The host the reader typed (as hostKey gives it), reached whatever it resolves to; null for none. */
  typedHost: string | null;
  refusal: string | undefined;
}

const pools = new Map<string, Agent>(); // least recently used first
const lookupIds = new WeakMap<LookupAll, number>();
let nextLookupId = 0;

/**
 * The connection pool for `rules`, shared by every guarded fetch with the same
 * ones. Each connection resolves its name itself and is refused unless what it
 * got passes the same check as the request, so the addresses checked are the
 * addresses used, whatever the name answered a moment before.
 */
function pinnedAgent(rules: PoolRules): Agent {
  let lookupId = lookupIds.get(rules.lookup);
  if (lookupId === undefined) {
    lookupId = nextLookupId++;
    lookupIds.set(rules.lookup, lookupId);
  }
  const key = JSON.stringify([lookupId, [...rules.permitted].sort(), rules.typedHost, rules.refusal ?? null]);
  const known = pools.get(key);
  if (known && !known.closed) {
    pools.delete(key);
    pools.set(key, known);
    return known;
  }
  const pinnedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const answer = async () => {
      const answers = await resolveAnswers(hostKey(hostname), rules.lookup);
      if (hostKey(hostname) !== rules.typedHost) refuseUnlessIn(answers.map((a) => a.kind), rules.permitted, rules.refusal);
      return usableAnswers(answers, lookupOptions, hostname);
    };
    answer().then(
      (usable) => {
        if (lookupOptions.all) callback(null, usable);
        else callback(null, usable[0]?.address ?? '', usable[0]?.family ?? 4);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
  const agent = new Agent({
    connect: { lookup: pinnedLookup },
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT,
    keepAliveMaxTimeout: KEEP_ALIVE_MAX_TIMEOUT,
  });
  pools.delete(key);
  pools.set(key, agent);
  for (const [oldKey, oldest] of pools) {
    if (pools.size <= POOL_LIMIT) break;
    pools.delete(oldKey);
    // Requests under way finish first; its idle sockets close.
    oldest.close().catch(() => {});
  }
  return agent;
}

/** Closes every shared connection pool (requests under way finish first); the next fetch opens new ones. */
export async function closeConnectionPools(): Promise<void> {
  const open = [...pools.values()];
  pools.clear();
  await Promise.all(open.map((agent) => agent.close().catch(() => {})));
}

/** One redirect followed on the way to a response: its status and where it pointed. */
export interface RedirectHop {
  status: number;
  to: string;
}

const redirects = new WeakMap<Response, readonly RedirectHop[]>();

/**
 * The redirects a guarded fetch followed to reach `response`, in order; null
 * when the response did not come through guardFetch (then nothing is known).
 */
export function redirectsOf(response: Response): readonly RedirectHop[] | null {
  return redirects.get(response) ?? null;
}

/** Followed fetches report where they ended; a fetch stub's Response has no url at all. */
function withUrl(response: Response, url: string): Response {
  if (response.url !== url) Object.defineProperty(response, 'url', { value: url });
  return response;
}

/** The non-public kinds an origin lives on (what it may point to), or none for no web origin. */
async function localKindsOf(
  origin: string | null,
  kindsOfHost: (hostname: string) => Promise<Set<AddressKind>>,
): Promise<ReadonlySet<AddressKind>> {
  if (origin === null) return new Set();
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return new Set();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return new Set();
  let kinds: Set<AddressKind>;
  try {
    kinds = await kindsOfHost(url.hostname);
  } catch {
    // An origin that cannot be found now vouches for nothing.
    return new Set();
  }
  return new Set([...kinds].filter((kind) => LOCAL_KINDS.has(kind)));
}

/** Names as the cache keeps them: lower case, no trailing dot, IPv6 literals without brackets. */
function hostKey(hostname: string): string {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase().replace(/\.$/, '');
}

function hostnameOf(address: string): string | null {
  try {
    return hostKey(new URL(address).hostname);
  } catch {
    return null;
  }
}

async function resolveAnswers(host: string, lookup: LookupAll): Promise<Answer[]> {
  const direct = classifyAddress(host);
  if (direct !== null) return [{ address: host, family: isIP(host.replace(/%.*$/, '')), kind: direct }];
  const answers = await lookup(host);
  if (answers.length === 0) throw Object.assign(new Error(`No address for ${host}`), { code: 'ENOTFOUND' });
  // Every address counts: the connection may use any of them.
  return answers.map((answer) => ({
    address: answer.address,
    family: answer.family,
    kind: classifyAddress(answer.address) ?? 'reserved',
  }));
}

/** The checked answers a connection of the asked family may use, in the order the resolver gave them. */
function usableAnswers(answers: readonly Answer[], options: LookupOptions, hostname: string): LookupAddress[] {
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
  const usable = answers
    .filter((answer) => !family || answer.family === family)
    .map(({ address, family: answerFamily }) => ({ address, family: answerFamily }));
  if (usable.length === 0) {
    throw Object.assign(new Error(`No IPv${family} address for ${hostname}`), { code: 'ENOTFOUND', hostname });
  }
  return usable;
}

/** The kind of an IP address, or null when `address` is not one. */
export function classifyAddress(address: string): AddressKind | null {
  const bare = address.replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return classifyIpv4(parseIpv4(bare));
  if (version === 6) return classifyIpv6(parseIpv6(bare));
  return null;
}

function parseIpv4(address: string): number[] {
  return address.split('.').map(Number);
}

function classifyIpv4([a = 0, b = 0, c = 0]: readonly number[]): AddressKind {
  if (a === 0 || a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'shared';
  if (
    a >= 224 || // multicast, future use, broadcast
    (a === 192 && b === 0 && (c === 0 || c === 2)) || // IETF protocol assignments, TEST-NET-1
    (a === 192 && b === 88 && c === 99) || // 6to4 relay anycast
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) || // TEST-NET-2
    (a === 203 && b === 0 && c === 113) // TEST-NET-3
  ) {
    return 'reserved';
  }
  return 'public';
}

/** Eight 16-bit groups; `address` is already known to be valid IPv6. */
function parseIpv6(address: string): number[] {
  let text = address.toLowerCase();
  // A trailing dotted IPv4 part (::ffff:127.0.0.1) is two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = parseIpv4(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parts = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const front = parts(head);
  if (tail === undefined) return front;
  const back = parts(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function classifyIpv6(groups: readonly number[]): AddressKind {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const zeroTo = (end: number) => groups.slice(0, end).every((group) => group === 0);
  // ::, ::1, and IPv4-compatible (::a.b.c.d, deprecated): what the IPv4 part says, with :: and ::1 as this computer.
  if (zeroTo(6)) return g6 === 0 && g7 <= 1 ? 'loopback' : classifyIpv4(embedded);
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address inside.
  if (zeroTo(5) && g5 === 0xffff) return classifyIpv4(embedded);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyIpv4(embedded);
  // 6to4 (2002:a.b.c.d::/48) carries an IPv4 address too: a private one there is a way back in.
  if (g0 === 0x2002) {
    const inner = classifyIpv4([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]);
    return inner === 'public' ? 'public' : 'reserved';
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // site-local fec0::/10, deprecated
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  // Only global unicast (2000::/3) is the internet; the rest is multicast or reserved.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
}
