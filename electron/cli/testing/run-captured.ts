// The two ways the command-line tests run `broadsheet` and capture what it
// prints: in this process (quick, on a library folder the test prepared), or
// as a separate process, the way a user runs it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../run.ts';

/** The command line's entry file, for a test that starts and talks to it itself. */
export const CLI_ENTRY = fileURLToPath(new URL('../broadsheet.ts', import.meta.url));

export interface CliOutcome<Code = number> {
  code: Code;
  stdout: string;
  stderr: string;
}

/** Runs one command in this process on the library in `dataDir`. */
export async function runInProcess(dataDir: string, args: string[]): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--data-dir', dataDir], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Runs one command as a separate Node process; its exit code is null if a signal ended it. */
export function runAsProcess(args: string[]): Promise<CliOutcome<number | null>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
