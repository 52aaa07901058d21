import { expect, test } from '../fixtures/app.ts';
import { HOSTILE_ARTICLE, HOSTILE_MARKER } from '../fixtures/site-pages.ts';
import { siteOf } from '../pages/names.ts';

test('A hostile page is kept as clean, readable text: nothing on it runs and nothing leaves the computer', async ({
  app,
  newsSite,
}, testInfo) => {
  const dialogs: string[] = [];
  const requests: string[] = [];
  const appSite = siteOf(app.page.url());
  // Any alert, confirm or prompt would mean the page's own code ran.
  app.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  app.page.context().on('request', (request) => requests.push(request.url()));

  await test.step('The reader saves a page full of scripts, inline handlers, javascript: links, frames, a form, remote CSS and trackers', async () => {
    await app.savePage(newsSite.hostileUrl, HOSTILE_ARTICLE.title);
  });

  await test.step('The story reads well: every paragraph is there', async () => {
    for (const paragraph of HOSTILE_ARTICLE.paragraphs) await expect(app.readerText).toContainText(paragraph);
    await app.captureScreen(testInfo, 'Hostile page, saved clean');
  });

  await test.step('Pointing at and clicking in the story runs nothing', async () => {
    await app.reader.getByText(HOSTILE_ARTICLE.paragraphs[0]).hover();
    await app.reader.getByText(HOSTILE_ARTICLE.paragraphs[0]).click();
    const chart = app.reader.getByText('See the chart');
    if ((await chart.count()) > 0) await chart.click();
  });

  await test.step('No dialog appeared and none of the page’s code ran', async () => {
    expect(dialogs).toEqual([]);
    expect(await app.page.evaluate((marker) => marker in window, HOSTILE_MARKER)).toBe(false);
  });

  await test.step('What is shown holds no script, frame, object, form, handler or javascript: link', async () => {
    const leftovers = await app.readerText.evaluate((article) => {
      const found: string[] = [];
      for (const el of Array.from(article.querySelectorAll('*'))) {
        if (/^(SCRIPT|IFRAME|OBJECT|EMBED|FORM|INPUT|BUTTON|STYLE|LINK|META|BASE)$/.test(el.tagName) && !el.closest('header')) found.push(el.tagName);
        for (const attr of el.getAttributeNames()) if (attr.startsWith('on')) found.push(`${el.tagName}[${attr}]`);
        const href = el.getAttribute('href') ?? el.getAttribute('src') ?? '';
        if (/^\s*(javascript|data|vbscript):/i.test(href)) found.push(`${el.tagName} → ${href.slice(0, 30)}`);
      }
      return found;
    });
    expect(leftovers).toEqual([]);
  });

  await test.step('The window made no request to anywhere but Broadsheet itself', async () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => siteOf(url) !== appSite && !url.startsWith('data:'))).toEqual([]);
  });
});
