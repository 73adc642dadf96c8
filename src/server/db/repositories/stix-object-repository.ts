import { sql } from 'kysely';
import { INCIDENT_COLUMNS } from './incident-repository';
import { readableBy } from '../releasability-sql';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Reader } from '../../../shared/labels/label';
import type { DB, StixObjectsTable } from '../schema';

export type StixObjectRow = Selectable<StixObjectsTable>;

/** Arbitrary but fixed: the advisory lock that makes one publisher write at a time. */
const PUBLISHER_LOCK = 4_202_611;

export interface ObjectFilter {
  /** Only rows after this `seq` (the paging cursor). */
  afterSeq?: number;
  addedAfter?: Date;
  ids?: string[];
  types?: string[];
  /** `last`: only each object's newest version (and only if the reader may read it); `all`: every version. */
  versions: 'last' | 'all';
}

/** The published STIX objects (the TAXII face reads them) and what the publisher needs. */
export function stixObjectRepository(db: Kysely<DB>) {
  return {
    lockPublisher: () => sql`select pg_advisory_xact_lock(${PUBLISHER_LOCK})`.execute(db),
    incidents: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('incidents').select(INCIDENT_COLUMNS).where('id', 'in', ids).execute(),
    actors: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('actors').selectAll().where('id', 'in', ids).execute(),
    indicators: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('indicators').selectAll().where('id', 'in', ids).execute(),
    insert: (rows: Insertable<StixObjectsTable>[]) =>
      rows.length === 0
        ? Promise.resolve()
        : db
            .insertInto('stix_objects')
            .values(rows)
            .onConflict((oc) => oc.columns(['stix_id', 'version']).doNothing())
            .execute()
            .then(() => undefined),
    lastDateAdded: async () =>
      (await db.selectFrom('stix_objects').select('date_added').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.date_added ?? null,
    /** Readable rows in `seq` order, at most `limit`. */
    readable: (reader: Reader, filter: ObjectFilter, limit: number) => {
      let query = db.selectFrom('stix_objects as o').selectAll('o').where(readableBy(reader, 'o'));
      if (filter.versions === 'last')
        query = query.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('stix_objects as newer')
                .select('newer.seq')
                .whereRef('newer.stix_id', '=', 'o.stix_id')
                .whereRef('newer.seq', '>', 'o.seq'),
            ),
          ),
        );
      if (filter.afterSeq !== undefined) query = query.where('o.seq', '>', filter.afterSeq);
      if (filter.addedAfter) query = query.where('o.date_added', '>', filter.addedAfter);
      if (filter.ids?.length) query = query.where('o.stix_id', 'in', filter.ids);
      if (filter.types?.length) query = query.where('o.stix_type', 'in', filter.types);
      return query.orderBy('o.seq').limit(limit).execute();
    },
  };
}
