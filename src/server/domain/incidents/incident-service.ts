import canonicalize from 'canonicalize';
/**
 * Incidents of the shared picture. A new incident is a draft: its working label lets only the
 * author's organisation read it (TLP:AMBER+STRICT to that organisation), and the label proposed
 * for release waits beside it. A releasing officer releases it — a new version under the released
 * label. Every change is a new version, kept with the label it carried.
 */
import { hasPermission } from '../../../shared/vocab/roles';
import { needsSecondApprover } from '../../../shared/vocab/release-policy';
import { releaseApprovalRepository } from '../../db/repositories/release-approval-repository';
import { INCIDENT_DOMAIN_CODES, isSubtypeOf } from '../../../shared/vocab/incident-types';
import type { IncidentDomain } from '../../../shared/vocab/incident-types';
import { isWidening, validateLabel } from '../../../shared/labels/validate-label';
import { labelFromColumns, labelToColumns } from '../../db/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { AppError } from '../app-error';
import { decodeCursor, encodeCursor } from '../keyset-cursor';
import { appendAudit } from '../audit/audit-log';
import { recordAccessFailure } from '../audit/access-failures';
import { readRecordOrRefuse } from '../audit/record-reads';
import { loadLabelDirectory } from '../directory/directory-service';
import type { IncidentCreateRequest, IncidentListQuery } from '../../../shared/contracts/incidents';
import type { Label, LabelInput } from '../../../shared/labels/label';
import type { LabelIssue } from '../../../shared/labels/validate-label';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { IncidentRow } from '../../db/repositories/incident-repository';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

type StoredLabelFields = Pick<Label, 'classification' | 'relTo' | 'caveats' | 'tlp' | 'recipients'>;
export const storedLabel = (label: Label): StoredLabelFields => ({
  classification: label.classification,
  relTo: label.relTo,
  caveats: label.caveats,
  tlp: label.tlp,
  recipients: label.recipients,
});

/** The working label of a draft: readable by the author's organisation only. */
export function draftLabel(proposed: Label): Label {
  return {
    ...proposed,
    relTo: [proposed.originator.nation],
    tlp: 'AMBER+STRICT',
    recipients: { orgs: [proposed.originator.org], users: [] },
  };
}

export async function validateLabels(ctx: Context, actor: UserActor, inputs: { path: string; input: LabelInput }[], version: number) {
  const author = { nation: actor.org.nation, org: actor.org.id };
  const directory = await loadLabelDirectory(
    ctx.database.db,
    inputs.map((i) => i.input),
  );
  const issues: LabelIssue[] = [];
  const labels = inputs.map(({ path, input }) => {
    const result = validateLabel(input, author, directory, version);
    if (!result.ok) issues.push(...result.issues.map((i) => ({ path: `${path}.${i.path}`, message: i.message })));
    return result.ok ? result.label : null;
  });
  if (issues.length > 0) {
    await recordAccessFailure(ctx, actor, 'incident.label', { reason: 'label rejected', issues }, 'rejected');
    throw new AppError('VALIDATION_FAILED', `The label is not valid: ${issues.map((i) => i.message).join(' ')}`, issues);
  }
  return labels as Label[];
}

export function contentColumns(input: Omit<IncidentCreateRequest, 'label' | 'sources'>) {
  return {
    domain: input.domain,
    subtype: input.subtype,
    title: input.title,
    narrative: input.narrative,
    occurred_at: new Date(input.occurredAt),
    time_precision: input.timePrecision,
    country: input.place.country,
    admin1: input.place.admin1 ?? null,
    admin2: input.place.admin2 ?? null,
    place_name: input.place.name ?? null,
    lat: input.place.point?.lat ?? null,
    lon: input.place.point?.lon ?? null,
    geo_precision: input.place.precision,
    uncertainty_km: input.place.uncertaintyKm ?? null,
    killed: JSON.stringify(input.casualties.killed),
    wounded: JSON.stringify(input.casualties.wounded),
    abducted: JSON.stringify(input.casualties.abducted),
  };
}

