/**
 * What the database's failures mean to a caller: a full disk, a database that is away, or a write
 * that concurrent ones kept from finishing — each a 503 that says what to do, with nothing written.
 * The HTTP error handler asks here rather than reading database error codes itself.
 */
import { DISK_FULL_MESSAGE, isDiskFull } from '../db/disk-full';
import { AppError } from './app-error';

/** Error codes of a database that is away: sockets refused or cut, PostgreSQL shutting down or starting up. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53100',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
/** The pg driver's own errors for a connection lost or not made carry no code, only these words. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/;
export function databaseUnavailable(): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    'The database cannot be reached just now; send the request again in a few seconds (a write sent with an Idempotency-Key is done once however often it is sent).',
  );
}

/** A write PostgreSQL aborted (deadlock, serialization) again on every retry wrote nothing: send it again. */
const CONFLICTED = new Set(['40P01', '40001']);

/** The answer for a database failure, or null when `error` is not one. */
export function storageError(error: unknown): AppError | null {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (isDiskFull(error)) return new AppError('SERVICE_UNAVAILABLE', DISK_FULL_MESSAGE);
  if (typeof code === 'string' && UNAVAILABLE.has(code)) return databaseUnavailable();
  if (typeof code === 'string' && CONFLICTED.has(code))
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'Concurrent writes kept this one from finishing, and nothing of it was kept; send it again (with the same Idempotency-Key, if it had one).',
    );
  if (error instanceof Error && !code && UNAVAILABLE_MESSAGE.test(error.message)) return databaseUnavailable();
  return null;
}
