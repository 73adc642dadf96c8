/**
 * Incidents of the shared picture. A new incident is a draft released by a releasing officer
 * (release/release-workflow.ts). Every change is a new version, kept with the label it carried;
 * links to actors, indicators and other incidents are part of the incident's content.
 */
import { may } from '../policy/policy';
import { canReadField, fieldLabelOf } from '../../../shared/labels/field-labels';
import { INCIDENT_DOMAIN_CODES, isSubtypeOf } from '../../../shared/vocab/incident-types';
import { futureOccurrences } from '../../../shared/contracts/common';
import type { IncidentDomain } from '../../../shared/vocab/incident-types';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { INCIDENT_SORT_KEYS, incidentBatchWrites, incidentRepository } from '../../db/repositories/incident-repository';
import { linkRepository } from '../../db/repositories/link-repository';
import { AppError } from '../app-error';
import { decodeSortCursor, encodeSortCursor } from '../keyset-cursor';
import { writeWithAudit, writeWithAuditLocked } from '../audit/audit-log';
import { GroupCommit } from '../../db/group-commit';
import type { Settled } from '../../db/group-commit';
import { loadLabelDirectory, withCore } from '../directory/directory-service';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { checkLabels, draftLabel, editRecord, pendingRelease, releaseRecord, storedLabel } from '../release/release-workflow';
import type { ReleasableRecords, StoredLabelFields } from '../release/release-workflow';
import { diffSnapshots } from '../release/record-versions';
import type { IncidentCreateRequest, IncidentListQuery } from '../../../shared/contracts/incidents';
import type { Label, LabelInput } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { IncidentFilter, IncidentRow } from '../../db/repositories/incident-repository';
import type { Database } from '../../db/database';
import type { Insertable, Kysely, RawBuilder } from 'kysely';
import type { DB, IncidentsTable, LabelColumns } from '../../db/schema';
import type { JoinedUnit } from '../../db/unit-of-work';

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
/** An incident's content and label, as stored or about to be. */
export type VersionedIncident = Pick<
  IncidentRow,
  | 'id'
  | 'version'
  | 'release_state'
  | 'domain'
  | 'subtype'
  | 'title'
  | 'narrative'
  | 'occurred_at'
  | 'time_precision'
  | 'country'
  | 'admin1'
  | 'admin2'
  | 'place_name'
  | 'lat'
  | 'lon'
  | 'geo_precision'
  | 'uncertainty_km'
  | 'killed'
  | 'wounded'
  | 'abducted'
> &
  LabelColumns;

