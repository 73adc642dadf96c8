import { describe, expect, it } from 'vitest';
import {
  aarMeetingOf,
  byStage,
  emptyObservationDraft,
  exerciseAudienceLabel,
  exerciseStarted,
  mayRecordObservation,
  objectiveOption,
  observationChangesOf,
  observationDraftOf,
  observationRequestOf,
  sameLabel,
} from './observation-draft';
import type { ObservationView } from '../../../shared/contracts/lessons';
import type { Exercise } from '../../../shared/contracts/training';

const EXERCISE_ID = '0b7c6a52-3f1e-4c8e-9d2a-5e6f7a8b9c0d';

const exerciseLabel: Exercise['label'] = {
  originator: { nation: 'PAK', org: 'o' },
  classification: 'RESTRICTED',
  relTo: ['PAK', 'KAZ', 'UZB'],
  caveats: ['CT'],
  tlp: 'AMBER',
  recipients: { orgs: ['kaz-mod'], users: [] },
  state: 'active',
  version: 2,
  marking: 'RESTRICTED//REL TO PAK, KAZ, UZB//CT TLP:AMBER',
};

const exercise = {
  lead: 'PAK',
  participants: ['KAZ', 'PAK', 'UZB'],
  label: exerciseLabel,
  milestones: [
    { id: 'm-1', kind: 'final-planning-conference', title: '', startsAt: '', endsAt: '', meetingId: 'meeting-fpc' },
    { id: 'm-2', kind: 'after-action-review', title: '', startsAt: '', endsAt: '', meetingId: null },
    { id: 'm-3', kind: 'after-action-review', title: '', startsAt: '', endsAt: '', meetingId: 'meeting-aar' },
  ],
} satisfies Pick<Exercise, 'lead' | 'participants' | 'label' | 'milestones'>;

const session = (nation: string, permissions: string[]) => ({ nation: { code: nation, name: nation }, permissions });

const saved: ObservationView = {
  id: 'obs-1',
  version: 4,
  exerciseId: EXERCISE_ID,
  exerciseTitle: 'Steppe Eagle',
  nation: 'KAZ',
  title: 'Liaison officers arrived late',
  observation: 'The liaison officers reached the combined HQ six hours after STARTEX.',
  discussion: '',
  conclusion: 'Travel was booked too late.',
  recommendation: 'Book travel at the final planning conference.',
  objective: 1,
  objectiveText: 'Exercise the combined headquarters',
  stage: 'observation',
  label: { ...exerciseLabel, originator: { nation: 'KAZ', org: 'k' }, relTo: ['KAZ', 'PAK'], caveats: [], tlp: 'GREEN' },
  createdBy: { id: 'u', name: 'Planner' },
  createdAt: '2026-09-11T00:00:00.000Z',
  updatedAt: '2026-09-11T00:00:00.000Z',
  actions: { total: 2, open: 1 },
  can: { edit: true, moveTo: 'lesson-identified' },
};

