// Starts the web host for one library folder: the composition root shared by
// `broadsheet serve` and `npm start` on machines without Electron.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAssetStore } from '../core/articles/asset-store.ts';
import { openLibrary, type Library } from '../core/library.ts';
import { describeUpdateProgress, prepareLibraryUpdate } from '../core/library-update.ts';
import { stderrLogger, type Logger } from '../core/logger.ts';
import { NoticeBoard } from '../core/notices.ts';
import { createConfSettingsStore, settingsResetMessage } from '../core/settings-conf.ts';
import { packageVersion } from '../core/diagnostics/package-version.ts';
import { RecordingLogger } from '../core/diagnostics/recent-log.ts';
import { createHost, type Host } from './server.ts';

/** Where `npm run build:renderer` puts the app. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export interface WebHostOptions {
  dataDir: string;
  port?: number;
  rendererDir?: string;
  logger?: Logger;
  /** Where the steps of a schema update are told, a line each (standard error by default). */
  onUpdateProgress?: (line: string) => void;
}

export interface RunningWebHost {
  host: Host;
  library: Library;
  url: string;
  /** Stops answering, then closes the library, so nothing is written after the database is shut. */
  close(): Promise<void>;
}

/** The host prints its address itself; of the log, only problems are worth a line on the terminal. */
function quietLogger(): Logger {
  const stderr = stderrLogger('broadsheet');
  return { info: () => {}, warn: stderr.warn, error: stderr.error };
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  // Recent problems are kept for diagnostics as well as written out.
  const logger = new RecordingLogger(options.logger ?? quietLogger());
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (error) {
    throw new Error(`Broadsheet cannot create its library folder ${options.dataDir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    logger.warn(`The app has not been built yet (${rendererDir} is missing): run "npm run build:renderer", or "npm start" which builds it.`);
  }
  const settings = createConfSettingsStore({ cwd: options.dataDir, logger });
  // Told in the app, not only in a log: preferences set aside, a library set aside (openLibrary posts that).
  const notices = new NoticeBoard();
  if (settings.damaged) notices.post('settings-reset', settingsResetMessage(settings.damaged.keptAt), { keptAt: settings.damaged.keptAt });
  // A library due a schema update is backed up first without blocking, a line per step: on a big one that takes a minute.
  const tell = options.onUpdateProgress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const prepared = await prepareLibraryUpdate(options.dataDir, {
    program: 'web-host',
    logger,
    onProgress: (progress) => tell(describeUpdateProgress(progress)),
  });
  const library = openLibrary({
    prepared,
    dataDir: options.dataDir,
    settings,
    notices,
    logger,
    recentLog: logger,
    appVersion: packageVersion(),
    program: 'web-host',
  });
  let host: Host;
  try {
    host = await createHost({
      api: library,
      rendererDir,
      assets: createAssetStore(options.dataDir),
      ...(options.port !== undefined ? { port: options.port } : {}),
      logger,
    });
  } catch (error) {
    library.close();
    throw error;
  }
  library.startAutoRefresh();

  let closing: Promise<void> | null = null;
  return {
    host,
    library,
    url: host.url,
    close() {
      closing ??= host.close().then(() => library.close());
      return closing;
    },
  };
}

/** Closes the host cleanly on Ctrl+C or a service manager's stop, then lets the process end. */
export function closeOnSignals(running: RunningWebHost, onClosed: () => void = () => {}): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`\nBroadsheet is stopping (${signal})…\n`);
    running.close().then(
      () => {
        onClosed();
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Broadsheet could not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
