// Before any spec: make sure there is an app to test and something to drive it
// with, and say plainly what is missing otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FullConfig } from '@playwright/test';
import { NO_CHROMIUM_MESSAGE, NO_ELECTRON_REASON, findChromium, findElectron } from './fixtures/binaries.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function build(script: string): void {
  process.stdout.write(`Building first: npm run ${script}\n`);
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', script], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`"npm run ${script}" failed, so there is no app to test.`);
}

export default function globalSetup(config: FullConfig): void {
  const selected = new Set(config.projects.map((p) => p.name));
  const electron = findElectron();
  if (!existsSync(`${ROOT}dist/renderer/index.html`)) build('build:renderer');
  if (selected.has('web') && !findChromium().found) throw new Error(NO_CHROMIUM_MESSAGE);
  if (selected.has('electron')) {
    if (!electron) process.stdout.write(`${NO_ELECTRON_REASON}\n`);
    else if (!existsSync(`${ROOT}dist/main/main.js`) || !existsSync(`${ROOT}dist/preload/preload.cjs`)) build('build:electron');
  }
}
