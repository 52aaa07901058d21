// Keyset pagination: a cursor is the sort key (published_at, id) of the last
// row of a page, wrapped so callers treat it as opaque.
import { ApiError } from '../../shared/errors.ts';

export interface CursorKey {
  publishedAt: string;
  id: number;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.publishedAt, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      value[0].length <= 40 &&
      Number.isSafeInteger(value[1]) &&
      (value[1] as number) > 0
    ) {
      return { publishedAt: value[0], id: value[1] as number };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ApiError('invalid_input', 'That page of articles is not available any more. Reload the list.');
}
