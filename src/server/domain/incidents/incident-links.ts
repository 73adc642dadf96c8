/**
 * Links from an incident to actors, indicators and other incidents. Setting links is an edit (a new
 * version); each list sent replaces the links of that kind the editor can read. A link target the author may not read answers exactly like a missing one; a reader is
 * shown only the linked records they may read — never a count of the others.
 */
import { hasPermission } from '../../../shared/vocab/roles';
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../db/label-columns';
import { actorRepository } from '../../db/repositories/actor-repository';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { indicatorRepository } from '../../db/repositories/indicator-repository';
import { linkRepository } from '../../db/repositories/link-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { recordAccessFailure } from '../audit/access-failures';
import { getIncident, recordIncidentVersion } from './incident-service';
import type { IncidentLinks, IncidentLinksRequest } from '../../../shared/contracts/picture-records';
import type { ActorKind, IncidentRelation, IndicatorType } from '../../../shared/vocab/picture-records';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { LinkRow } from '../../db/repositories/link-repository';
import type { DB } from '../../db/schema';
import type { Kysely } from 'kysely';

export async function setIncidentLinks(ctx: Context, actor: UserActor, id: string, request: IncidentLinksRequest): Promise<void> {
  const db = ctx.database.db;
  const incident = await incidentRepository(db).findReadable(id, actor.reader);
  if (!incident) throw AppError.notFound('incident');
  if (incident.originator_org !== actor.org.id || !hasPermission(actor.user.roles, 'incident.edit')) {
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
  const readable = {
    actor: new Set((await actorRepository(db).findReadableMany(wanted.actor?.map((l) => l.id) ?? [], actor.reader)).map((r) => r.id)),
    indicator: new Set(
      (await indicatorRepository(db).findReadableMany(wanted.indicator?.map((l) => l.id) ?? [], actor.reader)).map((r) => r.id),
    ),
    incident: new Set(
      (await Promise.all((wanted.incident ?? []).map((l) => incidentRepository(db).findReadable(l.id, actor.reader)))).flatMap((r) =>
        r ? [r.id] : [],
      ),
    ),
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
  await ctx.database.transaction(async (tx) => {
    const repo = incidentRepository(tx.db);
    const current = await repo.findForUpdate(id);
    if (!current || current.version !== incident.version)
      throw new AppError('CONFLICT', 'The incident changed meanwhile; reload and link again.');
    if (current.state === 'recalled') throw new AppError('CONFLICT', 'A recalled incident cannot be edited.');
    const now = ctx.clock.now();
    const existing = await linkRepository(tx.db).linksFrom('incident', id);
    for (const kind of ['actor', 'indicator', 'incident'] as const) {
      const links = wanted[kind];
      if (!links) continue;
      // Links to records the editor cannot read stay: they could neither see nor remove them.
      const kept = await unreadableTargets(
        tx.db,
        actor,
        kind,
        existing.filter((l) => l.to_kind === kind),
      );
      await linkRepository(tx.db).replace({ kind: 'incident', id }, kind, [...links, ...kept], actor.user.id, now);
    }
    await repo.update(id, { version: current.version + 1, updated_at: now });
    const row = await repo.findForUpdate(id);
    if (!row) throw new Error('incident vanished');
    await recordIncidentVersion(tx.db, ctx, actor, row, 'link');
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'incident.link',
        target: { kind: 'incident', id },
        details: {
          version: row.version,
          actors: request.actors?.length,
          indicators: request.indicators?.length,
          incidents: request.incidents?.length,
        },
      },
    ]);
  });
}

async function unreadableTargets(db: Kysely<DB>, actor: UserActor, kind: 'actor' | 'indicator' | 'incident', links: LinkRow[]) {
  const ids = links.map((l) => l.to_id);
  const readable = new Set(
    kind === 'actor'
      ? (await actorRepository(db).findReadableMany(ids, actor.reader)).map((r) => r.id)
      : kind === 'indicator'
        ? (await indicatorRepository(db).findReadableMany(ids, actor.reader)).map((r) => r.id)
        : (await Promise.all(ids.map((to) => incidentRepository(db).findReadable(to, actor.reader)))).flatMap((r) => (r ? [r.id] : [])),
  );
  return links.filter((l) => !readable.has(l.to_id)).map((l) => ({ id: l.to_id, relation: l.relation }));
}

/** The linked records the reader may read. */
export async function incidentLinks(ctx: Context, actor: UserActor, id: string): Promise<IncidentLinks> {
  await getIncident(ctx, actor, id);
  const db = ctx.database.db;
  const links = await linkRepository(db).linksFrom('incident', id);
  const idsOf = (kind: string) => links.filter((l) => l.to_kind === kind).map((l) => l.to_id);
  const [actors, indicators, incidents] = await Promise.all([
    actorRepository(db).findReadableMany(idsOf('actor'), actor.reader),
    indicatorRepository(db).findReadableMany(idsOf('indicator'), actor.reader),
    Promise.all(idsOf('incident').map((to) => incidentRepository(db).findReadable(to, actor.reader))),
  ]);
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
    incidents: incidents.flatMap((i) =>
      i ? [{ id: i.id, relation: relationOf.get(i.id) ?? 'related', title: i.title, marking: formatMarking(labelFromColumns(i)) }] : [],
    ),
  };
}
