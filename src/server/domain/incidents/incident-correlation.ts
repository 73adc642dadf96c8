/**
 * "Related" incidents: those sharing an indicator or an actor with this one, and those near it in
 * place and time. Only incidents — and shared records — the reader may read; never a count of the
 * others. Each shared value contributes at most a few incidents (hot values are capped) and the
 * whole answer is capped, so one common value cannot flood it.
 */
import { correlationRepository } from '../../db/repositories/correlation-repository';
import { linkRepository } from '../../db/repositories/link-repository';
import { getIncident } from './incident-service';
import type { RelatedReason } from '../../../shared/contracts/incidents';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export const RELATED_WINDOW = { km: 25, days: 3, limit: 20, perSharedValue: 10 } as const;

interface Related {
  id: string;
  title: string;
  domain: string;
  subtype: string;
  occurredAt: string;
  place: string;
  reasons: RelatedReason[];
}

export async function relatedIncidents(ctx: Context, actor: UserActor, id: string): Promise<Related[]> {
  const incident = await getIncident(ctx, actor, id);
  const db = ctx.database.db;
  const found = new Map<string, Related>();
  const add = (
    row: {
      id: string;
      title: string;
      domain: string;
      subtype: string;
      occurred_at: Date | string;
      place_name: string | null;
      country: string;
    },
    reason: RelatedReason,
  ) => {
    const existing = found.get(row.id);
    if (existing) {
      existing.reasons.push(reason);
      return;
    }
    found.set(row.id, {
      id: row.id,
      title: row.title,
      domain: row.domain,
      subtype: row.subtype,
      occurredAt: new Date(row.occurred_at).toISOString(),
      place: [row.place_name, row.country].filter(Boolean).join(', '),
      reasons: [reason],
    });
  };
  const links = linkRepository(db);
  for (const row of await links.sharingLinks(id, actor.reader, 'indicator', RELATED_WINDOW.perSharedValue)) {
    add(row, { kind: 'shared-indicator', id: row.shared_id, value: row.shared_value });
  }
  for (const row of await links.sharingLinks(id, actor.reader, 'actor', RELATED_WINDOW.perSharedValue)) {
    add(row, { kind: 'shared-actor', id: row.shared_id, name: row.shared_value });
  }
  if (incident.lat !== null && incident.lon !== null) {
    const near = await correlationRepository(db).nearInPlaceAndTime(
      actor.reader,
      { id: incident.id, lat: incident.lat, lon: incident.lon, at: new Date(incident.occurred_at) },
      RELATED_WINDOW,
    );
    for (const row of near) add(row, { kind: 'place-and-time', distanceKm: Math.round(Number(row.distance_km) * 10) / 10 });
  }
  // Shared records first (the strongest reason), then nearness; the cap applies to the whole answer.
  const strength = (r: Related) => (r.reasons.some((x) => x.kind !== 'place-and-time') ? 0 : 1);
  return [...found.values()]
    .sort((a, b) => strength(a) - strength(b) || b.reasons.length - a.reasons.length)
    .slice(0, RELATED_WINDOW.limit);
}
