/**
 * Lessons learned: observations of an exercise, recorded by a nation taking part (its planners and
 * controllers) during or after the run, each its nation's labelled record read through the
 * exercise. Its label must reach the exercise's lead nation, whose after-exercise report gathers
 * them. Its nation identifies it as a lesson and validates it as a lesson learned (lessons.ts);
 * its actions are commitments of the exercise's after-action review meeting that name it as
 * their source (dialogue/commitment-service.ts): one tracker for actions and commitments.
 */
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { releasedNations } from '../../../shared/labels/field-labels';
import { changeRepository } from '../../db/repositories/change-repository';
import { commitmentRepository } from '../../db/repositories/commitment-repository';
import { exerciseRepository } from '../../db/repositories/exercise-repository';
import { observationRepository } from '../../db/repositories/observation-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { communityMembership } from '../directory/directory-service';
import { calendarDay } from '../dialogue/commitment-service';
import { checkedLabel, participantsAudience } from '../dialogue/meeting-service';
import { decodeSortCursor, encodeSortCursor } from '../keyset-cursor';
import { may } from '../policy/policy';
import { NEXT_STAGE, stageIssues } from './lessons';
import type { Label } from '../../../shared/labels/label';
import type { ObservationCreateRequest, ObservationListQuery, ObservationUpdateRequest } from '../../../shared/contracts/lessons';
import type { ObservationStage } from '../../../shared/vocab/training';
import type { Context } from '../../context';
import type { Transaction } from '../../db/database';
import type { ExerciseRow } from '../../db/repositories/exercise-repository';
import type { ObservationRow } from '../../db/repositories/observation-repository';
import type { UserActor } from '../auth/actor';

type Issue = { path: string; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function refuse(message: string, issues: Issue[]): never {
  throw new AppError('VALIDATION_FAILED', issues.length === 1 ? issues[0]!.message : message, issues);
}

/** Whose roles let them record observations: planners and controllers. */
const observes = (actor: UserActor) => may(actor, 'exercise.plan') || may(actor, 'exercise.control');

/** What the actor may do with an observation: its nation's planners and controllers edit it until validated, and move it on. */
export function observationPermissions(actor: UserActor, observation: Pick<ObservationRow, 'originator_nation' | 'state' | 'stage'>) {
  const writer = observation.state === 'active' && observation.originator_nation === actor.nation.code && observes(actor);
  const stage = observation.stage as ObservationStage;
  return { edit: writer && stage !== 'lesson-learned', moveTo: writer ? NEXT_STAGE[stage] : null };
}

/** Observations are of an exercise that has started: during its run or after it. */
const observable = (exercise: ExerciseRow) => exercise.run_started_at !== null || exercise.status === 'complete';

function checkObjective(exercise: ExerciseRow, objective: number | null | undefined): Issue[] {
  const count = (exercise.objectives as unknown[]).length;
  return objective === null || objective === undefined || objective < count
    ? []
    : [{ path: 'objective', message: count === 0 ? 'The exercise has no objectives.' : `The exercise has objectives 0 to ${count - 1}.` }];
}

async function checkReachesLead(tx: Transaction, actor: UserActor, label: Label, exercise: ExerciseRow): Promise<Issue[]> {
  const lead = exercise.originator_nation;
  return releasedNations(label, await communityMembership(tx.db, actor)).has(lead)
    ? []
    : [{ path: 'label.relTo', message: `The label must release the observation to the exercise’s lead nation: add ${lead}.` }];
}

/** The exercise, readable by the actor and locked for a write to one of its observations. */
async function exerciseForWrite(tx: Transaction, actor: UserActor, id: string): Promise<ExerciseRow> {
  const repo = exerciseRepository(tx.db);
  if (!(await repo.findReadable(id, actor.reader))) throw AppError.notFound('exercise');
  await repo.forUpdate(id);
  const exercise = await repo.findReadable(id, actor.reader);
  if (!exercise) throw AppError.notFound('exercise');
  return exercise;
}

export async function createObservation(
  ctx: Context,
  actor: UserActor,
  exerciseId: string,
  input: ObservationCreateRequest,
): Promise<string> {
  const before = await exerciseRepository(ctx.database.db).findReadable(exerciseId, actor.reader);
  if (!before) throw AppError.notFound('exercise');
  if (!before.participants.includes(actor.nation.code))
    throw new AppError('FORBIDDEN', 'Only a nation taking part in the exercise records observations of it.');
  if (!observes(actor))
    throw new AppError('FORBIDDEN', 'Your roles do not allow recording observations: exercise planners and controllers do.');
  const label = await checkedLabel(ctx, actor, 'observation', input.label ?? participantsAudience(before), 1);
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    const exercise = await exerciseForWrite(tx, actor, exerciseId);
    if (!observable(exercise))
      throw new AppError('CONFLICT', `Observations are recorded once the exercise has started; it is ${exercise.status}.`);
    const issues = [...checkObjective(exercise, input.objective), ...(await checkReachesLead(tx, actor, label, exercise))];
    if (issues.length > 0) refuse('The observation cannot be recorded as sent.', issues);
    const now = ctx.clock.now();
    await observationRepository(tx.db).insert({
      id,
      exercise_id: exerciseId,
      version: 1,
      title: input.title,
      observation: input.observation,
      discussion: input.discussion,
      conclusion: input.conclusion,
      recommendation: input.recommendation,
      objective: input.objective,
      stage: 'observation',
      created_by: actor.user.id,
      created_at: now,
      updated_by: actor.user.id,
      updated_at: now,
      ...labelToColumns(label),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'observation', record_id: id, version: 1, change: 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'observation.create', target: { kind: 'observation', id }, details: { exercise: exerciseId } },
    ]);
  });
  return id;
}

