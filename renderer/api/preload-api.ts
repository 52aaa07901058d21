// The Electron side of the api module: `window.broadsheet` as the preload
// exposes it, with every rejection made into an ApiCallError (the preload
// rejects with a plain `{ code, message }`, which the context bridge copies whole).
import type { Api } from '../../electron/shared/api.ts';
import { toCallError } from './errors.ts';
import { METHOD_NAMES } from './transport.ts';

/** Every failure of the preload's methods becomes an ApiCallError, as it does over HTTP. */
export function fromPreload(bridge: Api): Api {
  const methods = Object.fromEntries(
    METHOD_NAMES.map((name) => {
      const method = bridge[name] as (...args: unknown[]) => Promise<unknown>;
      return [name, (...args: unknown[]) => method(...args).catch((reason: unknown) => Promise.reject(toCallError(reason)))];
    }),
  ) as unknown as Omit<Api, 'on'>;
  return { ...methods, on: (event, listener) => bridge.on(event, listener) };
}
