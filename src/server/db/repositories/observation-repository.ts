import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableRecordBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { Objective } from '../../../shared/contracts/training';
import type { DB, ObservationsTable } from '../schema';

export type ObservationRow = Selectable<ObservationsTable> & {
  created_by_name: string;
  exercise_title: string;
  /** The exercise's lead nation. */
  lead: string;
  exercise_objectives: Objective[];
};

export interface ObservationFilter {
  exerciseId?: string | undefined;
  stage?: string | undefined;
  nation?: string | undefined;
}

/**
 * Who may write an observation, asked wherever one is read: a nation taking part in its exercise.
 * Records arrive from partners in any order, so this is where one written by a nation that does
 * not take part — before the exercise was here to refuse it — is kept from being shown.
 */
const byParticipant = sql<boolean>`exists (select 1 from exercises e where e.id = observations.exercise_id
  and observations.originator_nation = any(e.participants))`;

/**
 * Observations of exercises (lessons learned). Every query that serves one asks the rule for its
 * kind — its own label and its exercise's — so a list, a count or a report never shows one to a
 * reader who may not read it. `heldForUpdate` feeds writes and federation and is never served.
 */
export function observationRepository(db: Kysely<DB>) {
  const readable = (reader: Reader) =>
    db
      .selectFrom('observations')
      .innerJoin('exercises', 'exercises.id', 'observations.exercise_id')
      .innerJoin('users', 'users.id', 'observations.created_by')
      .selectAll('observations')
      .select([
        'users.display_name as created_by_name',
        'exercises.title as exercise_title',
        'exercises.originator_nation as lead',
        sql<Objective[]>`exercises.objectives`.as('exercise_objectives'),
      ])
      .where(readableRecordBy('observation', reader, 'observations'))
      .where(byParticipant);
  return {
    insert: (row: Insertable<ObservationsTable>) => db.insertInto('observations').values(row).execute(),
    update: (id: string, set: Updateable<ObservationsTable>) => db.updateTable('observations').set(set).where('id', '=', id).execute(),
    /** The observation, unfiltered and locked: changes to one observation are made one at a time. */
    heldForUpdate: (id: string) => db.selectFrom('observations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    /** Whether it is here, whoever may read it: for "unreadable equals missing". */
    exists: async (id: string) => (await db.selectFrom('observations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    /** The observation if `reader` may read it (and its exercise); otherwise nothing, exactly as if it did not exist. */
    findReadable: (id: string, reader: Reader): Promise<ObservationRow | undefined> =>
      readable(reader).where('observations.id', '=', id).executeTakeFirst() as Promise<ObservationRow | undefined>,
    /** Readable observations under the filter, oldest first, `limit` after the keyset position. */
    listReadable: (reader: Reader, filter: ObservationFilter, limit: number, after: { at: Date; id: string } | null) => {
      let query = readable(reader);
      if (filter.exerciseId) query = query.where('observations.exercise_id', '=', filter.exerciseId);
      if (filter.stage) query = query.where('observations.stage', '=', filter.stage);
      if (filter.nation) query = query.where('observations.originator_nation', '=', filter.nation);
      if (after) query = query.where(sql<boolean>`(observations.created_at, observations.id) > (${after.at}, ${after.id})`);
      return query.orderBy('observations.created_at').orderBy('observations.id').limit(limit).execute() as Promise<ObservationRow[]>;
    },
  };
}
