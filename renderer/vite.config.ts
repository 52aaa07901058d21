// Builds the renderer into dist/renderer. The output must run under the strict
// CSP in index.html, so nothing may be inlined as a script and every asset is
// referenced relatively (the page is served from a custom protocol in Electron
// and from the web host's root elsewhere).
import { defineConfig } from 'vite';

export default defineConfig({
  // import.meta.dirname, not node:url: the import rules keep Node modules out of renderer/.
  root: import.meta.dirname,
  base: './',
  // public/ holds boot.js, copied as it is: a classic script that must run before the first paint.
  publicDir: 'public',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    // The polyfill would be injected as code the CSP does not allow; Chromium needs none.
    modulePreload: { polyfill: false },
    // Fonts and icons stay files, never data: URLs, so the CSP stays 'self' only.
    assetsInlineLimit: 0,
    sourcemap: true,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