/** What a version records of the content (field groups excluded: their labels differ). */
export function snapshotOf(row: IncidentRow): Record<string, unknown> {
  return {
    releaseState: row.release_state,
    domain: row.domain,
    subtype: row.subtype,
    title: row.title,
    narrative: row.narrative,
    occurredAt: new Date(row.occurred_at).toISOString(),
    timePrecision: row.time_precision,
    place: {
      country: row.country,
      admin1: row.admin1,
      admin2: row.admin2,
      name: row.place_name,
      lat: row.lat,
      lon: row.lon,
      precision: row.geo_precision,
      uncertaintyKm: row.uncertainty_km,
    },
    casualties: { killed: row.killed, wounded: row.wounded, abducted: row.abducted },
  };
}

async function recordVersion(db: Kysely<DB>, ctx: Context, actor: UserActor, row: IncidentRow, change: string): Promise<void> {
  const now = ctx.clock.now();
  await incidentRepository(db).insertVersions([
    {
      id: row.id,
      version: row.version,
      change,
      changed_by: actor.user.id,
      changed_at: now,
      snapshot: JSON.stringify(snapshotOf(row)),
      ...labelToColumns(labelFromColumns(row)),
    },
  ]);
  await changeRepository(db).record([{ at: now, record_kind: 'incident', record_id: row.id, version: row.version, change }]);
}

export async function createIncident(ctx: Context, actor: UserActor, input: IncidentCreateRequest): Promise<IncidentRow> {
  if (!hasPermission(actor.user.roles, 'incident.create')) throw new AppError('FORBIDDEN', 'Your roles do not allow recording incidents.');
  const [proposed, sourcesLabel] = await validateLabels(
    ctx,
    actor,
    [{ path: 'label', input: input.label }, ...(input.sources?.label ? [{ path: 'sources.label', input: input.sources.label }] : [])],
    1,
  );
  if (!proposed) throw new Error('unreachable');
  const now = ctx.clock.now();
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    await incidentRepository(tx.db).insert({
      id,
      version: 1,
      release_state: 'draft',
      ...contentColumns(input),
      sources: input.sources ? JSON.stringify(input.sources.items) : null,
      sources_label: sourcesLabel ? JSON.stringify(storedLabel(sourcesLabel)) : null,
      proposed_label: JSON.stringify(storedLabel(proposed)),
      created_by: actor.user.id,
      created_at: now,
      updated_at: now,
      ...labelToColumns(draftLabel(proposed)),
    });
    const row = await incidentRepository(tx.db).findForUpdate(id);
    if (!row) throw new Error('incident vanished');
    await recordVersion(tx.db, ctx, actor, row, 'create');
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'incident.create', target: { kind: 'incident', id }, details: { domain: input.domain, subtype: input.subtype } },
    ]);
  });
  return readOrFail(ctx, actor, id);
}

async function readOrFail(ctx: Context, actor: UserActor, id: string): Promise<IncidentRow> {
  const row = await incidentRepository(ctx.database.db).findReadable(id, actor.reader);
  if (!row) throw AppError.notFound('incident');
  return row;
}

/** One incident; unreadable and missing answer the same, and both are audited as refused reads. */
export async function getIncident(ctx: Context, actor: UserActor, id: string): Promise<IncidentRow> {
  const repo = incidentRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'incident', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists(id),
  });
}

export async function listIncidents(
  ctx: Context,
  actor: UserActor,
  query: IncidentListQuery,
): Promise<{ items: IncidentRow[]; next: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
    throw new AppError('VALIDATION_FAILED', '`from` must be before `to`.', [{ path: 'from', message: 'After `to`.' }]);
  }
  const rows = await incidentRepository(ctx.database.db).listReadable(actor.reader, query, query.limit + 1, after);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  if (items.length > 0) {
    await ctx.database.transaction((tx) =>
      appendAudit(tx.db, ctx.clock, actor, [{ action: 'incident.list', details: { ids: items.map((i) => i.id) } }]),
    );
  }
  return { items, next: rows.length > query.limit && last ? encodeCursor({ at: last.occurred_at, id: last.id }) : null };
}

