import { describe, expect, it } from 'vitest';
import { SHORTCUTS, SHORTCUT_GROUPS, handlesEnter, isTypingTarget, shortcutFor, type KeyPress } from './keyboard.ts';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

// Just the parts of an element the checks read (the unit tests run without a DOM).
const element = (tagName: string, attributes: Record<string, string> = {}, isContentEditable = false): EventTarget =>
  Object.assign(new EventTarget(), { tagName, isContentEditable, getAttribute: (name: string) => attributes[name] ?? null });

describe('shortcutFor', () => {
  it.each([
    ['j', 'next'],
    ['k', 'previous'],
    ['n', 'next-unread'],
    ['o', 'open'],
    ['Enter', 'open'],
    ['v', 'open-original'],
    ['s', 'bookmark'],
    ['m', 'toggle-read'],
    ['/', 'search'],
    ['r', 'refresh'],
    ['a', 'add-feed'],
    ['Escape', 'back'],
  ] as const)('%s → %s', (key, action) => {
    expect(shortcutFor(press(key))).toBe(action);
  });

  it('tells Shift+A (mark all read) from a (add feed)', () => {
    expect(shortcutFor(press('A', { shiftKey: true }))).toBe('mark-all-read');
    expect(shortcutFor(press('a'))).toBe('add-feed');
  });

  it('reads a capital letter typed with Caps Lock as the plain shortcut', () => {
    expect(shortcutFor(press('J'))).toBe('next');
    expect(shortcutFor(press('A'))).toBe('add-feed');
  });

  it('takes "?" however the layout produces it', () => {
    expect(shortcutFor(press('?', { shiftKey: true }))).toBe('shortcuts');
    expect(shortcutFor(press('?'))).toBe('shortcuts');
  });

  it('leaves Ctrl, Alt and ⌘ combinations to the system and the menu', () => {
    expect(shortcutFor(press('r', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('j', { metaKey: true }))).toBeNull();
    expect(shortcutFor(press('s', { altKey: true }))).toBeNull();
  });

  it('ignores keys that are not shortcuts, and Shift with a letter that has none', () => {
    expect(shortcutFor(press('x'))).toBeNull();
    expect(shortcutFor(press('J', { shiftKey: true }))).toBeNull();
    expect(shortcutFor(press('Enter', { shiftKey: true }))).toBeNull();
  });

  it('has one action per binding, and every action in the overlay list', () => {
    const seen = new Map<string, string>();
    for (const shortcut of SHORTCUTS) {
      expect(SHORTCUT_GROUPS).toContain(shortcut.group);
      expect(shortcut.labels.length).toBeGreaterThan(0);
      for (const binding of shortcut.bindings) {
        const id = `${binding.key}/${String(binding.shift)}`;
        expect(seen.get(id), `${id} bound twice`).toBeUndefined();
        seen.set(id, shortcut.action);
      }
    }
    expect(new Set(SHORTCUTS.map((s) => s.action)).size).toBe(SHORTCUTS.length);
  });
});

describe('isTypingTarget', () => {
  it('is true in text fields, text areas, selects and editable content', () => {
    expect(isTypingTarget(element('INPUT'))).toBe(true);
    expect(isTypingTarget(element('INPUT', { type: 'search' }))).toBe(true);
    expect(isTypingTarget(element('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(element('SELECT'))).toBe(true);
    expect(isTypingTarget(element('DIV', {}, true))).toBe(true);
  });

  it('is false on buttons, check boxes, list options and the page itself', () => {
    expect(isTypingTarget(element('BUTTON'))).toBe(false);
    expect(isTypingTarget(element('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTypingTarget(element('DIV', { role: 'option' }))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget(undefined)).toBe(false);
  });
});

describe('handlesEnter', () => {
  it('leaves Enter to buttons, links and options', () => {
    expect(handlesEnter(element('BUTTON'))).toBe(true);
    expect(handlesEnter(element('A'))).toBe(true);
    expect(handlesEnter(element('DIV', { role: 'option' }))).toBe(true);
  });

  it('claims Enter on plain content', () => {
    expect(handlesEnter(element('BODY'))).toBe(false);
    expect(handlesEnter(element('ARTICLE'))).toBe(false);
    expect(handlesEnter(null)).toBe(false);
  });
});
