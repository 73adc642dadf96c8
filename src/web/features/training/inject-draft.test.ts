import { describe, expect, it } from 'vitest';
import {
  atMinutesOf,
  emptyInjectDraft,
  firingOrder,
  injectDraftOf,
  injectIssueFields,
  injectRequestOf,
  newExpectation,
  runState,
  shareMet,
  tPlus,
} from './inject-draft';
import { unplaced } from './exercise-draft';
import type { InjectView } from '../../../shared/contracts/exercise-control';
import type { InjectDraft } from './inject-draft';

const LABEL = {
  classification: 'UNCLASSIFIED' as const,
  relTo: ['KAZ'],
  caveats: [],
  tlp: 'GREEN' as const,
  recipients: { orgs: [], users: [] },
};
const DESK = '0b7c6a52-3f1e-4c8e-9d2a-5e6f7a8b9c0d';
const ROOM = '1c8d7b63-4a2f-4d9f-8e3b-6f7a8b9c0d1e';
const EXPECTATION = '2d9e8c74-5b3a-4eaf-9f4c-7a8b9c0d1e2f';

const alertInject: InjectView = {
  id: '3e0f9d85-6c4b-4fb0-8a5d-8b9c0d1e2f3a',
  version: 2,
  title: 'Convoy at the crossing',
  atMinutes: 135,
  action: { kind: 'alert', severity: 'flash', summary: 'Convoy seen', details: 'Two trucks.', targetDesks: [DESK], label: LABEL },
  expectations: [
    {
      id: EXPECTATION,
      kind: 'acknowledge',
      nation: 'KAZ',
      deskId: DESK,
      withinMinutes: 15,
      objective: 0,
      text: 'KAZ takes the alert.',
      verdict: 'pending',
      decidedAt: null,
      minutesTaken: null,
      note: '',
    },
  ],
  status: 'scheduled',
  dueAt: null,
  firedAt: null,
  made: null,
  failure: null,
  writtenBy: { id: 'u', name: 'Controller' },
};

describe('exercise time', () => {
  it('is written T+hh:mm, hours going on past a day', () => {
    expect(tPlus(0)).toBe('T+00:00');
    expect(tPlus(135)).toBe('T+02:15');
    expect(tPlus(26 * 60 + 5)).toBe('T+26:05');
    expect(tPlus(120 * 60)).toBe('T+120:00');
  });

  it('is typed as hours and minutes (empty fields count as none)', () => {
    expect(atMinutesOf({ hours: '2', minutes: '15' })).toBe(135);
    expect(atMinutesOf({ hours: '', minutes: '45' })).toBe(45);
    expect(atMinutesOf({ hours: '1', minutes: '' })).toBe(60);
  });
});

describe('the run', () => {
  const run = { startedAt: null, pausedAt: null, endedAt: null };
  it('stands as not started, running, paused or ended', () => {
    expect(runState('approved', run)).toBe('not-started');
    expect(runState('executing', { ...run, startedAt: '2026-09-01T04:00:00Z' })).toBe('running');
    expect(runState('executing', { ...run, startedAt: '2026-09-01T04:00:00Z', pausedAt: '2026-09-01T05:00:00Z' })).toBe('paused');
    expect(runState('complete', { ...run, startedAt: '2026-09-01T04:00:00Z', endedAt: '2026-09-01T08:00:00Z' })).toBe('ended');
  });

  it('counts an exercise its planners moved to executing as running, and one completed as ended', () => {
    expect(runState('executing', run)).toBe('running');
    expect(runState('complete', run)).toBe('ended');
  });
});

describe('scores', () => {
  it('give the share met of what has been decided, none while nothing is', () => {
    expect(shareMet({ met: 3, missed: 1 })).toBe(0.75);
    expect(shareMet({ met: 0, missed: 2 })).toBe(0);
    expect(shareMet({ met: 0, missed: 0 })).toBeNull();
  });
});

describe('the MSEL', () => {
  it('lists injects in firing order, those at the same minute as the MSEL has them', () => {
    const at = (title: string, atMinutes: number) => ({ title, atMinutes });
    expect(firingOrder([at('c', 30), at('a', 0), at('b1', 10), at('b2', 10)]).map((i) => i.title)).toEqual(['a', 'b1', 'b2', 'c']);
  });
});