/** The observation, readable and locked, with its exercise, at the version a write was checked against. */
async function observationForWrite(tx: Transaction, actor: UserActor, before: ObservationRow, expected: number) {
  const exercise = await exerciseForWrite(tx, actor, before.exercise_id);
  const repo = observationRepository(tx.db);
  await repo.heldForUpdate(before.id);
  const observation = await repo.findReadable(before.id, actor.reader);
  if (!observation) throw AppError.notFound('observation');
  if (observation.version !== expected)
    throw new AppError('CONFLICT', `The observation is at version ${observation.version}, not ${expected}: reload it and try again.`);
  return { exercise, observation };
}

async function readableObservation(ctx: Context, actor: UserActor, id: string) {
  const observation = await observationRepository(ctx.database.db).findReadable(id, actor.reader);
  if (!observation) throw AppError.notFound('observation');
  return observation;
}

export async function updateObservation(ctx: Context, actor: UserActor, id: string, input: ObservationUpdateRequest, ifMatch?: number) {
  const before = await readableObservation(ctx, actor, id);
  if (!observationPermissions(actor, before).edit)
    throw new AppError(
      'FORBIDDEN',
      before.stage === 'lesson-learned'
        ? 'A lesson learned is validated: it is no longer changed.'
        : 'Only its nation’s exercise planners and controllers change an observation, on their own node.',
    );
  const expected = ifMatch ?? before.version;
  const version = expected + 1;
  const label = input.label ? await checkedLabel(ctx, actor, 'observation', input.label, version) : null;
  await ctx.database.transaction(async (tx) => {
    const { exercise, observation } = await observationForWrite(tx, actor, before, expected);
    if (!observationPermissions(actor, observation).edit) throw new AppError('CONFLICT', 'The observation was validated meanwhile.');
    const next = label ?? { ...labelFromColumns(observation), version };
    const issues = [...checkObjective(exercise, input.objective), ...(label ? await checkReachesLead(tx, actor, next, exercise) : [])];
    if (issues.length > 0) refuse('The observation cannot be changed as sent.', issues);
    // A lesson identified keeps what made it one.
    if (observation.stage === 'lesson-identified') {
      const emptied = (['conclusion', 'recommendation'] as const).filter((f) => input[f] !== undefined && input[f].trim() === '');
      if (emptied.length > 0)
        refuse(
          'A lesson identified keeps its conclusion and recommendation.',
          emptied.map((f) => ({ path: f, message: `A lesson identified keeps its ${f}.` })),
        );
    }
    const now = ctx.clock.now();
    const { label: _label, ...fields } = input;
    await observationRepository(tx.db).update(id, {
      version,
      ...fields,
      updated_by: actor.user.id,
      updated_at: now,
      ...labelToColumns(next),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'observation', record_id: id, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'observation.update', target: { kind: 'observation', id }, details: { version, fields: Object.keys(input) } },
    ]);
  });
}

