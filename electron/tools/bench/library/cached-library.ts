// The generated library is kept in the system's temp folder, keyed by the
// generator's version, the schema and the size, so a rerun starts in
// seconds; each run works on a fresh copy, so what one run changes (articles
// opened and marked read) never skews the next.
import { createHash } from 'node:crypto';
import { copyFileSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_FILE } from '../../../core/store/database.ts';
import { LATEST_VERSION, migrations } from '../../../core/store/migrations.ts';
import { generateLibrary, type GeneratedLibrary } from './generate.ts';

/** Bump when the generator changes what it writes. */
const GENERATOR_VERSION = 2;
export const FEEDS = 500;

export interface CachedLibrary extends GeneratedLibrary {
  /** When it was generated (dates run back two years from here). */
  generatedAt: string;
  fromCache: boolean;
}

/**
 * The schema's fingerprint: its version, and a hash of every migration's SQL, so
 * a migration edited before release (same version, new index) also gets a new library.
 */
function schemaKey(): string {
  const hash = createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 10);
  return `s${LATEST_VERSION}-${hash}`;
}

export function cacheDir(articles: number): string {
  return path.join(tmpdir(), 'broadsheet-bench', `library-g${GENERATOR_VERSION}-${schemaKey()}-n${articles}`);
}

/** Returns the cached library, generating it first when absent or when `fresh`. */
export function ensureLibrary(articles: number, fresh: boolean, progress: (line: string) => void): CachedLibrary {
  const dir = cacheDir(articles);
  const metaFile = path.join(dir, 'meta.json');
  if (!fresh && existsSync(metaFile) && existsSync(path.join(dir, DATABASE_FILE))) {
    return { ...(JSON.parse(readFileSync(metaFile, 'utf8')) as CachedLibrary), fromCache: true };
  }
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const now = new Date();
  const result = generateLibrary({ dataDir: partial, articles, feeds: FEEDS, now, progress });
  const meta: CachedLibrary = { ...result, generatedAt: now.toISOString(), fromCache: false };
  writeFileSync(path.join(partial, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  // Only a finished library takes the cache's name: an interrupted build is never reused.
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return meta;
}

/**
 * A working copy of the cached library in `runDir`, with preferences that keep
 * the run quiet: no automatic refresh (the 500 feeds point nowhere).
 */
export function copyLibrary(articles: number, runDir: string): void {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  // A reflink where the file system has them, else a plain copy.
  copyFileSync(path.join(cacheDir(articles), DATABASE_FILE), path.join(runDir, DATABASE_FILE), constants.COPYFILE_FICLONE);
  writeFileSync(path.join(runDir, 'settings.json'), `${JSON.stringify({ refreshIntervalMinutes: 0 }, null, 2)}\n`);
}
