/**
 * Which linked records a reader may read, apart from the incident service so that the STIX export
 * can use the same rule without depending on incident writes (and, through them, on recall).
 */
import { actorRepository } from '../../db/repositories/actor-repository';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { indicatorRepository } from '../../db/repositories/indicator-repository';
import type { Reader } from '../../../shared/labels/label';
import type { DB } from '../../db/schema';
import type { Kysely } from 'kysely';

/**
 * The link targets, by kind, that the reader may read (one query per kind). Every place that shows
 * or checks links goes through here, so each applies the same rule.
 */
export async function readableTargets(db: Kysely<DB>, reader: Reader, ids: { actor: string[]; indicator: string[]; incident: string[] }) {
  const [actors, indicators, incidents] = await Promise.all([
    actorRepository(db).findReadableMany([...new Set(ids.actor)], reader),
    indicatorRepository(db).findReadableMany([...new Set(ids.indicator)], reader),
    incidentRepository(db).findReadableMany([...new Set(ids.incident)], reader),
  ]);
  return { actors, indicators, incidents };
}

/** Link targets' ids by kind. */
export const idsByKind = (links: { to_kind: string; to_id: string }[]) => ({
  actor: links.filter((l) => l.to_kind === 'actor').map((l) => l.to_id),
  indicator: links.filter((l) => l.to_kind === 'indicator').map((l) => l.to_id),
  incident: links.filter((l) => l.to_kind === 'incident').map((l) => l.to_id),
});
