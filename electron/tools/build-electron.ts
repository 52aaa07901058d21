// Bundles the Electron main process and preload:
//   electron/main/index.ts     → dist/main/main.js        (ESM, Node, electron external)
//   electron/core/feeds/read-feed-worker.ts → dist/main/read-feed-worker.mjs (the feed reader
//                                thread, which the main bundle starts from beside itself)
//   electron/core/articles/extract-article-worker.ts → dist/main/extract-article-worker.mjs
//                                (the article extractor thread, started the same way)
//   electron/core/store/database-worker.ts → dist/main/database-worker.mjs (checks and copies
//                                the whole library file off the main thread)
//   electron/preload/index.ts  → dist/preload/preload.cjs (one CommonJS file: sandboxed
//                                preloads can require nothing but 'electron')
// Run: node electron/tools/build-electron.ts
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { EXTRACT_ARTICLE_WORKER } from '../core/articles/extractor-pool.ts';
import { READ_FEED_WORKER } from '../core/feeds/feed-reader-pool.ts';
import { DATABASE_WORKER } from '../core/store/database-thread.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Worker threads, each bundled beside main.js, where the pools that start them look (see electron/core/worker-file.ts). */
const WORKERS = [
  { folder: 'electron/core/feeds', name: READ_FEED_WORKER },
  { folder: 'electron/core/articles', name: EXTRACT_ARTICLE_WORKER },
  { folder: 'electron/core/store', name: DATABASE_WORKER },
] as const;

// Bundled CommonJS dependencies call `require`, which an ES module lacks;
// give the bundle one that resolves from its own location.
const esmRequireBanner = [
  "import { createRequire as __broadsheetCreateRequire } from 'node:module';",
  'const require = __broadsheetCreateRequire(import.meta.url);',
].join('\n');

const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  external: ['electron'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

/** `outDir` defaults to dist/; tests build elsewhere so they never race a real build. */
export async function buildElectron(options: { outDir?: string } = {}): Promise<void> {
  const outDir = path.resolve(root, options.outDir ?? 'dist');
  await Promise.all([
    rm(path.join(outDir, 'main'), { recursive: true, force: true }),
    rm(path.join(outDir, 'preload'), { recursive: true, force: true }),
  ]);
  await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main/index.ts'],
      outfile: path.join(outDir, 'main', 'main.js'),
      platform: 'node',
      format: 'esm',
      target: 'node24',
      // Schemes must be registered before Electron's 'ready'; a top-level await
      // anywhere in the bundle would let 'ready' fire first, so refuse to build one.
      supported: { 'top-level-await': false },
      banner: { js: esmRequireBanner },
    }),
    ...WORKERS.map((worker) =>
      build({
        ...common,
        entryPoints: [`${worker.folder}/${worker.name}.ts`],
        outfile: path.join(outDir, 'main', `${worker.name}.mjs`),
        platform: 'node',
        format: 'esm',
        target: 'node24',
        banner: { js: esmRequireBanner },
      }),
    ),
    build({
      ...common,
      entryPoints: ['electron/preload/index.ts'],
      outfile: path.join(outDir, 'preload', 'preload.cjs'),
      // The preload runs in the renderer's sandbox: browser platform, so nothing
      // reaches for a Node built-in that is not there.
      platform: 'browser',
      format: 'cjs',
      target: 'es2023',
      // Parsed on every page load; zod is most of it.
      minify: true,
    }),
  ]);
}

if (import.meta.main) {
  try {
    await buildElectron();
    const workers = WORKERS.map((worker) => `dist/main/${worker.name}.mjs`).join(', ');
    process.stdout.write(`Built dist/main/main.js, ${workers} and dist/preload/preload.cjs\n`);
  } catch (error) {
    process.stderr.write(`Could not build the Electron main process and preload: ${String(error)}\n`);
    process.exitCode = 1;
  }
}
