// How the built renderer is served, shared by both shells (Electron's app://
// protocol and the web host) so the app runs under identical rules in each:
// one Content-Security-Policy, one set of security headers, one MIME table and
// one way of mapping a request path to a file that can never leave the folder.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The policy on every reply. No 'unsafe-inline' anywhere: Lit's styles are
 * constructable stylesheets, which style-src does not govern, and article HTML
 * is data that must never run. Nothing is fetched from outside the app.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every reply carries, whatever it is (errors included). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type AppFile =
  | { kind: 'file'; filePath: string; size: number }
  | { kind: 'missing' }
  /** The path was malformed or pointed outside the folder. */
  | { kind: 'forbidden' };

/**
 * Maps a URL path (still percent-encoded) to a file inside `rootDir`. Encoded
 * slashes, "..", backslashes, NUL bytes and symbolic links that lead outside
 * the folder are all refused.
 */
export async function resolveAppFile(rootDir: string, urlPathname: string): Promise<AppFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return { kind: 'forbidden' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
  const root = path.resolve(rootDir);
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return { kind: 'forbidden' };
  try {
    const [real, realRoot] = await Promise.all([realpath(candidate), realpath(root)]);
    if (!isInside(realRoot, real)) return { kind: 'forbidden' };
    const info = await stat(real);
    if (!info.isFile()) return { kind: 'missing' };
    return { kind: 'file', filePath: real, size: info.size };
  } catch {
    return { kind: 'missing' };
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
