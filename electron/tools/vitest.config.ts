// Unit tests live next to the code they test (*.test.ts) in electron/ and renderer/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['electron/**/*.test.ts', 'renderer/**/*.test.ts'],
    environment: 'node',
    // Some tests start real processes and servers; on a busy 2-core machine they need room.
    testTimeout: 60_000,
    pool: 'forks',
    // Inlined so that tests' vi.mock('electron') also reaches electron-store's own import of it.
    server: { deps: { inline: ['electron-store'] } },
  },
});
