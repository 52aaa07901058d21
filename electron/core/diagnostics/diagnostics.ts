// What "Copy diagnostics" gathers for a bug report: versions, how big the
// library is, and the recent problems. It reads counts and file sizes only,
// never a row's text, so no title, article or address can end up in it.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { DiagnosticEntry, Diagnostics } from '../../shared/models.ts';
import type { LibraryProgram } from '../library-lock.ts';
import { DATABASE_FILE, type Database } from '../store/database.ts';
import { schemaVersion } from '../store/migrations.ts';

/** How each front end is named in a report. */
const SHELL_NAMES: Record<LibraryProgram, string> = { app: 'Electron app', 'web-host': 'web host', cli: 'command line' };

/** What the running process is; tests give their own. */
export interface Runtime {
  versions: Readonly<Record<string, string | undefined>>;
  platform: string;
  release: string;
  arch: string;
}

export interface DiagnosticsInput {
  db: Database;
  dataDir: string;
  appVersion: string;
  /** Which front end opened the library; null when the caller did not say. */
  program: LibraryProgram | null;
  recentErrors: DiagnosticEntry[];
  now: Date;
  runtime?: Runtime;
}

export const processRuntime = (): Runtime => ({
  versions: process.versions,
  platform: process.platform,
  release: os.release(),
  arch: process.arch,
});

export async function collectDiagnostics(input: DiagnosticsInput): Promise<Diagnostics> {
  // The database first, before any await: a restore may close it meanwhile.
  const versions = versionsOf(input, input.runtime ?? processRuntime());
  const counts = countRows(input.db);
  const schema = schemaVersion(input.db);
  const [databaseBytes, images, backups] = await Promise.all([
    databaseSize(input.dataDir),
    folderSize(join(input.dataDir, 'assets')),
    folderSize(join(input.dataDir, 'backups')),
  ]);
  const report: Omit<Diagnostics, 'text'> = {
    generatedAt: input.now.toISOString(),
    versions,
    data: {
      databaseBytes,
      imagesBytes: images.bytes,
      backupsBytes: backups.bytes,
      sources: counts.sources,
      articles: counts.articles,
      bookmarked: counts.bookmarked,
      saved: counts.saved,
      images: images.files,
      schemaVersion: schema,
    },
    recentErrors: input.recentErrors,
  };
  return { ...report, text: diagnosticsText(report) };
}

function versionsOf(input: DiagnosticsInput, runtime: Runtime): Record<string, string> {
  const row = input.db.sql.prepare('SELECT sqlite_version() AS version').get() as { version: string } | undefined;
  const versions: Record<string, string> = {
    broadsheet: input.appVersion,
    shell: input.program ? SHELL_NAMES[input.program] : 'not named',
  };
  // Electron's own and Chromium's exist only in the Electron app.
  for (const name of ['electron', 'chrome', 'node', 'v8'] as const) {
    const version = runtime.versions[name];
    if (version) versions[name] = version;
  }
  if (row?.version) versions['sqlite'] = row.version;
  versions['os'] = `${runtime.platform} ${runtime.release} (${runtime.arch})`;
  return versions;
}

/** The counts a bug report needs; nothing else is read from the rows. */
function countRows(db: Database): { sources: number; articles: number; bookmarked: number; saved: number } {
  const row = db.sql
    .prepare(
      `SELECT (SELECT count(*) FROM sources) AS sources,
              count(*) AS articles,
              coalesce(sum(bookmarked), 0) AS bookmarked,
              coalesce(sum(saved), 0) AS saved
         FROM articles`,
    )
    .get() as { sources: number; articles: number; bookmarked: number; saved: number };
  return { sources: row.sources, articles: row.articles, bookmarked: row.bookmarked, saved: row.saved };
}

/** The database file and its write-ahead log, which holds recent changes until a checkpoint. */
async function databaseSize(dataDir: string): Promise<number> {
  const sizes = await Promise.all([DATABASE_FILE, `${DATABASE_FILE}-wal`].map((name) => fileSize(join(dataDir, name))));
  return sizes.reduce((sum, size) => sum + size, 0);
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Every file under a folder, however deep; a missing folder is empty. */
async function folderSize(dir: string): Promise<{ files: number; bytes: number }> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return { files: 0, bytes: 0 };
  }
  const files = entries.filter((entry) => entry.isFile());
  let bytes = 0;
  // In batches: an image folder can hold tens of thousands of files.
  for (let start = 0; start < files.length; start += 256) {
    const sizes = await Promise.all(files.slice(start, start + 256).map((entry) => fileSize(join(entry.parentPath, entry.name))));
    bytes += sizes.reduce((sum, size) => sum + size, 0);
  }
  return { files: files.length, bytes };
}

const VERSION_LABELS: Record<string, string> = {
  broadsheet: 'Broadsheet',
  shell: 'Running as',
  electron: 'Electron',
  chrome: 'Chromium',
  node: 'Node.js',
  v8: 'V8',
  sqlite: 'SQLite',
  os: 'Operating system',
};

/** The same report as plain text, to paste into a bug report or an email. */
export function diagnosticsText(report: Omit<Diagnostics, 'text'>): string {
  const { data } = report;
  const versions = Object.entries(report.versions).map(([name, value]) => `  ${VERSION_LABELS[name] ?? name}: ${value}`);
  const errors =
    report.recentErrors.length === 0
      ? ['  None since Broadsheet started.']
      : report.recentErrors.map((entry) => `  ${entry.at} ${entry.level.padEnd(5)} ${entry.message}`);
  return [
    'Broadsheet diagnostics',
    `Made at ${report.generatedAt}. It holds versions, sizes and recent errors; no article text, titles or addresses.`,
    '',
    'Versions',
    ...versions,
    '',
    'Library',
    `  Database: ${size(data.databaseBytes)}, schema version ${data.schemaVersion}`,
    `  Images: ${data.images} ${data.images === 1 ? 'file' : 'files'}, ${size(data.imagesBytes)}`,
    `  Backups: ${size(data.backupsBytes)}`,
    `  Feeds: ${data.sources}`,
    `  Articles: ${data.articles} (${data.bookmarked} bookmarked, ${data.saved} saved pages)`,
    '',
    `Recent warnings and errors (${report.recentErrors.length})`,
    ...errors,
    '',
  ].join('\n');
}

/** "4.2 MB (4404019 bytes)": readable, and exact for whoever reads the report. */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]} (${bytes} bytes)`;
}
