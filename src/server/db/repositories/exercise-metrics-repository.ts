import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB } from '../schema';

/**
 * What exercise metrics are worked out from, read through the rule for `reader`: every record in a
 * fact (the alert and its acknowledgement; the room and its report; the room, the request, the offer
 * and the move that accepted it) must be one the reader may read.
 */
export function exerciseMetricsRepository(db: Kysely<DB>) {
  return {
    acknowledgements: (reader: Reader) =>
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
        .where('alerts.exercise_id', 'is not', null)
        .where('alert_responses.kind', '=', 'acknowledge')
        .where(readableBy(reader, 'alerts'))
        .where(readableBy(reader, 'alert_responses'))
        .execute(),
    reports: (reader: Reader) =>
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
        .where('crises.exercise_id', 'is not', null)
        .where('crisis_entries.kind', '=', 'sitrep')
        .where(readableBy(reader, 'crises'))
        .where(readableBy(reader, 'crisis_entries'))
        .execute(),
    /** Requests in exercise rooms, each with when an offer answering it was first accepted, as far as the reader may read. */
    requests: (reader: Reader) =>
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
            .where('offer.kind', '=', 'offer')
            .where('move.kind', '=', 'update')
            .where(sql<boolean>`move.content->>'action' = 'accept'`)
            .where(readableBy(reader, 'offer'))
            .where(readableBy(reader, 'move'))
            .as('accepted_at'),
        ])
        .where('crises.exercise_id', 'is not', null)
        .where('request.kind', '=', 'request')
        .where(readableBy(reader, 'crises'))
        .where(readableBy(reader, 'request'))
        .execute(),
  };
}
