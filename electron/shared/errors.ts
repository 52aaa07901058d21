// Errors cross every boundary as `{ code, message }`: a stable code for
// programs, a sentence for people. Never a stack trace.
import { z } from 'zod';

export const ErrorCodeSchema = z.enum([
  /** The request did not match the contract's schema. */
  'invalid_input',
  /** The address cannot be used: not http(s), malformed. */
  'invalid_url',
  /** The thing asked for does not exist (any more). */
  'not_found',
  /** The source is already in the library. */
  'already_exists',
  /** The network or the server failed. */
  'fetch_failed',
  /** The server answered, but not with a feed. */
  'not_a_feed',
  /** The caller is not allowed to ask (wrong token, foreign origin or frame). */
  'forbidden',
  /** Reading or writing the library on disk failed. */
  'storage_failed',
  /** The disk (or the library's volume) has no room left; nothing already stored was changed. */
  'disk_full',
  /** Another Broadsheet (the app or the command line) is using this library folder. */
  'library_busy',
  /** Anything else; the message says what. */
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorPayloadSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
});
export type ErrorPayload = z.infer<typeof ErrorPayloadSchema>;

export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}

/** Every reply over IPC or HTTP is one of these, so failures never depend on a transport's error handling. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorPayloadSchema }),
]);

/** Turns anything thrown into a payload that is safe to show and to send. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof ApiError) return error.toPayload();
  if (error instanceof z.ZodError) {
    const first = error.issues[0];
    // Arguments arrive as a tuple, so paths start with the argument's position;
    // that index means nothing to a person, the field names after it do.
    const fields = (first?.path ?? []).slice(1).filter((key) => typeof key === 'string');
    const where = fields.length > 0 ? ` (${fields.join('.')})` : '';
    return { code: 'invalid_input', message: `${first?.message ?? 'Invalid request'}${where}` };
  }
  return { code: 'internal', message: 'Something went wrong inside Broadsheet.' };
}

/** Unwraps an envelope, throwing an ApiError on failure. */
export function unwrapEnvelope<T>(raw: unknown): T {
  const parsed = EnvelopeSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError('internal', 'Broadsheet received a reply it could not read.');
  if (!parsed.data.ok) throw new ApiError(parsed.data.error.code, parsed.data.error.message);
  return parsed.data.value as T;
}
