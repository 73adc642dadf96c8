/**
 * How a peer's exercises, busy blocks and observations are received, one object at a time. An
 * exercise is its lead nation's, planned on the lead's node: only that node changes it. A busy block
 * is its nation's own, and so is an observation, which must be of an exercise its nation takes part
 * in. An observation may arrive before its exercise: it is kept, read by no one until the exercise
 * is here (it is read through it), and its writer is checked again wherever it is read
 * (observation-repository.ts). Each version is applied once; an older or the same version only
 * joins the published history.
 */
import { labelToColumns } from '../../../shared/labels/label-columns';
import { isTimeZone } from '../../../shared/time/time-zone';
import { OBSERVATION_STAGES } from '../../../shared/vocab/training';
import type { ObservationStage } from '../../../shared/vocab/training';
import { exerciseRepository } from '../../db/repositories/exercise-repository';
import { EXTENSIONS } from '../stix/stix-vocab';
import { checkedUuidOf, extension } from '../federation/received';
import { reject } from '../federation/rejected';
import { ensureRemoteAuthors, remoteAuthorId } from '../federation/remote-authors';
import { modifiedOf, olderVersion, received } from '../dialogue/dialogue-from-peers';
import { observationRepository } from '../../db/repositories/observation-repository';
import { busyBlockExtensionSchema, exerciseExtensionSchema, observationExtensionSchema } from './training-stix';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { Received } from '../federation/received';
import type { PeerRow } from '../federation/peer-service';

export async function applyExercise(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const exercise = extension(object.object, EXTENSIONS.exercise, exerciseExtensionSchema, 'exercise');
  const id = checkedUuidOf(object.stixId);
  if (!exercise.participants.includes(peer.nation)) return reject(`exercise ${id}: its lead ${peer.nation} is not among its participants`);
  if (new Date(exercise.ends_at) <= new Date(exercise.starts_at)) return reject(`exercise ${id} ends before it starts`);
  if (!isTimeZone(exercise.time_zone)) return reject(`exercise ${id}: ${exercise.time_zone} is not a time zone`);
  if (exercise.units.some((u) => !exercise.participants.includes(u.nation)))
    return reject(`exercise ${id} names a unit of a nation not taking part`);
  const repo = exerciseRepository(db);
  const here = await repo.forUpdate(id);
  if (here && (here.originator_nation !== peer.nation || here.home_node !== peer.node_id))
    return reject(`exercise ${id} is planned on another node`);
  if (here && here.version >= exercise.version) return olderVersion(db, peer, 'exercise', id, exercise.version, dateAdded, object);
  await ensureRemoteAuthors(db, [object.label.originator.org]);
  const columns = {
    version: exercise.version,
    title: exercise.title,
    kind: exercise.kind,
    status: exercise.status,
    run_started_at: exercise.run ? new Date(exercise.run.started_at) : null,
    run_paused_at: exercise.run?.paused_at ? new Date(exercise.run.paused_at) : null,
    run_paused_ms: exercise.run?.paused_ms ?? 0,
    run_ended_at: exercise.run?.ended_at ? new Date(exercise.run.ended_at) : null,
    summary: exercise.summary,
    venue: JSON.stringify(exercise.venue),
    time_zone: exercise.time_zone,
    starts_at: new Date(exercise.starts_at),
    ends_at: new Date(exercise.ends_at),
    participants: [...new Set(exercise.participants)].sort(),
    units: JSON.stringify(exercise.units),
    resources: exercise.resources,
    objectives: JSON.stringify(exercise.objectives),
    training_audience: exercise.training_audience,
    milestones: JSON.stringify(exercise.milestones),
    updated_at: modifiedOf(object, exercise.created_at),
    ...labelToColumns(object.label),
  };
  if (here) await repo.update(id, columns);
  else
    await repo.insert({
      id,
      ...columns,
      home_node: peer.node_id,
      created_by: remoteAuthorId(object.label.originator.org),
      created_at: new Date(exercise.created_at),
    });
  return received(ctx, db, peer, 'exercise', id, exercise.version, dateAdded, object);
}

export async function applyBusyBlock(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const block = extension(object.object, EXTENSIONS.busyBlock, busyBlockExtensionSchema, 'busy block');
  const id = checkedUuidOf(object.stixId);
  if (new Date(block.ends_at) <= new Date(block.starts_at)) return reject(`busy block ${id} ends before it starts`);
  if (!isTimeZone(block.time_zone)) return reject(`busy block ${id}: ${block.time_zone} is not a time zone`);
  const repo = exerciseRepository(db);
  const here = await repo.blockForUpdate(id);
  if (here && here.originator_nation !== peer.nation) return reject(`busy block ${id} is another nation's`);
  if (here && here.version >= block.version) return olderVersion(db, peer, 'busy-block', id, block.version, dateAdded, object);
  await ensureRemoteAuthors(db, [object.label.originator.org]);
  const columns = {
    version: block.version,
    title: block.title,
    unit: block.unit,
    all_day: block.all_day,
    starts_at: new Date(block.starts_at),
    ends_at: new Date(block.ends_at),
    time_zone: block.time_zone,
    status: block.status,
    proposed_label: null,
    updated_at: modifiedOf(object, block.created_at),
    ...labelToColumns(object.label),
  };
  if (here) await repo.updateBlock(id, columns);
  else
    await repo.insertBlocks([
      { id, ...columns, created_by: remoteAuthorId(object.label.originator.org), created_at: new Date(block.created_at) },
    ]);
  return received(ctx, db, peer, 'busy-block', id, block.version, dateAdded, object);
}

export async function applyObservation(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const observation = extension(object.object, EXTENSIONS.observation, observationExtensionSchema, 'observation');
  const id = checkedUuidOf(object.stixId);
  const exerciseId = checkedUuidOf(observation.exercise_ref);
  // Locked in the order every write takes them: the exercise, then the observation.
  const exercise = await exerciseRepository(db).forUpdate(exerciseId);
  if (exercise && !exercise.participants.includes(peer.nation))
    return reject(`observation ${id}: ${peer.nation} does not take part in exercise ${exerciseId}`);
  const repo = observationRepository(db);
  const here = await repo.heldForUpdate(id);
  if (here && (here.originator_nation !== peer.nation || here.exercise_id !== exerciseId))
    return reject(`observation ${id} belongs to another record`);
  if (here && here.version >= observation.version) return olderVersion(db, peer, 'observation', id, observation.version, dateAdded, object);
  // Stages only move forward, and a lesson learned is no longer changed (as on its own node).
  if (here && here.stage === 'lesson-learned') return reject(`observation ${id} is a lesson learned: it is no longer changed`);
  if (here && OBSERVATION_STAGES.indexOf(observation.stage) < OBSERVATION_STAGES.indexOf(here.stage as ObservationStage))
    return reject(`observation ${id} would move back from ${here.stage} to ${observation.stage}`);

  await ensureRemoteAuthors(db, [object.label.originator.org]);
  const author = remoteAuthorId(object.label.originator.org);
  const columns = {
    version: observation.version,
    title: observation.title,
    observation: observation.observation,
    discussion: observation.discussion,
    conclusion: observation.conclusion,
    recommendation: observation.recommendation,
    objective: observation.objective,
    stage: observation.stage,
    updated_by: author,
    updated_at: modifiedOf(object, observation.created_at),
    ...labelToColumns(object.label),
  };
  if (here) await repo.update(id, columns);
  else await repo.insert({ id, exercise_id: exerciseId, ...columns, created_by: author, created_at: new Date(observation.created_at) });
  return received(ctx, db, peer, 'observation', id, observation.version, dateAdded, object);
}
