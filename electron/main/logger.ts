// Main-process log: one line per message in <logs>/main.log, which a user can
// attach to a bug report. The previous run's log is kept as main.old.log when
// the file grows large, so the log never fills a disk.
import { createWriteStream, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/logger.ts';

const MAX_LOG_BYTES = 5 * 1024 * 1024;

export function createFileLogger(options: { dir: string; echo: boolean }): Logger {
  const file = path.join(options.dir, 'main.log');
  let stream: ReturnType<typeof createWriteStream> | null = null;
  try {
    mkdirSync(options.dir, { recursive: true });
    try {
      if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, path.join(options.dir, 'main.old.log'));
    } catch {
      // No log yet.
    }
    stream = createWriteStream(file, { flags: 'a' });
    stream.on('error', () => {
      stream = null;
    });
  } catch {
    stream = null;
  }

  const write = (level: string, message: string, details?: Record<string, unknown>) => {
    const line = `${new Date().toISOString()} ${level} ${message}${details ? ` ${JSON.stringify(details)}` : ''}\n`;
    stream?.write(line);
    if (options.echo) process.stderr.write(line);
  };
  return {
    info: (message, details) => write('info', message, details),
    warn: (message, details) => write('warn', message, details),
    error: (message, details) => write('error', message, details),
  };
}
