/**
 * Lessons learned, pure: who may record an observation of an exercise and from when, the label one starts from,
 * the observation form's draft and the request it makes (a new one's label sent only when changed
 * from the exercise's, an edit's fields only when changed), the observations grouped by stage, and
 * the exercise's after-action review meeting, where their actions are recorded.
 */
import { OBSERVATION_STAGES } from '../../../shared/vocab/training';
import type { ObservationCreateRequest, ObservationUpdateRequest, ObservationView } from '../../../shared/contracts/lessons';
import type { Exercise } from '../../../shared/contracts/training';
import type { LabelInput } from '../../../shared/labels/label';
import type { ObservationStage } from '../../../shared/vocab/training';

export interface ObservationDraft {
  title: string;
  observation: string;
  discussion: string;
  conclusion: string;
  recommendation: string;
  /** The objective's place in the exercise's list, as the select holds it ('' for none). */
  objective: string;
  label: LabelInput;
}

/**
 * Whether the form to record an observation is offered: to a nation taking part (the lead
 * included) whose reader plans or controls exercises. The server decides finally.
 */
export function mayRecordObservation(
  exercise: Pick<Exercise, 'lead' | 'participants'>,
  session: { nation: { code: string }; permissions: readonly string[] },
) {
  const nation = session.nation.code;
  const takesPart = exercise.lead === nation || exercise.participants.includes(nation);
  const planner = session.permissions.includes('exercise.plan') || session.permissions.includes('exercise.control');
  return takesPart && planner;
}

/** Observations are recorded once the exercise has started: while it executes, or after it is complete. */
export const exerciseStarted = (exercise: Pick<Exercise, 'status'>) => exercise.status === 'executing' || exercise.status === 'complete';

/**
 * The label a nation's observation starts from, as the server gives one sent without a label: the
 * exercise's level and caveats, released to the nations taking part (the lead among them), TLP:GREEN
 * — without the nation itself, which the label picker adds.
 */
export const exerciseAudienceLabel = (exercise: Pick<Exercise, 'label' | 'lead' | 'participants'>, nation: string): LabelInput => ({
  classification: exercise.label.classification,
  relTo: [...new Set([exercise.lead, ...exercise.participants])].filter((n) => n !== nation),
  caveats: [...exercise.label.caveats],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
});

/** A saved observation's label as the picker holds it (without its own nation). */
export const labelOfObservation = (view: Pick<ObservationView, 'label' | 'nation'>): LabelInput => ({
  classification: view.label.classification,
  relTo: view.label.relTo.filter((n) => n !== view.nation),
  caveats: [...view.label.caveats],
  tlp: view.label.tlp,
  recipients: { orgs: [...view.label.recipients.orgs], users: [...view.label.recipients.users] },
});

const sorted = (values: readonly string[]) => [...new Set(values)].sort().join('\n');

/** Two labels the same: the same level, TLP, and the same nations, caveats and recipients in any order. */
export function sameLabel(a: LabelInput, b: LabelInput): boolean {
  return (
    a.classification === b.classification &&
    a.tlp === b.tlp &&
    sorted(a.relTo) === sorted(b.relTo) &&
    sorted(a.caveats) === sorted(b.caveats) &&
    sorted(a.recipients.orgs) === sorted(b.recipients.orgs) &&
    sorted(a.recipients.users) === sorted(b.recipients.users)
  );
}

export const emptyObservationDraft = (label: LabelInput): ObservationDraft => ({
  title: '',
  observation: '',
  discussion: '',
  conclusion: '',
  recommendation: '',
  objective: '',
  label,
});

/** The draft of a saved observation, to change it. */
export const observationDraftOf = (view: ObservationView): ObservationDraft => ({
  title: view.title,
  observation: view.observation,
  discussion: view.discussion,
  conclusion: view.conclusion,
  recommendation: view.recommendation,
  objective: view.objective === null ? '' : String(view.objective),
  label: labelOfObservation(view),
});

const objectiveOf = (value: string): number | null => (value === '' ? null : Number(value));

/** The request a new observation's draft makes: its label only when changed from the one it started from (else the server gives the exercise's). */
export function observationRequestOf(draft: ObservationDraft, startLabel: LabelInput): ObservationCreateRequest {
  return {
    title: draft.title,
    observation: draft.observation,
    discussion: draft.discussion,
    conclusion: draft.conclusion,
    recommendation: draft.recommendation,
    objective: objectiveOf(draft.objective),
    ...(sameLabel(draft.label, startLabel) ? {} : { label: draft.label }),
  };
}

/** What an edit changes: the fields whose value differs from the saved observation's; the title when nothing does. */
export function observationChangesOf(draft: ObservationDraft, saved: ObservationView): ObservationUpdateRequest {
  const changes: ObservationUpdateRequest = {};
  const before = observationDraftOf(saved);
  for (const key of ['title', 'observation', 'discussion', 'conclusion', 'recommendation'] as const)
    if (draft[key] !== before[key]) changes[key] = draft[key];
  if (draft.objective !== before.objective) changes.objective = objectiveOf(draft.objective);
  if (!sameLabel(draft.label, before.label)) changes.label = draft.label;
  return Object.keys(changes).length > 0 ? changes : { title: draft.title };
}

/** The fields the observation form shows the server's issues at (the rest are listed together). */
export const OBSERVATION_FIELDS = ['title', 'observation', 'discussion', 'conclusion', 'recommendation', 'objective', 'label'] as const;

/** The observations by stage, in the stages' order, each stage that has any; each keeps the order it was given in. */
export function byStage<O extends { stage: ObservationStage }>(items: readonly O[]): { stage: ObservationStage; items: O[] }[] {
  return OBSERVATION_STAGES.map((stage) => ({ stage, items: items.filter((o) => o.stage === stage) })).filter((g) => g.items.length > 0);
}

/** The meeting of the exercise's after-action review, where its observations' actions are recorded (null: none, or not one the reader may read). */
export function aarMeetingOf(exercise: Pick<Exercise, 'milestones'>): string | null {
  return exercise.milestones.find((m) => m.kind === 'after-action-review' && m.meetingId)?.meetingId ?? null;
}

/** An objective as a select's option shows it: its number and its text, shortened. */
export function objectiveOption(text: string, i: number, most = 80): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  const short = chars.length <= most ? chars.join('') : `${chars.slice(0, most - 1).join('')}…`;
  return `${i + 1}. ${short}`;
}
