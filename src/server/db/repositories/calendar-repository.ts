import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import { LABEL_COLUMN_NAMES } from '../../../shared/labels/label-columns';
import type { Reader } from '../../../shared/labels/label';
import type { DB } from '../schema';

export interface CalendarWindow {
  /** Things ending at or after it. */
  from: Date | null;
  /** Things starting before it. */
  to: Date | null;
}

/**
 * What the calendar reads: each source of dated records (meetings, exercises, their milestones,
 * busy blocks), each asked the read rule, in (start, id) order after a position; and the
 * people's subscription tokens.
 */
export function calendarRepository(db: Kysely<DB>) {
  return {
    meetings: async (reader: Reader, window: CalendarWindow, after: { at: Date; id: string } | null, limit: number) => {
      let query = db
        .selectFrom('meetings')
        .select(['id', 'title', 'starts_at', 'ends_at', 'time_zone', 'venue', 'status', 'originator_nation as host'])
        .select(LABEL_COLUMN_NAMES)
        .where(readableBy(reader, 'meetings'));
      if (window.from) query = query.where('ends_at', '>=', window.from);
      if (window.to) query = query.where('starts_at', '<', window.to);
      if (after) query = query.where(sql<boolean>`(starts_at, id) > (${after.at}, ${after.id})`);
      return (await query.orderBy('starts_at').orderBy('id').limit(limit).execute()).map((row) => ({ kind: 'meeting' as const, ...row }));
    },

    exercises: async (reader: Reader, window: CalendarWindow, after: { at: Date; id: string } | null, limit: number) => {
      let query = db
        .selectFrom('exercises')
        .select(['id', 'title', 'kind', 'starts_at', 'ends_at', 'time_zone', 'venue', 'status', 'originator_nation as lead'])
        .select(LABEL_COLUMN_NAMES)
        .where(readableBy(reader, 'exercises'));
      if (window.from) query = query.where('ends_at', '>=', window.from);
      if (window.to) query = query.where('starts_at', '<', window.to);
      if (after) query = query.where(sql<boolean>`(starts_at, id) > (${after.at}, ${after.id})`);
      return query.orderBy('starts_at').orderBy('id').limit(limit).execute();
    },
    /** Each readable exercise's milestones, as events of their own (their exercise's label). */
    milestones: async (reader: Reader, window: CalendarWindow, after: { at: Date; id: string } | null, limit: number) => {
      let query = db
        .selectFrom('exercises')
        .innerJoinLateral(
          (eb) =>
            eb
              .selectFrom(
                sql<{
                  id: string;
                  kind: string;
                  title: string;
                  starts_at: Date;
                  ends_at: Date;
                }>`jsonb_to_recordset(exercises.milestones)`.as(
                  sql`m(id text, kind text, title text, starts_at timestamptz, ends_at timestamptz)`,
                ),
              )
              .selectAll()
              .as('m'),
          (join) => join.onTrue(),
        )
        .select([
          'm.id as id',
          'm.kind as milestone',
          'm.title as title',
          'm.starts_at as starts_at',
          'm.ends_at as ends_at',
          'exercises.id as exercise_id',
          'exercises.title as exercise_title',
          'exercises.time_zone as time_zone',
          'exercises.venue as venue',
          'exercises.status as status',
          'exercises.originator_nation as lead',
        ])
        .select(LABEL_COLUMN_NAMES.map((c) => `exercises.${c}` as const))
        .where(readableBy(reader, 'exercises'));
      if (window.from) query = query.where('m.ends_at', '>=', window.from);
      if (window.to) query = query.where('m.starts_at', '<', window.to);
      if (after) query = query.where(sql<boolean>`(m.starts_at, m.id) > (${after.at}, ${after.id})`);
      return query.orderBy('m.starts_at').orderBy('m.id').limit(limit).execute();
    },
    /** Readable busy blocks published (not drafts, not withdrawn). */
    busyBlocks: async (reader: Reader, window: CalendarWindow, after: { at: Date; id: string } | null, limit: number) => {
      let query = db
        .selectFrom('busy_blocks')
        .select(['id', 'title', 'unit', 'all_day', 'starts_at', 'ends_at', 'time_zone', 'originator_nation as nation'])
        .select(LABEL_COLUMN_NAMES)
        .where(readableBy(reader, 'busy_blocks'))
        .where('status', '=', 'published');
      if (window.from) query = query.where('ends_at', '>=', window.from);
      if (window.to) query = query.where('starts_at', '<', window.to);
      if (after) query = query.where(sql<boolean>`(starts_at, id) > (${after.at}, ${after.id})`);
      return query.orderBy('starts_at').orderBy('id').limit(limit).execute();
    },

    /** The person a subscription token belongs to, if it is current; notes when it was read. */
    feedOwner: async (tokenHash: string, at: Date) =>
      (
        await db
          .updateTable('calendar_feeds')
          .set({ last_read_at: at })
          .where('token_hash', '=', tokenHash)
          .returning('user_id')
          .executeTakeFirst()
      )?.user_id,
    feedOf: (userId: string) =>
      db.selectFrom('calendar_feeds').select(['created_at', 'last_read_at']).where('user_id', '=', userId).executeTakeFirst(),
    /** Makes the person's token this one, replacing any other. */
    replaceFeed: (userId: string, tokenHash: string, at: Date) =>
      db
        .insertInto('calendar_feeds')
        .values({ user_id: userId, token_hash: tokenHash, created_at: at, last_read_at: null })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: at, last_read_at: null }))
        .execute(),
    removeFeed: async (userId: string) =>
      Number((await db.deleteFrom('calendar_feeds').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows) > 0,
  };
}
