// Main-process log: one line per message in <logs>/main.log, which a user can
// attach to a bug report, written by electron-log. When the file passes
// MAX_LOG_BYTES it becomes main.old.log (replacing the one before) and a new
// main.log starts, so the log never fills a disk.
//
// electron-log/node, not electron-log/main: importing the main entry registers
// an ipcMain listener and handler ('__ELECTRON_LOG__') that any page could
// send to, and its initialize() adds a preload to every session. Renderers
// are untrusted here; the IPC router is their only way in, so nothing of
// electron-log's Electron side is loaded. The node entry writes the same file.
import path from 'node:path';
import electronLog from 'electron-log/node';
import type { Logger } from '../core/logger.ts';

export const LOG_FILE = 'main.log';
export const MAX_LOG_BYTES = 5 * 1024 * 1024;

/** The part of an electron-log logger the adaptor writes through. */
export interface LogTarget {
  info(...params: unknown[]): void;
  warn(...params: unknown[]): void;
  error(...params: unknown[]): void;
}

/** Our Logger over an electron-log one: each message and its details as one line. */
export function adaptLog(target: LogTarget): Logger {
  return {
    info: (message, details) => target.info(line(message, details)),
    warn: (message, details) => target.warn(line(message, details)),
    error: (message, details) => target.error(line(message, details)),
  };
}

/** One string, so electron-log neither spreads an object over several lines nor reads % in a message as a placeholder. */
function line(message: string, details?: Record<string, unknown>): string {
  if (!details || Object.keys(details).length === 0) return message;
  try {
    return `${message} ${JSON.stringify(details)}`;
  } catch {
    return `${message} (details could not be written)`;
  }
}

export interface MainLogOptions {
  /** app.getPath('logs') */
  dir: string;
  /** Also write to the terminal (development runs). */
  echo: boolean;
  /** Tests rotate a small file; the app keeps the default. */
  maxBytes?: number;
}

let created = 0;

export function createMainLogger(options: MainLogOptions): Logger {
  // A logger of its own, so settings here never leak into another one.
  const log = electronLog.create({ logId: `broadsheet-main-${++created}` });
  const { file, console: terminal } = log.transports;
  // Named here so electron-log never looks for a package.json to learn the app's name.
  file.setAppName('Broadsheet');
  file.resolvePathFn = () => path.join(options.dir, LOG_FILE);
  file.maxSize = options.maxBytes ?? MAX_LOG_BYTES;
  file.format = '{iso} [{level}] {text}';
  file.level = 'info';
  // The default rotation: main.log becomes main.old.log, replacing the previous one.
  terminal.level = options.echo ? 'info' : false;
  terminal.format = '{h}:{i}:{s}.{ms} [{level}] {text}';
  terminal.useStyles = false;
  // To stderr, as the other shells do: stdout is for output a caller may read.
  terminal.writeFn = ({ message }) => {
    process.stderr.write(`${message.data.map(String).join(' ')}\n`);
  };
  // Nothing is sent anywhere but the file and the terminal (the ipc transport exists only inside Electron).
  const { ipc, remote } = log.transports as Partial<typeof log.transports>;
  if (ipc) ipc.level = false;
  if (remote) remote.level = false;
  return adaptLog(log);
}
