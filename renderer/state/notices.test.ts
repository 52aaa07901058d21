import { describe, expect, it } from 'vitest';
import type { ApiEvents, EventPayload } from '../../electron/shared/api.ts';
import type { Notice } from '../../electron/shared/models.ts';
import { dismissLabel, dismissQuestion, libraryHasContent, noticeHeading, noticeRole, NoticesStore, restoreLabel } from './notices.ts';

const damaged: Notice = {
  id: 'n1',
  kind: 'library-damaged',
  message: 'Broadsheet could not read your library file, so it started with an empty one.',
  createdAt: '2026-11-24T12:00:00.000Z',
  keptAt: '/data/damaged/library-2026-11-24.db',
  backup: { name: 'broadsheet-backup-2026-11-23T21-50-00Z.tar.gz', createdAt: '2026-11-23T21:50:00.000Z', bytes: 2048, articles: 12, kind: 'daily' },
};
const reset: Notice = { ...damaged, id: 'n2', kind: 'settings-reset', message: 'Your preferences file was damaged.', keptAt: null, backup: null };

/** A stand-in core: answers getNotices and dismissNotice from a list, pushes noticesChanged like the Library. */
function makeCore(initial: Notice[]) {
  let notices = [...initial];
  let listener: ((payload: EventPayload<'noticesChanged'>) => void) | null = null;
  let pendingList: ((value: Notice[]) => void) | null = null;
  const core = {
    calls: [] as string[],
    holdNextList: false,
    failDismiss: false,
    push(next: Notice[]) {
      notices = next;
      listener?.({ notices: [...notices] });
    },
    releaseList(value: Notice[]) {
      pendingList?.(value);
    },
    api: {
      getNotices: async (): Promise<Notice[]> => {
        core.calls.push('getNotices');
        if (core.holdNextList) return new Promise<Notice[]>((resolve) => (pendingList = resolve));
        return [...notices];
      },
      dismissNotice: async (id: string): Promise<null> => {
        core.calls.push(`dismissNotice ${id}`);
        if (core.failDismiss) throw new Error('The library has been closed.');
        notices = notices.filter((n) => n.id !== id);
        listener?.({ notices: [...notices] });
        return null;
      },
      on: ((event: string, handler: (payload: EventPayload<'noticesChanged'>) => void) => {
        if (event === 'noticesChanged') listener = handler;
        return () => {
          listener = null;
        };
      }) as ApiEvents['on'],
    },
  };
  return core;
}

describe('NoticesStore', () => {
  it('loads the notices at start and follows every change the core pushes', async () => {
    const core = makeCore([damaged]);
    const store = new NoticesStore(core.api, async () => {});
    store.start();
    await store.load();
    expect(store.state.notices.map((n) => n.id)).toEqual(['n1']);
    core.push([reset, damaged]);
    expect(store.state.notices.map((n) => n.id)).toEqual(['n2', 'n1']);
    store.stop();
    core.push([]);
    expect(store.state.notices.map((n) => n.id)).toEqual(['n2', 'n1']);
  });

  it('never lets an older reply to getNotices replace a list pushed after it was asked for', async () => {
    const core = makeCore([damaged]);
    core.holdNextList = true;
    const store = new NoticesStore(core.api, async () => {});
    store.start();
    core.push([]);
    core.releaseList([damaged]);
    await Promise.resolve();
    await Promise.resolve();
    expect(store.state.notices).toEqual([]);
  });

  it('dismisses a notice at once, and brings it back with the reason when the core refuses', async () => {
    const core = makeCore([damaged, reset]);
    const store = new NoticesStore(core.api, async () => {});
    store.start();
    await store.load();
    await store.dismiss('n2');
    expect(store.state.notices.map((n) => n.id)).toEqual(['n1']);
    expect(core.calls).toContain('dismissNotice n2');

    core.failDismiss = true;
    await store.dismiss('n1');
    expect(store.state.notices.map((n) => n.id)).toEqual(['n1']);
    expect(store.state.problem).toEqual({ id: 'n1', message: 'The library has been closed.' });
  });

  it('restores the backup the notice offers, shows it is under way, then dismisses the notice', async () => {
    const core = makeCore([damaged]);
    const restored: string[] = [];
    let finish: () => void = () => {};
    const store = new NoticesStore(core.api, (name) => {
      restored.push(name);
      return new Promise<void>((resolve) => (finish = resolve));
    });
    store.start();
    await store.load();
    const done = store.restore(damaged);
    expect(store.state.restoring).toBe('n1');
    expect(await store.restore(damaged)).toBe(false);
    finish();
    expect(await done).toBe(true);
    expect(restored).toEqual([damaged.backup?.name]);
    expect(store.state).toEqual({ notices: [], restoring: null, problem: null });
    expect(core.calls).toContain('dismissNotice n1');
  });

  it('keeps the notice, with the reason, when the restore fails', async () => {
    const core = makeCore([damaged]);
    const store = new NoticesStore(core.api, async () => {
      throw new Error('The backup could not be opened. Your library was not changed.');
    });
    store.start();
    await store.load();
    expect(await store.restore(damaged)).toBe(false);
    expect(store.state.notices.map((n) => n.id)).toEqual(['n1']);
    expect(store.state.restoring).toBeNull();
    expect(store.state.problem).toEqual({ id: 'n1', message: 'The backup could not be opened. Your library was not changed.' });
    expect(core.calls).not.toContain('dismissNotice n1');
  });

  it('does nothing for a notice that offers no backup', async () => {
    const restored: string[] = [];
    const store = new NoticesStore(makeCore([reset]).api, async (name) => void restored.push(name));
    expect(await store.restore(reset)).toBe(false);
    expect(restored).toEqual([]);
  });
});

