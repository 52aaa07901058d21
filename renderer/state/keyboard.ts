// Broadsheet's keyboard shortcuts, in one table: the app turns a key press
// into an action with `shortcutFor`, and the "Keyboard shortcuts" overlay
// lists the same table, so what is documented is exactly what works.

export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'next-unread'
  | 'open'
  | 'open-original'
  | 'bookmark'
  | 'toggle-read'
  | 'mark-all-read'
  | 'search'
  | 'refresh'
  | 'add-feed'
  | 'feed-settings'
  | 'back'
  | 'shortcuts';

export type ShortcutGroup = 'Moving around' | 'The open article' | 'The library';

interface Binding {
  /** KeyboardEvent.key as it arrives. */
  key: string;
  /** true: Shift must be held; false: it must not be; undefined: either (for "?", typed with Shift on most layouts). */
  shift?: boolean;
}

export interface Shortcut {
  action: ShortcutAction;
  /** How the keys are written in the overlay, one entry per alternative. */
  labels: readonly string[];
  description: string;
  group: ShortcutGroup;
  bindings: readonly Binding[];
}

const letter = (key: string): Binding => ({ key, shift: false });

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'next', labels: ['J'], description: 'Next article', group: 'Moving around', bindings: [letter('j')] },
  { action: 'previous', labels: ['K'], description: 'Previous article', group: 'Moving around', bindings: [letter('k')] },
  { action: 'next-unread', labels: ['N'], description: 'Next unread article', group: 'Moving around', bindings: [letter('n')] },
  {
    action: 'open',
    labels: ['O', 'Enter'],
    description: 'Open the chosen article',
    group: 'Moving around',
    bindings: [letter('o'), { key: 'Enter', shift: false }],
  },
  { action: 'search', labels: ['/'], description: 'Search articles', group: 'Moving around', bindings: [{ key: '/' }] },
  {
    action: 'back',
    labels: ['Esc'],
    description: 'Go back: close a dialog or the search, then the article',
    group: 'Moving around',
    bindings: [{ key: 'Escape' }],
  },
  {
    action: 'open-original',
    labels: ['V'],
    description: 'Open the original page in your browser',
    group: 'The open article',
    bindings: [letter('v')],
  },
  { action: 'bookmark', labels: ['S'], description: 'Bookmark, or remove the bookmark', group: 'The open article', bindings: [letter('s')] },
  { action: 'toggle-read', labels: ['M'], description: 'Mark read or unread', group: 'The open article', bindings: [letter('m')] },
  {
    action: 'mark-all-read',
    labels: ['Shift+A'],
    description: 'Mark everything in this view read (with undo)',
    group: 'The library',
    bindings: [{ key: 'A', shift: true }],
  },
  { action: 'refresh', labels: ['R'], description: 'Refresh all feeds', group: 'The library', bindings: [letter('r')] },
  { action: 'add-feed', labels: ['A'], description: 'Add a feed', group: 'The library', bindings: [letter('a')] },
  {
    action: 'feed-settings',
    labels: ['E'],
    description: 'Edit the settings of the selected feed (or folder)',
    group: 'The library',
    bindings: [letter('e')],
  },
  { action: 'shortcuts', labels: ['?'], description: 'Show these shortcuts', group: 'The library', bindings: [{ key: '?' }] },
];

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = ['Moving around', 'The open article', 'The library'];

/** The parts of a KeyboardEvent a shortcut depends on. */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** The action a key press stands for, or null when it is not a shortcut (or carries Ctrl, Alt or ⌘: those belong to the system and the menu). */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.altKey || press.ctrlKey || press.metaKey) return null;
  // Caps Lock turns j into J without Shift; a letter without Shift is the lower-case shortcut.
  const key = !press.shiftKey && press.key.length === 1 ? press.key.toLowerCase() : press.key;
  for (const shortcut of SHORTCUTS) {
    for (const binding of shortcut.bindings) {
      if (binding.key === key && (binding.shift === undefined || binding.shift === press.shiftKey)) return shortcut.action;
    }
  }
  return null;
}

const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'url', 'email', 'password', 'number', 'tel', 'date', 'time', 'datetime-local', 'month', 'week']);

/** Keys typed here are text, never shortcuts. */
export function isTypingTarget(target: EventTarget | null | undefined): boolean {
  if (!isElement(target)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has((target.getAttribute('type') ?? '').toLowerCase());
  return false;
}

/** Controls that act on Enter themselves (buttons, links, list options), so Enter is theirs and not a shortcut. */
export function handlesEnter(target: EventTarget | null | undefined): boolean {
  if (!isElement(target)) return false;
  if (/^(BUTTON|A|INPUT|SELECT|TEXTAREA|SUMMARY)$/.test(target.tagName)) return true;
  const role = target.getAttribute('role');
  return role !== null && /^(button|link|option|menuitem|tab|checkbox|radio|switch)$/.test(role);
}

interface ElementLike {
  tagName: string;
  isContentEditable: boolean;
  getAttribute(name: string): string | null;
}

function isElement(target: EventTarget | null | undefined): target is EventTarget & ElementLike {
  return typeof target === 'object' && target !== null && typeof (target as Partial<ElementLike>).tagName === 'string';
}
