// The only module that knows how the renderer reaches the core: through the
// Electron preload's `window.broadsheet`, or else over the web host's loopback
// HTTP. Everything else imports `api` from here and cannot tell the difference.
import type { Api } from '../../electron/shared/api.ts';
import { createHttpApi } from './http-api.ts';
import { takeToken } from './token.ts';
import { fromPreload } from './preload-api.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the page is served by the web host. */
    broadsheet?: Api;
  }
}

function chooseApi(): Api {
  if (window.broadsheet) return fromPreload(window.broadsheet);
  return createHttpApi({
    origin: location.origin,
    token: takeToken({ location, history, storage: sessionStorage }),
    fetch: (input, init) => globalThis.fetch(input, init),
    createEventSource: (url) => new EventSource(url),
  });
}

export const api: Api = chooseApi();
export { ApiCallError, messageOf, toCallError } from './errors.ts';
