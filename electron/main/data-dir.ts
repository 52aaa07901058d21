// Where the library lives when the user (or a test) says so: `--data-dir DIR`
// on the command line, as for the CLI and the web host, else the
// BROADSHEET_DATA_DIR environment variable, else Electron's userData folder.
import path from 'node:path';

export function dataDirOverride(argv: readonly string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): string | null {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    let value: string | undefined;
    if (arg.startsWith('--data-dir=')) value = arg.slice('--data-dir='.length);
    else if (arg === '--data-dir') value = argv[i + 1];
    if (value !== undefined && value.trim() !== '') return path.resolve(cwd, value.trim());
  }
  const fromEnv = env.BROADSHEET_DATA_DIR?.trim();
  return fromEnv ? path.resolve(cwd, fromEnv) : null;
}
