/**
 * Running an exercise from its control panel. The lead nation's controllers (permission
 * `exercise.control`, on the node that runs the exercise) start an approved exercise, pause and
 * resume it, and end it; they write its MSEL — injects timed in minutes from STARTEX, each with the
 * expectations it carries — and judge the expectations the records cannot show. The MSEL is the
 * controllers' own: the nations taking part see what the injects make (alerts, crisis rooms,
 * reports, all marked EXERCISE), never the list of what is coming.
 *
 * Timers: a scheduled inject's `due_at` is set from the run (STARTEX plus the time paused) while
 * the exercise runs and cleared while it is paused (msel.ts); inject-firing.ts fires what is due.
 */
import { may } from '../policy/policy';
import { deskRepository } from '../../db/repositories/desk-repository';
import { exerciseInjectRepository } from '../../db/repositories/exercise-inject-repository';
import { exerciseRepository } from '../../db/repositories/exercise-repository';
import { changeRepository } from '../../db/repositories/change-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse } from '../audit/record-reads';
import { closeCrisis } from '../crisis/crisis-service';
import { validateLabels } from '../release/release-workflow';
import { canRead } from '../../../shared/labels/read-rule';
import { checkInject, control, controlActions, dueAt, elapsedMinutes } from './msel';
import { scoreExpectation, tally } from './expectation-scores';
import type { Issue, Run } from './msel';
import type { InjectFacts } from './expectation-scores';
import type { ControlPanel, InjectRequest, InjectView } from '../../../shared/contracts/exercise-control';
import type { ControlAction, ExerciseStatus, InjectKind } from '../../../shared/vocab/training';
import type { Context } from '../../context';
import type { Transaction } from '../../db/database';
import type { DB, StoredExpectation } from '../../db/schema';
import type { Kysely } from 'kysely';
import type { ExerciseRow } from '../../db/repositories/exercise-repository';
import type { InjectRow } from '../../db/repositories/exercise-inject-repository';
import type { UserActor } from '../auth/actor';
import type { Role } from '../../../shared/vocab/roles';

/** The run as the exercise row keeps it. */
export function runOf(row: Pick<ExerciseRow, 'run_started_at' | 'run_paused_at' | 'run_paused_ms' | 'run_ended_at'>): Run {
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return {
    startedAt: date(row.run_started_at),
    pausedAt: date(row.run_paused_at),
    pausedMs: Number(row.run_paused_ms),
    endedAt: date(row.run_ended_at),
  };
}

/** Whether the actor controls the exercise: one of its lead nation's controllers, on the node that runs it. */
export const controls = (actor: UserActor, exercise: Pick<ExerciseRow, 'home_node' | 'originator_nation' | 'state'>) =>
  exercise.state === 'active' &&
  exercise.home_node === null &&
  exercise.originator_nation === actor.nation.code &&
  may(actor, 'exercise.control');

/** The rights an inject's record is made with: a duty officer's, for the controller who wrote it. */
const INJECT_ROLE: Role = 'duty-officer';

/**
 * The controller as an inject acts: in their own name, with a duty officer's rights added for the
 * one record the inject makes (or, at ENDEX, the room it closes), which is always the exercise's.
 */
export const injectActor = (controller: UserActor): UserActor => ({
  ...controller,
  user: { ...controller.user, roles: [...new Set([...controller.user.roles, INJECT_ROLE])] },
});

function requireController(actor: UserActor, exercise: ExerciseRow): void {
  if (controls(actor, exercise)) return;
  if (exercise.home_node !== null) throw new AppError('FORBIDDEN', 'This exercise is run from its lead nation’s node: control it there.');
  throw new AppError('FORBIDDEN', 'Only the lead nation’s exercise controllers run an exercise and see its MSEL.');
}

/** The exercise if the actor may read it (a read, audited; as missing otherwise). */
async function readableExercise(ctx: Context, actor: UserActor, id: string): Promise<ExerciseRow> {
  const repo = exerciseRepository(ctx.database.db);
  return readRecordOrRefuse(ctx, actor, 'exercise', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists(id),
  });
}

/** The exercise if the actor may read it (as missing otherwise) and controls it. */
async function controlledExercise(ctx: Context, actor: UserActor, id: string): Promise<ExerciseRow> {
  const exercise = await readableExercise(ctx, actor, id);
  requireController(actor, exercise);
  return exercise;
}

