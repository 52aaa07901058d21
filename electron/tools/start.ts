// `npm start`: build, then open Broadsheet in Electron. Where no Electron
// binary is installed (it is downloaded separately from the npm package, and
// some machines cannot), serve the same app with the web host on loopback.
//
// Usage: npm start [-- --data-dir DIR] [-- --port N]
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/paths.ts';
import { closeOnSignals, startWebHost } from '../host/main.ts';
import { findElectronBinary } from './electron-binary.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runScript(script: string): void {
  process.stderr.write(`\n› npm run ${script}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw new Error(`Could not run npm (${result.error.message}).`);
  if (result.status !== 0) throw new Error(`"npm run ${script}" failed; the messages above say why.`);
}

async function main(): Promise<void> {
  let values: { 'data-dir'?: string; port?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { 'data-dir': { type: 'string' }, port: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`npm start: ${(error as Error).message}. Usage: npm start [-- --data-dir DIR] [-- --port N]\n`);
    process.exit(2);
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    process.stderr.write('npm start: --port must be a whole number from 0 to 65535.\n');
    process.exit(2);
  }

  runScript('build:renderer');
  const electron = findElectronBinary();

  if (electron) {
    runScript('build:electron');
    const extra = values['data-dir'] ? ['--data-dir', path.resolve(values['data-dir'])] : [];
    const child = spawn(electron, [root, ...extra], { cwd: root, stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }

  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  process.stdout.write(
    '\nElectron’s binary is not installed on this machine, so Broadsheet is serving the same app in your browser instead:\n',
  );
  const running = await startWebHost({ dataDir, ...(port !== undefined ? { port } : {}) });
  process.stdout.write(`\n  ${running.url}\n\nYour library is in ${dataDir}. Press Ctrl+C to stop.\n`);
  closeOnSignals(running);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
