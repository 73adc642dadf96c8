/**
 * Indicators: cyber observables normalised on write (normalise-indicator.ts), so one value written
 * two ways correlates. Same release workflow as incidents; recording one needs the
 * incident-recording permission.
 */
import { may } from '../policy/policy';
import { futureOccurrences } from '../../../shared/contracts/common';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { indicatorRepository } from '../../db/repositories/indicator-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import { readableHistory, recordVersions } from '../release/record-versions';
import { addRecords } from '../release/record-intake';
import { draftLabel, editRecord, pendingRelease, releaseRecord, storedLabel, validateLabels } from '../release/release-workflow';
import { normaliseIndicator } from './normalise-indicator';
import type { ReleasableRecords } from '../release/release-workflow';
import type { IndicatorCreateRequest, IndicatorListQuery, IndicatorUpdateRequest } from '../../../shared/contracts/picture-records';
import type { LabelInput } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { IndicatorRow } from '../../db/repositories/indicator-repository';
import type { DB, IndicatorsTable } from '../../db/schema';
import type { UserActor } from '../auth/actor';
import type { Insertable, Kysely } from 'kysely';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const snapshotOf = (row: IndicatorRow) => ({
  releaseState: row.release_state,
  type: row.type,
  value: row.value,
  ...(row.name ? { name: row.name } : {}),
  description: row.description,
  firstSeen: iso(row.first_seen),
  lastSeen: iso(row.last_seen),
});

export const indicatorRecords: ReleasableRecords<IndicatorRow, Insertable<IndicatorsTable>> = {
  kind: 'indicator',
  noun: 'indicator',
  stixIdOf: (row) => `indicator--${row.id}`,
  findReadable: (db, id, reader) => indicatorRepository(db).findReadable(id, reader),
  findForUpdate: (db, id) => indicatorRepository(db).findForUpdate(id),
  update: (db, id, set) => indicatorRepository(db).update(id, set),
  recordVersions: (db, ctx, actor, rows, change) => recordVersions(db, ctx, actor, 'indicator', rows, snapshotOf, change),
  insertNew: (db, rows) => indicatorRepository(db).insertNew(rows),
  findManyForUpdate: (db, ids) => indicatorRepository(db).findManyForUpdate(ids),
  updateContent: (db, id, set) => indicatorRepository(db).update(id, set),
  content: async (_db, row) => snapshotOf(row),
};

async function readOrFail(db: Kysely<DB>, actor: UserActor, id: string): Promise<IndicatorRow> {
  const row = await indicatorRepository(db).findReadable(id, actor.reader);
  if (!row) throw AppError.notFound('indicator');
  return row;
}

export async function createIndicator(ctx: Context, actor: UserActor, input: IndicatorCreateRequest): Promise<IndicatorRow> {
  if (!may(actor, 'incident.create')) throw new AppError('FORBIDDEN', 'Your roles do not allow recording indicators.');
  const normalised = normaliseIndicator(input.type, input.value);
  if (!normalised.ok) throw new AppError('VALIDATION_FAILED', normalised.message, [{ path: 'value', message: normalised.message }]);
  const future = futureOccurrences({ firstSeen: input.firstSeen, lastSeen: input.lastSeen }, ctx.clock.now());
  if (future.length > 0) throw AppError.invalid(future);
  const [proposed] = await validateLabels(ctx, actor, 'indicator', [{ path: 'label', input: input.label }], 1);
  if (!proposed) throw new Error('unreachable');
  const now = ctx.clock.now();
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    const row = {
      id,
      version: 1,
      release_state: 'draft',
      type: input.type,
      value: normalised.value,
      name: input.name || null,
      description: input.description,
      first_seen: input.firstSeen ? new Date(input.firstSeen) : null,
      last_seen: input.lastSeen ? new Date(input.lastSeen) : null,
      warnings: normalised.warnings,
      proposed_label: JSON.stringify(storedLabel(proposed)),
      created_by: actor.user.id,
      created_at: now,
      updated_at: now,
      ...labelToColumns(draftLabel(proposed)),
    };
    const [taken] = await addRecords(tx.db, ctx, actor, indicatorRecords, [row], 'create');
    if (taken) throw new Error(`a new indicator's id ${taken} was taken`);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'indicator.create', target: { kind: 'indicator', id }, details: { type: input.type } },
    ]);
  });
  return readOrFail(ctx.database.db, actor, id);
}

export async function getIndicator(ctx: Context, actor: UserActor, id: string): Promise<IndicatorRow> {
  const repo = indicatorRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'indicator', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists(id),
  });
}

export async function listIndicators(ctx: Context, actor: UserActor, query: IndicatorListQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await indicatorRepository(ctx.database.db).listReadable(actor.reader, query, query.limit + 1, after);
  const page = pageFromRows(rows, query.limit, (row) => row.created_at);
  await recordListDisclosure(ctx, actor, 'indicator', page.items);
  return page;
}

/** Edits name, description and sightings (the value is the indicator: record a new one instead). */
export async function updateIndicator(
  ctx: Context,
  actor: UserActor,
  id: string,
  update: IndicatorUpdateRequest,
  expectedVersion?: number,
): Promise<IndicatorRow> {
  const future = futureOccurrences({ firstSeen: update.firstSeen, lastSeen: update.lastSeen }, ctx.clock.now());
  if (future.length > 0) throw AppError.invalid(future);
  await editRecord(
    ctx,
    actor,
    indicatorRecords,
    id,
    Object.keys(update),
    (db, current, bump) => {
      const firstSeen = update.firstSeen === undefined ? current.first_seen : update.firstSeen && new Date(update.firstSeen);
      const lastSeen = update.lastSeen === undefined ? current.last_seen : update.lastSeen && new Date(update.lastSeen);
      if (firstSeen && lastSeen && new Date(firstSeen) > new Date(lastSeen)) {
        throw new AppError('VALIDATION_FAILED', 'firstSeen must not be after lastSeen.', [
          { path: 'lastSeen', message: 'Before firstSeen.' },
        ]);
      }
      return indicatorRepository(db).update(id, {
        ...(update.name !== undefined ? { name: update.name || null } : {}),
        ...(update.description !== undefined ? { description: update.description } : {}),
        first_seen: firstSeen,
        last_seen: lastSeen,
        ...bump,
      });
    },
    expectedVersion,
  );
  return readOrFail(ctx.database.db, actor, id);
}

export async function releaseIndicator(
  ctx: Context,
  actor: UserActor,
  id: string,
  label?: LabelInput,
  expectedVersion?: number,
): Promise<IndicatorRow> {
  await releaseRecord(ctx, actor, indicatorRecords, id, label, expectedVersion);
  return readOrFail(ctx.database.db, actor, id);
}

export async function indicatorHistory(ctx: Context, actor: UserActor, id: string) {
  await getIndicator(ctx, actor, id);
  return readableHistory(ctx.database.db, 'indicator', id, actor.reader);
}

export const pendingIndicatorRelease = (ctx: Context, actor: UserActor, row: IndicatorRow) => pendingRelease(ctx, actor, 'indicator', row);

/** Recalls an indicator (releasing officers of its originating organisation; see federation/recall-service.ts). */
