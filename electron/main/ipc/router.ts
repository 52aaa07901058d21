// The IPC half of the one contract: each Api method is one `handle` channel,
// each event one `send` channel, all names derived from electron/shared/api.ts.
// A request is served only when it comes from the top frame of a page on the
// app's own origin; everything else is answered `forbidden` without touching
// the library. Arguments are parsed with the contract's schema by `dispatch`.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  eventNames,
  ipcChannel,
  ipcEventChannel,
  methodNames,
  type ApiEvents,
  type ApiMethods,
  type Unsubscribe,
} from '../../shared/api.ts';
import { dispatch } from '../../shared/dispatch.ts';
import type { Envelope } from '../../shared/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { isAppUrl } from '../app-origin.ts';

export const FORBIDDEN_REPLY: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This request did not come from a Broadsheet window, so it was ignored.' },
};

export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  // Only the top-level document speaks for the app; a frame inside it never does.
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export function setupIpcRouter(api: ApiMethods, logger?: Logger): Unsubscribe {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel(method), (event, ...args: unknown[]): Promise<Envelope<unknown>> | Envelope<never> => {
      if (!isTrustedSender(event)) {
        logger?.warn('Dropped an IPC request from an untrusted frame', {
          method,
          url: event.senderFrame?.url ?? null,
        });
        return FORBIDDEN_REPLY;
      }
      return dispatch(api, method, args);
    });
  }
  return () => {
    for (const method of methodNames) ipcMain.removeHandler(ipcChannel(method));
  };
}

/** Pushes every library event to the app's pages; pages on any other origin get nothing. */
export function forwardEvents(api: ApiEvents, targets: () => WebContents[]): Unsubscribe {
  const unsubscribes = eventNames.map((name) =>
    api.on(name, (payload) => {
      for (const contents of targets()) {
        if (contents.isDestroyed() || !isAppUrl(contents.getURL())) continue;
        contents.send(ipcEventChannel(name), payload);
      }
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