export type IncidentUpdate = Partial<Omit<IncidentCreateRequest, 'label' | 'sources'>> & {
  sources?: { items: NonNullable<IncidentCreateRequest['sources']>['items'] };
};

/** Edits the content (never the label) as a new version; the originator organisation only. */
export async function updateIncident(ctx: Context, actor: UserActor, id: string, update: IncidentUpdate): Promise<IncidentRow> {
  await ctx.database.transaction(async (tx) => {
    const repo = incidentRepository(tx.db);
    const current = await repo.findForUpdate(id);
    if (!current || !(await repo.findReadable(id, actor.reader))) throw AppError.notFound('incident');
    if (current.originator_org !== actor.org.id || !hasPermission(actor.user.roles, 'incident.edit')) {
      throw new AppError('FORBIDDEN', "Only the originating organisation's analysts may edit this incident.");
    }
    if (current.state === 'recalled') throw new AppError('CONFLICT', 'A recalled incident cannot be edited.');
    const merged = { ...(snapshotOf(current) as Record<string, unknown>), ...update } as Omit<IncidentCreateRequest, 'label' | 'sources'>;
    const place = update.place ?? {
      country: current.country,
      precision: current.geo_precision as 'exact',
      ...(current.admin1 ? { admin1: current.admin1 } : {}),
      ...(current.admin2 ? { admin2: current.admin2 } : {}),
      ...(current.place_name ? { name: current.place_name } : {}),
      ...(current.lat !== null && current.lon !== null ? { point: { lat: current.lat, lon: current.lon } } : {}),
      ...(current.uncertainty_km !== null ? { uncertaintyKm: current.uncertainty_km } : {}),
    };
    const casualties = update.casualties ?? { killed: current.killed, wounded: current.wounded, abducted: current.abducted };
    if (!INCIDENT_DOMAIN_CODES.includes(merged.domain as IncidentDomain) || !isSubtypeOf(merged.domain as IncidentDomain, merged.subtype)) {
      throw new AppError('VALIDATION_FAILED', 'The subtype does not belong to the domain.', [
        { path: 'subtype', message: 'Not of this domain.' },
      ]);
    }
    await repo.update(id, {
      ...contentColumns({ ...merged, place, casualties: casualties as IncidentCreateRequest['casualties'] }),
      ...(update.sources ? { sources: JSON.stringify(update.sources.items) } : {}),
      version: current.version + 1,
      updated_at: ctx.clock.now(),
    });
    const row = await repo.findForUpdate(id);
    if (!row) throw new Error('incident vanished');
    await recordVersion(tx.db, ctx, actor, row, 'edit');
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'incident.edit', target: { kind: 'incident', id }, details: { version: row.version, fields: Object.keys(update) } },
    ]);
  });
  return readOrFail(ctx, actor, id);
}

/**
 * Releases a draft under its proposed label (or a label given now), or widens a released one.
 * Narrowing is a partial recall and is refused here.
 */
