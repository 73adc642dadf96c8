import { describe, expect, it } from 'vitest';
import { toAppError } from './error-handler';

/** A database that is away is 503 (send again), whichever way the driver says so — never a 500. */
describe('toAppError for a database that is away', () => {
  const pgError = (code: string) => Object.assign(new Error('terminating connection due to administrator command'), { code });

  it.each([
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a client whose connection failed', new Error('Client has encountered a connection error and is not queryable')],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['PostgreSQL shutting down', pgError('57P01')],
    ['PostgreSQL starting up', pgError('57P03')],
    ['too many connections', pgError('53300')],
    ['a deadlock that outlasted its retries', pgError('40P01')],
  ])('%s is SERVICE_UNAVAILABLE', (_, error) => {
    expect(toAppError(error)?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('leaves other errors unknown (a logged 500)', () => {
    expect(toAppError(new Error('Connection settings are wrong'))).toBeNull();
    expect(toAppError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeNull();
  });
});
