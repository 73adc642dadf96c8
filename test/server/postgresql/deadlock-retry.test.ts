import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Database } from '../../../src/server/db/database';

/** Runs in the db-postgresql project only (see vitest.config.ts). */
describe('a transaction PostgreSQL aborts to break a deadlock', () => {
  it('is run again, so both of two transactions locking rows in opposite order succeed', async () => {
    const database = await Database.openPostgres(process.env.TEST_DATABASE_URL as string, { max: 4 });
    const table = `deadlock_probe_${process.pid}`;
    try {
      await sql`create table ${sql.table(table)} (id int primary key, n int not null)`.execute(database.db);
      await sql`insert into ${sql.table(table)} values (1, 0), (2, 0)`.execute(database.db);
      let bothHoldFirstRow: () => void = () => {};
      const holding = new Promise<void>((resolve) => {
        let count = 0;
        bothHoldFirstRow = () => {
          if (++count === 2) resolve();
        };
      });
      const attempts = { a: 0, b: 0 };
      const bump = (id: number) => sql`update ${sql.table(table)} set n = n + 1 where id = ${id}`;
      const crossing = (name: 'a' | 'b', first: number, second: number) =>
        database.transaction(async (tx) => {
          attempts[name]++;
          await bump(first).execute(tx.db);
          if (attempts[name] === 1) {
            bothHoldFirstRow();
            await holding;
          }
          await bump(second).execute(tx.db);
        });
      await Promise.all([crossing('a', 1, 2), crossing('b', 2, 1)]);
      expect(attempts.a + attempts.b).toBe(3);
      const rows = await sql<{ id: number; n: number }>`select id, n from ${sql.table(table)} order by id`.execute(database.db);
      expect(rows.rows).toEqual([
        { id: 1, n: 2 },
        { id: 2, n: 2 },
      ]);
    } finally {
      await sql`drop table if exists ${sql.table(table)}`.execute(database.db);
      await database.close();
    }
  });
});
