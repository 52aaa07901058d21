import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

const electron = vi.hoisted(() => ({
  Menu: {
    buildFromTemplate: vi.fn((template: unknown) => ({ template })),
    setApplicationMenu: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

const { buildMenuTemplate, setupMenu } = await import('./menu.ts');

function actions() {
  return { sendCommand: vi.fn(), setTheme: vi.fn(), showLibraryFolder: vi.fn() };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = flatten(items).find((item) => item.label === label);
  if (!found) throw new Error(`no menu item "${label}"`);
  return found;
}

const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('application menu', () => {
  it('sends add-feed and refresh-all to the page, with the usual shortcuts', () => {
    const a = actions();
    const template = buildMenuTemplate({ appName: 'Broadsheet', platform: 'linux', isPackaged: true, theme: 'system', actions: a });
    const add = find(template, 'Add Feed…');
    const refresh = find(template, 'Refresh All');
    expect(add.accelerator).toBe('CmdOrCtrl+N');
    expect(refresh.accelerator).toBe('CmdOrCtrl+R');
    click(add);
    click(refresh);
    click(find(template, 'Toggle Bookmark'));
    expect(a.sendCommand.mock.calls).toEqual([['add-feed'], ['refresh-all'], ['toggle-bookmark']]);
  });

  it('offers Save Page and Import Saved Page in File, sent to the page as commands', () => {
    const a = actions();
    const template = buildMenuTemplate({ appName: 'Broadsheet', platform: 'darwin', isPackaged: true, theme: 'system', actions: a });
    const file = template.find((item) => item.label === '&File');
    const fileLabels = (file?.submenu as MenuItemConstructorOptions[]).map((item) => item.label);
    expect(fileLabels).toEqual(expect.arrayContaining(['Save Page…', 'Import Saved Page…']));
    const save = find(template, 'Save Page…');
    const importPage = find(template, 'Import Saved Page…');
    expect(save.accelerator).toBe('CmdOrCtrl+S');
    expect(importPage.accelerator).toBe('CmdOrCtrl+O');
    click(save);
    click(importPage);
    expect(a.sendCommand.mock.calls).toEqual([['save-page'], ['import-page']]);
  });

  it('offers New Folder, Import Subscriptions and Export Subscriptions in File, sent to the page as commands', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const a = actions();
      const template = buildMenuTemplate({ appName: 'Broadsheet', platform, isPackaged: true, theme: 'system', actions: a });
      const file = template.find((item) => item.label === '&File');
      const fileLabels = (file?.submenu as MenuItemConstructorOptions[]).map((item) => item.label);
      expect(fileLabels).toEqual(expect.arrayContaining(['New Folder…', 'Import Subscriptions…', 'Export Subscriptions…']));
      expect(find(template, 'New Folder…').accelerator).toBe('CmdOrCtrl+Shift+N');
      click(find(template, 'New Folder…'));
      click(find(template, 'Import Subscriptions…'));
      click(find(template, 'Export Subscriptions…'));
      expect(a.sendCommand.mock.calls).toEqual([['new-folder'], ['import-opml'], ['export-opml']]);
    }
  });

  it('offers Search, Mark All as Read, Settings and Keyboard Shortcuts, sent to the page as commands', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const a = actions();
      const template = buildMenuTemplate({ appName: 'Broadsheet', platform, isPackaged: true, theme: 'system', actions: a });
      const view = template.find((item) => item.label === '&View');
      const viewLabels = (view?.submenu as MenuItemConstructorOptions[]).map((item) => item.label);
      expect(viewLabels).toEqual(expect.arrayContaining(['Search', 'Mark All as Read']));
      const settings = find(template, 'Settings…');
      const appMenu = template[0]?.submenu as MenuItemConstructorOptions[];
      // macOS users look for Settings in the application menu; others in View.
      expect(appMenu.includes(settings)).toBe(platform === 'darwin');
      expect(find(template, 'Search').accelerator).toBe('CmdOrCtrl+F');
      expect(find(template, 'Mark All as Read').accelerator).toBe('CmdOrCtrl+Shift+A');
      expect(settings.accelerator).toBe('CmdOrCtrl+,');
      for (const label of ['Search', 'Mark All as Read', 'Settings…', 'Keyboard Shortcuts']) click(find(template, label));
      expect(a.sendCommand.mock.calls).toEqual([['search'], ['mark-all-read'], ['settings'], ['shortcuts']]);
    }
  });

  it('offers Copy Diagnostics in Help on every platform, sent to the page to copy', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const a = actions();
      const template = buildMenuTemplate({ appName: 'Broadsheet', platform, isPackaged: true, theme: 'system', actions: a });
      const help = template.find((item) => item.role === 'help');
      const helpLabels = (help?.submenu as MenuItemConstructorOptions[]).map((item) => item.label);
      expect(helpLabels).toContain('Copy Diagnostics');
      click(find(template, 'Copy Diagnostics'));
      expect(a.sendCommand.mock.calls).toEqual([['copy-diagnostics']]);
      expect(a.showLibraryFolder).not.toHaveBeenCalled();
    }
  });

  it('offers the sepia theme beside the others', () => {
    const a = actions();
    const template = buildMenuTemplate({ appName: 'Broadsheet', platform: 'linux', isPackaged: true, theme: 'sepia', actions: a });
    const sepia = find(template, 'Sepia');
    expect(sepia.checked).toBe(true);
    click(sepia);
    expect(a.setTheme).toHaveBeenCalledWith('sepia');
  });

  it('no shortcut is claimed twice', () => {
    for (const isPackaged of [true, false]) {
      for (const platform of ['darwin', 'linux', 'win32'] as const) {
        const template = buildMenuTemplate({ appName: 'Broadsheet', platform, isPackaged, theme: 'system', actions: actions() });
        const accelerators = flatten(template).flatMap((item) => (item.accelerator ? [String(item.accelerator)] : []));
        expect(new Set(accelerators).size, `${platform} packaged=${isPackaged}`).toBe(accelerators.length);
      }
    }
  });

  it('offers developer tools only in development builds', () => {
    const roles = (isPackaged: boolean) =>
      flatten(buildMenuTemplate({ appName: 'Broadsheet', platform: 'linux', isPackaged, theme: 'system', actions: actions() })).map(
        (item) => item.role,
      );
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('forceReload');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('has the macOS app menu only on macOS, and Quit in File elsewhere', () => {
    const mac = buildMenuTemplate({ appName: 'Broadsheet', platform: 'darwin', isPackaged: true, theme: 'system', actions: actions() });
    expect(mac[0]?.label).toBe('Broadsheet');
    const linux = buildMenuTemplate({ appName: 'Broadsheet', platform: 'linux', isPackaged: true, theme: 'system', actions: actions() });
    expect(linux[0]?.label).toBe('&File');
    expect(flatten(linux).some((item) => item.role === 'quit')).toBe(true);
  });

  it('shows the current theme checked and changes it through the actions', () => {
    const a = actions();
    const template = buildMenuTemplate({ appName: 'Broadsheet', platform: 'linux', isPackaged: true, theme: 'dark', actions: a });
    expect(find(template, 'Dark').checked).toBe(true);
    expect(find(template, 'Light').checked).toBe(false);
    expect(find(template, 'Match System').checked).toBe(false);
    click(find(template, 'Light'));
    expect(a.setTheme).toHaveBeenCalledWith('light');
  });

  it('installs the built menu as the application menu', () => {
    setupMenu({ appName: 'Broadsheet', platform: 'linux', isPackaged: true, theme: 'system', actions: actions() });
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(
      expect.objectContaining({ template: expect.any(Array) }),
    );
  });
});
