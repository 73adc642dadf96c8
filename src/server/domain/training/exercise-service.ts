/**
 * Exercises of joint training. An exercise is a labelled record of its lead nation, planned by the
 * lead's exercise planners on the lead's node; the nations taking part — the lead among them — are
 * its participants, and its label must release it to each of them. Its units, venue, key
 * resources, objectives and planning milestones live in its row, under its label. Clashes are
 * worked out for a plan (saved or not) against the exercises and busy blocks its planner may read
 * and the public holidays of the nations taking part (clashes.ts). Writes to one exercise are
 * serialised on its row.
 */
import { may } from '../policy/policy';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { PLANNED_MOVES } from '../../../shared/vocab/training';
import { changeRepository } from '../../db/repositories/change-repository';
import { commitmentRepository } from '../../db/repositories/commitment-repository';
import { exerciseRepository } from '../../db/repositories/exercise-repository';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { recordListDisclosure } from '../audit/record-reads';
import { communityMembership } from '../directory/directory-service';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import { reachesEveryReaderOf } from '../dialogue/label-coverage';
import { checkAudience, checkedLabel } from '../dialogue/meeting-service';
import { findClashes, sameName } from './clashes';
import { publicHolidays } from './holidays';
import type {
  ClashCheckRequest,
  ExerciseCreateRequest,
  ExerciseUpdateRequest,
  MilestoneInput,
  Objective,
  Unit,
} from '../../../shared/contracts/training';
import type { Venue } from '../../../shared/contracts/dialogue';
import type { Label, Reader } from '../../../shared/labels/label';
import type { ExerciseStatus } from '../../../shared/vocab/training';
import type { Context } from '../../context';
import type { Transaction } from '../../db/database';
import type { ExerciseRow } from '../../db/repositories/exercise-repository';
import type { StoredMilestone } from '../../db/schema';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { UserActor } from '../auth/actor';
import type { Clash, Plan } from './clashes';

const DAY_MS = 86_400_000;
/** The longest an exercise may run, STARTEX to ENDEX. */
export const LONGEST_EXERCISE_DAYS = 92;
/** How long before STARTEX planning may begin, and how long after ENDEX the review may come. */
export const PLANNING_LEAD_DAYS = 730;
export const REVIEW_LAG_DAYS = 365;
/** The longest a milestone may last. */
const LONGEST_MILESTONE_DAYS = 31;

type Issue = { path: string; message: string };

function refuse(message: string, issues: Issue[]): never {
  throw new AppError('VALIDATION_FAILED', issues.length === 1 ? issues[0]!.message : message, issues);
}

/** The participants as stored: the lead and the named nations, each once, sorted. */
const participantsWith = (lead: string, named: readonly string[]) => [...new Set([lead, ...named])].sort();

/** What the actor may do with an exercise: plan it (its lead's planners, on its node, until it executes) and which statuses it may move to. */
export function exercisePermissions(actor: UserActor, exercise: Pick<ExerciseRow, 'home_node' | 'originator_nation' | 'status' | 'state'>) {
  const planner =
    exercise.state === 'active' &&
    exercise.home_node === null &&
    exercise.originator_nation === actor.nation.code &&
    may(actor, 'exercise.plan');
  const status = exercise.status as ExerciseStatus;
  const open = status === 'concept' || status === 'planning' || status === 'approved';
  return { plan: planner && open, moveTo: planner ? [...PLANNED_MOVES[status]] : [] };
}

/** The plan's times: ENDEX after STARTEX, within the longest an exercise runs. */
export function checkExerciseTimes(startsAt: Date, endsAt: Date): Issue[] {
  if (endsAt <= startsAt) return [{ path: 'endsAt', message: 'The exercise must end after it starts: ENDEX after STARTEX.' }];
  if (endsAt.getTime() - startsAt.getTime() > LONGEST_EXERCISE_DAYS * DAY_MS)
    return [{ path: 'endsAt', message: `An exercise runs at most ${LONGEST_EXERCISE_DAYS} days from STARTEX to ENDEX.` }];
  return [];
}

const CONFERENCES = ['initial-planning-conference', 'main-planning-conference', 'final-planning-conference'] as const;