/** Moves an observation to its next stage: a lesson identified, then (its actions all done or dropped) a lesson learned. */
export async function moveObservation(ctx: Context, actor: UserActor, id: string, to: ObservationStage, ifMatch?: number) {
  const before = await readableObservation(ctx, actor, id);
  if (!observationPermissions(actor, before).moveTo)
    throw new AppError('FORBIDDEN', 'Only its nation’s exercise planners and controllers move an observation on, on their own node.');
  const expected = ifMatch ?? before.version;
  const version = expected + 1;
  await ctx.database.transaction(async (tx) => {
    const { observation } = await observationForWrite(tx, actor, before, expected);
    if (!observationPermissions(actor, observation).moveTo) throw new AppError('CONFLICT', 'The observation was validated meanwhile.');
    const actions = await commitmentRepository(tx.db).listReadable(
      actor.reader,
      { observationId: id, today: calendarDay(ctx.clock.now()) },
      1_000,
      null,
    );
    const open = actions.filter((a) => a.status === 'planned' || a.status === 'in-progress').map((a) => a.text);
    const issues = stageIssues(
      { stage: observation.stage as ObservationStage, conclusion: observation.conclusion, recommendation: observation.recommendation },
      to,
      { total: actions.length, open },
    );
    if (issues.length > 0) refuse('The observation cannot move to this stage now.', issues);
    const now = ctx.clock.now();
    await observationRepository(tx.db).update(id, {
      version,
      stage: to,
      updated_by: actor.user.id,
      updated_at: now,
      ...labelToColumns({ ...labelFromColumns(observation), version }),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'observation', record_id: id, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'observation.stage', target: { kind: 'observation', id }, details: { version, from: observation.stage, to } },
    ]);
  });
}

export async function getObservation(ctx: Context, actor: UserActor, id: string) {
  const repo = observationRepository(ctx.database.db);
  const observation = await readRecordOrRefuse(ctx, actor, 'observation', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists(id),
  });
  const actions = await commitmentRepository(ctx.database.db).actionCounts(actor.reader, [id]);
  return { observation, actions };
}

export async function listObservations(ctx: Context, actor: UserActor, query: ObservationListQuery) {
  const position = query.cursor ? decodeSortCursor(query.cursor, 'created', 'time') : null;
  const at = position ? (position.value as Date) : null;
  // A cursor is not signed: one naming a time no record has, or an id no record has, is refused.
  if (position && (!at || at.getUTCFullYear() < 1900 || at.getUTCFullYear() > 9999 || !UUID.test(position.id)))
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid; use the `next` value of the previous page.', [
      { path: 'cursor', message: 'Not a cursor of this list.' },
    ]);
  const rows = await observationRepository(ctx.database.db).listReadable(
    actor.reader,
    { exerciseId: query.exercise, stage: query.stage, nation: query.nation },
    query.limit + 1,
    position && at ? { at, id: position.id } : null,
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const next = rows.length > query.limit && last ? encodeSortCursor('created', new Date(last.created_at), last.id) : null;
  await recordListDisclosure(ctx, actor, 'observation', items);
  const actions = await commitmentRepository(ctx.database.db).actionCounts(
    actor.reader,
    items.map((i) => i.id),
  );
  return { items, next, actions };
}
