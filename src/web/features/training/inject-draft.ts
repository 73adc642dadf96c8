/**
 * The control panel's pure parts: exercise time written as T+hh:mm, where a run stands, a score as
 * a share of what has been decided, and the inject form's draft — what the controller is typing
 * (the time as hours and minutes, every kind's fields kept while the kind is switched, rows with
 * keys of their own), the request it makes, and the fields the server's issues are shown at.
 */
import { rowKey } from './exercise-draft';
import type { InjectRequest, InjectView } from '../../../shared/contracts/exercise-control';
import type { LabelInput } from '../../../shared/labels/label';
import type { SituationLevel } from '../../../shared/vocab/crisis';
import type { AlertSeverity } from '../../../shared/vocab/hotline';
import type { ExpectationKind, InjectKind } from '../../../shared/vocab/training';

/** Exercise time, minutes after STARTEX, as controllers write it: T+hh:mm (hours beyond a day go on counting). */
export function tPlus(minutes: number): string {
  const whole = Math.max(0, Math.floor(minutes));
  const hours = Math.floor(whole / 60);
  return `T+${String(hours).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

export type RunState = 'not-started' | 'running' | 'paused' | 'ended';

/** Where the run stands: ended, paused, running (started from the panel or moved to executing by its planners), or not started. */
export function runState(status: string, run: { startedAt: string | null; pausedAt: string | null; endedAt: string | null }): RunState {
  if (run.endedAt || status === 'complete') return 'ended';
  if (run.pausedAt) return 'paused';
  if (run.startedAt || status === 'executing') return 'running';
  return 'not-started';
}

/** The injects in firing order (time after STARTEX, then as the MSEL lists them). */
export const firingOrder = <I extends { atMinutes: number }>(injects: readonly I[]): I[] =>
  injects
    .map((inject, i) => ({ inject, i }))
    .sort((a, b) => a.inject.atMinutes - b.inject.atMinutes || a.i - b.i)
    .map((o) => o.inject);

/** The share met of the expectations decided (met or missed), or null while none is decided. */
export function shareMet(score: { met: number; missed: number }): number | null {
  const decided = score.met + score.missed;
  return decided === 0 ? null : score.met / decided;
}

export interface ExpectationRow {
  key: number;
  /** Kept for an expectation already saved (its verdict stays with it). */
  id?: string;
  kind: ExpectationKind;
  nation: string;
  /** '' for none (only an acknowledgement names a desk). */
  deskId: string;
  /** As typed. */
  withinMinutes: string;
  /** The objective's position as text, '' for none. */
  objective: string;
  text: string;
}

export interface InjectDraft {
  title: string;
  /** Exercise time it fires at, as typed: hours and minutes after STARTEX. */
  hours: string;
  minutes: string;
  kind: InjectKind;
  // An alert.
  severity: AlertSeverity;
  alertSummary: string;
  details: string;
  targetDesks: string[];
  // A crisis room.
  crisisTitle: string;
  crisisSummary: string;
  // A report or message: the crisis inject of this MSEL whose room it goes to ('' while none is chosen).
  crisisInjectId: string;
  level: SituationLevel;
  situation: string;
  actionsTaken: string;
  assessment: string;
  nextSteps: string;
  needs: string;
  text: string;
  label: LabelInput;
  expectations: ExpectationRow[];
}

export function emptyInjectDraft(label: LabelInput): InjectDraft {
  return {
    title: '',
    hours: '0',
    minutes: '0',
    kind: 'alert',
    severity: 'immediate',
    alertSummary: '',
    details: '',
    targetDesks: [],
    crisisTitle: '',
    crisisSummary: '',
    crisisInjectId: '',
    level: 'normal',
    situation: '',
    actionsTaken: '',
    assessment: '',
    nextSteps: '',
    needs: '',
    text: '',
    label,
    expectations: [],
  };
}

/** A new expectation row: what the inject most likely expects of its kind. */
export function newExpectation(kind: InjectKind, nation: string): ExpectationRow {
  return {
    key: rowKey(),
    kind: kind === 'alert' ? 'acknowledge' : kind === 'crisis' ? 'controller' : 'sitrep',
    nation,
    deskId: '',
    withinMinutes: '30',
    objective: '',
    text: '',
  };
}

/** The draft of an inject still to fire, to change it. */
export function injectDraftOf(inject: InjectView): InjectDraft {
  const action = inject.action;
  const draft: InjectDraft = {
    ...emptyInjectDraft(action.label),
    title: inject.title,
    hours: String(Math.floor(inject.atMinutes / 60)),
    minutes: String(inject.atMinutes % 60),
    kind: action.kind,
    expectations: inject.expectations.map((e) => ({
      key: rowKey(),
      id: e.id,
      kind: e.kind,
      nation: e.nation,
      deskId: e.deskId ?? '',
      withinMinutes: String(e.withinMinutes),
      objective: e.objective === null ? '' : String(e.objective),
      text: e.text,
    })),
  };
  switch (action.kind) {
    case 'alert':
      return {
        ...draft,
        severity: action.severity,
        alertSummary: action.summary,
        details: action.details,
        targetDesks: [...action.targetDesks],
      };
    case 'crisis':
      return { ...draft, crisisTitle: action.title, crisisSummary: action.summary };
    case 'sitrep':
      return { ...draft, crisisInjectId: action.crisisInjectId, ...action.sitrep };
    case 'message':
      return { ...draft, crisisInjectId: action.crisisInjectId, text: action.text };
  }
}

/** A number as typed: '' counts as none (0); anything else not a number is sent as it is for the server to name. */
const whole = (typed: string) => (typed.trim() === '' ? 0 : Number(typed));

/** Minutes after STARTEX, from the hours and minutes typed. */
export const atMinutesOf = (draft: Pick<InjectDraft, 'hours' | 'minutes'>) => whole(draft.hours) * 60 + whole(draft.minutes);

/** The action the draft's kind makes (the other kinds' fields are left out). */
function actionOf(draft: InjectDraft): InjectRequest['action'] {
  const label = draft.label;
  switch (draft.kind) {
    case 'alert':
      return {
        kind: 'alert',
        severity: draft.severity,
        summary: draft.alertSummary,
        details: draft.details,
        targetDesks: draft.targetDesks,
        label,
      };
    case 'crisis':
      return { kind: 'crisis', title: draft.crisisTitle, summary: draft.crisisSummary, label };
    case 'sitrep':
      return {
        kind: 'sitrep',
        crisisInjectId: draft.crisisInjectId,
        sitrep: {
          level: draft.level,
          situation: draft.situation,
          actionsTaken: draft.actionsTaken,
          assessment: draft.assessment,
          nextSteps: draft.nextSteps,
          needs: draft.needs,
        },
        label,
      };
    case 'message':
      return { kind: 'message', crisisInjectId: draft.crisisInjectId, text: draft.text, label };
  }
}

/** The request the draft makes (the server checks it and names each field it refuses). */
export function injectRequestOf(draft: InjectDraft): InjectRequest {
  return {
    title: draft.title,
    atMinutes: atMinutesOf(draft),
    action: actionOf(draft),
    expectations: draft.expectations.map((e) => ({
      ...(e.id ? { id: e.id } : {}),
      kind: e.kind,
      nation: e.nation,
      // Only an acknowledgement is of a desk.
      deskId: e.kind === 'acknowledge' && e.deskId ? e.deskId : null,
      withinMinutes: whole(e.withinMinutes),
      objective: e.objective === '' ? null : Number(e.objective),
      text: e.text,
    })),
  };
}

/** The fields the inject form shows issues at, its expectation rows' included (`action.label` holds the label's own parts). */
export function injectIssueFields(draft: InjectDraft): string[] {
  const byKind: Record<InjectKind, string[]> = {
    alert: ['action.severity', 'action.summary', 'action.details', 'action.targetDesks'],
    crisis: ['action.title', 'action.summary'],
    sitrep: ['action.crisisInjectId', 'action.sitrep'],
    message: ['action.crisisInjectId', 'action.text'],
  };
  return [
    'title',
    'atMinutes',
    'action.kind',
    ...byKind[draft.kind],
    'action.label',
    'expectations',
    ...draft.expectations.map((_, i) => `expectations.${i}`),
  ];
}
