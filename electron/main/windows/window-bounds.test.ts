import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, fitWindowState } from './window-bounds.ts';

const laptop = { x: 0, y: 25, width: 1440, height: 875 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('fitWindowState', () => {
  it('uses the default size, centred, when nothing was saved', () => {
    expect(fitWindowState(null, [laptop], laptop)).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('never makes the default larger than a small screen', () => {
    const small = { x: 0, y: 0, width: 1024, height: 600 };
    expect(fitWindowState(null, [small], small)).toEqual({ width: 1024, height: 600, maximized: false });
  });

  it('restores a saved place that is still fully on a screen', () => {
    const saved = { x: 1600, y: 100, width: 1400, height: 900, maximized: true };
    expect(fitWindowState(saved, [laptop, external], laptop)).toEqual(saved);
  });

  it('centres the window on the primary screen when its screen is gone', () => {
    const onUnplugged = { x: 2000, y: 100, width: 1400, height: 900, maximized: false };
    expect(fitWindowState(onUnplugged, [laptop], laptop)).toEqual({ width: 1400, height: 875, maximized: false });
  });

  it('pulls a window that hangs off the edge back onto the screen it mostly covers', () => {
    const hanging = { x: 1200, y: -300, width: 1000, height: 700, maximized: false };
    expect(fitWindowState(hanging, [laptop], laptop)).toEqual({ x: 440, y: 25, width: 1000, height: 700, maximized: false });
  });

  it('shrinks a window larger than its screen to fit it', () => {
    const huge = { x: 1500, y: 0, width: 5000, height: 3000, maximized: false };
    expect(fitWindowState(huge, [laptop, external], laptop)).toEqual({ x: 1440, y: 0, width: 2560, height: 1415, maximized: false });
  });

  it('keeps the saved size but centres when no position was saved', () => {
    expect(fitWindowState({ width: 900, height: 700, maximized: true }, [laptop], laptop)).toEqual({
      width: 900,
      height: 700,
      maximized: true,
    });
  });
});
