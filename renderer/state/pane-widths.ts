// Pane widths are a property of this window, not of the library, so they live
// in the page's local storage rather than in the shared settings.
const KEY = 'broadsheet.panes';

export interface PaneWidths {
  sources: number;
  list: number;
}

export const DEFAULT_WIDTHS: PaneWidths = { sources: 240, list: 360 };
export const LIMITS = { sources: { min: 180, max: 360 }, list: { min: 280, max: 560 } } as const;

export function clampWidth(pane: keyof PaneWidths, width: number): number {
  const { min, max } = LIMITS[pane];
  return Math.round(Math.min(max, Math.max(min, width)));
}

export function loadWidths(): PaneWidths {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (typeof raw === 'object' && raw !== null) {
      const { sources, list } = raw as Record<string, unknown>;
      if (typeof sources === 'number' && typeof list === 'number') {
        return { sources: clampWidth('sources', sources), list: clampWidth('list', list) };
      }
    }
  } catch {
    // Unreadable or unavailable storage: the defaults serve.
  }
  return { ...DEFAULT_WIDTHS };
}

export function saveWidths(widths: PaneWidths): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(widths));
  } catch {
    // Not remembering a width is harmless.
  }
}
