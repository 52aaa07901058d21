// The theme is set as data-theme on <html>. The stylesheet already follows the
// system when no attribute is set, and the last chosen theme is remembered
// locally, so the first paint is right before the settings have even arrived.
import type { Theme } from '../../electron/shared/models.ts';

const CACHE_KEY = 'broadsheet.theme';
const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
let chosen: Theme = 'system';

export function resolveTheme(theme: Theme, systemDark: boolean): 'light' | 'dark' {
  if (theme === 'system') return systemDark ? 'dark' : 'light';
  return theme;
}

export function applyTheme(theme: Theme): void {
  chosen = theme;
  document.documentElement.dataset['theme'] = resolveTheme(theme, darkQuery?.matches ?? false);
  try {
    localStorage.setItem(CACHE_KEY, theme);
  } catch {
    // Without storage the system theme shows until settings arrive.
  }
}

/** Applies the remembered theme at once, and follows the system while the theme is 'system'. */
export function applyCachedTheme(): void {
  let cached: string | null;
  try {
    cached = localStorage.getItem(CACHE_KEY);
  } catch {
    cached = null;
  }
  applyTheme(cached === 'light' || cached === 'dark' ? cached : 'system');
  darkQuery?.addEventListener('change', () => applyTheme(chosen));
}
