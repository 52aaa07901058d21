// The single place where a request from outside (IPC or HTTP) becomes a call on
// the Api: the method name is checked, the arguments are parsed with the
// method's schema, and whatever happens comes back as an Envelope.
import { z } from 'zod';
import { isMethodName, methods, type ApiMethods, type MethodName } from './api.ts';
import { ApiError, toErrorPayload, type Envelope, type ErrorPayload } from './errors.ts';

/** Longest message an error carries back; a schema's words about a hostile payload can run to pages. */
export const MAX_ERROR_MESSAGE_CHARS = 300;
const NAMED_KEYS = 3;

export async function dispatch(api: ApiMethods, name: string, rawArgs: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isMethodName(name)) throw new ApiError('invalid_input', `Unknown method "${name.slice(0, 60)}".`);
    const args = methods[name].args.parse(rawArgs ?? []) as unknown[];
    const call = api[name] as (...a: unknown[]) => Promise<unknown>;
    const value = await call.apply(api, args);
    return { ok: true, value: value ?? null };
  } catch (error) {
    return { ok: false, error: boundedPayload(error) };
  }
}

/**
 * The error as `{ code, message }`, with a message a person can read: zod
 * names every unknown key of an object (thousands, for a hostile one), so
 * only the first few are named, and nothing runs past MAX_ERROR_MESSAGE_CHARS.
 */
function boundedPayload(error: unknown): ErrorPayload {
  const payload = toErrorPayload(error instanceof z.ZodError ? new z.ZodError(error.issues.map(fewerKeys)) : error);
  if (payload.message.length <= MAX_ERROR_MESSAGE_CHARS) return payload;
  return { code: payload.code, message: `${payload.message.slice(0, MAX_ERROR_MESSAGE_CHARS - 1)}…` };
}

function fewerKeys(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'unrecognized_keys' || issue.keys.length <= NAMED_KEYS) return issue;
  const named = issue.keys.slice(0, NAMED_KEYS).map((key) => `"${key.slice(0, 40)}"`);
  return { ...issue, message: `Unrecognized keys: ${named.join(', ')} and ${issue.keys.length - NAMED_KEYS} more` };
}

export type { MethodName };