/**
 * The milestones against the exercise: each ends after it starts; the planning conferences end by
 * STARTEX, in order (initial, main, final), one of each at most; the after-action review starts at
 * or after ENDEX, once; nothing lies outside the exercise's span (from two years before STARTEX to a
 * year after ENDEX).
 */
export function checkMilestones(milestones: readonly MilestoneInput[], startsAt: Date, endsAt: Date): Issue[] {
  const issues: Issue[] = [];
  const earliest = startsAt.getTime() - PLANNING_LEAD_DAYS * DAY_MS;
  const latest = endsAt.getTime() + REVIEW_LAG_DAYS * DAY_MS;
  const seen = new Map<string, number>();
  milestones.forEach((m, i) => {
    const path = `milestones.${i}`;
    const from = new Date(m.startsAt).getTime();
    const to = new Date(m.endsAt).getTime();
    if (to <= from) issues.push({ path: `${path}.endsAt`, message: 'A milestone must end after it starts.' });
    else if (to - from > LONGEST_MILESTONE_DAYS * DAY_MS)
      issues.push({ path: `${path}.endsAt`, message: `A milestone lasts at most ${LONGEST_MILESTONE_DAYS} days.` });
    if (from < earliest || to > latest)
      issues.push({
        path: `${path}.startsAt`,
        message: `This milestone lies outside the exercise: milestones fall between ${PLANNING_LEAD_DAYS / 365} years before STARTEX and a year after ENDEX.`,
      });
    else if ((CONFERENCES as readonly string[]).includes(m.kind) && to > startsAt.getTime())
      issues.push({ path: `${path}.endsAt`, message: 'A planning conference ends by STARTEX.' });
    else if (m.kind === 'after-action-review' && from < endsAt.getTime())
      issues.push({ path: `${path}.startsAt`, message: 'The after-action review starts at or after ENDEX.' });
    if (m.kind !== 'other') {
      if (seen.has(m.kind))
        issues.push({ path: `${path}.kind`, message: `The exercise has this milestone already (milestone ${seen.get(m.kind)! + 1}).` });
      else seen.set(m.kind, i);
    }
  });
  // The conferences in order: initial before main before final.
  const starts = CONFERENCES.map((kind) => {
    const i = seen.get(kind);
    return i === undefined ? null : { i, at: new Date(milestones[i]!.startsAt).getTime() };
  }).filter((s) => s !== null);
  for (let k = 1; k < starts.length; k++)
    if (starts[k]!.at < starts[k - 1]!.at)
      issues.push({
        path: `milestones.${starts[k]!.i}.startsAt`,
        message: 'The planning conferences come in order: initial, then main, then final.',
      });
  return issues;
}

/** Each unit's nation takes part; no unit is named twice. */
function checkUnits(units: readonly Unit[], participants: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  units.forEach((unit, i) => {
    if (!participants.includes(unit.nation))
      issues.push({ path: `units.${i}.nation`, message: `${unit.nation} does not take part: add it to the participants first.` });
    const key = `${unit.nation}/${sameName(unit.name)}`;
    if (seen.has(key)) issues.push({ path: `units.${i}.name`, message: 'This unit is named twice.' });
    seen.add(key);
  });
  return issues;
}

/**
 * The commitments the objectives carry out and the meetings that hold milestones: each must be one
 * the planner may read (else refused as missing) and reach every reader of the exercise (a
 * reference travels with it).
 */
async function checkReferences(
  db: Kysely<DB>,
  actor: UserActor,
  label: Label,
  objectives: readonly Objective[],
  milestones: readonly MilestoneInput[],
): Promise<Issue[]> {
  const issues: Issue[] = [];
  const membership = await communityMembership(db, actor);
  const meetings = meetingRepository(db);
  const narrower = (what: string) =>
    `This ${what} is released more narrowly than the exercise: name only what every reader of the exercise may read.`;
  for (const [i, objective] of objectives.entries()) {
    if (!objective.commitmentId) continue;
    const path = `objectives.${i}.commitmentId`;
    const commitment = await commitmentRepository(db).findReadable(objective.commitmentId, actor.reader);
    const meeting = commitment && (await meetings.findReadable(commitment.meeting_id, actor.reader));
    if (!commitment || !meeting) issues.push({ path, message: 'No commitment you may read has this id.' });
    else if (![commitment, meeting].every((r) => reachesEveryReaderOf(labelFromColumns(r), label, membership)))
      issues.push({ path, message: narrower('commitment') });
  }
  for (const [i, milestone] of milestones.entries()) {
    if (!milestone.meetingId) continue;
    const path = `milestones.${i}.meetingId`;
    const meeting = await meetings.findReadable(milestone.meetingId, actor.reader);
    if (!meeting) issues.push({ path, message: 'No meeting you may read has this id.' });
    else if (!reachesEveryReaderOf(labelFromColumns(meeting), label, membership)) issues.push({ path, message: narrower('meeting') });
  }
  return issues;
}

