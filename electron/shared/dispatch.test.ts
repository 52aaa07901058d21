import { describe, expect, it } from 'vitest';
import type { ApiMethods } from './api.ts';
import { MAX_ERROR_MESSAGE_CHARS, dispatch } from './dispatch.ts';
import { ApiError } from './errors.ts';

function fakeApi(overrides: Partial<ApiMethods>): ApiMethods {
  return new Proxy(overrides, {
    get(target, key) {
      const found = (target as Record<string | symbol, unknown>)[key];
      if (found) return found;
      return () => Promise.reject(new Error(`unexpected call ${String(key)}`));
    },
  }) as ApiMethods;
}

describe('dispatch', () => {
  it('parses arguments with the method schema and wraps the result', async () => {
    const calls: unknown[][] = [];
    const api = fakeApi({
      setRead: async (...args) => {
        calls.push(args);
        return null;
      },
    });
    expect(await dispatch(api, 'setRead', [[1, 2], true])).toEqual({ ok: true, value: null });
    expect(calls).toEqual([[[1, 2], true]]);
  });

  it('rejects unknown methods, including prototype names, without calling anything', async () => {
    const api = fakeApi({});
    for (const name of ['nope', 'constructor', '__proto__', 'toString']) {
      const reply = await dispatch(api, name, []);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('rejects arguments that do not match the schema', async () => {
    const api = fakeApi({});
    const bad: Array<[string, unknown]> = [
      ['getArticle', ['1']],
      ['getArticle', [-1]],
      ['setRead', [[], true]],
      ['addFeed', ['']],
      ['addFeed', ['x'.repeat(5000)]],
      ['listArticles', [{ view: 'everything', limit: 10 }]],
      ['updateSettings', [{ theme: 'neon' }]],
      ['updateSettings', [{ unknownKey: true }]],
      ['refresh', [1, 2]],
      ['listSources', 'not an array'],
    ];
    for (const [name, args] of bad) {
      const reply = await dispatch(api, name, args);
      expect(reply, name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('words schema failures for people, without tuple positions', async () => {
    const reply = await dispatch(fakeApi({}), 'addFeed', ['   ']);
    expect(reply).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Enter a feed address.' } });
    const nested = await dispatch(fakeApi({}), 'listArticles', [{ view: 'all', limit: 0 }]);
    expect(nested).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(nested.ok === false && nested.error.message).toMatch(/\(limit\)$/);
  });

  it('keeps messages about hostile payloads short: a few unknown keys named, never pages of them', async () => {
    const many = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`field${i}`, i]));
    const reply = await dispatch(fakeApi({}), 'updateSettings', [many]);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'Unrecognized keys: "field0", "field1", "field2" and 1997 more' },
    });
    const few = await dispatch(fakeApi({}), 'updateSettings', [{ colour: 'red' }]);
    expect(few.ok === false && few.error.message).toBe('Unrecognized key: "colour"');
    const bytes = await dispatch(fakeApi({}), 'updateFolder', [1, new Uint8Array(1024)]);
    expect(bytes.ok === false && bytes.error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
  });

  it('cuts any message past the limit, whoever wrote it', async () => {
    const api = fakeApi({
      addFeed: async () => {
        throw new ApiError('fetch_failed', `${'very-long-host.example.'.repeat(40)} could not be reached.`);
      },
    });
    const reply = await dispatch(api, 'addFeed', ['https://example.com/']);
    expect(reply).toMatchObject({ ok: false, error: { code: 'fetch_failed' } });
    expect(reply.ok === false && reply.error.message).toHaveLength(MAX_ERROR_MESSAGE_CHARS);
    expect(reply.ok === false && reply.error.message.endsWith('…')).toBe(true);
  });

  it('passes ApiError codes through and hides other errors', async () => {
    const api = fakeApi({
      getArticle: async () => {
        throw new ApiError('not_found', 'That article is no longer in your library.');
      },
      listSources: async () => {
        throw new Error('SQLITE_CORRUPT at /home/me/secret/path');
      },
    });
    expect(await dispatch(api, 'getArticle', [5])).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'That article is no longer in your library.' },
    });
    const hidden = await dispatch(api, 'listSources', []);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('secret');
  });
});
