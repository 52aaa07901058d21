// Where to put the main window: the saved place when it is still on a screen,
// otherwise somewhere visible. Screens come and go (laptops undocked,
// projectors unplugged), and a window restored off-screen looks like a crash.
import type { WindowState } from '../settings.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;

function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/**
 * Fits a saved window state onto the screens' work areas. Without a saved
 * position (or when none of the window is on any screen) x and y are left out,
 * so the window is centred on the primary screen.
 */
export function fitWindowState(saved: WindowState | null, workAreas: readonly Rect[], primary: Rect): WindowState {
  const fallbackSize = {
    width: Math.min(DEFAULT_WINDOW_SIZE.width, primary.width),
    height: Math.min(DEFAULT_WINDOW_SIZE.height, primary.height),
  };
  if (!saved) return { ...fallbackSize, maximized: false };

  let target: Rect | null = null;
  if (saved.x !== undefined && saved.y !== undefined) {
    const rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
    let best = 0;
    for (const area of workAreas) {
      const overlap = overlapArea(rect, area);
      if (overlap > best) {
        best = overlap;
        target = area;
      }
    }
  }

  const area = target ?? primary;
  const width = clamp(saved.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width);
  const height = clamp(saved.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height);
  if (!target || saved.x === undefined || saved.y === undefined) return { width, height, maximized: saved.maximized };

  return {
    x: clamp(saved.x, area.x, area.x + area.width - width),
    y: clamp(saved.y, area.y, area.y + area.height - height),
    width,
    height,
    maximized: saved.maximized,
  };
}
