/**
 * Fires the injects whose timer is due. Each inject fires in one unit of work (db/unit-of-work.ts):
 * the inject row is claimed (locked, skipped by other processes), its record is made through the
 * hotline's or crisis room's own code, in the name of the controller who wrote it, and the inject
 * is settled as fired with what it made — all in one transaction. A restart before the commit
 * leaves the inject scheduled and due, so it fires at the next run; after it, it is fired and is
 * never fired again. When the hotline or room refuses (a desk gone, a label no longer allowed, the
 * room not opened), nothing it began is kept and the inject is settled as failed with the reason,
 * shown in the control panel; the exercise goes on.
 */
import { exerciseInjectRepository } from '../../db/repositories/exercise-inject-repository';
import { exerciseRepository } from '../../db/repositories/exercise-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { loadUserActor } from '../auth/load-actor';
import { systemActor } from '../auth/actor';
import { raiseAlert } from '../hotline/alert-service';
import { addEntry, declareCrisis } from '../crisis/crisis-service';
import { controls, injectActor, injectIssues } from './exercise-control';
import type { Context } from '../../context';

import type { Selectable } from 'kysely';
import type { ExerciseInjectsTable } from '../../db/schema';

type Made = { kind: 'alert' | 'crisis' | 'crisis-entry'; id: string };

/** Makes the inject's record, in the name of its writer; throws an AppError when it is refused. */
async function make(ctx: Context, inject: Selectable<ExerciseInjectsTable>, now: Date): Promise<Made> {
  const db = ctx.database.db;
  const writer = await loadUserActor(db, inject.written_by, 'session');
  if (!writer) throw new AppError('FORBIDDEN', 'The controller who wrote this inject no longer has an account here: write it again.');
  const exercise = await exerciseRepository(db).findReadable(inject.exercise_id, writer.reader);
  if (!exercise || !controls(writer, exercise))
    throw new AppError('FORBIDDEN', 'The controller who wrote this inject no longer controls the exercise: write it again.');
  // The exercise may have changed since the inject was written (nations, ENDEX, objectives): it must still fit.
  const issues = await injectIssues(
    db,
    exercise,
    { atMinutes: inject.at_minutes, action: inject.action, expectations: inject.expectations },
    inject.id,
  );
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', 'The inject no longer fits the exercise as it now stands:', issues);
  const acting = injectActor(writer);
  const exerciseId = inject.exercise_id;
  const action = inject.action;
  switch (action.kind) {
    case 'alert': {
      const { kind: _, ...alert } = action;
      return { kind: 'alert', id: (await raiseAlert(ctx, acting, { ...alert, exercise: true }, { exerciseId })).id };
    }
    case 'crisis':
      return {
        kind: 'crisis',
        id: await declareCrisis(
          ctx,
          acting,
          { title: action.title, summary: action.summary, label: action.label, exercise: true },
          { exerciseId },
        ),
      };
    case 'sitrep':
    case 'message': {
      const found = await exerciseInjectRepository(db).find(action.crisisInjectId);
      const room = found?.exercise_id === inject.exercise_id && found.kind === 'crisis' ? found : undefined;
      if (!room?.made_id)
        throw new AppError(
          'CONFLICT',
          `The room this goes to was not opened: its inject “${room?.title ?? 'removed'}” ${room?.status === 'failed' ? 'failed' : 'has not fired'}.`,
        );
      const entry =
        action.kind === 'sitrep'
          ? { kind: 'sitrep' as const, sitrep: { ...action.sitrep, asOf: now.toISOString() } }
          : { kind: 'log' as const, text: action.text };
      return { kind: 'crisis-entry', id: await addEntry(ctx, acting, { crisisId: room.made_id, label: action.label, ...entry }) };
    }
  }
}

const reasonOf = (error: AppError) => [error.message, ...(error.issues ?? []).map((i) => i.message)].join(' ');

/** Fires one due inject; 'none' when none is due (or every due one is being fired by another process). */
export async function fireOneInject(ctx: Context): Promise<'none' | 'fired' | 'failed'> {
  const now = ctx.clock.now();
  const unit = ctx.database.beginUnit<{ injectId: string; made: Made }>(async (db, { injectId, made }) => {
    const settled = await exerciseInjectRepository(db).settle(injectId, {
      status: 'fired',
      fired_at: now,
      due_at: null,
      made_kind: made.kind,
      made_id: made.id,
      updated_at: now,
    });
    if (!settled) throw new Error(`inject ${injectId} was settled by another process`);
    await appendAudit(db, ctx.clock, systemActor('exercise injects'), [
      { action: 'exercise.inject.fire', target: { kind: 'exercise', id: inject!.exercise_id }, details: { inject: injectId, made } },
    ]);
  });
  let inject: Selectable<ExerciseInjectsTable> | undefined;
  let made: Made;
  try {
    inject = await exerciseInjectRepository(unit.database.db).claimDue(now);
    if (!inject) {
      await unit.abandon(null);
      return 'none';
    }
    made = await make({ ...ctx, database: unit.database }, inject, now);
  } catch (error) {
    await unit.abandon(error);
    if (!inject) throw error;
    if (!(error instanceof AppError)) {
      // Not a refusal but a fault: tried again in a minute, so the injects behind it are not held up.
      const stuck = inject;
      await ctx.database.transaction((tx) => exerciseInjectRepository(tx.db).postpone(stuck.id, new Date(now.getTime() + 60_000)));
      throw error;
    }
    const failed = inject;
    await ctx.database.transaction(async (tx) => {
      if (
        !(await exerciseInjectRepository(tx.db).settle(
          failed.id,
          {
            status: 'failed',
            failure: reasonOf(error),
            due_at: null,
            updated_at: now,
          },
          failed.version,
        ))
      )
        return; // changed (or fired) meanwhile: the new version is tried on its own
      await appendAudit(tx.db, ctx.clock, systemActor('exercise injects'), [
        {
          action: 'exercise.inject.fail',
          target: { kind: 'exercise', id: failed.exercise_id },
          details: { inject: failed.id, reason: error.message },
        },
      ]);
    });
    return 'failed';
  }
  await unit.finish({ injectId: inject.id, made });
  return 'fired';
}

/** Fires every inject due now, one at a time; returns how many fired or failed. */
export async function fireDueInjects(ctx: Context, most = 200): Promise<number> {
  let settled = 0;
  while (settled < most && (await fireOneInject(ctx)) !== 'none') settled++;
  return settled;
}
