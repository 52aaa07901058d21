// The renderer may only import types from electron/shared, so it cannot throw
// the shared ApiError class; this one carries the same `{ code, message }`.
import type { ErrorCode } from '../../electron/shared/errors.ts';

export class ApiCallError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
  }
}

// A record, so a code added to the contract cannot be forgotten here.
const CODE_TABLE: Record<ErrorCode, true> = {
  invalid_input: true,
  invalid_url: true,
  not_found: true,
  already_exists: true,
  fetch_failed: true,
  not_a_feed: true,
  forbidden: true,
  storage_failed: true,
  disk_full: true,
  library_busy: true,
  internal: true,
};
const CODES: ReadonlySet<string> = new Set(Object.keys(CODE_TABLE));

/**
 * Turns whatever a call rejected with into an ApiCallError. The Electron
 * preload rejects with a plain `{ code, message }` (the context bridge would
 * strip an Error down to its message); anything else is unexpected.
 */
export function toCallError(reason: unknown): ApiCallError {
  if (reason instanceof ApiCallError) return reason;
  if (typeof reason === 'object' && reason !== null) {
    const { code, message } = reason as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CODES.has(code) && typeof message === 'string') {
      return new ApiCallError(code as ErrorCode, message);
    }
  }
  return new ApiCallError('internal', messageOf(reason));
}

/** The sentence to show a person: errors from the core already are one. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message.trim() !== '') {
    // Electron prefixes messages of rejected IPC calls; people need not see it.
    return error.message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
  }
  return 'Something went wrong inside Broadsheet.';
}
