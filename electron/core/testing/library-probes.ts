// Small probes the Library's tests share: recording events (each checked
// against the contract's schema, as the host and IPC router will) and
// catching the ApiError a call rejects with.
import { expect } from 'vitest';
import { events, type EventName, type EventPayload } from '../../shared/api.ts';
import { ApiError } from '../../shared/errors.ts';
import type { Library } from '../library.ts';

export function record<E extends EventName>(library: Library, event: E): Array<EventPayload<E>> {
  const seen: Array<EventPayload<E>> = [];
  library.on(event, (payload) => {
    events[event].parse(payload);
    seen.push(payload);
  });
  return seen;
}

export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}
