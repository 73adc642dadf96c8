import { Kysely, PostgresDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { readableBy, readableRecordBy } from './releasability-sql';
import type { Reader } from '../../../../shared/labels/label';
import type { DB } from '../../schema';

const reader: Reader = {
  userId: 'u-kaz',
  nation: 'KAZ',
  org: 'o-kaz',
  clientOf: null,
  clearance: 'SECRET',
  caveats: [],
  communities: [],
  releasingOfficer: false,
};
/** Compiles queries without a database (the dialect is never asked to connect). */
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: {} as never }) });

describe('the read rule in SQL, for a record read through a parent', () => {
  it('asks the parent’s current label with the same rule, joined by the column naming it', () => {
    const entries = db
      .selectFrom('crisis_entries')
      .select('id')
      .where(readableRecordBy('crisis-entry', reader, 'crisis_entries'))
      .compile();
    expect(entries.sql).toContain('exists (select 1 from "crises" as "crisis_entries_parent"');
    expect(entries.sql).toContain('"crisis_entries_parent"."id" = "crisis_entries"."crisis_id"');
    // The rule appears twice: for the entry's own label and for its crisis's.
    expect(entries.sql.split('"classification_rank" <=').length - 1).toBe(2);
  });

  it('is the plain rule for a kind without a parent', () => {
    const incidents = db.selectFrom('incidents').select('id');
    expect(incidents.where(readableRecordBy('incident', reader, 'incidents')).compile().sql).toBe(
      incidents.where(readableBy(reader, 'incidents')).compile().sql,
    );
  });
});
