import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventNames, ipcChannel, ipcEventChannel, methodNames, type Api } from '../shared/api.ts';
import { ApiError } from '../shared/errors.ts';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  return {
    exposed,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, value: unknown) => exposed.set(key, value)) },
    ipcRenderer: null as unknown as EventEmitter & { invoke: ReturnType<typeof vi.fn> },
  };
});
vi.mock('electron', () => electron);

const ipc = Object.assign(new EventEmitter(), { invoke: vi.fn() });
electron.ipcRenderer = ipc;
await import('./index.ts');
const api = electron.exposed.get('broadsheet') as Api;
const exposeCallsAtLoad = electron.contextBridge.exposeInMainWorld.mock.calls.length;

beforeEach(() => {
  ipc.invoke.mockReset();
});

describe('preload bridge', () => {
  it('exposes exactly the contract as window.broadsheet, and nothing else', () => {
    expect(exposeCallsAtLoad).toBe(1);
    expect([...electron.exposed.keys()]).toEqual(['broadsheet']);
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes each method on its contract channel with positional arguments and unwraps the value', async () => {
    ipc.invoke.mockResolvedValue({ ok: true, value: null });
    await api.setRead([1, 2], false);
    expect(ipc.invoke).toHaveBeenLastCalledWith(ipcChannel('setRead'), [1, 2], false);
    await api.refresh();
    expect(ipc.invoke).toHaveBeenLastCalledWith(ipcChannel('refresh'));

    ipc.invoke.mockResolvedValue({ ok: true, value: { sources: 2, newArticles: 5, failed: 0 } });
    expect(await api.refresh(3)).toEqual({ sources: 2, newArticles: 5, failed: 0 });
    expect(ipc.invoke).toHaveBeenLastCalledWith(ipcChannel('refresh'), 3);
  });

  it('rejects with the plain { code, message } the main process reported, which survives the context bridge', async () => {
    ipc.invoke.mockResolvedValue({ ok: false, error: { code: 'not_a_feed', message: 'That page is not a feed.' } });
    const failure = api.addFeed('https://example.com/');
    await expect(failure).rejects.not.toBeInstanceOf(Error);
    await expect(failure).rejects.toEqual({ code: 'not_a_feed', message: 'That page is not a feed.' });
  });

  it('turns unreadable replies and broken IPC into plain-words errors', async () => {
    ipc.invoke.mockResolvedValue('garbage');
    await expect(api.listSources()).rejects.toMatchObject({ code: 'internal' });
    ipc.invoke.mockRejectedValue(new Error("No handler registered for 'broadsheet:listSources'"));
    const failure = api.listSources();
    await expect(failure).rejects.toMatchObject({ code: 'internal' });
    await expect(failure).rejects.not.toThrow(/handler/);
  });

  it('delivers event payloads alone, and unsubscribing removes exactly that listener', () => {
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = api.on('libraryChanged', first);
    api.on('libraryChanged', second);
    const payload = { reason: 'articles', sourceIds: [4] };
    ipc.emit(ipcEventChannel('libraryChanged'), { sender: ipc }, payload);
    expect(first).toHaveBeenCalledWith(payload);
    expect(first.mock.calls[0]).toHaveLength(1);

    stopFirst();
    stopFirst();
    ipc.emit(ipcEventChannel('libraryChanged'), { sender: ipc }, payload);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
    expect(ipc.listenerCount(ipcEventChannel('libraryChanged'))).toBe(1);
  });

  it('drops event payloads that do not match the contract', () => {
    const listener = vi.fn();
    api.on('appCommand', listener);
    ipc.emit(ipcEventChannel('appCommand'), {}, { command: 'format-disk' });
    expect(listener).not.toHaveBeenCalled();
    ipc.emit(ipcEventChannel('appCommand'), {}, { command: 'add-feed' });
    expect(listener).toHaveBeenCalledWith({ command: 'add-feed' });
  });

  it('refuses unknown event names', () => {
    expect(() => api.on('nope' as never, () => {})).toThrow(ApiError);
    expect(eventNames).toContain('refreshProgress');
  });
});
