// Starts a built main bundle under plain Node with fake-electron.ts standing
// in for 'electron', drives it the way a window would (protocol request, IPC
// calls, a real feed served on 127.0.0.1) and prints what happened as JSON.
// Usage: BROADSHEET_DATA_DIR=DIR node run-bundle.ts path/to/main.js
import { createServer } from 'node:http';
import { registerHooks } from 'node:module';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

const fakeUrl = new URL('./fake-electron.ts', import.meta.url).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: fakeUrl, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
const fake = await import('./fake-electron.ts');

const bundle = process.argv[2];
if (!bundle) throw new Error('usage: run-bundle.ts MAIN_BUNDLE');

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>The Harbour Gazette</title><link>http://harbour.example/</link><description>Local news</description>
  <item><guid>harbour-1</guid><title>Ferry timetable changes for winter</title><link>http://harbour.example/ferry</link>
    <pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate><description>&lt;p&gt;The winter timetable starts on Monday.&lt;/p&gt;</description></item>
</channel></rss>`;
const server = createServer((_request, response) => {
  response.setHeader('content-type', 'application/rss+xml; charset=utf-8');
  response.end(FEED);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

await import(pathToFileURL(bundle).href);
fake.becomeReady();
await waitFor(() => fake.BrowserWindow.windows.length > 0 || fake.calls.some((c) => c.api === 'app.exit'), 'the window');
const win = fake.BrowserWindow.windows[0];
if (!win) throw new Error(`no window; calls: ${JSON.stringify(fake.calls)}`);
await waitFor(() => win.shown, 'the window to show');

const appFrame = { senderFrame: { url: 'app://broadsheet/index.html', parent: null }, sender: win.webContents };
const invoke = async (method: string, event: unknown, ...args: unknown[]) => {
  const handler = fake.ipcHandlers.get(`broadsheet:${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(event, ...args);
};

const report: Record<string, unknown> = {};
report.channels = [...fake.ipcHandlers.keys()].sort();
report.listSources = await invoke('listSources', appFrame);
report.getSettings = await invoke('getSettings', appFrame);
report.updateSettings = await invoke('updateSettings', appFrame, { theme: 'dark' });
report.themeSource = fake.nativeTheme.themeSource;
report.foreign = await invoke('listSources', { senderFrame: { url: 'https://evil.example/', parent: null } });
report.invalid = await invoke('addFeed', appFrame, '');
report.addFeed = await invoke('addFeed', appFrame, `http://127.0.0.1:${port}/feed.xml`);
report.listArticles = await invoke('listArticles', appFrame, { view: 'all', limit: 20 });
report.sentChannels = [...new Set(win.webContents.sent.map(([channel]) => channel))].sort();

const handler = fake.protocolHandler;
if (!handler) throw new Error('no app protocol handler');
const page = await handler(new Request('app://broadsheet/index.html'));
report.protocol = {
  status: page.status,
  type: page.headers.get('content-type'),
  csp: page.headers.get('content-security-policy'),
  body: await page.text(),
};
report.window = {
  url: win.webContents.url,
  webPreferences: win.options.webPreferences,
  backgroundColor: win.options.backgroundColor,
};
const openHandler = win.webContents.windowOpenHandler as (details: { url: string }) => unknown;
report.windowOpen = openHandler({ url: 'https://example.com/story' });

fake.app.emit('window-all-closed');
fake.app.emit('will-quit');
report.afterQuit = await invoke('listSources', appFrame);
report.calls = fake.calls;

server.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
