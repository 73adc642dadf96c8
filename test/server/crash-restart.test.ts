/**
 * The node killed (SIGKILL) twice under keyed load — creates, edits, releases, imports, alerts and
 * their acknowledgements — on the embedded database and on PostgreSQL: every write answered 2xx,
 * sent again after the restarts with its key, gets its first answer back and is there exactly once, the audit chain verifies, the change feed has no hole and escalation timers
 * that came due while the node was down fire once it is back. The long version is `npm run soak`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashLoad } from '../kit/crash-load';
import { cloneTestDatabase, testDatabaseKind } from '../kit/test-database';
import type { TestDatabase } from '../kit/test-database';

let postgres: TestDatabase | null = null;
afterAll(async () => {
  await postgres?.drop();
});

describe('a node killed under load', () => {
  it('keeps every acknowledged write exactly once, with its audit entry and its change', { timeout: 600_000 }, async () => {
    if (testDatabaseKind() === 'postgresql') postgres = await cloneTestDatabase();
    const report = await runCrashLoad({
      ...(postgres?.url ? { databaseUrl: postgres.url } : {}),
      clients: 6,
      kills: 2,
      writesBetweenKills: 25,
      importRows: 20,
    });
    expect(report.problems).toEqual([]);
    expect(report.restarts).toBe(3);
    expect(Object.values(report.acknowledged).reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(3 * 25);
    for (const kind of ['create', 'edit', 'release', 'import', 'raise', 'acknowledge'])
      expect(report.acknowledged[kind], kind).toBeGreaterThan(0);
  });
});
