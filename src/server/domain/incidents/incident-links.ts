/**
 * Links from an incident to actors, indicators and other incidents. Setting links is an edit (a new
 * version); each list sent replaces the links of that kind the editor can read. A link target the author may not read answers exactly like a missing one; a reader is
 * shown only the linked records they may read — never a count of the others.
 */
import { can } from '../policy/policy';
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { linkRepository } from '../../db/repositories/link-repository';
import { AppError } from '../app-error';
import { recordAccessFailure } from '../audit/access-failures';
import { getIncident, incidentRecords } from './incident-service';
import { editRecord } from '../release/release-workflow';
import { idsByKind, readableTargets } from './link-targets';
import type { IncidentLinks, IncidentLinksRequest } from '../../../shared/contracts/picture-records';
import type { ActorKind, IncidentRelation, IndicatorType } from '../../../shared/vocab/picture-records';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { LinkRow } from '../../db/repositories/link-repository';
import type { DB } from '../../db/schema';
import type { Kysely } from 'kysely';

export async function setIncidentLinks(
  ctx: Context,
  actor: UserActor,
  id: string,
  request: IncidentLinksRequest,
  expectedVersion?: number,
): Promise<void> {
  const db = ctx.database.db;
  const incident = await incidentRepository(db).findReadable(id, actor.reader);
  if (!incident) throw AppError.notFound('incident');
  if (!can(actor, 'record.edit', incident)) {
    throw new AppError('FORBIDDEN', "Only the originating organisation's analysts may link this incident.");
  }
  const wanted = {
    actor: request.actors && [...new Set(request.actors)].map((to) => ({ id: to, relation: 'actor' })),
    indicator: request.indicators && [...new Set(request.indicators)].map((to) => ({ id: to, relation: 'indicator' })),
    incident: request.incidents && [...new Map(request.incidents.map((l) => [l.id, l])).values()],
  };
  if (wanted.incident?.some((l) => l.id === id)) {
    throw new AppError('VALIDATION_FAILED', 'An incident cannot link to itself.', [{ path: 'incidents', message: 'Itself.' }]);
  }
  const targets = await readableTargets(db, actor.reader, {
    actor: wanted.actor?.map((l) => l.id) ?? [],
    indicator: wanted.indicator?.map((l) => l.id) ?? [],
    incident: wanted.incident?.map((l) => l.id) ?? [],
  });
  const readable = {
    actor: new Set(targets.actors.map((r) => r.id)),
    indicator: new Set(targets.indicators.map((r) => r.id)),
    incident: new Set(targets.incidents.map((r) => r.id)),
  };
  for (const kind of ['actor', 'indicator', 'incident'] as const) {
    const unknown = (wanted[kind] ?? []).filter((l) => !readable[kind].has(l.id));
    if (unknown.length > 0) {
      // Unreadable and missing targets answer alike; the audit keeps the attempt.
      await recordAccessFailure(ctx, actor, 'incident.link', { kind, ids: unknown.map((l) => l.id) }, 'denied', { kind: 'incident', id });
      throw new AppError('VALIDATION_FAILED', `No ${kind} with the id ${unknown[0]?.id}.`, [
        { path: `${kind}s`, message: 'No such record.' },
      ]);
    }
  }
  await editRecord(
    ctx,
    actor,
    incidentRecords,
    id,
    (['actors', 'indicators', 'incidents'] as const).filter((key) => request[key] !== undefined),
    async (db, _current, bump) => {
      const existing = await linkRepository(db).linksFrom('incident', id);
      for (const kind of ['actor', 'indicator', 'incident'] as const) {
        const links = wanted[kind];
        if (!links) continue;
        // Links to records the editor cannot read stay: they could neither see nor remove them.
        const kept = await unreadableTargets(
          db,
          actor,
          kind,
          existing.filter((l) => l.to_kind === kind),
        );
        await linkRepository(db).replace({ kind: 'incident', id }, kind, [...links, ...kept], actor.user.id, bump.updated_at);
      }
      await incidentRepository(db).update(id, bump);
    },
    expectedVersion,
    'link',
  );
}

async function unreadableTargets(db: Kysely<DB>, actor: UserActor, kind: 'actor' | 'indicator' | 'incident', links: LinkRow[]) {
  const targets = await readableTargets(db, actor.reader, idsByKind(links));
  const readable = new Set([...targets.actors, ...targets.indicators, ...targets.incidents].map((r) => r.id));
  return links.filter((l) => l.to_kind === kind && !readable.has(l.to_id)).map((l) => ({ id: l.to_id, relation: l.relation }));
}

/** The linked records the reader may read. */
export async function incidentLinks(ctx: Context, actor: UserActor, id: string): Promise<IncidentLinks> {
  await getIncident(ctx, actor, id);
  const db = ctx.database.db;
  const links = await linkRepository(db).linksFrom('incident', id);
  const { actors, indicators, incidents } = await readableTargets(db, actor.reader, idsByKind(links));
  const relationOf = new Map(links.filter((l) => l.to_kind === 'incident').map((l) => [l.to_id, l.relation as IncidentRelation]));
  return {
    actors: actors
      .map((a) => ({ id: a.id, kind: a.kind as ActorKind, name: a.name, marking: formatMarking(labelFromColumns(a)) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    indicators: indicators
      .map((i) => ({
        id: i.id,
        type: i.type as IndicatorType,
        value: i.value,
        warnings: i.warnings,
        marking: formatMarking(labelFromColumns(i)),
      }))
      .sort((a, b) => a.value.localeCompare(b.value)),
    incidents: incidents.map((i) => ({
      id: i.id,
      relation: relationOf.get(i.id) ?? 'related',
      title: i.title,
      marking: formatMarking(labelFromColumns(i)),
    })),
  };
}
