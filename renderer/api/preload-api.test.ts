import { describe, expect, it } from 'vitest';
import type { Api } from '../../electron/shared/api.ts';
import { ApiCallError } from './errors.ts';
import { fromPreload } from './preload-api.ts';

function bridge(overrides: Partial<Api>): Api {
  return new Proxy(overrides, {
    get: (target, key) => (target as Record<string | symbol, unknown>)[key] ?? (() => Promise.reject(new Error('not expected'))),
  }) as Api;
}

describe('fromPreload', () => {
  it('passes values and arguments through', async () => {
    const seen: unknown[][] = [];
    const api = fromPreload(
      bridge({
        setBookmarked: async (...args) => {
          seen.push(args);
          return null;
        },
      }),
    );
    expect(await api.setBookmarked(4, true)).toBeNull();
    expect(seen).toEqual([[4, true]]);
  });

  it('turns the preload\'s plain { code, message } rejections into ApiCallErrors with the code kept', async () => {
    const api = fromPreload(bridge({ addFeed: () => Promise.reject({ code: 'not_a_feed', message: 'That page is not a feed.' }) }));
    const failure = api.addFeed('https://example.com/');
    await expect(failure).rejects.toBeInstanceOf(ApiCallError);
    await expect(failure).rejects.toMatchObject({ code: 'not_a_feed', message: 'That page is not a feed.' });
  });

  it('treats anything else as an internal error, keeping a readable message', async () => {
    const api = fromPreload(
      bridge({
        listSources: () => Promise.reject(new Error('boom')),
        getSettings: () => Promise.reject({ code: 'made_up', message: 'x' }),
      }),
    );
    await expect(api.listSources()).rejects.toMatchObject({ code: 'internal', message: 'boom' });
    await expect(api.getSettings()).rejects.toMatchObject({ code: 'internal' });
  });

  it('forwards event subscriptions and their unsubscribe', () => {
    let unsubscribed = false;
    const listeners: unknown[] = [];
    const api = fromPreload(
      bridge({
        on: (event, listener) => {
          listeners.push([event, listener]);
          return () => {
            unsubscribed = true;
          };
        },
      }),
    );
    const off = api.on('libraryChanged', () => {});
    expect(listeners).toHaveLength(1);
    off();
    expect(unsubscribed).toBe(true);
  });
});
