import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { BusyBlocksTable, DB, ExercisesTable } from '../schema';

export type ExerciseRow = Selectable<ExercisesTable> & { created_by_name: string };
export type BusyBlockRow = Selectable<BusyBlocksTable>;

type After = { at: Date; id: string } | null;

/**
 * Exercises and busy blocks. Every query that returns one asks the read rule, so a list, a clash
 * or a calendar never names one its reader may not read.
 */
export function exerciseRepository(db: Kysely<DB>) {
  const exercises = () =>
    db
      .selectFrom('exercises')
      .innerJoin('users', 'users.id', 'exercises.created_by')
      .selectAll('exercises')
      .select('users.display_name as created_by_name');
  return {
    insert: (row: Insertable<ExercisesTable>) => db.insertInto('exercises').values(row).execute(),
    update: (id: string, set: Updateable<ExercisesTable>) => db.updateTable('exercises').set(set).where('id', '=', id).execute(),
    /** The exercise if `reader` may read it; otherwise nothing, exactly as if it did not exist. */
    findReadable: (id: string, reader: Reader): Promise<ExerciseRow | undefined> =>
      exercises().where('exercises.id', '=', id).where(readableBy(reader, 'exercises')).executeTakeFirst(),
    exists: async (id: string) => (await db.selectFrom('exercises').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    /** The exercise, unfiltered, locked: changes to one exercise are made one at a time. */
    forUpdate: (id: string) => db.selectFrom('exercises').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    /** Readable exercises by STARTEX (then id), filtered. */
    listReadable: (
      reader: Reader,
      limit: number,
      after: After,
      filter: { from?: Date | undefined; status?: string | undefined; nation?: string | undefined },
    ): Promise<ExerciseRow[]> => {
      let query = exercises().where(readableBy(reader, 'exercises'));
      if (filter.from) query = query.where('exercises.ends_at', '>=', filter.from);
      if (filter.status) query = query.where('exercises.status', '=', filter.status);
      if (filter.nation) query = query.where(sql<boolean>`${filter.nation} = any(exercises.participants)`);
      if (after) query = query.where(sql<boolean>`(exercises.starts_at, exercises.id) > (${after.at}, ${after.id})`);
      return query.orderBy('exercises.starts_at').orderBy('exercises.id').limit(limit).execute();
    },
    /** Readable exercises not cancelled that overlap [from, to): what a plan may clash with. */
    overlapping: (reader: Reader, from: Date, to: Date) =>
      db
        .selectFrom('exercises')
        .selectAll()
        .where(readableBy(reader, 'exercises'))
        .where('status', '!=', 'cancelled')
        .where('starts_at', '<', to)
        .where('ends_at', '>', from)
        .execute(),

    insertBlocks: (rows: Insertable<BusyBlocksTable>[]) =>
      rows.length === 0
        ? Promise.resolve()
        : db
            .insertInto('busy_blocks')
            .values(rows)
            .execute()
            .then(() => undefined),
    updateBlock: (id: string, set: Updateable<BusyBlocksTable>) => db.updateTable('busy_blocks').set(set).where('id', '=', id).execute(),
    findBlockReadable: (id: string, reader: Reader): Promise<BusyBlockRow | undefined> =>
      db.selectFrom('busy_blocks').selectAll().where('id', '=', id).where(readableBy(reader, 'busy_blocks')).executeTakeFirst(),
    blockForUpdate: (id: string) => db.selectFrom('busy_blocks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    /** Readable blocks not withdrawn, by start (then id). */
    listBlocksReadable: (
      reader: Reader,
      limit: number,
      after: After,
      filter: { from?: Date | undefined; status?: 'draft' | 'published' | undefined },
    ): Promise<BusyBlockRow[]> => {
      let query = db.selectFrom('busy_blocks').selectAll().where(readableBy(reader, 'busy_blocks'));
      query = filter.status ? query.where('status', '=', filter.status) : query.where('status', '!=', 'withdrawn');
      if (filter.from) query = query.where('ends_at', '>=', filter.from);
      if (after) query = query.where(sql<boolean>`(starts_at, id) > (${after.at}, ${after.id})`);
      return query.orderBy('starts_at').orderBy('id').limit(limit).execute();
    },
    /** Readable published blocks of `nations` that overlap [from, to). */
    blocksOverlapping: (reader: Reader, from: Date, to: Date, nations: readonly string[]) =>
      nations.length === 0
        ? Promise.resolve([] as BusyBlockRow[])
        : db
            .selectFrom('busy_blocks')
            .selectAll()
            .where(readableBy(reader, 'busy_blocks'))
            .where('status', '=', 'published')
            .where('originator_nation', 'in', nations)
            .where('starts_at', '<', to)
            .where('ends_at', '>', from)
            .execute(),
  };
}