/** In a write: locks the exercise, then reads it again through the rule and checks the actor still controls it. */
async function lockedForControl(tx: Transaction, actor: UserActor, id: string): Promise<ExerciseRow> {
  const repo = exerciseRepository(tx.db);
  await repo.forUpdate(id);
  const exercise = await repo.findReadable(id, actor.reader);
  if (!exercise) throw AppError.notFound('exercise');
  requireController(actor, exercise);
  return exercise;
}

/** The point STARTEX-relative minutes count from, while the run goes: STARTEX plus time paused (null while paused or not running). */
const timerBase = (run: Run) => dueAt(run, 0);

/** Starts, pauses, resumes or ends the exercise. Ending it cancels what has not fired and closes the crisis rooms its injects opened. */
export async function controlExercise(ctx: Context, actor: UserActor, id: string, action: ControlAction): Promise<void> {
  await controlledExercise(ctx, actor, id);
  const ended = await ctx.database.transaction(async (tx) => {
    const exercise = await lockedForControl(tx, actor, id);
    const now = ctx.clock.now();
    const next = control(exercise.status as ExerciseStatus, runOf(exercise), action, now);
    if ('refused' in next) throw new AppError('CONFLICT', next.refused, [{ path: 'action', message: `Not ${action} now.` }]);
    // Every move of the run is a new version, so partners' copies show it running, paused or ended.
    const version = exercise.version + 1;
    await exerciseRepository(tx.db).update(id, {
      status: next.status,
      version,
      label_version: version,
      updated_at: now,
      run_started_at: next.run.startedAt,
      run_paused_at: next.run.pausedAt,
      run_paused_ms: next.run.pausedMs,
      run_ended_at: next.run.endedAt,
    });
    const injects = exerciseInjectRepository(tx.db);
    if (action === 'end') await injects.cancelScheduled(id, now);
    else await injects.setTimers(id, timerBase(next.run));
    await changeRepository(tx.db).record([{ at: now, record_kind: 'exercise', record_id: id, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: `exercise.${action}`, target: { kind: 'exercise', id }, details: { version } }]);
    return action === 'end';
  });
  if (ended) await closeRooms(ctx, actor, id);
}

/**
 * ENDEX closes the crisis rooms the exercise's injects opened on this node, in the name of the
 * controller who ends it (with an inject's rights); a room they may not read stays open (it still
 * never counts in the live picture).
 */
async function closeRooms(ctx: Context, ender: UserActor, exerciseId: string): Promise<void> {
  for (const room of await exerciseInjectRepository(ctx.database.db).openCrises(exerciseId)) {
    await closeCrisis(ctx, injectActor(ender), room.id, { summary: 'ENDEX: the exercise has ended.', lessons: '' }).catch(
      (error: unknown) => {
        if (!(error instanceof AppError)) throw error;
      },
    );
  }
}

/** Why an inject does not fit its exercise and MSEL as they stand (msel.ts's checks, with the MSEL and desks read). */
export async function injectIssues(
  db: Kysely<DB>,
  exercise: ExerciseRow,
  input: Pick<InjectRequest, 'atMinutes' | 'action' | 'expectations'>,
  injectId: string | null,
) {
  const others = (await exerciseInjectRepository(db).ofExercise(exercise.id))
    .filter((i) => i.id !== injectId)
    .map((i) => ({ id: i.id, atMinutes: i.at_minutes, kind: i.kind as InjectKind }));
  const deskIds = input.action.kind === 'alert' ? input.action.targetDesks : [];
  const desks = new Map((await deskRepository(db).findMany(deskIds)).map((d) => [d.id, { nation: d.nation }]));
  return checkInject(input, {
    startsAt: new Date(exercise.starts_at),
    endsAt: new Date(exercise.ends_at),
    participants: exercise.participants,
    objectives: exercise.objectives.length,
    others,
    desks,
  });
}

const refuseIfAny = (issues: Issue[]) => {
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'The inject does not fit the exercise as sent.', issues);
};

/**
 * Checks an inject against its exercise and MSEL, and its record's label against the writer's
 * rights; refuses with every issue. The label as checked is what the inject keeps.
 */
async function checkedInject(ctx: Context, actor: UserActor, exercise: ExerciseRow, input: InjectRequest, injectId: string | null) {
  refuseIfAny(await injectIssues(ctx.database.db, exercise, input, injectId));
  // The label is checked now as it will be when the inject fires (then again, by the hotline or the room).
  const [label] = await validateLabels(
    ctx,
    actor,
    input.action.kind === 'alert' ? 'alert' : input.action.kind === 'crisis' ? 'crisis' : 'crisis-entry',
    [{ path: 'action.label', input: input.action.label }],
    1,
  );
  return label!;
}

