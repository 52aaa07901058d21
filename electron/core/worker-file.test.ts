import { describe, expect, it } from 'vitest';
import { workerFileUrl } from './worker-file.ts';

describe('workerFileUrl', () => {
  it('finds the worker beside its module as TypeScript, and beside the bundle as JavaScript', () => {
    expect(workerFileUrl('w', 'file:///app/electron/core/store/database-thread.ts').href).toBe('file:///app/electron/core/store/w.ts');
    expect(workerFileUrl('w', 'file:///app/dist/main/main.js').href).toBe('file:///app/dist/main/w.mjs');
  });

  it('looks beside the asar archive in a packaged app, where workers are unpacked', () => {
    expect(workerFileUrl('w', 'file:///opt/Broadsheet/resources/app.asar/dist/main/main.js').href).toBe(
      'file:///opt/Broadsheet/resources/app.asar.unpacked/dist/main/w.mjs',
    );
    expect(workerFileUrl('w', 'file:///home/me/my-app.asar/dist/main/main.js').href).toBe('file:///home/me/my-app.asar/dist/main/w.mjs');
  });
});
