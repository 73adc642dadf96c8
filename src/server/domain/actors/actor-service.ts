/**
 * Actors: reusable records (armed groups, criminal networks, state forces, ...) that incidents link
 * to. Same release workflow as incidents; recording one needs the incident-recording permission.
 */
import { actorType } from './actor-stix';
import { may } from '../policy/policy';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { actorRepository } from '../../db/repositories/actor-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import { readableHistory, recordVersions } from '../release/record-versions';
import { addRecords } from '../release/record-intake';
import { draftLabel, editRecord, pendingRelease, releaseRecord, storedLabel, validateLabels } from '../release/release-workflow';
import type { ReleasableRecords } from '../release/release-workflow';
import type { ActorCreateRequest, ActorListQuery, ActorUpdateRequest } from '../../../shared/contracts/picture-records';
import type { LabelInput } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { ActorRow } from '../../db/repositories/actor-repository';
import type { ActorsTable, DB } from '../../db/schema';
import type { UserActor } from '../auth/actor';
import type { Insertable, Kysely } from 'kysely';

const snapshotOf = (row: ActorRow) => ({
  releaseState: row.release_state,
  kind: row.kind,
  name: row.name,
  aliases: row.aliases,
  description: row.description,
  country: row.country,
});

export const actorRecords: ReleasableRecords<ActorRow, Insertable<ActorsTable>> = {
  kind: 'actor',
  noun: 'actor',
  // A threat actor or an identity, by its kind.
  stixIdOf: (row) => `${actorType(row.kind)}--${row.id}`,
  findReadable: (db, id, reader) => actorRepository(db).findReadable(id, reader),
  findForUpdate: (db, id) => actorRepository(db).findForUpdate(id),
  update: (db, id, set) => actorRepository(db).update(id, set),
  recordVersions: (db, ctx, actor, rows, change) => recordVersions(db, ctx, actor, 'actor', rows, snapshotOf, change),
  insertNew: (db, rows) => actorRepository(db).insertNew(rows),
  findManyForUpdate: (db, ids) => actorRepository(db).findManyForUpdate(ids),
  updateContent: (db, id, set) => actorRepository(db).update(id, set),
  content: async (_db, row) => snapshotOf(row),
};

async function readOrFail(db: Kysely<DB>, actor: UserActor, id: string): Promise<ActorRow> {
  const row = await actorRepository(db).findReadable(id, actor.reader);
  if (!row) throw AppError.notFound('actor');
  return row;
}

export async function createActor(ctx: Context, actor: UserActor, input: ActorCreateRequest): Promise<ActorRow> {
  if (!may(actor, 'incident.create')) throw new AppError('FORBIDDEN', 'Your roles do not allow recording actors.');
  const [proposed] = await validateLabels(ctx, actor, 'actor', [{ path: 'label', input: input.label }], 1);
  if (!proposed) throw new Error('unreachable');
  const now = ctx.clock.now();
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    const row = {
      id,
      version: 1,
      release_state: 'draft',
      kind: input.kind,
      name: input.name,
      aliases: [...new Set(input.aliases)],
      description: input.description,
      country: input.country ?? null,
      proposed_label: JSON.stringify(storedLabel(proposed)),
      created_by: actor.user.id,
      created_at: now,
      updated_at: now,
      ...labelToColumns(draftLabel(proposed)),
    };
    const [taken] = await addRecords(tx.db, ctx, actor, actorRecords, [row], 'create');
    if (taken) throw new Error(`a new actor's id ${taken} was taken`);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'actor.create', target: { kind: 'actor', id }, details: { kind: input.kind } }]);
  });
  return readOrFail(ctx.database.db, actor, id);
}

export async function getActor(ctx: Context, actor: UserActor, id: string): Promise<ActorRow> {
  const repo = actorRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'actor', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists(id),
  });
}

export async function listActors(ctx: Context, actor: UserActor, query: ActorListQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await actorRepository(ctx.database.db).listReadable(actor.reader, query, query.limit + 1, after);
  const page = pageFromRows(rows, query.limit, (row) => row.created_at);
  await recordListDisclosure(ctx, actor, 'actor', page.items);
  return page;
}

/** Edits the content (never the label) as a new version; the originator organisation only. */
export async function updateActor(
  ctx: Context,
  actor: UserActor,
  id: string,
  update: ActorUpdateRequest,
  expectedVersion?: number,
): Promise<ActorRow> {
  await editRecord(
    ctx,
    actor,
    actorRecords,
    id,
    Object.keys(update),
    (db, _current, bump) =>
      actorRepository(db).update(id, {
        ...(update.kind ? { kind: update.kind } : {}),
        ...(update.name ? { name: update.name } : {}),
        ...(update.aliases ? { aliases: [...new Set(update.aliases)] } : {}),
        ...(update.description !== undefined ? { description: update.description } : {}),
        ...(update.country !== undefined ? { country: update.country } : {}),
        ...bump,
      }),
    expectedVersion,
  );
  return readOrFail(ctx.database.db, actor, id);
}

export async function releaseActor(
  ctx: Context,
  actor: UserActor,
  id: string,
  label?: LabelInput,
  expectedVersion?: number,
): Promise<ActorRow> {
  await releaseRecord(ctx, actor, actorRecords, id, label, expectedVersion);
  return readOrFail(ctx.database.db, actor, id);
}

export async function actorHistory(ctx: Context, actor: UserActor, id: string) {
  await getActor(ctx, actor, id);
  return readableHistory(ctx.database.db, 'actor', id, actor.reader);
}

export const pendingActorRelease = (ctx: Context, actor: UserActor, row: ActorRow) => pendingRelease(ctx, actor, 'actor', row);

/** Recalls an actor (releasing officers of its originating organisation; see federation/recall-service.ts). */
