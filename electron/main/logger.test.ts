import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adaptLog, createMainLogger, LOG_FILE } from './logger.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'broadsheet-logs-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (file = LOG_FILE) => readFileSync(path.join(dir, file), 'utf8').trimEnd().split('\n');

describe('adaptLog', () => {
  it('hands electron-log one string per message: the message, then its details as JSON', () => {
    const seen: Array<[string, unknown[]]> = [];
    const logger = adaptLog({
      info: (...params) => seen.push(['info', params]),
      warn: (...params) => seen.push(['warn', params]),
      error: (...params) => seen.push(['error', params]),
    });
    logger.info('Subscribed', { feedUrl: 'https://news.example/feed', items: 3 });
    logger.warn('Nothing to add');
    logger.error('Odd %s', {});
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    logger.error('Circular', circular);
    expect(seen).toEqual([
      ['info', ['Subscribed {"feedUrl":"https://news.example/feed","items":3}']],
      ['warn', ['Nothing to add']],
      ['error', ['Odd %s']],
      ['error', ['Circular (details could not be written)']],
    ]);
  });
});

describe('createMainLogger', () => {
  it('writes one timestamped line per message to main.log in the logs folder', () => {
    const logger = createMainLogger({ dir: path.join(dir, 'logs'), echo: false });
    logger.info('Starting Broadsheet', { version: '1.2.3' });
    logger.warn('Automatic refresh failed', { error: 'TypeError: fetch failed' });
    logger.error('Keeps % signs: 100%s');
    const written = readFileSync(path.join(dir, 'logs', LOG_FILE), 'utf8').trimEnd().split('\n');
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[info\] +Starting Broadsheet \{"version":"1\.2\.3"\}$/);
    expect(written[1]).toMatch(/\[warn\] +Automatic refresh failed \{"error":"TypeError: fetch failed"\}$/);
    expect(written[2]).toMatch(/\[error\] Keeps % signs: 100%s$/);
  });

  it('keeps the file small: past the limit it becomes main.old.log and a new main.log starts', () => {
    const maxBytes = 4000;
    const logger = createMainLogger({ dir, echo: false, maxBytes });
    for (let n = 0; n < 300; n += 1) logger.info(`Line ${n} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.old.log']);
    // A file is rotated once it has passed the limit, so it never holds much more than the limit.
    expect(statSync(path.join(dir, 'main.log')).size).toBeLessThanOrEqual(maxBytes + 200);
    expect(statSync(path.join(dir, 'main.old.log')).size).toBeLessThanOrEqual(maxBytes + 200);
    // Nothing lost between the two files: the newest line is in main.log, the ones just before it in main.old.log.
    expect(lines().at(-1)).toContain('Line 299 ');
    const old = lines('main.old.log');
    const firstNew = Number(/Line (\d+) /.exec(lines()[0] ?? '')?.[1]);
    expect(old.at(-1)).toContain(`Line ${firstNew - 1} `);
  });

  it('writes to the terminal (stderr) only when asked to', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    createMainLogger({ dir, echo: false }).info('Quiet run');
    expect(stderr).not.toHaveBeenCalled();
    createMainLogger({ dir, echo: true }).warn('Loud run', { n: 1 });
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^\d\d:\d\d:\d\d\.\d{3} \[warn\] +Loud run \{"n":1\}\n$/);
    expect(stdout).not.toHaveBeenCalled();
  });
});

describe('the main log and IPC', () => {
  // In a child process where 'electron' is the recording fake (as in run-bundle.ts),
  // so whatever electron-log would register on ipcMain or the sessions is seen.
  const fakeElectron = new URL('./testing/fake-electron.ts', import.meta.url).href;
  const script = (load: string) => `
    import { registerHooks } from 'node:module';
    registerHooks({
      resolve(specifier, context, next) {
        return specifier === 'electron' ? { url: ${JSON.stringify(fakeElectron)}, shortCircuit: true } : next(specifier, context);
      },
    });
    const fake = await import(${JSON.stringify(fakeElectron)});
    ${load}
    fake.becomeReady();
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.stdout.write(JSON.stringify({
      handlers: [...fake.ipcHandlers.keys()],
      listeners: fake.ipcMain.eventNames().map(String),
      calls: fake.calls.map((call) => call.api),
    }));
  `;
  const inChild = async (load: string) => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script(load)], { cwd: ROOT, timeout: 30_000 });
    return JSON.parse(stdout) as { handlers: string[]; listeners: string[]; calls: string[] };
  };

  it('registers no IPC channel and no preload: the IPC router stays the only way in from a page', async () => {
    const logger = new URL('./logger.ts', import.meta.url).href;
    const seen = await inChild(`
      const { createMainLogger } = await import(${JSON.stringify(logger)});
      const log = createMainLogger({ dir: ${JSON.stringify(dir)}, echo: false });
      log.info('Starting Broadsheet');
      log.error('Something failed', { error: 'Error: boom' });
    `);
    expect(seen).toEqual({ handlers: [], listeners: [], calls: [] });
    expect(lines()).toHaveLength(2);
  }, 40_000);

  it('would see the channel electron-log/main registers, which is why that entry is not used', async () => {
    const seen = await inChild(`await import('electron-log/main');`);
    expect(seen.handlers).toEqual(['__ELECTRON_LOG__']);
    expect(seen.listeners).toEqual(['__ELECTRON_LOG__']);
  }, 40_000);
});