describe('lessons learned', () => {
  it('offers the form to a planner or controller of a nation taking part, the lead included', () => {
    expect(mayRecordObservation(exercise, session('KAZ', ['exercise.plan']))).toBe(true);
    expect(mayRecordObservation(exercise, session('UZB', ['exercise.control']))).toBe(true);
    expect(mayRecordObservation({ ...exercise, participants: [] }, session('PAK', ['exercise.plan']))).toBe(true);
    expect(mayRecordObservation(exercise, session('TJK', ['exercise.plan', 'exercise.control']))).toBe(false);
    expect(mayRecordObservation(exercise, session('KAZ', ['note.create']))).toBe(false);
  });

  it('offers it once the exercise has started', () => {
    expect(exerciseStarted({ status: 'executing' })).toBe(true);
    expect(exerciseStarted({ status: 'complete' })).toBe(true);
    expect(exerciseStarted({ status: 'approved' })).toBe(false);
    expect(exerciseStarted({ status: 'cancelled' })).toBe(false);
  });

  it("starts a nation's observation from the exercise's audience, as the server would: its level and caveats, the nations taking part but itself, TLP:GREEN", () => {
    expect(exerciseAudienceLabel(exercise, 'KAZ')).toEqual({
      classification: 'RESTRICTED',
      relTo: ['PAK', 'UZB'],
      caveats: ['CT'],
      tlp: 'GREEN',
      recipients: { orgs: [], users: [] },
    });
    expect(exerciseAudienceLabel({ ...exercise, participants: ['KAZ'] }, 'KAZ').relTo).toEqual(['PAK']);
  });

  it('compares labels as sets', () => {
    const a = exerciseAudienceLabel(exercise, 'KAZ');
    expect(sameLabel(a, { ...a, relTo: ['UZB', 'PAK', 'PAK'] })).toBe(true);
    expect(sameLabel(a, { ...a, relTo: ['PAK'] })).toBe(false);
    expect(sameLabel(a, { ...a, tlp: 'AMBER' })).toBe(false);
    expect(sameLabel(a, { ...a, recipients: { orgs: ['kaz-mod'], users: [] } })).toBe(false);
  });

  it("makes a new observation's request: no objective as null, the label only when changed", () => {
    const start = exerciseAudienceLabel(exercise, 'KAZ');
    const draft = { ...emptyObservationDraft(start), title: 'Radios', observation: 'Nets did not interoperate.' };
    expect(observationRequestOf(draft, start)).toEqual({
      title: 'Radios',
      observation: 'Nets did not interoperate.',
      discussion: '',
      conclusion: '',
      recommendation: '',
      objective: null,
    });
    const changed = { ...draft, objective: '0', label: { ...start, relTo: ['PAK'] } };
    expect(observationRequestOf(changed, start)).toMatchObject({ objective: 0, label: { relTo: ['PAK'] } });
  });

  it('starts an edit from the saved observation and sends only what changed (the title when nothing did)', () => {
    const draft = observationDraftOf(saved);
    expect(draft).toMatchObject({ objective: '1', label: { relTo: ['PAK'], tlp: 'GREEN' } });
    expect(observationChangesOf(draft, saved)).toEqual({ title: saved.title });
    expect(observationChangesOf({ ...draft, discussion: 'Visas took a week.', objective: '' }, saved)).toEqual({
      discussion: 'Visas took a week.',
      objective: null,
    });
    expect(observationChangesOf({ ...draft, label: { ...draft.label, relTo: ['PAK', 'UZB'] } }, saved)).toEqual({
      label: { ...draft.label, relTo: ['PAK', 'UZB'] },
    });
  });

  it('groups observations by stage, in the order of the stages, leaving out empty stages', () => {
    const items = [
      { id: 'a', stage: 'lesson-learned' as const },
      { id: 'b', stage: 'observation' as const },
      { id: 'c', stage: 'lesson-learned' as const },
    ];
    expect(byStage(items)).toEqual([
      { stage: 'observation', items: [{ id: 'b', stage: 'observation' }] },
      {
        stage: 'lesson-learned',
        items: [
          { id: 'a', stage: 'lesson-learned' },
          { id: 'c', stage: 'lesson-learned' },
        ],
      },
    ]);
    expect(byStage([])).toEqual([]);
  });

  it("finds the after-action review's meeting, if the reader may read one", () => {
    expect(aarMeetingOf(exercise)).toBe('meeting-aar');
    expect(aarMeetingOf({ milestones: exercise.milestones.slice(0, 2) })).toBeNull();
  });

  it('shows an objective by its number and its text, shortened', () => {
    expect(objectiveOption('Cordon  and\nsearch', 0)).toBe('1. Cordon and search');
    expect(objectiveOption('abcdefghij', 2, 5)).toBe('3. abcd…');
  });
});