describe('the inject form', () => {
  it('sends only the chosen kind’s fields, and a desk only for an acknowledgement', () => {
    const draft: InjectDraft = {
      ...emptyInjectDraft(LABEL),
      title: 'Room opens',
      hours: '1',
      minutes: '30',
      kind: 'crisis',
      alertSummary: 'typed before the kind changed',
      crisisTitle: 'Flood at the crossing',
      crisisSummary: 'Water rising.',
      expectations: [
        { key: 1, kind: 'sitrep', nation: 'KAZ', deskId: DESK, withinMinutes: '60', objective: '', text: '' },
        { key: 2, kind: 'controller', nation: 'PAK', deskId: '', withinMinutes: '', objective: '1', text: 'Liaison named.' },
      ],
    };
    expect(injectRequestOf(draft)).toEqual({
      title: 'Room opens',
      atMinutes: 90,
      action: { kind: 'crisis', title: 'Flood at the crossing', summary: 'Water rising.', label: LABEL },
      expectations: [
        { kind: 'sitrep', nation: 'KAZ', deskId: null, withinMinutes: 60, objective: null, text: '' },
        { kind: 'controller', nation: 'PAK', deskId: null, withinMinutes: 0, objective: 1, text: 'Liaison named.' },
      ],
    });
  });

  it('sends a report and a message to the room their crisis inject opens', () => {
    const draft = {
      ...emptyInjectDraft(LABEL),
      kind: 'sitrep' as const,
      crisisInjectId: ROOM,
      situation: 'Calm.',
      level: 'degraded' as const,
    };
    expect(injectRequestOf(draft).action).toEqual({
      kind: 'sitrep',
      crisisInjectId: ROOM,
      sitrep: { level: 'degraded', situation: 'Calm.', actionsTaken: '', assessment: '', nextSteps: '', needs: '' },
      label: LABEL,
    });
    expect(injectRequestOf({ ...draft, kind: 'message', text: 'Bridge closed.' }).action).toEqual({
      kind: 'message',
      crisisInjectId: ROOM,
      text: 'Bridge closed.',
      label: LABEL,
    });
  });

  it('fills with an inject still to fire and sends it back as it was, its expectations’ ids kept', () => {
    const draft = injectDraftOf(alertInject);
    expect(draft).toMatchObject({ hours: '2', minutes: '15', kind: 'alert', severity: 'flash', targetDesks: [DESK] });
    expect(injectRequestOf(draft)).toEqual({
      title: alertInject.title,
      atMinutes: 135,
      action: alertInject.action,
      expectations: [
        {
          id: EXPECTATION,
          kind: 'acknowledge',
          nation: 'KAZ',
          deskId: DESK,
          withinMinutes: 15,
          objective: 0,
          text: 'KAZ takes the alert.',
        },
      ],
    });
  });

  it('starts a new expectation as what the inject’s kind most likely expects', () => {
    expect(newExpectation('alert', 'KAZ')).toMatchObject({ kind: 'acknowledge', nation: 'KAZ', withinMinutes: '30' });
    expect(newExpectation('sitrep', 'KAZ').kind).toBe('sitrep');
    expect(newExpectation('crisis', 'KAZ').kind).toBe('controller');
  });

  it('shows issues by the fields shown, and lists together those no field takes', () => {
    const draft = injectDraftOf(alertInject);
    const issues = [
      { path: 'atMinutes', message: 'An inject fires before ENDEX.' },
      { path: 'action.targetDesks.0', message: 'No desk with this id.' },
      { path: 'action.label.relTo', message: 'Not a nation.' },
      { path: 'expectations.0.deskId', message: 'Name one of the desks the alert goes to.' },
      { path: 'action', message: 'Invalid input' },
      { path: 'action.title', message: 'Not an alert’s field.' },
    ];
    expect(unplaced(issues, injectIssueFields(draft)).map((i) => i.path)).toEqual(['action', 'action.title']);
  });
});
