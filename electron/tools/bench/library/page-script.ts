// What the benchmark runs inside the page. It is plain JavaScript in a string
// because electron/ is compiled without the DOM library (the core must never
// lean on it); Playwright hands the text to Chromium as is.
//
// Timing is taken in the page, so no round trip to Playwright is counted: an
// action starts at performance.now() just before the click, and ends in the
// first animation frame whose DOM shows the result, i.e. the frame about to be
// painted with it. Elements are found through every open shadow root (Lit).
export const PAGE_HELPERS = String.raw`
(() => {
  const walkAll = (selector) => {
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll(selector)) out.push(el);
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return out;
  };
  // Walking every shadow root costs a few milliseconds with 500 feeds in the
  // sources pane; done every frame it would slow what it measures. So the roots
  // where a selector was found before are asked first, and while they show
  // nothing (a list loading) the full walk runs only every other frame.
  const roots = new Map();
  let misses = 0;
  // Only what is shown counts: a list hidden behind search results is not "the list".
  const shown = (el) => (el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0);
  const all = (selector) => {
    const known = roots.get(selector) || new Set();
    roots.set(selector, known);
    const found = [];
    for (const root of known) {
      if (root !== document && !root.host.isConnected) known.delete(root);
      else for (const el of root.querySelectorAll(selector)) if (shown(el)) found.push(el);
    }
    if (found.length > 0 || (known.size > 0 && (misses += 1) % 2 !== 0)) return found;
    const walked = walkAll(selector).filter(shown);
    for (const el of walked) known.add(el.getRootNode());
    return walked;
  };
  const text = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim();
  /** The article list's rows (or the search results'): options that are not in the sources pane or a dialog. */
  const options = () => all('[role="option"]').filter((el) => !el.closest('nav, dialog, [role="dialog"]'));
  const firstOption = () => options()[0] || null;
  const readerTitle = () => {
    const heading = all('article h1')[0];
    return heading ? text(heading) : null;
  };
  /** Resolves with performance.now() in the first animation frame where check() holds. */
  const until = (check, timeoutMs = 15000) =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const frame = () => {
        let ok = false;
        try { ok = check(); } catch { ok = false; }
        if (ok) return resolve(performance.now());
        if (performance.now() - start > timeoutMs) return reject(new Error('timed out'));
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });

  // The first frame that shows an article row, measured from navigation start.
  window.__bsFirstRowAt = null;
  until(() => firstOption() !== null, 60000).then((t) => { window.__bsFirstRowAt = t; }, () => {});

  const longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask' });
  } catch {}

  /** A sources-pane entry (button or link) whose name starts with label. */
  const source = (label) => {
    const entries = all('nav a, nav button, nav [role="treeitem"], nav [role="option"]');
    // The entry's own title element when it has one (an icon or initial may come first), else its text.
    const named = (el) => {
      const title = el.querySelector('.title');
      return title ? text(title) === label : text(el).includes(label) || (el.getAttribute('aria-label') || '').startsWith(label);
    };
    return entries.find(named) || null;
  };

  window.__bench = {
    all, text, options, firstOption, readerTitle, until, longTasks, source,
    firstRowText: () => { const o = firstOption(); return o ? text(o) : null; },

    /** Click a source; time until the first row carries expectedTitle. */
    async switchTo(label, expectedTitle) {
      const el = source(label);
      if (!el) throw new Error('no source named ' + label);
      const t0 = performance.now();
      el.click();
      const t1 = await until(() => { const o = firstOption(); return o !== null && text(o).includes(expectedTitle); });
      return t1 - t0;
    },

    /** Click the row showing title; time until the reader's heading is that title. */
    async open(title) {
      const row = options().find((o) => text(o).includes(title));
      if (!row) throw new Error('no row for ' + title);
      const t0 = performance.now();
      row.click();
      const t1 = await until(() => readerTitle() === title);
      return t1 - t0;
    },

    searchBox: () => all('input[type="search"], [role="searchbox"]')[0] || null,

    /** Type a query at once (as a paste would); time until a row shows one of the expected titles, or a no-results note. */
    async search(query, expectedTitles, expectNone) {
      const box = window.__bench.searchBox();
      if (!box) throw new Error('no search box');
      box.focus();
      const t0 = performance.now();
      box.value = query;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: query, inputType: 'insertText' }));
      const t1 = await until(() => {
        if (expectNone) return walkAll('[role="status"]').some((s) => /no (results|articles|matches)|nothing/i.test(text(s)));
        const o = firstOption();
        return o !== null && expectedTitles.some((t) => text(o).includes(t));
      });
      // Where the time went: the pause before asking (results follow typing after a short pause),
      // the request (server and transport), and drawing the results.
      const request = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0 && /\/api\/search/.test(e.name)).pop();
      return request
        ? { ms: t1 - t0, waitMs: request.startTime - t0, requestMs: request.responseEnd - request.startTime, drawMs: t1 - request.responseEnd }
        : { ms: t1 - t0, waitMs: NaN, requestMs: NaN, drawMs: NaN };
    },

    async clearSearch(expectedTitle) {
      const box = window.__bench.searchBox();
      if (!box) return;
      box.value = '';
      box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'deleteContentBackward' }));
      await until(() => { const o = firstOption(); return o !== null && text(o).includes(expectedTitle); }).catch(() => {});
    },

    /** The element that scrolls the article list. */
    scroller() {
      const row = firstOption();
      if (!row) return null;
      let node = row;
      while (node) {
        if (node instanceof Element) {
          const style = getComputedStyle(node);
          if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) return node;
        }
        node = node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentNode;
      }
      return document.scrollingElement;
    },

    /**
     * Scrolls the list down by rows, a few rows per frame (a brisk trackpad
     * flick), waiting at the bottom for more rows to load; returns the long tasks seen.
     */
    async scroll(rows, rowsPerFrame = 6) {
      const scroller = window.__bench.scroller();
      const row = firstOption();
      if (!scroller || !row) throw new Error('no list to scroll');
      const rowHeight = row.getBoundingClientRect().height || 72;
      const target = scroller.scrollTop + rows * rowHeight;
      const from = longTasks.length;
      const t0 = performance.now();
      let stalled = 0;
      while (scroller.scrollTop < target - 1) {
        const before = scroller.scrollTop;
        scroller.scrollTop = Math.min(target, before + rowsPerFrame * rowHeight);
        await new Promise((r) => requestAnimationFrame(() => r()));
        stalled = scroller.scrollTop <= before ? stalled + 1 : 0;
        if (stalled > 600) break;
      }
      await new Promise((r) => setTimeout(r, 300));
      const tasks = longTasks.slice(from);
      return {
        ms: performance.now() - t0,
        rowsScrolled: Math.round(scroller.scrollTop / rowHeight),
        rowHeight,
        renderedRows: options().length,
        longTasks: tasks.length,
        longTasksOver50: tasks.filter((t) => t.duration > 50).length,
        longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      };
    },
  };
})();
`;