export function snapshotOf(row: VersionedIncident): Record<string, unknown> {
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

/** Keeps a version (the content and the set of links, with the label) and its change record. */
export async function recordIncidentVersion(
  db: Kysely<DB>,
  ctx: Context,
  actor: UserActor,
  row: IncidentRow,
  change: string,
): Promise<void> {
  await recordIncidentVersions(db, ctx, actor, [row], change);
}

/** A version row (for INCIDENT_VERSION_COLUMN_TYPES): the content, the set of links and the label the incident has. */
export function incidentVersionRow(row: VersionedIncident, change: string, changedBy: string, at: Date, links: string[] = []) {
  return {
    id: row.id,
    version: row.version,
    change,
    changed_by: changedBy,
    changed_at: at,
    snapshot: { ...snapshotOf(row), ...(links.length > 0 ? { links } : {}) },
    ...labelToColumns(labelFromColumns(row)),
  };
}

/** Keeps versions of incidents — the content and the set of links each has now, with its label — and their change records. */
async function recordIncidentVersions(db: Kysely<DB>, ctx: Context, actor: UserActor, rows: IncidentRow[], change: string): Promise<void> {
  const linksOf = new Map<string, string[]>();
  for (const l of await linkRepository(db).linksFromMany(
    'incident',
    rows.map((r) => r.id),
  ))
    linksOf.set(l.from_id, [...(linksOf.get(l.from_id) ?? []), `${l.to_kind}:${l.to_id}:${l.relation}`]);
  const now = ctx.clock.now();
  await incidentRepository(db).insertVersionsBulk(
    rows.map((row) => incidentVersionRow(row, change, actor.user.id, now, (linksOf.get(row.id) ?? []).sort())),
  );
  await changeRepository(db).record(
    rows.map((row) => ({ at: now, record_kind: 'incident', record_id: row.id, version: row.version, change })),
  );
}

interface PendingCreate {
  actor: UserActor;
  input: IncidentCreateRequest;
  id: string;
  at: Date;
  /**
   * The create of an idempotent request (db/unit-of-work.ts): its row goes to the request before
   * the group commits, and the request's answer is sealed in the group's transaction.
   */
  joined?: { deliver: (row: IncidentRow) => void; unit: JoinedUnit };
}

const labelInputsOf = (input: IncidentCreateRequest) => [
  { path: 'label', input: input.label },
  ...(input.sources?.label ? [{ path: 'sources.label', input: input.sources.label }] : []),
];

/** The new draft's columns (jsonb columns as values), once its labels have been checked. */
function newIncidentRecord({ actor, input, id, at }: PendingCreate, proposed: Label, sourcesLabel: Label | undefined) {
  return {
    id,
    version: 1,
    release_state: 'draft',
    ...contentColumns(input),
    killed: input.casualties.killed,
    wounded: input.casualties.wounded,
    abducted: input.casualties.abducted,
    sources: input.sources ? input.sources.items : null,
    sources_label: sourcesLabel ? storedLabel(sourcesLabel) : null,
    proposed_label: storedLabel(proposed),
    created_by: actor.user.id,
    created_at: at,
    updated_at: at,
    ...labelToColumns(draftLabel(proposed)),
  };
}

/**
 * Stores a group of new drafts: every label is checked, then one statement
 * (writeWithAudit) writes the incidents, their first versions and change records, and the audit
 * entries — including those of refused labels — and commits them. A refused label fails its own
 * create only.
 */
async function storeNewIncidents(ctx: Context, creates: PendingCreate[]): Promise<Settled<IncidentRow>[]> {
  // Each label is checked against the directory as its request read it (with its authentication);
  // named organisations and users are looked up once for the group.
  const shared = await loadLabelDirectory(
    ctx.database.db,
    creates.flatMap((c) => labelInputsOf(c.input).map((l) => l.input)),
    creates.every((c) => c.actor.labelDirectory) ? creates[0]?.actor.labelDirectory : undefined,
  );
  const checked = creates.map((create) => {
    const own = create.actor.labelDirectory;
    const directory = own ? { ...shared, ...withCore(own) } : shared;
    return { create, check: checkLabels(directory, create.actor, 'incident', labelInputsOf(create.input), 1) };
  });
  const records = checked.flatMap(({ create, check }) =>
    check.ok ? [{ create, record: newIncidentRecord(create, check.labels[0] as Label, check.labels[1]) }] : [],
  );
  const now = ctx.clock.now();
  const versions = records.map(({ create, record }) => incidentVersionRow(record, 'create', create.actor.user.id, now));
  const entries = checked.map(({ create: { actor, input, id }, check }) => ({
    actor,
    event: check.ok
      ? { action: 'incident.create', target: { kind: 'incident', id }, details: { domain: input.domain, subtype: input.subtype } }
      : check.audit,
  }));
  const batch = {
    incidents: records.map((r) => r.record),
    versions,
    changes: records.map(({ record }) => ({ at: now, record_kind: 'incident', record_id: record.id, version: 1, change: 'create' })),
  };
  const inserts = (onlyIfHeadMoved: RawBuilder<unknown>) => incidentBatchWrites(batch, onlyIfHeadMoved);
  const settle = (rows: IncidentRow[]) => {
    const byId = new Map(rows.map((row) => [row.id, row]));
    return checked.map(({ create, check }): Settled<IncidentRow> => {
      if (!check.ok) return { ok: false, error: check.error };
      const row = byId.get(create.id);
      return row ? { ok: true, value: row } : { ok: false, error: new Error(`incident ${create.id} was not stored`) };
    });
  };
  if (!creates.some((create) => create.joined)) {
    return settle(await writeWithAudit<IncidentRow>(ctx.database, ctx.clock, 'concord_incident_create', entries, inserts));
  }
  // Idempotent creates: the same statement in a transaction, which also keeps their answers — each
  // request answers from its row, and its answer is written before the group commits.
  return ctx.database.transaction(async (tx) => {
    const settled = settle(await writeWithAuditLocked<IncidentRow>(ctx.database, tx.db, ctx.clock, entries, inserts));
    const stored = creates.flatMap((create, index) => {
      const result = settled[index];
      return create.joined && result?.ok ? [{ joined: create.joined, row: result.value }] : [];
    });
    for (const { joined, row } of stored) joined.deliver(row);
    for (const { joined } of stored) await joined.unit.seal(tx.db);
    return settled;
  });
}

const createGroups = new WeakMap<Database, GroupCommit<PendingCreate, IncidentRow>>();

/**
 * Records a new incident as a draft. Concurrent creates share one statement (group commit); the answer comes after the commit. The author's organisation always reads its
 * drafts (the rule's first step): the row written is the answer. In an idempotent request's unit of
 * work, the create joins the unit: the group's transaction keeps the request's answer too.
 */
export async function createIncident(ctx: Context, actor: UserActor, input: IncidentCreateRequest): Promise<IncidentRow> {
  if (!may(actor, 'incident.create')) throw new AppError('FORBIDDEN', 'Your roles do not allow recording incidents.');
  const future = futureOccurrences({ occurredAt: input.occurredAt }, ctx.clock.now());
  if (future.length > 0) throw AppError.invalid(future);
  // One group per database: the creates of every request, whatever unit of work each is in.
  const database = ctx.database.root;
  let group = createGroups.get(database);
  if (!group) {
    const groupCtx = { ...ctx, database };
    group = new GroupCommit((creates) => storeNewIncidents(groupCtx, creates));
    createGroups.set(database, group);
  }
  const create = { actor, input, id: ctx.ids.uuid(), at: ctx.clock.now() };
  const unit = ctx.database.unit;
  if (!unit) return group.submit(create);
  const joined = unit.join();
  const submitted = group;
  return new Promise<IncidentRow>((resolve, reject) => {
    const outcome = submitted.submit({ ...create, joined: { deliver: resolve, unit: joined } });
    joined.committedBy(outcome);
    void outcome.catch(reject);
  });
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
  const { limit, cursor, sort, ...filter } = query;
  const { column } = INCIDENT_SORT_KEYS[sort];
  const kind = column === 'occurred_at' ? 'time' : column === 'classification_rank' ? 'number' : 'text';
  const after = cursor ? decodeSortCursor(cursor, sort, kind) : null;
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
    throw new AppError('VALIDATION_FAILED', '`from` must be before `to`.', [{ path: 'from', message: 'After `to`.' }]);
  }
  const rows = await incidentRepository(ctx.database.db).listReadable(actor.reader, filter, limit + 1, after, sort);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  await recordListDisclosure(ctx, actor, 'incident', items);
  return { items, next: rows.length > limit && last ? encodeSortCursor(sort, last[column], last.id) : null };
}