/**
 * Whether the actor sees an inject: where they may read the label its record carries (or, for one
 * kept without it, when they wrote it). A controller never learns of an inject, its text or what
 * it made beyond what the rule lets them read.
 */
export const seesInject = (actor: UserActor, inject: Pick<InjectRow, 'record_label' | 'written_by'>) =>
  inject.record_label ? canRead(actor.reader, inject.record_label) : inject.written_by === actor.user.id;

const withIds = (ctx: Context, input: InjectRequest): StoredExpectation[] =>
  input.expectations.map((e) => ({ ...e, id: e.id ?? ctx.ids.uuid() }));

/** Adds an inject to the MSEL; while the exercise runs, its timer is set at once (an inject already past fires at the next run). */
export async function addInject(ctx: Context, actor: UserActor, exerciseId: string, input: InjectRequest): Promise<string> {
  const exercise = await controlledExercise(ctx, actor, exerciseId);
  const label = await checkedInject(ctx, actor, exercise, input, null);
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    const locked = await lockedForControl(tx, actor, exerciseId);
    if (locked.status === 'complete' || locked.status === 'cancelled')
      throw new AppError('CONFLICT', `The exercise is ${locked.status}: its MSEL takes no more injects.`);
    // Checked again under the exercise's lock: the room a report goes to may have gone meanwhile.
    refuseIfAny(await injectIssues(tx.db, locked, input, null));
    const now = ctx.clock.now();
    await exerciseInjectRepository(tx.db).insert({
      id,
      exercise_id: exerciseId,
      version: 1,
      title: input.title,
      at_minutes: input.atMinutes,
      kind: input.action.kind,
      action: JSON.stringify(input.action),
      expectations: JSON.stringify(withIds(ctx, input)),
      status: 'scheduled',
      due_at: dueAt(runOf(locked), input.atMinutes),
      written_by: actor.user.id,
      record_label: JSON.stringify(label),
      created_at: now,
      updated_at: now,
    });
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'exercise.inject.add',
        target: { kind: 'exercise', id: exerciseId },
        details: { inject: id, kind: input.action.kind, atMinutes: input.atMinutes },
      },
    ]);
  });
  return id;
}

/** The inject, locked with its exercise, if it is still to fire. */
async function scheduledInject(tx: Transaction, actor: UserActor, exerciseId: string, injectId: string, ifMatch?: number) {
  const exercise = await lockedForControl(tx, actor, exerciseId);
  // Locked first: a firing in progress finishes, and the inject is then seen as fired.
  await exerciseInjectRepository(tx.db).lock(injectId);
  const inject = await exerciseInjectRepository(tx.db).find(injectId);
  if (!inject || inject.exercise_id !== exerciseId || !seesInject(actor, inject)) throw AppError.notFound('inject');
  if (inject.status !== 'scheduled')
    throw new AppError(
      'CONFLICT',
      `The inject has ${inject.status === 'cancelled' ? 'been cancelled' : inject.status}: it changes no more.`,
    );
  if (ifMatch !== undefined && ifMatch !== inject.version)
    throw new AppError('CONFLICT', `The inject is at version ${inject.version}, not ${ifMatch}: reload it and try again.`);
  return { exercise, inject };
}

/** Replaces an inject still to fire (the writer becomes the one it fires for). */
export async function updateInject(
  ctx: Context,
  actor: UserActor,
  exerciseId: string,
  injectId: string,
  input: InjectRequest,
  ifMatch?: number,
) {
  const exercise = await controlledExercise(ctx, actor, exerciseId);
  const label = await checkedInject(ctx, actor, exercise, input, injectId);
  await ctx.database.transaction(async (tx) => {
    const { exercise: locked, inject } = await scheduledInject(tx, actor, exerciseId, injectId, ifMatch);
    refuseIfAny(await injectIssues(tx.db, locked, input, injectId));
    const dependants = (await exerciseInjectRepository(tx.db).ofExercise(exerciseId)).filter(
      (i) => i.action.kind !== 'alert' && i.action.kind !== 'crisis' && i.action.crisisInjectId === injectId,
    );
    if (input.action.kind !== 'crisis' && dependants.length > 0)
      throw new AppError(
        'CONFLICT',
        `Reports go to the room this inject opens (${dependants.map((d) => d.title).join(', ')}): it must still open one.`,
        [{ path: 'action.kind', message: 'Keep it a crisis inject.' }],
      );
    const late = dependants.find((d) => d.at_minutes < input.atMinutes);
    if (late)
      throw new AppError('VALIDATION_FAILED', `“${late.title}” reports to this room at minute ${late.at_minutes}: open it no later.`, [
        { path: 'atMinutes', message: `At most ${late.at_minutes}.` },
      ]);
    const now = ctx.clock.now();
    await exerciseInjectRepository(tx.db).update(injectId, {
      version: inject.version + 1,
      title: input.title,
      at_minutes: input.atMinutes,
      kind: input.action.kind,
      action: JSON.stringify(input.action),
      expectations: JSON.stringify(withIds(ctx, input)),
      due_at: dueAt(runOf(locked), input.atMinutes),
      written_by: actor.user.id,
      record_label: JSON.stringify(label),
      updated_at: now,
    });
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'exercise.inject.update',
        target: { kind: 'exercise', id: exerciseId },
        details: { inject: injectId, version: inject.version + 1 },
      },
    ]);
  });
}

