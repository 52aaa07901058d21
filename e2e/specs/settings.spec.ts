import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/app.ts';

/** Sepia's page colour (tokens.css --bg-app #f6efdf), as the browser reports it. */
const SEPIA_PAGE = 'rgb(246, 239, 223)';

/** Records the first frame in which the page is visible: its theme and background. */
async function watchFirstVisibleFrame(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { firstVisibleFrame?: { theme: string | null; background: string } };
    const look = () => {
      const body = document.body;
      if (body && getComputedStyle(body).visibility === 'visible') {
        w.firstVisibleFrame = { theme: document.documentElement.getAttribute('data-theme'), background: getComputedStyle(body).backgroundColor };
        return;
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
}

test('A reader sets the theme and typography; they apply at once and are still there after a restart, from the first frame', async ({
  app,
  newsSite,
}, testInfo) => {
  await app.subscribeTo(newsSite.rssUrl);
  await app.openArticle('Ferry timetable changes for the winter season');
  const settings = app.settings;
  // A function: after a restart the window is a new one.
  const body = () => app.readerText.locator('.content p').first();

  await test.step('Settings opens from the sidebar with every group', async () => {
    await settings.open();
    for (const group of ['Appearance', 'Reading', 'Downloads and refresh', 'Library']) {
      await expect(settings.dialog.getByRole('heading', { name: group })).toBeVisible();
    }
    await testInfo.attach('Settings (light)', { body: await app.page.screenshot(), contentType: 'image/png' });
  });

  await test.step('Sepia, sans serif, larger, wide and justified: the preview and the article follow at once', async () => {
    await settings.chooseTheme('Sepia');
    await expect(app.page.locator('html')).toHaveAttribute('data-theme', 'sepia');
    await settings.chooseFont('Sans serif');
    await expect(settings.preview).toHaveCSS('font-family', /Source Sans 3/);
    await settings.nudge(settings.textSize, 3);
    await expect(settings.textSize).toHaveValue('22');
    await expect(settings.preview).toHaveCSS('font-size', '22px');
    await settings.chooseWidth('Wide');
    await settings.justify.check();
    await expect(settings.preview).toHaveCSS('text-align', 'justify');
    await testInfo.attach('Settings (sepia)', { body: await app.page.screenshot(), contentType: 'image/png' });
    await settings.close();
    await expect(body()).toHaveCSS('font-family', /Source Sans 3/);
    await expect(body()).toHaveCSS('font-size', '22px');
    await expect(body()).toHaveCSS('text-align', 'justify');
    await expect(app.page.locator('body')).toHaveCSS('background-color', SEPIA_PAGE);
  });

  await test.step('After a restart the first visible frame is already sepia, and the typography is kept', async () => {
    // The settings reply is held back, so a page that painted before knowing the theme would show white first.
    await app.restart({
      beforeLoad: async (page) => {
        await watchFirstVisibleFrame(page);
        await page.route('**/api/getSettings', async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 400));
          await route.continue();
        });
      },
    });
    await expect.poll(() => app.page.evaluate(() => (window as unknown as { firstVisibleFrame?: unknown }).firstVisibleFrame ?? null)).toEqual({
      theme: 'sepia',
      background: SEPIA_PAGE,
    });
    await app.openArticle('Ferry timetable changes for the winter season');
    await expect(body()).toHaveCSS('font-family', /Source Sans 3/);
    await expect(body()).toHaveCSS('font-size', '22px');
    await settings.open();
    await expect(settings.dialog.getByRole('radio', { name: 'Sepia' })).toBeChecked();
    await expect(settings.justify).toBeChecked();
    await settings.close();
  });

  await test.step('Dark and back to light: one design, different colours', async () => {
    for (const theme of ['Dark', 'Light'] as const) {
      await settings.open();
      await settings.chooseTheme(theme);
      await settings.close();
      await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
      await testInfo.attach(`Reader (${theme.toLowerCase()})`, { body: await app.page.screenshot(), contentType: 'image/png' });
    }
  });
});
