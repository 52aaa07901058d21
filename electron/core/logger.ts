// The core never writes to the console itself; each front end injects where
// its log lines go (electron-log in main, stderr in the CLI and host).
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** Writes one line per message to stderr, for the CLI and the web host. */
export function stderrLogger(prefix = 'broadsheet'): Logger {
  const write = (level: string, message: string, details?: Record<string, unknown>) => {
    const extra = details ? ` ${JSON.stringify(details)}` : '';
    process.stderr.write(`${prefix} ${level}: ${message}${extra}\n`);
  };
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}
