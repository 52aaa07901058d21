// Keyset pagination: a cursor is the sort key of the last row of a page (a
// timestamp and the id), with the ordering it belongs to, wrapped so callers
// treat it as opaque. A cursor from one ordering is refused by another rather
// than silently skipping rows.
import { ApiError } from '../../shared/errors.ts';

/**
 * `published`: feed views, by published_at; `saved`: saved and archive views,
 * by saved_at; newest first, or oldest first with the `-oldest` variants.
 */
export type CursorOrder = 'published' | 'saved' | 'published-oldest' | 'saved-oldest';

export interface CursorKey {
  sortKey: string;
  id: number;
}

const ORDER_TAGS: Record<CursorOrder, string> = { published: 'p', saved: 's', 'published-oldest': 'po', 'saved-oldest': 'so' };

export function encodeCursor(key: CursorKey, order: CursorOrder = 'published'): string {
  return Buffer.from(JSON.stringify([key.sortKey, key.id, ORDER_TAGS[order]]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, order: CursorOrder = 'published'): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      (value.length === 2 || value.length === 3) &&
      typeof value[0] === 'string' &&
      value[0].length <= 40 &&
      Number.isSafeInteger(value[1]) &&
      (value[1] as number) > 0 &&
      // Cursors made before saved views existed carry no tag; they were all by published_at.
      (value[2] ?? ORDER_TAGS.published) === ORDER_TAGS[order]
    ) {
      return { sortKey: value[0], id: value[1] as number };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ApiError('invalid_input', 'That page of articles is not available any more. Reload the list.');
}
