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

/**
 * A cursor for a list that may be ordered several ways: the order's name, the last row's sort value
 * and its id. A cursor of one order given with another is refused, not misread.
 */
export function encodeSortCursor(order: string, value: Date | string | number, id: string): string {
  return Buffer.from(JSON.stringify([order, value instanceof Date ? value.toISOString() : value, id])).toString('base64url');
}

/** The sort value and id of a cursor made by encodeSortCursor for `order`; `kind` says what the value must be. */
export function decodeSortCursor(
  cursor: string,
  order: string,
  kind: 'time' | 'text' | 'number',
): { value: Date | string | number; id: string } {
  const refuse = () =>
    new AppError(
      'VALIDATION_FAILED',
      'The cursor is not valid for this order; use the `next` value of the previous page, with the same sort.',
      [{ path: 'cursor', message: 'Not a cursor of this order.' }],
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw refuse();
  const [tag, value, id] = parsed as unknown[];
  if (tag !== order || typeof id !== 'string') throw refuse();
  if (kind === 'time' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return { value: new Date(value), id };
  if (kind === 'text' && typeof value === 'string') return { value, id };
  if (kind === 'number' && typeof value === 'number' && Number.isInteger(value)) return { value, id };
  throw refuse();
}