/** How many incidents the reader may read match the filters: counted inside the query, like the list. */
export async function countIncidents(ctx: Context, actor: UserActor, filter: IncidentFilter): Promise<number> {
  return incidentRepository(ctx.database.db).countReadable(actor.reader, filter);
}

export type IncidentUpdate = Partial<Omit<IncidentCreateRequest, 'label' | 'sources'>> & {
  sources?: { items: NonNullable<IncidentCreateRequest['sources']>['items'] };
};

/**
 * Sources under a label the editor may not read are never overwritten by them: they would replace
 * what they cannot see (docs/decisions/0036). Refused in words that name no source.
 */
function guardSourcesEdit(actor: UserActor, current: IncidentRow): void {
  const own = current.sources_label as StoredLabelFields | null;
  if (!own) return;
  const label = labelFromColumns(current);
  if (canReadField(actor.reader, label, fieldLabelOf(label, own))) return;
  throw new AppError(
    'FORBIDDEN',
    "This incident's sources carry a label you are not cleared for, so you cannot replace them. Leave the sources out of your edit, or ask someone cleared for their label to change them.",
    [{ path: 'sources', message: 'Not yours to replace: their label is beyond your clearance.' }],
  );
}

/**
 * Edits the content (never the label) as a new version; the originator organisation only
 * (release-workflow.ts: the edit guard, the version the editor saw, no version for no change).
 */
