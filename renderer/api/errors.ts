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

/**
 * The sentence to show a person. Errors from the core already are one; errors
 * that crossed Electron's context bridge keep only their message, which is why
 * the message, not the class, is what counts here.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message.trim() !== '') {
    // Electron prefixes messages of rejected IPC calls; people need not see it.
    return error.message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
  }
  return 'Something went wrong inside Broadsheet.';
}