describe('notice wording and roles', () => {
  it('interrupts for a damaged library or a full disk, and waits for a pause otherwise', () => {
    expect(noticeRole('library-damaged')).toBe('alert');
    expect(noticeRole('disk-full')).toBe('alert');
    expect(noticeRole('settings-reset')).toBe('status');
    expect(noticeRole('backup-failed')).toBe('status');
  });

  it('gives every kind a plain heading', () => {
    const kinds = ['library-damaged', 'settings-reset', 'disk-full', 'backup-failed'] as const;
    expect(kinds.map(noticeHeading)).toEqual([
      'Your library could not be read',
      'Your settings were reset',
      'Your disk is full',
      'A backup could not be made',
    ]);
  });

  it('names the backup by its date on the restore button', () => {
    expect(restoreLabel(damaged, 'en-GB')).toMatch(/^Restore backup from 23 Nov 2026, \d\d:\d\d$/);
    expect(restoreLabel(reset)).toBeNull();
  });

  it('says what dismissing a damaged library\u2019s notice does (keeping the empty library) and asks first, in plain words', () => {
    expect(dismissLabel(damaged)).toBe('Keep the empty library');
    expect(dismissQuestion(damaged)).toEqual({
      title: 'Keep the empty library?',
      text: 'Your damaged file stays in /data/damaged/library-2026-11-24.db, and your backups stay in Settings \u2192 Backups, where you can restore one later.',
      confirm: 'Keep the empty library',
    });
    // With no backup to offer, keeping the empty library still declines the wait for an answer.
    expect(dismissLabel({ ...damaged, backup: null })).toBe('Keep the empty library');
  });

  it('simply dismisses every other notice, and damage found while the library is open (nothing set aside yet)', () => {
    for (const notice of [reset, { ...reset, kind: 'disk-full' as const }, { ...reset, kind: 'backup-failed' as const }, { ...damaged, keptAt: null }]) {
      expect(dismissLabel(notice), notice.kind).toBe('Dismiss');
      expect(dismissQuestion(notice), notice.kind).toBeNull();
    }
  });

  it('asks before a restore only when there is something to replace', () => {
    const none = { all: 0, unread: 0, bookmarked: 0, saved: 0, archive: 0 };
    expect(libraryHasContent(0, none)).toBe(false);
    expect(libraryHasContent(1, none)).toBe(true);
    expect(libraryHasContent(0, { ...none, saved: 1 })).toBe(true);
    expect(libraryHasContent(0, { ...none, archive: 2 })).toBe(true);
    expect(libraryHasContent(0, null)).toBe(true);
  });
});
