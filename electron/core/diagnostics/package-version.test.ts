import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageVersion } from './package-version.ts';

describe('packageVersion', () => {
  it('reads the version from the project’s own package.json', () => {
    const own = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(packageVersion()).toBe(own.version);
  });

  it('says "unknown" for a missing, unreadable or version-less file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-version-'));
    try {
      const file = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return pathToFileURL(join(dir, name));
      };
      expect(packageVersion(pathToFileURL(join(dir, 'none.json')))).toBe('unknown');
      expect(packageVersion(file('broken.json', '{"version": '))).toBe('unknown');
      expect(packageVersion(file('bare.json', '{"name": "x"}'))).toBe('unknown');
      expect(packageVersion(file('good.json', '{"version": "2.0.1"}'))).toBe('2.0.1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
