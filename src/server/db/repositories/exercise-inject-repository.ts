import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB, ExerciseInjectsTable } from '../schema';

export type InjectRow = Selectable<ExerciseInjectsTable> & { written_by_name: string };

/**
 * An exercise's MSEL: its injects, their timers and outcomes, the controllers' verdicts, and what
 * the records the injects made show (answers to an alert, reports in a room), read through the rule.
 */
export function exerciseInjectRepository(db: Kysely<DB>) {
  const injects = () =>
    db
      .selectFrom('exercise_injects')
      .innerJoin('users', 'users.id', 'exercise_injects.written_by')
      .selectAll('exercise_injects')
      .select('users.display_name as written_by_name');
  return {
    insert: (row: Insertable<ExerciseInjectsTable>) => db.insertInto('exercise_injects').values(row).execute(),
    /** Changes an inject still to fire (one that fired meanwhile is left as it is). */
    update: (id: string, set: Updateable<ExerciseInjectsTable>) =>
      db.updateTable('exercise_injects').set(set).where('id', '=', id).where('status', '=', 'scheduled').execute(),
    delete: (id: string) => db.deleteFrom('exercise_injects').where('id', '=', id).where('status', '=', 'scheduled').execute(),
    /** Locks the inject: a write waits for a firing in progress, then sees how it ended. */
    lock: (id: string) => db.selectFrom('exercise_injects').select('id').where('id', '=', id).forUpdate().executeTakeFirst(),
    /** Moves a due inject's timer on (after an unexpected failure, so the injects behind it fire). */
    postpone: (id: string, dueAt: Date) =>
      db.updateTable('exercise_injects').set({ due_at: dueAt }).where('id', '=', id).where('status', '=', 'scheduled').execute(),
    find: (id: string): Promise<InjectRow | undefined> => injects().where('exercise_injects.id', '=', id).executeTakeFirst(),
    /** The exercise's injects in the order they fire. */
    ofExercise: (exerciseId: string): Promise<InjectRow[]> =>
      injects()
        .where('exercise_injects.exercise_id', '=', exerciseId)
        .orderBy('exercise_injects.at_minutes')
        .orderBy('exercise_injects.id')
        .execute(),
    /** One due inject, locked; one another process holds is skipped, not waited for. */
    claimDue: (now: Date) =>
      db
        .selectFrom('exercise_injects')
        .selectAll()
        .where('status', '=', 'scheduled')
        .where('due_at', '<=', now)
        .orderBy('due_at')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst(),
    /** Moves a scheduled inject to `set` (fired, failed); false when it was no longer scheduled (or, `version` given, was changed). */
    settle: async (id: string, set: Updateable<ExerciseInjectsTable>, version?: number) => {
      let query = db.updateTable('exercise_injects').set(set).where('id', '=', id).where('status', '=', 'scheduled');
      if (version !== undefined) query = query.where('version', '=', version);
      return (await query.executeTakeFirst()).numUpdatedRows > 0n;
    },
    /** Sets the timers of the exercise's scheduled injects from `base` (STARTEX plus time paused), or clears them (null). */
    setTimers: (exerciseId: string, base: Date | null) =>
      db
        .updateTable('exercise_injects')
        .set({ due_at: base === null ? null : sql<Date>`${base}::timestamptz + at_minutes * interval '1 minute'` })
        .where('exercise_id', '=', exerciseId)
        .where('status', '=', 'scheduled')
        .execute(),
    /** Cancels what has not fired when the exercise ends. */
    cancelScheduled: (exerciseId: string, now: Date) =>
      db
        .updateTable('exercise_injects')
        .set({ status: 'cancelled', due_at: null, updated_at: now })
        .where('exercise_id', '=', exerciseId)
        .where('status', '=', 'scheduled')
        .execute(),

    verdictsOf: (injectIds: string[]) =>
      injectIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('exercise_verdicts').selectAll().where('inject_id', 'in', injectIds).execute(),
    setVerdict: (row: { inject_id: string; expectation_id: string; verdict: string; note: string; decided_by: string; decided_at: Date }) =>
      db
        .insertInto('exercise_verdicts')
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(['inject_id', 'expectation_id'])
            .doUpdateSet({ verdict: row.verdict, note: row.note, decided_by: row.decided_by, decided_at: row.decided_at }),
        )
        .execute(),

    /** The readable answers to these alerts. */
    answersReadable: (reader: Reader, alertIds: string[]) =>
      alertIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('alert_responses')
            .select(['alert_id', 'desk_id', 'kind', 'responded_at'])
            .where('alert_id', 'in', alertIds)
            .where(readableBy(reader, 'alert_responses'))
            .execute(),
    /** The readable situation reports in these crisis rooms, with the nation that wrote each; `scripted`: the injects' own, left out. */
    sitrepsReadable: (reader: Reader, crisisIds: string[], scripted: string[]) =>
      crisisIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('crisis_entries')
            .innerJoin('crises', 'crises.id', 'crisis_entries.crisis_id')
            .select(['crisis_entries.crisis_id', 'crisis_entries.originator_nation', 'crisis_entries.entered_at'])
            .where('crisis_entries.crisis_id', 'in', crisisIds)
            .where('crisis_entries.kind', '=', 'sitrep')
            .$if(scripted.length > 0, (q) => q.where('crisis_entries.id', 'not in', scripted))
            .where(readableBy(reader, 'crisis_entries'))
            .where(readableBy(reader, 'crises'))
            .execute(),
    /** The exercise's records on this node the reader may read: its alerts and crisis rooms, newest first. */
    pictureReadable: async (reader: Reader, exerciseId: string, lead: string) => ({
      alerts: await db
        .selectFrom('alerts')
        .selectAll()
        .where('exercise_id', '=', exerciseId)
        // Only the lead's injects make an exercise's records: another nation's naming it does not make it one.
        .where('originator_nation', '=', lead)
        .where(readableBy(reader, 'alerts'))
        .orderBy('raised_at', 'desc')
        .limit(500)
        .execute(),
      crises: await db
        .selectFrom('crises')
        .selectAll()
        .where('exercise_id', '=', exerciseId)
        .where('originator_nation', '=', lead)
        .where(readableBy(reader, 'crises'))
        .orderBy('declared_at', 'desc')
        .limit(500)
        .execute(),
    }),
    /** The exercise's open crisis rooms on this node (closed when it ends). */
    openCrises: (exerciseId: string) =>
      db
        .selectFrom('crises')
        .select(['id', 'declared_by'])
        .where('exercise_id', '=', exerciseId)
        .where('status', '=', 'open')
        .where('home_node', 'is', null)
        .execute(),
  };
}