/** Takes an inject still to fire out of the MSEL (not one a later report depends on). */
export async function deleteInject(ctx: Context, actor: UserActor, exerciseId: string, injectId: string) {
  await controlledExercise(ctx, actor, exerciseId);
  await ctx.database.transaction(async (tx) => {
    await scheduledInject(tx, actor, exerciseId, injectId);
    const dependant = (await exerciseInjectRepository(tx.db).ofExercise(exerciseId)).find(
      (i) => i.action.kind !== 'alert' && i.action.kind !== 'crisis' && i.action.crisisInjectId === injectId,
    );
    if (dependant) throw new AppError('CONFLICT', `“${dependant.title}” reports to the room this inject opens: change or remove it first.`);
    await exerciseInjectRepository(tx.db).delete(injectId);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'exercise.inject.delete', target: { kind: 'exercise', id: exerciseId }, details: { inject: injectId } },
    ]);
  });
}

/** A controller's verdict on one expectation (it stands over what the records show). */
export async function judgeExpectation(
  ctx: Context,
  actor: UserActor,
  exerciseId: string,
  injectId: string,
  expectationId: string,
  input: { verdict: 'met' | 'missed'; note: string },
) {
  await controlledExercise(ctx, actor, exerciseId);
  await ctx.database.transaction(async (tx) => {
    await lockedForControl(tx, actor, exerciseId);
    const inject = await exerciseInjectRepository(tx.db).find(injectId);
    if (!inject || inject.exercise_id !== exerciseId || !seesInject(actor, inject)) throw AppError.notFound('inject');
    if (!inject.expectations.some((e) => e.id === expectationId)) throw AppError.notFound('expectation');
    if (inject.status !== 'fired') throw new AppError('CONFLICT', 'Only what a fired inject expects is judged.');
    await exerciseInjectRepository(tx.db).setVerdict({
      inject_id: injectId,
      expectation_id: expectationId,
      verdict: input.verdict,
      note: input.note,
      decided_by: actor.user.id,
      decided_at: ctx.clock.now(),
    });
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'exercise.judge',
        target: { kind: 'exercise', id: exerciseId },
        details: { inject: injectId, expectation: expectationId, verdict: input.verdict },
      },
    ]);
  });
}

/** The crisis room an inject's report or message goes to: the room its crisis inject opened. */
const roomOf = (inject: InjectRow, byId: Map<string, InjectRow>): string | null => {
  if (inject.action.kind === 'crisis') return inject.made_id;
  if (inject.action.kind === 'alert') return null;
  return byId.get(inject.action.crisisInjectId)?.made_id ?? null;
};

/**
 * The control panel: the run, the MSEL with what each inject made or why it failed, each
 * expectation's verdict, the scores. Every reader of the exercise sees how its run stands
 * (running, paused, ended); only its controllers see the MSEL and the scores.
 */