export async function updateIncident(
  ctx: Context,
  actor: UserActor,
  id: string,
  update: IncidentUpdate,
  expectedVersion?: number,
): Promise<IncidentRow> {
  const future = futureOccurrences({ occurredAt: update.occurredAt }, ctx.clock.now());
  if (future.length > 0) throw AppError.invalid(future);
  await editRecord(
    ctx,
    actor,
    incidentRecords,
    id,
    Object.keys(update),
    async (db, current, bump) => {
      if (update.sources) guardSourcesEdit(actor, current);
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
      if (
        !INCIDENT_DOMAIN_CODES.includes(merged.domain as IncidentDomain) ||
        !isSubtypeOf(merged.domain as IncidentDomain, merged.subtype)
      ) {
        throw new AppError('VALIDATION_FAILED', 'The subtype does not belong to the domain.', [
          { path: 'subtype', message: 'Not of this domain.' },
        ]);
      }
      await incidentRepository(db).update(id, {
        ...contentColumns({ ...merged, place, casualties: casualties as IncidentCreateRequest['casualties'] }),
        ...(update.sources ? { sources: JSON.stringify(update.sources.items) } : {}),
        ...bump,
      });
    },
    expectedVersion,
  );
  return readOrFail(ctx, actor, id);
}

/** The incident kind's storage, for the release workflow. */
export const incidentRecords: ReleasableRecords<IncidentRow, Insertable<IncidentsTable>> = {
  kind: 'incident',
  noun: 'incident',
  stixIdOf: (row) => `incident--${row.id}`,
  findReadable: (db, id, reader) => incidentRepository(db).findReadable(id, reader),
  findForUpdate: (db, id) => incidentRepository(db).findForUpdate(id),
  update: (db, id, set) => incidentRepository(db).update(id, set),
  recordVersions: recordIncidentVersions,
  insertNew: (db, rows) => incidentRepository(db).insertNew(rows),
  // A CSV import's batches: rows, versions and change records by COPY.
  copyNew: async (db, ctx, actor, rows, change) => {
    const now = ctx.clock.now();
    const records = rows as unknown as (VersionedIncident & Record<string, unknown>)[];
    await incidentRepository(db).copyBatch({
      incidents: records,
      versions: records.map((record) => incidentVersionRow(record, change, actor.user.id, now)),
      changes: records.map(({ id, version }) => ({ at: now, record_kind: 'incident', record_id: id, version, change })),
    });
  },
  findManyForUpdate: (db, ids) => incidentRepository(db).findManyForUpdate(ids),
  updateContent: (db, id, set) => incidentRepository(db).update(id, set),
  content: async (db, row) => ({
    ...snapshotOf(row),
    sources: row.sources,
    links: (await linkRepository(db).linksFrom('incident', row.id)).map((l) => `${l.to_kind}:${l.to_id}:${l.relation}`).sort(),
  }),
};

/** Releases a draft or widens a released incident (see release-workflow.ts). */
export async function releaseIncident(
  ctx: Context,
  actor: UserActor,
  id: string,
  labelInput?: LabelInput,
  expectedVersion?: number,
): Promise<IncidentRow> {
  await releaseRecord(ctx, actor, incidentRecords, id, labelInput, expectedVersion);
  return readOrFail(ctx, actor, id);
}

/** History: only the versions whose own label the reader passes, each diffed against the previous one shown. */
export async function incidentHistory(ctx: Context, actor: UserActor, id: string) {
  await getIncident(ctx, actor, id);
  return diffSnapshots(await incidentRepository(ctx.database.db).readableVersions(id, actor.reader));
}

/** The release waiting for a second approver, shown to the originating organisation only. */
export const pendingIncidentRelease = (ctx: Context, actor: UserActor, row: IncidentRow) => pendingRelease(ctx, actor, 'incident', row);

/** Recalls a incident (releasing officers of its originating organisation; see federation/recall-service.ts). */
