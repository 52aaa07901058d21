// Opens the library in a data folder for one command, and gives calls the same
// validation and error shapes they get over IPC and HTTP.
import { mkdirSync } from 'node:fs';
import { openLibrary, type Library } from '../core/library.ts';
import type { Logger } from '../core/logger.ts';
import { createConfSettingsStore } from '../core/settings-conf.ts';
import type { MethodArgs, MethodName, MethodResult } from '../shared/api.ts';
import { dispatch } from '../shared/dispatch.ts';
import { unwrapEnvelope } from '../shared/errors.ts';

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

export function openCliLibrary(dataDir: string): CliLibrary {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new Error(`Broadsheet cannot create its library folder ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  const library: Library = openLibrary({ dataDir, settings: createConfSettingsStore({ cwd: dataDir }), logger: cliLogger });
  return {
    async call(method, ...args) {
      return unwrapEnvelope(await dispatch(library, method, args));
    },
    close: () => library.close(),
  };
}
