// The theme is set as data-theme on <html>. The last chosen theme (and the
// reading typography) is remembered locally and put back by public/boot.js, a
// classic script in <head>, before the first paint. On a first start (nothing
// remembered) boot.js hides the page until the settings arrive, so the first
// thing anyone sees is already in the right colours.
import type { Theme } from '../../electron/shared/models.ts';

export const THEME_CACHE_KEY = 'broadsheet.theme';
/** Set by boot.js while the page waits for the settings (it shows the page anyway after a moment). */
export const PENDING_ATTRIBUTE = 'data-theme-pending';

export type ResolvedTheme = 'light' | 'dark' | 'sepia';

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
let chosen: Theme | null = null;
let following = false;

export function resolveTheme(theme: Theme, systemDark: boolean): ResolvedTheme {
  if (theme === 'system') return systemDark ? 'dark' : 'light';
  return theme;
}

export function isTheme(value: unknown): value is Theme {
  return value === 'system' || value === 'light' || value === 'dark' || value === 'sepia';
}

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  chosen = theme;
  root.dataset['theme'] = resolveTheme(theme, darkQuery?.matches ?? false);
  root.removeAttribute(PENDING_ATTRIBUTE);
  try {
    localStorage.setItem(THEME_CACHE_KEY, theme);
  } catch {
    // Without storage the page waits for the settings on the next start.
  }
  followSystem();
}

/** Follows the system while the chosen theme is 'system' (boot.js already applied the remembered one). */
export function followSystem(): void {
  if (following || !darkQuery) return;
  following = true;
  darkQuery.addEventListener('change', () => {
    const theme = chosen ?? rememberedTheme();
    if (theme === 'system') document.documentElement.dataset['theme'] = resolveTheme(theme, darkQuery.matches);
  });
}

export function rememberedTheme(): Theme | null {
  try {
    const cached = localStorage.getItem(THEME_CACHE_KEY);
    return isTheme(cached) ? cached : null;
  } catch {
    return null;
  }
}
