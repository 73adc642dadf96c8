import { describe, expect, it } from 'vitest';
import { changesOf, clashPlanOf, draftOf, emptyDraft, issueFields, messagesAt, requestOf, rowKey, unplaced } from './exercise-draft';
import type { Exercise } from '../../../shared/contracts/training';
import type { ExerciseDraft } from './exercise-draft';

const LABEL = {
  classification: 'UNCLASSIFIED' as const,
  relTo: ['KAZ'],
  caveats: [],
  tlp: 'GREEN' as const,
  recipients: { orgs: [], users: [] },
};
const ID = '0b7c6a52-3f1e-4c8e-9d2a-5e6f7a8b9c0d';

const planned = (over: Partial<ExerciseDraft> = {}): ExerciseDraft => ({
  ...emptyDraft('PAK', LABEL),
  title: 'Steppe Eagle',
  venue: { name: 'Iliyskiy range', country: 'KAZ', lat: '43.9', lon: '77.1' },
  timeZone: 'Asia/Almaty',
  startsAt: '2026-09-01T04:00Z',
  endsAt: '2026-09-10T12:00Z',
  participants: ['KAZ'],
  ...over,
});

const saved: Exercise = {
  id: ID,
  version: 3,
  title: 'Steppe Eagle',
  kind: 'field',
  status: 'planning',
  venue: { online: false, name: 'Iliyskiy range', country: 'KAZ', lat: 43.9, lon: 77.1 },
  timeZone: 'Asia/Almaty',
  startsAt: '2026-09-01T04:00:00.000Z',
  endsAt: '2026-09-10T12:00:00.000Z',
  lead: 'PAK',
  participants: ['KAZ', 'PAK'],
  units: [{ nation: 'KAZ', name: '36th Air Assault Brigade' }],
  label: {
    originator: { nation: 'PAK', org: 'o' },
    classification: 'UNCLASSIFIED',
    relTo: ['PAK', 'KAZ'],
    caveats: [],
    tlp: 'GREEN',
    recipients: { orgs: [], users: [] },
    state: 'active',
    version: 3,
    marking: 'UNCLASSIFIED//REL TO PAK, KAZ TLP:GREEN',
  },
  partnerNode: false,
  summary: 'A field exercise.',
  resources: ['Range 4'],
  objectives: [{ text: 'Cordon and search', threats: ['terrorism-militancy'], commitmentId: null }],
  trainingAudience: 'Battalion staffs',
  milestones: [
    {
      id: 'm-1',
      kind: 'final-planning-conference',
      title: '',
      startsAt: '2026-07-01T05:00:00.000Z',
      endsAt: '2026-07-02T12:00:00.000Z',
      meetingId: null,
    },
  ],
  createdBy: { id: 'u', name: 'Planner' },
  updatedAt: '2026-05-01T00:00:00.000Z',
  can: { plan: true, moveTo: ['concept', 'approved', 'cancelled'] },
};

describe('the exercise draft', () => {
  it('makes the request: dates as instants, a place or distributed, empty references as none', () => {
    const draft = planned({
      objectives: [{ key: rowKey(), text: 'Seize the bridge', threats: ['armed-clash'], commitmentId: ` ${ID.toUpperCase()} ` }],
      milestones: [
        {
          key: rowKey(),
          kind: 'after-action-review',
          title: '',
          startsAt: '2026-09-20T05:00Z',
          endsAt: '2026-09-20T12:00Z',
          meetingId: '',
        },
      ],
    });
    const request = requestOf(draft);
    expect(request).toMatchObject({
      venue: { online: false, name: 'Iliyskiy range', country: 'KAZ', lat: 43.9, lon: 77.1 },
      startsAt: '2026-09-01T04:00:00.000Z',
      objectives: [{ commitmentId: ID }],
      milestones: [{ kind: 'after-action-review', startsAt: '2026-09-20T05:00:00.000Z', meetingId: null }],
      label: LABEL,
    });
    expect(request.milestones[0]).not.toHaveProperty('id');
    expect(requestOf(planned({ distributed: true, startsAt: '' }))).toMatchObject({ venue: { online: true }, startsAt: '' });
  });

  it('starts an edit from the saved exercise, which it gives back unchanged', () => {
    const draft = draftOf(saved);
    expect(draft.participants).toEqual(['KAZ']);
    expect(draft.label.relTo).toEqual(['KAZ']);
    expect(draft.startsAt).toBe('2026-09-01T04:00Z');
    expect(draft.milestones[0]).toMatchObject({ id: 'm-1', meetingId: '', startsAt: '2026-07-01T05:00Z' });
    expect(requestOf(draft)).toMatchObject({ milestones: [{ id: 'm-1' }], resources: ['Range 4'], trainingAudience: 'Battalion staffs' });
  });

  it('sends in an edit only what changed (lists whole), and the title when nothing did', () => {
    const before = requestOf(draftOf(saved));
    const draft = draftOf(saved);
    expect(changesOf(requestOf(draft), before)).toEqual({ title: 'Steppe Eagle' });
    draft.resources = [...draft.resources, { key: rowKey(), name: 'Airfield' }];
    draft.summary = 'Changed.';
    expect(changesOf(requestOf(draft), before)).toEqual({ summary: 'Changed.', resources: ['Range 4', 'Airfield'] });
  });

  it('asks for clashes once it has its times and venue, leaving out rows not yet named', () => {
    expect(clashPlanOf(planned({ startsAt: '' }), null)).toBeNull();
    expect(clashPlanOf(planned({ endsAt: '2026-08-01T00:00Z' }), null)).toBeNull();
    expect(clashPlanOf(planned({ venue: { name: 'Range', country: 'KAZ', lat: '', lon: '77' } }), null)).toBeNull();
    expect(clashPlanOf(planned({ venue: { name: ' ', country: 'KAZ', lat: '43', lon: '77' } }), null)).toBeNull();
    expect(clashPlanOf(planned({ venue: { name: 'Range', country: 'KAZ', lat: '95', lon: '77' } }), null)).toBeNull();
    const plan = clashPlanOf(
      planned({
        distributed: true,
        venue: { name: '', country: 'PAK', lat: '', lon: '' },
        units: [
          { key: rowKey(), nation: 'KAZ', name: ' Scorpion ' },
          { key: rowKey(), nation: 'KAZ', name: '' },
        ],
        resources: [
          { key: rowKey(), name: 'Range 4' },
          { key: rowKey(), name: '  ' },
        ],
      }),
      ID,
    );
    expect(plan).toEqual({
      exerciseId: ID,
      venue: { online: true },
      startsAt: '2026-09-01T04:00:00.000Z',
      endsAt: '2026-09-10T12:00:00.000Z',
      participants: ['KAZ'],
      units: [{ nation: 'KAZ', name: 'Scorpion' }],
      resources: ['Range 4'],
    });
  });

  it('shows each server issue by its field or row, and the rest together', () => {
    const draft = planned({ units: [{ key: rowKey(), nation: 'KAZ', name: '' }] });
    const issues = [
      { path: 'venue.lat', message: 'Too big.' },
      { path: 'units.0.name', message: 'Name the unit.' },
      { path: 'units.1.name', message: 'Gone.' },
      { path: 'unknown', message: 'Somewhere.' },
    ];
    expect(messagesAt(issues, 'venue')).toEqual(['Too big.']);
    expect(messagesAt(issues, 'units.0')).toEqual(['Name the unit.']);
    expect(messagesAt(issues, 'title')).toEqual([]);
    expect(unplaced(issues, issueFields(draft)).map((i) => i.path)).toEqual(['units.1.name', 'unknown']);
  });
});
