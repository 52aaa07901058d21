// The updating window, on the fake Electron (electron/main/testing/fake-electron.ts):
// how it is locked down, how it shows each step, that closing it asks the
// reader to wait; and its page, served by the real app protocol handler and
// its script run against a minimal document.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => await import('../testing/fake-electron.ts'));
const fake = await import('../testing/fake-electron.ts');
const { createUpdateWindow, UPDATE_PAGE_URL } = await import('./update-window.ts');
const { createAppRequestHandler } = await import('../protocols/app-protocol.ts');
const { CONTENT_SECURITY_POLICY } = await import('../../core/app-files.ts');

const PUBLIC_DIR = fileURLToPath(new URL('../../../renderer/public/', import.meta.url));

beforeEach(() => {
  fake.BrowserWindow.windows.splice(0);
  fake.calls.splice(0);
  fake.messageBoxAnswers.splice(0);
});

function lastWindow() {
  const win = fake.BrowserWindow.windows.at(-1);
  if (!win) throw new Error('no window was made');
  return win;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the updating window', () => {
  it('is locked down like the main window, with no preload, and shows the app’s own page', async () => {
    const updating = createUpdateWindow({ onQuit: () => {} });
    const win = lastWindow();
    expect(win.options.webPreferences).toEqual(
      expect.objectContaining({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false }),
    );
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    expect(win.options.show).toBe(false);
    await updating.showPhase('copying');
    expect(win.loaded).toEqual(['app://broadsheet/updating.html#copying']);
    await settle();
    expect(win.shown).toBe(true);
  });

  it('names each step in the page address, once', async () => {
    const updating = createUpdateWindow({ onQuit: () => {} });
    for (const phase of ['copying', 'packing', 'packing', 'updating'] as const) await updating.showPhase(phase);
    expect(lastWindow().loaded).toEqual([`${UPDATE_PAGE_URL}#copying`, `${UPDATE_PAGE_URL}#packing`, `${UPDATE_PAGE_URL}#updating`]);
  });

  it('asks the reader to wait when they close it, and quits only if they choose to', async () => {
    const onQuit = vi.fn();
    createUpdateWindow({ onQuit });
    const win = lastWindow();
    fake.messageBoxAnswers.push(0);
    win.close();
    await settle();
    expect(win.destroyed).toBe(false);
    const asked = fake.calls.filter((call) => call.api === 'dialog.showMessageBox');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.args[0]).toMatchObject({ message: 'Broadsheet is updating your library.', buttons: ['Keep Updating', 'Quit'], cancelId: 0 });
    expect(onQuit).not.toHaveBeenCalled();

    fake.messageBoxAnswers.push(1);
    win.close();
    await settle();
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it('closes without asking once the app closes it', () => {
    const updating = createUpdateWindow({ onQuit: () => {} });
    updating.close();
    expect(lastWindow().destroyed).toBe(true);
    expect(fake.calls.filter((call) => call.api === 'dialog.showMessageBox')).toEqual([]);
  });
});

describe('the updating page', () => {
  it('is served with the app’s policy, and loads only its own script and styles (no inline ones)', async () => {
    const handler = createAppRequestHandler(PUBLIC_DIR);
    for (const file of ['updating.html', 'updating.js', 'updating.css']) {
      const reply = await handler(new Request(`app://broadsheet/${file}`));
      expect(reply.status, file).toBe(200);
      expect(reply.headers.get('content-security-policy'), file).toBe(CONTENT_SECURITY_POLICY);
    }
    const html = readFileSync(`${PUBLIC_DIR}updating.html`, 'utf8');
    expect([...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]?.trim())).toEqual(['src="./updating.js" defer']);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('role="progressbar"');
  });

  it('shows the step named in its address, and follows it as it changes; anything else reads as the first step', () => {
    const line = { textContent: '' };
    const listeners = new Map<string, () => void>();
    const context = {
      location: { hash: '#packing' },
      document: { title: '', getElementById: (id: string) => (id === 'phase' ? line : null) },
      window: { addEventListener: (name: string, listener: () => void) => listeners.set(name, listener) },
    };
    runInNewContext(readFileSync(`${PUBLIC_DIR}updating.js`, 'utf8'), context);
    expect(line.textContent).toBe('Packing the safety copy.');
    expect(context.document.title).toBe('Updating Broadsheet — Packing the safety copy');
    context.location.hash = '#updating';
    listeners.get('hashchange')?.();
    expect(line.textContent).toBe('Updating your library now.');
    context.location.hash = '#<img src=x>';
    listeners.get('hashchange')?.();
    expect(line.textContent).toBe('Making a safety copy first.');
  });
});