/** The milestones as stored: an edited one keeps its id, a new one is given one. */
function storedMilestones(ctx: Context, input: readonly MilestoneInput[], before: readonly StoredMilestone[]): StoredMilestone[] {
  const known = new Set(before.map((m) => m.id));
  const used = new Set<string>();
  return input.map((m) => {
    const id = m.id && known.has(m.id) && !used.has(m.id) ? m.id : ctx.ids.uuid();
    used.add(id);
    return {
      id,
      kind: m.kind,
      title: m.title,
      starts_at: new Date(m.startsAt).toISOString(),
      ends_at: new Date(m.endsAt).toISOString(),
      meeting_id: m.meetingId,
    };
  });
}

const asInput = (m: StoredMilestone): MilestoneInput => ({
  id: m.id,
  kind: m.kind as MilestoneInput['kind'],
  title: m.title,
  startsAt: m.starts_at,
  endsAt: m.ends_at,
  meetingId: m.meeting_id,
});

export async function createExercise(ctx: Context, actor: UserActor, input: ExerciseCreateRequest): Promise<string> {
  if (!may(actor, 'exercise.plan')) throw new AppError('FORBIDDEN', 'Your roles do not allow planning exercises.');
  const label = await checkedLabel(ctx, actor, 'exercise', input.label, 1);
  const participants = participantsWith(actor.nation.code, input.participants);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const db = ctx.database.db;
  const issues = [
    ...checkExerciseTimes(startsAt, endsAt),
    ...checkMilestones(input.milestones, startsAt, endsAt),
    ...checkUnits(input.units, participants),
    ...checkAudience(label, participants, await communityMembership(db, actor), 'exercise'),
  ];
  if (issues.length === 0) issues.push(...(await checkReferences(db, actor, label, input.objectives, input.milestones)));
  if (issues.length > 0) refuse('The exercise cannot be planned as sent.', issues);
  const now = ctx.clock.now();
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    await exerciseRepository(tx.db).insert({
      id,
      version: 1,
      home_node: null,
      title: input.title,
      kind: input.kind,
      status: 'concept',
      summary: input.summary,
      venue: JSON.stringify(input.venue),
      time_zone: input.timeZone,
      starts_at: startsAt,
      ends_at: endsAt,
      participants,
      units: JSON.stringify(input.units),
      resources: input.resources,
      objectives: JSON.stringify(input.objectives),
      training_audience: input.trainingAudience,
      milestones: JSON.stringify(storedMilestones(ctx, input.milestones, [])),
      created_by: actor.user.id,
      created_at: now,
      updated_at: now,
      ...labelToColumns(label),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'exercise', record_id: id, version: 1, change: 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'exercise.create', target: { kind: 'exercise', id }, details: { participants, relTo: label.relTo } },
    ]);
  });
  return id;
}

/** Refuses an actor who may not plan the exercise (or, `move`, move it between statuses), saying why. */
function requirePlanner(actor: UserActor, exercise: ExerciseRow, need: 'plan' | 'move' = 'plan'): void {
  const can = exercisePermissions(actor, exercise);
  if (need === 'plan' ? can.plan : can.moveTo.length > 0) return;
  if (exercise.home_node !== null) throw new AppError('FORBIDDEN', 'This exercise is planned on its lead nation’s node: change it there.');
  if (exercise.originator_nation !== actor.nation.code || !may(actor, 'exercise.plan'))
    throw new AppError('FORBIDDEN', 'Only the lead nation’s exercise planners change an exercise.');
  throw new AppError(
    'CONFLICT',
    `The exercise is ${exercise.status}: ${need === 'plan' ? 'its plan takes no more changes' : 'it moves no further'}.`,
  );
}

