import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirOverride } from './data-dir.ts';

describe('dataDirOverride', () => {
  it('is null when nothing asks for another folder', () => {
    expect(dataDirOverride(['/usr/bin/electron', '/app'], {})).toBeNull();
    expect(dataDirOverride(['/usr/bin/electron', '/app'], { BROADSHEET_DATA_DIR: '  ' })).toBeNull();
  });

  it('takes --data-dir in either spelling, resolved against the working folder', () => {
    expect(dataDirOverride(['electron', '.', '--data-dir=/tmp/lib'], {})).toBe('/tmp/lib');
    expect(dataDirOverride(['electron', '.', '--data-dir', 'lib'], {}, '/home/me')).toBe(path.resolve('/home/me', 'lib'));
  });

  it('falls back to BROADSHEET_DATA_DIR, and the flag wins over it', () => {
    expect(dataDirOverride(['electron', '.'], { BROADSHEET_DATA_DIR: '/srv/env' })).toBe('/srv/env');
    expect(dataDirOverride(['electron', '.', '--data-dir=/srv/flag'], { BROADSHEET_DATA_DIR: '/srv/env' })).toBe('/srv/flag');
  });

  it('ignores a flag without a value', () => {
    expect(dataDirOverride(['electron', '.', '--data-dir'], { BROADSHEET_DATA_DIR: '/srv/env' })).toBe('/srv/env');
    expect(dataDirOverride(['electron', '.', '--data-dir='], {})).toBeNull();
  });
});