export async function releaseIncident(ctx: Context, actor: UserActor, id: string, labelInput?: LabelInput): Promise<IncidentRow> {
  const current = await incidentRepository(ctx.database.db).findReadable(id, actor.reader);
  if (!current) throw AppError.notFound('incident');
  if (current.originator_nation !== actor.org.nation || !hasPermission(actor.user.roles, 'record.release')) {
    throw new AppError('FORBIDDEN', 'Only a releasing officer of the originating nation may release this incident.');
  }
  const proposed = current.proposed_label as StoredLabelFields;
  const [label] = await validateLabels(ctx, actor, [{ path: 'label', input: labelInput ?? proposed }], current.label_version + 1);
  if (!label) throw new Error('unreachable');
  const released = { ...label, originator: { nation: current.originator_nation, org: current.originator_org } };
  if (current.release_state === 'released' && !isWidening(labelFromColumns(current), released)) {
    throw new AppError('CONFLICT', 'This label narrows the release; narrowing is a partial recall, not a release.');
  }
  const needsSecond = needsSecondApprover(ctx.config.secondApprover, released);
  // Compared canonically (RFC 8785): jsonb does not keep key order.
  const labelKey = canonicalize(storedLabel(released));
  await ctx.database.transaction(async (tx) => {
    const repo = incidentRepository(tx.db);
    const approvals = releaseApprovalRepository(tx.db);
    const locked = await repo.findForUpdate(id);
    if (!locked || locked.version !== current.version)
      throw new AppError('CONFLICT', 'The incident changed meanwhile; reload and release again.');
    if (locked.state === 'recalled') throw new AppError('CONFLICT', 'A recalled incident cannot be released.');
    let secondApprovalOf: string | null = null;
    if (needsSecond) {
      const pending = await approvals.find('incident', id);
      const sameLabel = pending !== undefined && canonicalize(pending.label) === labelKey;
      if (sameLabel && pending.approved_by === actor.user.id) {
        throw new AppError('CONFLICT', 'You approved this release already; a second releasing officer must approve it.');
      }
      if (!sameLabel) {
        await approvals.put({
          record_kind: 'incident',
          record_id: id,
          label: storedLabel(released),
          approved_by: actor.user.id,
          approved_at: ctx.clock.now(),
        });
        await appendAudit(tx.db, ctx.clock, actor, [
          {
            action: 'incident.release-approval',
            target: { kind: 'incident', id },
            details: { first: true, relTo: released.relTo, tlp: released.tlp },
          },
        ]);
        return;
      }
      secondApprovalOf = pending.approved_by;
    }
    await approvals.clear('incident', id);
    await repo.update(id, {
      ...labelToColumns(released),
      release_state: 'released',
      proposed_label: JSON.stringify(storedLabel(released)),
      version: locked.version + 1,
      updated_at: ctx.clock.now(),
    });
    const row = await repo.findForUpdate(id);
    if (!row) throw new Error('incident vanished');
    await recordVersion(tx.db, ctx, actor, row, locked.release_state === 'draft' ? 'release' : 'widen');
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'incident.release',
        target: { kind: 'incident', id },
        details: {
          version: row.version,
          labelVersion: row.label_version,
          relTo: released.relTo,
          classification: released.classification,
          tlp: released.tlp,
          ...(secondApprovalOf ? { firstApprover: secondApprovalOf } : {}),
        },
      },
    ]);
  });
  return readOrFail(ctx, actor, id);
}

/** History: only the versions whose own label the reader passes, each diffed against the previous one shown. */
export async function incidentHistory(ctx: Context, actor: UserActor, id: string) {
  await getIncident(ctx, actor, id);
  const versions = await incidentRepository(ctx.database.db).readableVersions(id, actor.reader);
  let previous: Record<string, unknown> | null = null;
  return versions.map((v) => {
    const snapshot = v.snapshot as Record<string, unknown>;
    // The first version shown has nothing before it to differ from.
    const changedFields = previous
      ? Object.keys(snapshot).filter((k) => JSON.stringify(snapshot[k]) !== JSON.stringify((previous as Record<string, unknown>)[k]))
      : [];
    previous = snapshot;
    return { row: v, changedFields };
  });
}

/** The release waiting for a second approver, shown to the originating organisation only. */
export async function pendingRelease(ctx: Context, actor: UserActor, row: IncidentRow) {
  if (row.originator_org !== actor.org.id) return null;
  const pending = await releaseApprovalRepository(ctx.database.db).find('incident', row.id);
  if (!pending) return null;
  const label = {
    ...(pending.label as StoredLabelFields),
    originator: { nation: row.originator_nation, org: row.originator_org },
    state: 'active' as const,
    version: row.label_version + 1,
  };
  return {
    label,
    approvedBy: pending.approved_by,
    approvedAt: new Date(pending.approved_at).toISOString(),
    byMe: pending.approved_by === actor.user.id,
  };
}