/** Locks an exercise for a write, checking again that the actor may read it and that it is at `expected`. */
async function exerciseForWrite(tx: Transaction, actor: UserActor, id: string, expected: number | undefined) {
  const repo = exerciseRepository(tx.db);
  if (!(await repo.findReadable(id, actor.reader))) throw AppError.notFound('exercise');
  await repo.forUpdate(id);
  const exercise = await repo.findReadable(id, actor.reader);
  if (!exercise) throw AppError.notFound('exercise');
  if (expected !== undefined && expected !== exercise.version)
    throw new AppError('CONFLICT', `The exercise is at version ${exercise.version}, not ${expected}: reload it and try again.`);
  return exercise;
}

export async function updateExercise(ctx: Context, actor: UserActor, id: string, input: ExerciseUpdateRequest, ifMatch?: number) {
  const before = await exerciseRepository(ctx.database.db).findReadable(id, actor.reader);
  if (!before) throw AppError.notFound('exercise');
  requirePlanner(actor, before);
  const expected = ifMatch ?? before.version;
  const version = expected + 1;
  const label = input.label ? await checkedLabel(ctx, actor, 'exercise', input.label, version) : { ...labelFromColumns(before), version };
  const participants = input.participants ? participantsWith(before.originator_nation, input.participants) : before.participants;
  const startsAt = input.startsAt ? new Date(input.startsAt) : new Date(before.starts_at);
  const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(before.ends_at);
  const milestones = input.milestones ?? before.milestones.map(asInput);
  const units = input.units ?? before.units;
  const objectives = input.objectives ?? before.objectives;
  const db = ctx.database.db;
  const issues = [
    ...checkExerciseTimes(startsAt, endsAt),
    ...checkMilestones(milestones, startsAt, endsAt),
    ...checkUnits(units, participants),
    ...checkAudience(label, participants, await communityMembership(db, actor), 'exercise'),
  ];
  if (issues.length === 0 && (input.objectives || input.milestones || input.label))
    issues.push(...(await checkReferences(db, actor, label, objectives, milestones)));
  if (issues.length > 0) refuse('The exercise cannot be changed as sent.', issues);
  await ctx.database.transaction(async (tx) => {
    const exercise = await exerciseForWrite(tx, actor, id, expected);
    requirePlanner(actor, exercise);
    const now = ctx.clock.now();
    await exerciseRepository(tx.db).update(id, {
      version,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.summary !== undefined ? { summary: input.summary } : {}),
      ...(input.venue !== undefined ? { venue: JSON.stringify(input.venue) } : {}),
      ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
      ...(input.resources !== undefined ? { resources: input.resources } : {}),
      ...(input.trainingAudience !== undefined ? { training_audience: input.trainingAudience } : {}),
      starts_at: startsAt,
      ends_at: endsAt,
      participants,
      units: JSON.stringify(units),
      objectives: JSON.stringify(objectives),
      milestones: JSON.stringify(input.milestones ? storedMilestones(ctx, input.milestones, exercise.milestones) : exercise.milestones),
      updated_at: now,
      ...labelToColumns(label),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'exercise', record_id: id, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'exercise.update', target: { kind: 'exercise', id }, details: { version, fields: Object.keys(input) } },
    ]);
  });
}

/** Moves an exercise through concept, planning and approval, or cancels it for good. */
export async function moveExercise(ctx: Context, actor: UserActor, id: string, status: ExerciseStatus, ifMatch?: number) {
  await ctx.database.transaction(async (tx) => {
    const exercise = await exerciseForWrite(tx, actor, id, ifMatch);
    requirePlanner(actor, exercise, 'move');
    const can = exercisePermissions(actor, exercise);
    if (status === exercise.status) return;
    if (!can.moveTo.includes(status))
      throw new AppError(
        status === 'executing' || status === 'complete' ? 'CONFLICT' : 'VALIDATION_FAILED',
        status === 'executing' || status === 'complete'
          ? 'An exercise is started and ended from its control panel.'
          : `A ${exercise.status} exercise moves only to ${can.moveTo.join(' or ') || 'nothing else'}.`,
        [{ path: 'status', message: `Not ${status} from ${exercise.status}.` }],
      );
    const version = exercise.version + 1;
    const now = ctx.clock.now();
    await exerciseRepository(tx.db).update(id, { version, status, updated_at: now, label_version: version });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'exercise', record_id: id, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'exercise.move', target: { kind: 'exercise', id }, details: { version, from: exercise.status, to: status } },
    ]);
  });
}

