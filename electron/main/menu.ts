// The application menu. Commands that belong to the page (add a feed, refresh,
// bookmark) are sent to the renderer as `appCommand` events, so the menu, the
// toolbar and keyboard shortcuts all end in the same code in the renderer.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppCommand, Theme } from '../shared/models.ts';

export interface MenuActions {
  sendCommand(command: AppCommand['command']): void;
  setTheme(theme: Theme): void;
  showLibraryFolder(): void;
}

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  /** Developer tools and reload are offered only in development builds. */
  isPackaged: boolean;
  theme: Theme;
  actions: MenuActions;
}

const THEMES: ReadonlyArray<{ theme: Theme; label: string }> = [
  { theme: 'system', label: 'Match System' },
  { theme: 'light', label: 'Light' },
  { theme: 'dark', label: 'Dark' },
  { theme: 'sepia', label: 'Sepia' },
];

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { appName, actions, theme } = options;
  const isMac = options.platform === 'darwin';
  const command = (label: string, name: AppCommand['command'], accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => actions.sendCommand(name),
  });

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        // macOS keeps Settings in the application menu.
        command('Settings…', 'settings', 'CmdOrCtrl+,'),
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }

  template.push({
    label: '&File',
    submenu: [
      command('Add Feed…', 'add-feed', 'CmdOrCtrl+N'),
      command('New Folder…', 'new-folder', 'CmdOrCtrl+Shift+N'),
      // Read later: a web address to keep, or a page already saved from a browser (.html).
      command('Save Page…', 'save-page', 'CmdOrCtrl+S'),
      command('Import Saved Page…', 'import-page', 'CmdOrCtrl+O'),
      { type: 'separator' },
      // Subscriptions to and from other readers, as OPML.
      command('Import Subscriptions…', 'import-opml'),
      command('Export Subscriptions…', 'export-opml'),
      { type: 'separator' },
      command('Refresh All', 'refresh-all', 'CmdOrCtrl+R'),
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
    ],
  });

  const editItems: MenuItemConstructorOptions[] = [
    { role: 'undo' },
    { role: 'redo' },
    { type: 'separator' },
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
  ];
  if (isMac) editItems.push({ role: 'pasteAndMatchStyle' });
  editItems.push({ role: 'delete' }, { role: 'selectAll' });
  template.push({ label: '&Edit', submenu: editItems });

  const viewItems: MenuItemConstructorOptions[] = [
    command('Search', 'search', 'CmdOrCtrl+F'),
    // With a modifier: a bare Shift+A is the page's own shortcut, and must stay typeable in text fields.
    command('Mark All as Read', 'mark-all-read', 'CmdOrCtrl+Shift+A'),
    ...(isMac ? [] : [command('Settings…', 'settings', 'CmdOrCtrl+,')]),
    { type: 'separator' },
    {
      label: 'Theme',
      submenu: THEMES.map(
        (entry): MenuItemConstructorOptions => ({
          label: entry.label,
          type: 'radio',
          checked: entry.theme === theme,
          click: () => actions.setTheme(entry.theme),
        }),
      ),
    },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (!options.isPackaged) {
    viewItems.push(
      { type: 'separator' },
      // Plain Ctrl/Cmd+R belongs to Refresh All.
      { role: 'forceReload', accelerator: 'CmdOrCtrl+Shift+R' },
      { role: 'toggleDevTools' },
    );
  }
  template.push({ label: '&View', submenu: viewItems });

  template.push({
    label: '&Article',
    submenu: [
      command('Toggle Bookmark', 'toggle-bookmark', 'CmdOrCtrl+D'),
      command('Mark as Read', 'mark-read'),
      command('Mark as Unread', 'mark-unread'),
    ],
  });

  template.push({
    label: '&Window',
    submenu: isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });

  const helpItems: MenuItemConstructorOptions[] = [
    command('Keyboard Shortcuts', 'shortcuts', 'CmdOrCtrl+/'),
    { type: 'separator' },
    { label: 'Show Library Folder', click: () => actions.showLibraryFolder() },
    // For a bug report: the page copies versions, sizes and recent errors (never articles) to the clipboard.
    command('Copy Diagnostics', 'copy-diagnostics'),
  ];
  if (!isMac) helpItems.push({ type: 'separator' }, { role: 'about', label: `About ${appName}` });
  template.push({ role: 'help', label: '&Help', submenu: helpItems });

  return template;
}

export function setupMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}
