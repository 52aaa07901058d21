// The single place where a request from outside (IPC or HTTP) becomes a call on
// the Api: the method name is checked, the arguments are parsed with the
// method's schema, and whatever happens comes back as an Envelope.
import { isMethodName, methods, type ApiMethods, type MethodName } from './api.ts';
import { ApiError, toErrorPayload, type Envelope } from './errors.ts';

export async function dispatch(api: ApiMethods, name: string, rawArgs: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isMethodName(name)) throw new ApiError('invalid_input', `Unknown method "${name.slice(0, 60)}".`);
    const args = methods[name].args.parse(rawArgs ?? []) as unknown[];
    const call = api[name] as (...a: unknown[]) => Promise<unknown>;
    const value = await call.apply(api, args);
    return { ok: true, value: value ?? null };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}

export type { MethodName };
