// Two ways to run the same specs: "web" drives Broadsheet in Chromium through
// its web host; "electron" drives the desktop app and is skipped, with the
// reason printed, where no Electron binary is installed.
import { defineConfig } from '@playwright/test';

const CI = !!process.env.CI;

export default defineConfig({
  testDir: './specs',
  outputDir: './.output/test-results',
  globalSetup: './global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: 2,
  reporter: [['list'], ['html', { open: 'never', outputFolder: './.output/report' }]],
  projects: [
    { name: 'web', metadata: { shell: 'web host + Chromium' } },
    { name: 'electron', metadata: { shell: 'Electron' } },
  ],
});
