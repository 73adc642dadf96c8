/**
 * "Related" incidents: near in place and time. Only records the reader may read, never a count of
 * the others, and capped so one busy crossing cannot flood the answer.
 */
import { correlationRepository } from '../../db/repositories/correlation-repository';
import { getIncident } from './incident-service';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export const RELATED_WINDOW = { km: 25, days: 3, limit: 20 } as const;

export async function relatedIncidents(ctx: Context, actor: UserActor, id: string) {
  const incident = await getIncident(ctx, actor, id);
  if (incident.lat === null || incident.lon === null) return [];
  const rows = await correlationRepository(ctx.database.db).nearInPlaceAndTime(
    actor.reader,
    { id: incident.id, lat: incident.lat, lon: incident.lon, at: new Date(incident.occurred_at) },
    RELATED_WINDOW,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    domain: r.domain,
    subtype: r.subtype,
    occurredAt: new Date(r.occurred_at).toISOString(),
    place: [r.place_name, r.country].filter(Boolean).join(', '),
    distanceKm: Math.round(Number(r.distance_km) * 10) / 10,
    reason: 'place-and-time' as const,
  }));
}
