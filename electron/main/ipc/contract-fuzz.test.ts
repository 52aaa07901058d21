// Contract fuzzing over IPC: every method's channel, attacked with invalid,
// oversized and unknown payloads (as structured clone carries them), against a
// real library in a temporary folder. Each reply must be a clean envelope that
// IPC can carry back, and a refused call must change nothing on disk.
// BROADSHEET_FUZZ_RUNS and BROADSHEET_FUZZ_SEED make a longer or different run.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannel, methodNames, type MethodName } from '../../shared/api.ts';
import {
  UNKNOWN_METHOD_NAMES,
  describePayload,
  replyProblem,
  schemaAccepts,
} from '../../shared/testing/contract-fuzz.ts';
import {
  fuzzMethod,
  hostileCalls,
  openFuzzLibrary,
  stateAfterCall,
  type FuzzLibrary,
} from '../../core/testing/contract-fuzz-harness.ts';

vi.mock('electron', () => import('../testing/fake-electron.ts'));
const { ipcHandlers } = await import('../testing/fake-electron.ts');
const { FORBIDDEN_REPLY, setupIpcRouter } = await import('./router.ts');

const appFrame = { url: 'app://broadsheet/index.html', parent: null };
const eventFrom = (senderFrame: unknown) => ({ senderFrame, sender: {} });

let fuzz: FuzzLibrary;
let dispose: () => void;

beforeEach(async () => {
  fuzz = await openFuzzLibrary();
  dispose = setupIpcRouter(fuzz.library);
});
afterEach(() => {
  dispose?.();
  fuzz?.close();
});

/**
 * What ipcRenderer.invoke(channel, ...args) delivers: always a list, copied by
 * structured clone. A list of hundreds of thousands goes as one argument:
 * spread into a call, it would overflow the stack of the test, not the app.
 */
function overIpc(args: unknown): unknown[] {
  return structuredClone(Array.isArray(args) && args.length <= 1000 ? args : [args]);
}

async function invoke(method: string, event: unknown, args: unknown[]): Promise<unknown> {
  const handler = ipcHandlers.get(ipcChannel(method as MethodName));
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(event, ...args);
}

async function attack(method: MethodName, generated: unknown, baseline: string): Promise<string> {
  const args = overIpc(generated);
  const what = `${method} ${describePayload(args)}`;
  const reply = await invoke(method, eventFrom(appFrame), args);
  expect(replyProblem(reply, [fuzz.dataDir]), what).toBeNull();
  // The reply goes back over IPC too: it must survive structured clone whole.
  expect(structuredClone(reply), what).toEqual(reply);
  const envelope = reply as { ok: boolean };
  if (!schemaAccepts(method, args)) expect(envelope, what).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  return stateAfterCall(fuzz, envelope, baseline, what);
}

describe('contract fuzzing over IPC, against a real library', () => {
  it.each(methodNames)('%s: hostile and random payloads get a clean envelope, and refused ones change nothing', async (method) => {
    await fuzzMethod(fuzz, method, 'ipc', (args, baseline) => attack(method, args, baseline));
  });

  it('has a channel for each contract method and none for anything else', () => {
    expect([...ipcHandlers.keys()].sort()).toEqual(methodNames.map(ipcChannel).sort());
    for (const name of UNKNOWN_METHOD_NAMES) expect(ipcHandlers.has(`broadsheet:${name}`), name.slice(0, 40)).toBe(false);
  });

  it('answers every method from a foreign or nested frame with forbidden, changing nothing', async () => {
    const baseline = await fuzz.settle();
    const strangers = [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://broadsheet/index.html', parent: appFrame },
      { url: 'file:///tmp/page.html', parent: null },
      null,
    ];
    for (const method of methodNames) {
      for (const frame of strangers) {
        const [first] = hostileCalls(method, 'ipc');
        expect(await invoke(method, eventFrom(frame), overIpc(first)), `${method} ${JSON.stringify(frame?.url)}`).toEqual(FORBIDDEN_REPLY);
      }
    }
    expect(fuzz.snapshot()).toBe(baseline);
  });

  it('leaves Object.prototype alone after every payload above', () => {
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