export async function controlPanel(ctx: Context, actor: UserActor, exerciseId: string): Promise<ControlPanel> {
  const exercise = await readableExercise(ctx, actor, exerciseId);
  const run = runOf(exercise);
  const now = ctx.clock.now();
  const runView = {
    startedAt: run.startedAt?.toISOString() ?? null,
    pausedAt: run.pausedAt?.toISOString() ?? null,
    elapsedMinutes: elapsedMinutes(run, now),
    endedAt: run.endedAt?.toISOString() ?? null,
  };
  if (!controls(actor, exercise))
    return {
      exerciseId,
      status: exercise.status,
      run: runView,
      injects: [],
      scores: { objectives: [], nations: [], total: { met: 0, missed: 0, pending: 0 } },
      can: { control: false, actions: [], writeInjects: false },
    };
  const repo = exerciseInjectRepository(ctx.database.db);
  // Only the injects whose record the controller may read: the others are as if not there.
  const injects = (await repo.ofExercise(exerciseId)).filter((i) => seesInject(actor, i));
  const byId = new Map(injects.map((i) => [i.id, i]));
  const alertIds = injects.flatMap((i) => (i.made_kind === 'alert' && i.made_id ? [i.made_id] : []));
  const roomIds = [
    ...new Set(injects.flatMap((i) => (i.status === 'fired' ? [roomOf(i, byId)].filter((r): r is string => r !== null) : []))),
  ];
  const [answers, sitreps, verdicts] = await Promise.all([
    repo.answersReadable(actor.reader, alertIds),
    // The injects' own scripted reports meet no nation's expectation.
    repo.sitrepsReadable(
      actor.reader,
      roomIds,
      injects.flatMap((i) => (i.made_kind === 'crisis-entry' && i.made_id ? [i.made_id] : [])),
    ),
    repo.verdictsOf(injects.map((i) => i.id)),
  ]);
  const scored: { expectation: StoredExpectation; verdict: 'met' | 'missed' | 'pending' }[] = [];
  const views: InjectView[] = injects.map((inject) => {
    const room = inject.status === 'fired' ? roomOf(inject, byId) : null;
    const facts: InjectFacts = {
      firedAt: inject.status === 'fired' && inject.fired_at ? new Date(inject.fired_at) : null,
      answers: answers
        .filter((a) => inject.made_kind === 'alert' && a.alert_id === inject.made_id)
        .map((a) => ({ deskId: a.desk_id, kind: a.kind as 'acknowledge' | 'decline', at: new Date(a.responded_at) })),
      sitreps: sitreps.filter((s) => s.crisis_id === room).map((s) => ({ nation: s.originator_nation, at: new Date(s.entered_at) })),
    };
    return {
      id: inject.id,
      version: inject.version,
      title: inject.title,
      atMinutes: inject.at_minutes,
      action: inject.action,
      status: inject.status as InjectView['status'],
      dueAt: inject.due_at ? new Date(inject.due_at).toISOString() : null,
      firedAt: inject.fired_at ? new Date(inject.fired_at).toISOString() : null,
      made:
        inject.made_kind && inject.made_id ? { kind: inject.made_kind as 'alert' | 'crisis' | 'crisis-entry', id: inject.made_id } : null,
      failure: inject.failure,
      writtenBy: { id: inject.written_by, name: inject.written_by_name },
      expectations: inject.expectations.map((expectation) => {
        const judged = verdicts.find((v) => v.inject_id === inject.id && v.expectation_id === expectation.id);
        const score = scoreExpectation(
          expectation,
          facts,
          now,
          judged ? { verdict: judged.verdict as 'met' | 'missed', at: new Date(judged.decided_at), note: judged.note } : undefined,
        );
        scored.push({ expectation, verdict: score.verdict });
        return {
          ...expectation,
          verdict: score.verdict,
          decidedAt: score.decidedAt?.toISOString() ?? null,
          minutesTaken: score.minutesTaken,
          note: score.note,
        };
      }),
    };
  });
  const totals = tally(scored);
  return {
    exerciseId,
    status: exercise.status,
    run: runView,
    injects: views,
    scores: {
      objectives: [...totals.objectives.entries()]
        .sort(([a], [b]) => a - b)
        .map(([objective, t]) => ({ objective, text: exercise.objectives[objective]?.text ?? '', ...t })),
      nations: [...totals.nations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([nation, t]) => ({ nation, ...t })),
      total: totals.total,
    },
    can: {
      control: true,
      actions: controlActions(exercise.status as ExerciseStatus, run),
      writeInjects: exercise.status !== 'complete' && exercise.status !== 'cancelled',
    },
  };
}

/** The exercise's own picture: the alerts and crisis rooms its injects made that the reader may read (every participant, not only controllers). */
export async function exercisePicture(ctx: Context, actor: UserActor, exerciseId: string) {
  const exercise = await readableExercise(ctx, actor, exerciseId);
  return exerciseInjectRepository(ctx.database.db).pictureReadable(actor.reader, exerciseId, exercise.originator_nation);
}
