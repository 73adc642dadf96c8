import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB } from '../schema';

/**
 * The alert or room in `table` belongs to an exercise the reader may read (the one named, with
 * `exerciseId`) and was made by that exercise's lead, as injects make them: a partner marking its own
 * records with another nation's exercise does not enter that exercise's figures.
 */
function ofItsExercise(reader: Reader, table: 'alerts' | 'crises', exerciseId: string | undefined) {
  return sql<boolean>`exists (select 1 from exercises where exercises.id = ${sql.ref(`${table}.exercise_id`)}
    and exercises.originator_nation = ${sql.ref(`${table}.originator_nation`)}
    and ${readableBy(reader, 'exercises')}${exerciseId === undefined ? sql`` : sql` and exercises.id = ${exerciseId}`})`;
}

/**
 * What exercise metrics are worked out from, read through the rule for `reader`: every record in a
 * fact (the exercise; the alert and its acknowledgement; the room and its report; the room, the
 * request, the offer and the move that accepted it) must be one the reader may read, and the alert
 * or room its exercise's lead's (`ofItsExercise`). Reports are the partners': the lead's reports in
 * its own rooms are not measured. With `exerciseId`, one exercise's facts only.
 */
export function exerciseMetricsRepository(db: Kysely<DB>) {
  return {
    acknowledgements: (reader: Reader, exerciseId?: string) =>
      db
        .selectFrom('alerts')
        .innerJoin('alert_responses', 'alert_responses.alert_id', 'alerts.id')
        .innerJoin('desks', 'desks.id', 'alert_responses.desk_id')
        .select([
          'alerts.exercise_id',
          'alerts.raised_at',
          'alert_responses.responded_at',
          'desks.id as desk_id',
          'desks.name as desk_name',
          'desks.nation',
        ])
        .where('alert_responses.kind', '=', 'acknowledge')
        .where(ofItsExercise(reader, 'alerts', exerciseId))
        .where(readableBy(reader, 'alerts'))
        .where(readableBy(reader, 'alert_responses'))
        .execute(),
    reports: (reader: Reader, exerciseId?: string) =>
      db
        .selectFrom('crises')
        .innerJoin('crisis_entries', 'crisis_entries.crisis_id', 'crises.id')
        .select([
          'crises.exercise_id',
          'crises.id as crisis_id',
          'crises.declared_at',
          'crisis_entries.originator_nation',
          'crisis_entries.entered_at',
        ])
        .where('crisis_entries.kind', '=', 'sitrep')
        // The lead's own reports are its controllers' script, which only its node can tell from the rest.
        .whereRef('crisis_entries.originator_nation', '!=', 'crises.originator_nation')
        .where(ofItsExercise(reader, 'crises', exerciseId))
        .where(readableBy(reader, 'crises'))
        .where(readableBy(reader, 'crisis_entries'))
        .execute(),
    /** Requests in exercise rooms, each with when an offer answering it was first accepted, as far as the reader may read. */
    requests: (reader: Reader, exerciseId?: string) =>
      db
        .selectFrom('crises')
        .innerJoin('crisis_entries as request', 'request.crisis_id', 'crises.id')
        .select((eb) => [
          'crises.exercise_id',
          'request.id as request_id',
          'request.originator_nation',
          'request.entered_at',
          eb
            .selectFrom('crisis_entries as offer')
            .innerJoin('crisis_entries as move', 'move.subject_id', 'offer.id')
            .select(sql<Date | null>`min(move.entered_at)`.as('accepted_at'))
            .whereRef('offer.request_id', '=', 'request.id')
            // In the request's own room (so read through the room the outer query asks of), as the
            // crisis rooms write them; a partner's entries claiming another room's request do not count.
            .whereRef('offer.crisis_id', '=', 'request.crisis_id')
            .whereRef('move.crisis_id', '=', 'request.crisis_id')
            .where('offer.kind', '=', 'offer')
            // Accepted where the room's moves, replayed, leave it accepted — a withdrawn offer or a
            // refused move does not count — and only the requesting nation's accept is its time.
            .where('offer.entry_state', '=', 'accepted')
            .where('move.kind', '=', 'update')
            .where(sql<boolean>`move.content->>'action' = 'accept'`)
            .whereRef('move.originator_nation', '=', 'request.originator_nation')
            .where(readableBy(reader, 'offer'))
            .where(readableBy(reader, 'move'))
            .as('accepted_at'),
        ])
        .where('request.kind', '=', 'request')
        .where(ofItsExercise(reader, 'crises', exerciseId))
        .where(readableBy(reader, 'crises'))
        .where(readableBy(reader, 'request'))
        .execute(),
    /** The exercises named, as far as the reader may read them. */
    exercises: (reader: Reader, ids: readonly string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('exercises')
            .select(['id', 'title', 'originator_nation', 'starts_at', 'run_started_at'])
            .where('id', 'in', ids)
            .where(readableBy(reader, 'exercises'))
            .execute(),
  };
}
