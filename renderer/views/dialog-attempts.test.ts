import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../api/errors.ts';
import { DialogAttempts, type AttemptHost } from './dialog-attempts.ts';

function host(): AttemptHost & { events: string[] } {
  return { busy: false, error: null, updateComplete: Promise.resolve(true), events: [] };
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('DialogAttempts', () => {
  it('is busy while the request runs and reports success', async () => {
    const h = host();
    const attempts = new DialogAttempts();
    const d = deferred();
    const running = attempts.run(h, () => d.promise, { succeeded: () => h.events.push('ok'), failed: () => h.events.push('failed') });
    expect(h.busy).toBe(true);
    d.resolve();
    await running;
    expect(h).toMatchObject({ busy: false, error: null, events: ['ok'] });
  });

  it('shows the plain message of a failure', async () => {
    const h = host();
    await new DialogAttempts().run(h, () => Promise.reject(new ApiCallError('not_a_feed', 'This address is a web page, not a feed.')), {
      succeeded: () => h.events.push('ok'),
      failed: () => h.events.push('failed'),
    });
    expect(h).toMatchObject({ busy: false, error: 'This address is a web page, not a feed.', events: ['failed'] });
  });

  it('aborts an abandoned request and never shows its outcome', async () => {
    const h = host();
    const attempts = new DialogAttempts();
    const d = deferred();
    let signal: AbortSignal | null = null;
    const running = attempts.run(
      h,
      (s) => {
        signal = s;
        return d.promise;
      },
      { succeeded: () => h.events.push('ok'), failed: () => h.events.push('failed') },
    );
    attempts.cancel();
    expect(signal!.aborted).toBe(true);
    d.reject(new Error('late failure'));
    await running;
    expect(h.events).toEqual([]);
    expect(h.error).toBeNull();
  });
});
