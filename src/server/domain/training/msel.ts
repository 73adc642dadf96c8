/**
 * The master scenario events list, as pure functions: an exercise's run (started, paused, ended)
 * and what each control action does to it; when an inject falls due; what makes an inject
 * acceptable for its exercise. Times come in, nothing is read or written here.
 */
import type { ControlAction, ExerciseStatus } from '../../../shared/vocab/training';
import type { ExpectationInput, InjectAction } from '../../../shared/contracts/exercise-control';

export interface Issue {
  path: string;
  message: string;
}

/** An exercise's run: null times until they happen; `pausedMs` the time paused in all, before the current pause. */
export interface Run {
  startedAt: Date | null;
  pausedAt: Date | null;
  pausedMs: number;
  endedAt: Date | null;
}

export const NOT_STARTED: Run = { startedAt: null, pausedAt: null, pausedMs: 0, endedAt: null };

/** The actions the control panel offers for an exercise where it stands. */
export function controlActions(status: ExerciseStatus, run: Run): ControlAction[] {
  if (status === 'approved' && !run.startedAt) return ['start'];
  if (status !== 'executing') return [];
  return run.pausedAt ? ['resume', 'end'] : ['pause', 'end'];
}

/** What `action` at `now` makes of the run, or why it cannot be done. */
export function control(
  status: ExerciseStatus,
  run: Run,
  action: ControlAction,
  now: Date,
): { status: ExerciseStatus; run: Run } | { refused: string } {
  if (!controlActions(status, run).includes(action)) {
    const why: Record<ControlAction, string> = {
      start: 'Only an approved exercise starts: approve its plan first.',
      pause: status === 'executing' ? 'The exercise is already paused.' : 'Only a running exercise pauses.',
      resume: status === 'executing' ? 'The exercise is not paused.' : 'Only a paused exercise resumes.',
      end: 'Only a running exercise ends.',
    };
    return { refused: why[action] };
  }
  const pausedSoFar = run.pausedAt ? run.pausedMs + (now.getTime() - run.pausedAt.getTime()) : run.pausedMs;
  switch (action) {
    case 'start':
      return { status: 'executing', run: { ...NOT_STARTED, startedAt: now } };
    case 'pause':
      return { status, run: { ...run, pausedAt: now } };
    case 'resume':
      return { status, run: { ...run, pausedAt: null, pausedMs: pausedSoFar } };
    case 'end':
      return { status: 'complete', run: { ...run, pausedAt: null, pausedMs: pausedSoFar, endedAt: now } };
  }
}

/** When an inject `atMinutes` after STARTEX falls due: null until the exercise runs, while it is paused, once it has ended. */
export function dueAt(run: Run, atMinutes: number): Date | null {
  if (!run.startedAt || run.pausedAt || run.endedAt) return null;
  return new Date(run.startedAt.getTime() + atMinutes * 60_000 + run.pausedMs);
}

/** Exercise time at `now`: minutes since STARTEX, paused time left out (null before it starts). */
export function elapsedMinutes(run: Run, now: Date): number | null {
  if (!run.startedAt) return null;
  const until = run.endedAt ?? run.pausedAt ?? now;
  return Math.max(0, Math.floor((until.getTime() - run.startedAt.getTime() - run.pausedMs) / 60_000));
}

/** What an inject is checked against: its exercise, the other injects of the MSEL, and the desks it names. */
export interface InjectSetting {
  startsAt: Date;
  endsAt: Date;
  participants: readonly string[];
  objectives: number;
  others: readonly { id: string; atMinutes: number; kind: InjectAction['kind'] }[];
  desks: ReadonlyMap<string, { nation: string }>;
}

/** The exercise's length, STARTEX to ENDEX, in whole minutes: the latest an inject fires. */
export const lastInjectMinute = (startsAt: Date, endsAt: Date) => Math.floor((endsAt.getTime() - startsAt.getTime()) / 60_000);

/** Why an inject (`atMinutes`, `action`, `expectations`) does not fit its exercise; empty when it does. */
export function checkInject(
  inject: { atMinutes: number; action: InjectAction; expectations: readonly ExpectationInput[] },
  setting: InjectSetting,
): Issue[] {
  const issues: Issue[] = [];
  const last = lastInjectMinute(setting.startsAt, setting.endsAt);
  if (inject.atMinutes > last)
    issues.push({ path: 'atMinutes', message: `An inject fires before ENDEX: at most ${last} minutes after STARTEX.` });
  const action = inject.action;
  if (action.kind === 'alert' && (action.label.tlp === 'RED' || action.label.tlp === 'AMBER+STRICT'))
    issues.push({
      path: 'action.label.tlp',
      message: 'An alert goes to roles, not named organisations or people: use TLP:CLEAR, GREEN or AMBER.',
    });
  if (action.kind === 'alert') {
    action.targetDesks.forEach((id, i) => {
      if (!setting.desks.has(id)) issues.push({ path: `action.targetDesks.${i}`, message: 'No desk with this id.' });
      else if (!setting.participants.includes(setting.desks.get(id)!.nation))
        issues.push({
          path: `action.targetDesks.${i}`,
          message: `This desk's nation, ${setting.desks.get(id)!.nation}, does not take part in the exercise.`,
        });
    });
  }
  if (action.kind === 'sitrep' || action.kind === 'message') {
    const room = setting.others.find((o) => o.id === action.crisisInjectId);
    if (!room || room.kind !== 'crisis')
      issues.push({ path: 'action.crisisInjectId', message: 'Name an inject of this exercise that opens a crisis room.' });
    else if (room.atMinutes > inject.atMinutes)
      issues.push({
        path: 'action.crisisInjectId',
        message: `That room opens at minute ${room.atMinutes}, after this inject: fire this one later.`,
      });
  }
  inject.expectations.forEach((expectation, i) => {
    const path = `expectations.${i}`;
    if (expectation.id !== undefined && inject.expectations.findIndex((e) => e.id === expectation.id) !== i)
      issues.push({ path: `${path}.id`, message: 'Each expectation has an id of its own.' });
    if (!setting.participants.includes(expectation.nation))
      issues.push({ path: `${path}.nation`, message: `${expectation.nation} does not take part in the exercise.` });
    if (expectation.objective !== null && expectation.objective >= setting.objectives)
      issues.push({ path: `${path}.objective`, message: `The exercise has ${setting.objectives} objectives.` });
    if (expectation.kind === 'acknowledge') {
      if (action.kind !== 'alert') issues.push({ path: `${path}.kind`, message: 'Only an alert is acknowledged.' });
      else if (!expectation.deskId || !action.targetDesks.includes(expectation.deskId))
        issues.push({ path: `${path}.deskId`, message: 'Name one of the desks the alert goes to.' });
      else if (setting.desks.get(expectation.deskId)?.nation !== expectation.nation)
        issues.push({ path: `${path}.deskId`, message: `That desk is not ${expectation.nation}'s.` });
    }
    if (expectation.kind === 'sitrep' && action.kind === 'alert')
      issues.push({
        path: `${path}.kind`,
        message: 'A situation report is expected in a crisis room: use it on a crisis, report or message inject.',
      });
  });
  return issues;
}
