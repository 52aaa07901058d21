// Opens the library in a data folder for one command, and gives calls the same
// validation and error shapes they get over IPC and HTTP.
//
// A command holds the library's lock while it runs, like the app and the web
// host, so one that writes fails plainly (library_busy) while another program
// has the library open. A command that only reads (list, search, export…) then
// reads beside it instead: SQLite's WAL lets a reader proceed next to the writer.
import { mkdirSync } from 'node:fs';
import { openLibrary, openLibraryToRead, type Library } from '../core/library.ts';
import { describeUpdateProgress, prepareLibraryUpdate } from '../core/library-update.ts';
import type { Logger } from '../core/logger.ts';
import { NoticeBoard } from '../core/notices.ts';
import { createConfSettingsStore, settingsResetMessage } from '../core/settings-conf.ts';
import { packageVersion } from '../core/diagnostics/package-version.ts';
import { RecordingLogger } from '../core/diagnostics/recent-log.ts';
import type { MethodArgs, MethodName, MethodResult } from '../shared/api.ts';
import { dispatch } from '../shared/dispatch.ts';
import { ApiError, unwrapEnvelope } from '../shared/errors.ts';

/** Routine progress stays quiet on a terminal; problems are worth a line. */
const cliLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: (message) => process.stderr.write(`broadsheet: ${message}\n`),
};

export interface CliLibrary {
  call<M extends MethodName>(method: M, ...args: MethodArgs<M>): Promise<MethodResult<M>>;
  close(): void;
}

/** `read`: the command only reads, so it may run while another program has the library open. */
export type CliAccess = 'read' | 'write';

export async function openCliLibrary(dataDir: string, access: CliAccess = 'write'): Promise<CliLibrary> {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new Error(`Broadsheet cannot create its library folder ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  // Problems met during this command are kept for `broadsheet diagnostics` as well as printed.
  const logger = new RecordingLogger(cliLogger);
  const settings = createConfSettingsStore({ cwd: dataDir, logger });
  const notices = new NoticeBoard();
  if (settings.damaged) notices.post('settings-reset', settingsResetMessage(settings.damaged.keptAt), { keptAt: settings.damaged.keptAt });
  const options = {
    dataDir,
    settings,
    notices,
    logger,
    recentLog: logger,
    appVersion: packageVersion(),
    program: 'cli' as const,
  };
  let library: Library;
  try {
    // A library due a schema update is backed up first, a line per step: on a big one that takes a minute.
    const prepared = await prepareLibraryUpdate(dataDir, {
      program: 'cli',
      logger,
      onProgress: (progress) => process.stderr.write(`broadsheet: ${describeUpdateProgress(progress)}\n`),
    });
    library = openLibrary({ ...options, prepared });
  } catch (error) {
    if (access === 'write' || !(error instanceof ApiError) || error.code !== 'library_busy') throw error;
    library = openLibraryToRead(options, error);
  }
  // A terminal has no banner: what the app would show (a library or preferences set aside) is printed once.
  for (const notice of notices.list()) process.stderr.write(`broadsheet: ${notice.message}\n`);
  return {
    async call(method, ...args) {
      return unwrapEnvelope(await dispatch(library, method, args));
    },
    close: () => library.close(),
  };
}
