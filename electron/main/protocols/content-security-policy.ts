// The policy every page and file served on app://broadsheet/ carries. The
// renderer's own <meta> CSP may narrow it further; it can never widen it.
// No 'unsafe-inline' styles: Lit's styles are constructable stylesheets,
// which style-src does not govern.
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
