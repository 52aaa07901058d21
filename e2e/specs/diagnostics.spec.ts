// Diagnostics and notices, as a reader meets them: Settings → Help → "Copy
// diagnostics" puts a report on the clipboard that names the version and
// holds none of the articles; and a notice the core posts at start (here, a
// damaged library file set aside) is shown in plain words until dismissed.
// (Restoring a backup from the notice is recovery.spec.ts's.)
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '../fixtures/app.ts';
import { axeProblems, describeProblems } from '../fixtures/axe.ts';
import { startHostProcess } from '../fixtures/host-process.ts';
import { HARBOUR_GAZETTE } from '../fixtures/news-site.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

test.describe('Copy diagnostics', () => {
  // The browser's clipboard is granted through its context; Electron's is a session permission.
  const WEB_ONLY = 'The clipboard is granted through the browser context, which the web project has.';

  test('Settings → Help → Copy diagnostics puts the version, sizes and counts on the clipboard, and no article', async ({ app, newsSite }, testInfo) => {
    test.skip(testInfo.project.name !== 'web', WEB_ONLY);
    await app.subscribeTo(newsSite.rssUrl);
    const origin = new URL(app.page.url()).origin;
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });

    await app.settings.open();
    const help = app.settings.dialog.getByRole('region', { name: 'Help' });
    await expect(help).toContainText(`Broadsheet ${VERSION}, web host`);
    await help.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expect(help.getByRole('status')).toHaveText('Diagnostics copied. They hold versions, sizes and recent errors — no articles.');

    const text = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(text).toMatch(/^Broadsheet diagnostics\n/);
    expect(text).toContain(`Broadsheet: ${VERSION}\n`);
    expect(text).toContain('Running as: web host\n');
    expect(text).toContain('Feeds: 1\n');
    expect(text).toContain(`Articles: ${HARBOUR_GAZETTE.articleCount} (`);
    for (const title of [HARBOUR_GAZETTE.title, ...HARBOUR_GAZETTE.articles]) expect(text).not.toContain(title);
    expect(text).not.toContain(new URL(newsSite.rssUrl).pathname);
  });

  test('When the clipboard refuses, the report is shown, selected, to copy by hand', async ({ app }, testInfo) => {
    test.skip(testInfo.project.name !== 'web', WEB_ONLY);
    await app.page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await app.settings.open();
    const help = app.settings.dialog.getByRole('region', { name: 'Help' });
    await help.getByRole('button', { name: 'Copy diagnostics' }).click();

    const dialog = app.page.getByRole('dialog', { name: 'Diagnostics' });
    await expect(dialog).toBeVisible();
    const area = dialog.getByRole('textbox', { name: 'Diagnostics text' });
    await expect(area).toBeFocused();
    await expect(area).toHaveValue(new RegExp(`^Broadsheet diagnostics\\n[\\s\\S]*Broadsheet: ${VERSION.replaceAll('.', '\\.')}\\n`));
    const selected = await area.evaluate((el: HTMLTextAreaElement) => el.selectionEnd - el.selectionStart);
    expect(selected).toBe((await area.inputValue()).length);
    await expect(help.getByRole('status')).toHaveText('The clipboard could not be used, so the diagnostics are shown to copy by hand.');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(app.settings.dialog).toBeVisible();
  });
});

test('A notice posted at start (a damaged library set aside) is shown in plain words, and stays dismissed', async ({ webBrowser, dataDir }, testInfo) => {
  test.skip(testInfo.project.name !== 'web' || webBrowser === null, 'Starts the web host on a folder prepared beforehand.');
  // Not a database at all: the library is set aside at start and an empty one opens.
  await writeFile(path.join(dataDir, 'library.db'), randomBytes(16 * 1024));
  const host = await startHostProcess(dataDir);
  const context = await webBrowser!.newContext({ viewport: { width: 1280, height: 820 }, colorScheme: 'light' });
  try {
    const page = await context.newPage();
    await page.goto(host.url);

    const notices = page.getByRole('region', { name: 'Notices' });
    const notice = notices.getByRole('alert');
    await expect(notice).toContainText('Your library could not be read');
    await expect(notice).toContainText('Broadsheet could not read your library file, so it started with an empty one.');
    await expect(notice).toContainText(path.join(dataDir, 'damaged'));
    // No backup was there to offer.
    await expect(notices.getByRole('button', { name: /^Restore backup from/ })).toHaveCount(0);
    // Readable and well named in every theme, as the rest of the window is (accessibility.spec.ts).
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      const problems = await axeProblems(page, `notice (${scheme})`);
      expect(problems, describeProblems(problems)).toEqual([]);
    }

    // Dismissing it declines the backup it would offer: the button says so, and asks first.
    const keep = notices.getByRole('button', { name: 'Keep the empty library' });
    await keep.focus();
    await page.keyboard.press('Enter');
    const question = page.getByRole('alertdialog', { name: 'Keep the empty library?' });
    await expect(question).toContainText(`Your damaged file stays in ${path.join(dataDir, 'damaged')}`);
    await question.getByRole('button', { name: 'Keep the empty library' }).click();
    await expect(notices).toHaveCount(0);

    // Dismissed in the library, not only on this page.
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Sources' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Notices' })).toHaveCount(0);
  } finally {
    await context.close();
    await host.stop();
  }
});
