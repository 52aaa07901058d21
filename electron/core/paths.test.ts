import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './paths.ts';

describe('defaultDataDir', () => {
  it('matches Electron userData for productName Broadsheet on each platform', () => {
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe(join('/home/ann', '.config', 'Broadsheet'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ann')).toBe(join('/xdg', 'Broadsheet'));
    expect(defaultDataDir({}, 'darwin', '/Users/ann')).toBe(join('/Users/ann', 'Library', 'Application Support', 'Broadsheet'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe(
      join('C:\\Users\\ann\\AppData\\Roaming', 'Broadsheet'),
    );
  });

  it('is overridden by BROADSHEET_DATA_DIR', () => {
    expect(defaultDataDir({ BROADSHEET_DATA_DIR: '/tmp/lib', XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ann')).toBe('/tmp/lib');
    expect(defaultDataDir({ BROADSHEET_DATA_DIR: '  ' }, 'linux', '/home/ann')).toBe(join('/home/ann', '.config', 'Broadsheet'));
  });
});
