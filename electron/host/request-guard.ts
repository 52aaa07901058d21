// The checks every request to the web host passes before anything else runs.
// The host listens on loopback, but a page on any website can still make the
// user's browser send requests to 127.0.0.1; these checks are what keep such a
// page (and a DNS-rebinding name that resolves to 127.0.0.1) out.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Names under which the host may be addressed: anything else is a rebinding attempt. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** Why a request must be refused for where it comes from, or null when it may proceed. */
export function foreignRequestReason(req: IncomingMessage, port: number, isApi: boolean): string | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).has(host)) return 'This address is not Broadsheet’s own.';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).has(origin.toLowerCase())) {
    return 'Requests from other sites are not allowed.';
  }
  // Browsers that send Sec-Fetch-Site say plainly whether another site started the request.
  // Static files are public, and a link from elsewhere to the app's page is harmless, so
  // only the API is closed to them.
  const site = req.headers['sec-fetch-site'];
  if (isApi && site !== undefined && site !== 'same-origin' && site !== 'none') {
    return 'Requests from other sites are not allowed.';
  }
  return null;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares in constant time (over digests, so the lengths always match). */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined || given.length === 0) return false;
  return timingSafeEqual(digest(expected), digest(given));
}