/** The exercise if the actor may read it, with the references in it the actor may read. */
export async function exerciseToRead(ctx: Context, actor: UserActor, id: string) {
  const db = ctx.database.db;
  const exercise = await exerciseRepository(db).findReadable(id, actor.reader);
  if (!exercise) throw AppError.notFound('exercise');
  const readable = await readableReferences(db, actor.reader, exercise);
  await recordListDisclosure(ctx, actor, 'exercise', [exercise]);
  return { exercise, readable };
}

/** Which of the commitments and meetings an exercise names its reader may read (the others are shown as none). */
async function readableReferences(db: Kysely<DB>, reader: Reader, exercise: ExerciseRow): Promise<Set<string>> {
  const readable = new Set<string>();
  for (const id of exercise.objectives.flatMap((o) => (o.commitmentId ? [o.commitmentId] : [])))
    if (await commitmentRepository(db).findReadable(id, reader)) readable.add(id);
  for (const id of exercise.milestones.flatMap((m) => (m.meeting_id ? [m.meeting_id] : [])))
    if (await meetingRepository(db).findReadable(id, reader)) readable.add(id);
  return readable;
}

export async function listExercises(
  ctx: Context,
  actor: UserActor,
  query: {
    limit: number;
    cursor?: string | undefined;
    from?: string | undefined;
    status?: ExerciseStatus | undefined;
    nation?: string | undefined;
  },
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await exerciseRepository(ctx.database.db).listReadable(actor.reader, query.limit + 1, after, {
    from: query.from ? new Date(query.from) : undefined,
    status: query.status,
    nation: query.nation,
  });
  const page = pageFromRows(rows, query.limit, (row) => new Date(row.starts_at));
  await recordListDisclosure(ctx, actor, 'exercise', page.items);
  return page;
}

/** A plan as clash detection takes it. */
export function planOf(row: ExerciseRow): Plan {
  return {
    id: row.id,
    venue: row.venue as Venue,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    participants: row.participants,
    units: row.units,
    resources: row.resources,
  };
}

/** What a plan clashes with among what the actor may read, and the public holidays of the nations taking part. */
export async function clashesFor(ctx: Context, actor: UserActor, plan: Plan): Promise<Clash[]> {
  const repo = exerciseRepository(ctx.database.db);
  const [exercises, blocks] = await Promise.all([
    repo.overlapping(actor.reader, plan.startsAt, plan.endsAt),
    repo.blocksOverlapping(actor.reader, plan.startsAt, plan.endsAt, plan.participants),
  ]);
  return findClashes(
    plan,
    exercises.map((row) => ({
      ...planOf({ ...row, created_by_name: '' }),
      id: row.id,
      title: row.title,
      lead: row.originator_nation,
      label: labelFromColumns(row),
    })),
    blocks.map((row) => ({
      id: row.id,
      title: row.title,
      nation: row.originator_nation,
      unit: row.unit,
      startsAt: new Date(row.starts_at),
      endsAt: new Date(row.ends_at),
      label: labelFromColumns(row),
    })),
    publicHolidays(plan.participants, plan.startsAt, plan.endsAt),
  );
}

/** Clashes of a saved exercise the actor may read. */
export async function clashesOfExercise(ctx: Context, actor: UserActor, id: string) {
  const exercise = await exerciseRepository(ctx.database.db).findReadable(id, actor.reader);
  if (!exercise) throw AppError.notFound('exercise');
  return clashesFor(ctx, actor, planOf(exercise));
}

/** Clashes of a plan not saved yet (or of changes to one being edited), for its planner. */
export async function checkPlan(ctx: Context, actor: UserActor, input: ClashCheckRequest) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const issues = checkExerciseTimes(startsAt, endsAt);
  if (issues.length > 0) refuse('The plan’s times are not an exercise’s.', issues);
  return clashesFor(ctx, actor, {
    id: input.exerciseId,
    venue: input.venue,
    startsAt,
    endsAt,
    participants: participantsWith(actor.nation.code, input.participants),
    units: input.units,
    resources: input.resources,
  });
}
