/**
 * Opaque list cursors over (timestamp, id): stable under ties at page edges, never server memory.
 */
import { AppError } from './app-error';

export interface KeysetPosition {
  at: Date;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([new Date(position.at).toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new Error('shape');
    return { at: new Date(at), id };
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid; use the `next` value of the previous page.', [
      { path: 'cursor', message: 'Not a cursor.' },
    ]);
  }
}

/** A page from `limit + 1` rows fetched after the cursor: the extra row only says there is more. */
export function pageFromRows<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => Date | string) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor({ at: new Date(at(last)), id: last.id }) : null };
}
