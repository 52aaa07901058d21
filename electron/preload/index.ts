// The page's only door to the app: `window.broadsheet`, the contract's Api and
// nothing more. No Node API and no ipcRenderer leave this file; each method is
// one invoke on the channel the contract names, and each reply is an Envelope
// turned back into a value or a `{ code, message }` rejection. Bundled to one CommonJS file
// because sandboxed preloads cannot load modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  eventNames,
  events,
  ipcChannel,
  ipcEventChannel,
  methodNames,
  type Api,
  type ApiMethods,
  type EventName,
  type EventPayload,
  type MethodName,
  type Unsubscribe,
} from '../shared/api.ts';
import { ApiError, toErrorPayload, unwrapEnvelope, type ErrorPayload } from '../shared/errors.ts';

const LOST_TOUCH: ErrorPayload = {
  code: 'internal',
  message: 'Broadsheet’s window lost touch with the app. Restart Broadsheet and try again.',
};

/**
 * Rejects with the plain `{ code, message }` payload, never an Error: the
 * context bridge copies plain objects whole but keeps only the message of an
 * Error, and the page needs the code (renderer/api turns it back into an error).
 */
async function call(method: MethodName, args: unknown[]): Promise<unknown> {
  let reply: unknown;
  try {
    reply = await ipcRenderer.invoke(ipcChannel(method), ...args);
  } catch {
    return Promise.reject(LOST_TOUCH);
  }
  try {
    return unwrapEnvelope(reply);
  } catch (error) {
    return Promise.reject(toErrorPayload(error));
  }
}

const apiMethods = Object.fromEntries(
  methodNames.map((method) => [method, (...args: unknown[]) => call(method, args)]),
) as ApiMethods;

function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
  if (!(eventNames as string[]).includes(event)) {
    throw new ApiError('invalid_input', `Broadsheet has no event called "${String(event).slice(0, 60)}".`);
  }
  if (typeof listener !== 'function') throw new ApiError('invalid_input', 'An event listener must be a function.');
  const channel = ipcEventChannel(event);
  // The page gets the payload alone, never the IpcRendererEvent (whose `sender` is ipcRenderer).
  const relay = (_ipcEvent: IpcRendererEvent, payload: unknown) => {
    const parsed = events[event].safeParse(payload);
    if (parsed.success) listener(parsed.data as EventPayload<E>);
  };
  ipcRenderer.on(channel, relay);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipcRenderer.removeListener(channel, relay);
  };
}

export const api = Object.freeze({ ...apiMethods, on }) satisfies Api;

contextBridge.exposeInMainWorld('broadsheet', api);
