// Runs before the first paint: a classic script in <head> (the CSP forbids
// inline scripts, and module scripts run too late). It puts back the theme and
// reading typography remembered by renderer/state/theme.ts and
// reading-settings.ts. With nothing remembered (a first start) it hides the page
// until the app applies the settings, and shows it anyway after a moment.
/* global document, localStorage, matchMedia, setTimeout */
(function () {
  var root = document.documentElement;
  var theme;
  var reading = null;
  try {
    theme = localStorage.getItem('broadsheet.theme');
    reading = JSON.parse(localStorage.getItem('broadsheet.reading') || 'null');
  } catch {
    theme = null;
  }
  if (theme === 'light' || theme === 'dark' || theme === 'sepia') {
    root.setAttribute('data-theme', theme);
  } else if (theme === 'system') {
    root.setAttribute('data-theme', matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  } else {
    root.setAttribute('data-theme-pending', '');
    setTimeout(function () {
      root.removeAttribute('data-theme-pending');
    }, 1500);
  }
  if (reading && typeof reading === 'object') {
    for (var name in reading) {
      if (/^--(font-reading|reading-[a-z]+)$/.test(name) && typeof reading[name] === 'string') root.style.setProperty(name, reading[name]);
    }
  }
})();
