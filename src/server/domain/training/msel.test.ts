import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInject, control, controlActions, dueAt, elapsedMinutes, NOT_STARTED } from './msel';
import type { Run } from './msel';
import type { ControlAction, ExerciseStatus } from '../../../shared/vocab/training';

const at = (minute: number) => new Date(Date.UTC(2027, 2, 1, 6) + minute * 60_000);
const label = { classification: 'UNCLASSIFIED', relTo: ['PAK', 'KAZ'], caveats: [], tlp: 'GREEN' } as never;
const DESK_KAZ = '00000000-0000-4000-8000-00000000000a';
const DESK_TJK = '00000000-0000-4000-8000-00000000000b';
const setting = {
  startsAt: at(0),
  endsAt: at(600),
  participants: ['KAZ', 'PAK'],
  objectives: 2,
  others: [{ id: '00000000-0000-4000-8000-000000000c01', atMinutes: 30, kind: 'crisis' as const }],
  desks: new Map([
    [DESK_KAZ, { nation: 'KAZ' }],
    [DESK_TJK, { nation: 'TJK' }],
  ]),
};
const alert = (targetDesks: string[]) =>
  ({ kind: 'alert' as const, severity: 'urgent', summary: 'Border post attacked', details: '', targetDesks, label }) as never;

describe('the control panel’s run', () => {
  it('starts an approved exercise, pauses, resumes and ends it', () => {
    const started = control('approved', NOT_STARTED, 'start', at(0));
    expect(started).toEqual({ status: 'executing', run: { ...NOT_STARTED, startedAt: at(0) } });
    if ('refused' in started) throw new Error('refused');
    const paused = control(started.status, started.run, 'pause', at(10));
    if ('refused' in paused) throw new Error('refused');
    expect(controlActions(paused.status, paused.run)).toEqual(['resume', 'end']);
    const resumed = control(paused.status, paused.run, 'resume', at(25));
    if ('refused' in resumed) throw new Error('refused');
    expect(resumed.run.pausedMs).toBe(15 * 60_000);
    const ended = control(resumed.status, resumed.run, 'end', at(40));
    expect(ended).toMatchObject({ status: 'complete', run: { endedAt: at(40), pausedMs: 15 * 60_000 } });
  });

  it('refuses what the exercise’s state does not allow, saying why', () => {
    expect(control('planning', NOT_STARTED, 'start', at(0))).toEqual({
      refused: 'Only an approved exercise starts: approve its plan first.',
    });
    expect(control('approved', NOT_STARTED, 'pause', at(0))).toEqual({ refused: 'Only a running exercise pauses.' });
    expect(control('complete', { ...NOT_STARTED, startedAt: at(0), endedAt: at(5) }, 'end', at(9))).toEqual({
      refused: 'Only a running exercise ends.',
    });
    expect(control('executing', { ...NOT_STARTED, startedAt: at(0) }, 'resume', at(9))).toEqual({ refused: 'The exercise is not paused.' });
  });

  it('property: an inject falls due at STARTEX plus its minutes plus every pause, and never while paused or ended', () => {
    const actions = fc.array(fc.tuple(fc.constantFrom<ControlAction>('pause', 'resume', 'end'), fc.integer({ min: 0, max: 120 })), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(actions, fc.integer({ min: 0, max: 1_000 }), (steps, atMinutes) => {
        let status: ExerciseStatus = 'executing';
        let run: Run = { ...NOT_STARTED, startedAt: at(0) };
        let now = 0;
        let paused = 0;
        let pausedSince: number | null = null;
        let endedAt: number | null = null;
        for (const [action, wait] of steps) {
          now += wait;
          const next = control(status, run, action, at(now));
          if ('refused' in next) continue;
          if (action === 'pause') pausedSince = now;
          if ((action === 'resume' || action === 'end') && pausedSince !== null) {
            paused += now - pausedSince;
            pausedSince = null;
          }
          if (action === 'end') endedAt = now;
          ({ status, run } = next);
        }
        const due = dueAt(run, atMinutes);
        if (status === 'complete' || pausedSince !== null) expect(due).toBeNull();
        else expect(due).toEqual(at(atMinutes + paused));
        expect(elapsedMinutes(run, at(now + 7))).toBe((endedAt ?? pausedSince ?? now + 7) - paused);
      }),
    );
  });
});

describe('an inject checked against its exercise', () => {
  it('fits when it fires before ENDEX, to desks of nations taking part, with expectations it can meet', () => {
    const issues = checkInject(
      {
        atMinutes: 600,
        action: alert([DESK_KAZ]),
        expectations: [{ kind: 'acknowledge', nation: 'KAZ', deskId: DESK_KAZ, withinMinutes: 15, objective: 1, text: '' }],
      },
      setting,
    );
    expect(issues).toEqual([]);
  });

  it('names each problem by its field', () => {
    const issues = checkInject(
      {
        atMinutes: 601,
        action: alert([DESK_TJK, '00000000-0000-4000-8000-0000000000ff']),
        expectations: [
          { kind: 'acknowledge', nation: 'KAZ', deskId: DESK_TJK, withinMinutes: 15, objective: 2, text: '' },
          { kind: 'sitrep', nation: 'UZB', deskId: null, withinMinutes: 60, objective: null, text: '' },
        ],
      },
      setting,
    );
    expect(issues.map((i) => i.path)).toEqual([
      'atMinutes',
      'action.targetDesks.0',
      'action.targetDesks.1',
      'expectations.0.objective',
      'expectations.0.deskId',
      'expectations.1.nation',
      'expectations.1.kind',
    ]);
    expect(issues[0]!.message).toBe('An inject fires before ENDEX: at most 600 minutes after STARTEX.');
  });

  it('refuses an alert to named people or organisations, and two expectations with one id', () => {
    const expectation = {
      id: '00000000-0000-4000-8000-0000000000e1',
      kind: 'controller' as const,
      nation: 'KAZ',
      deskId: null,
      withinMinutes: 15,
      objective: null,
      text: '',
    };
    const issues = checkInject(
      {
        atMinutes: 10,
        action: { ...(alert([DESK_KAZ]) as object), label: { ...(label as object), tlp: 'RED' } } as never,
        expectations: [expectation, expectation],
      },
      setting,
    );
    expect(issues.map((i) => i.path)).toEqual(['action.label.tlp', 'expectations.1.id']);
  });

  it('sends a report only to a room an earlier inject opens', () => {
    const report = (crisisInjectId: string, atMinutes: number) =>
      checkInject(
        { atMinutes, action: { kind: 'message', crisisInjectId, text: 'Casualties rising', label } as never, expectations: [] },
        setting,
      );
    expect(report('00000000-0000-4000-8000-000000000c01', 45)).toEqual([]);
    expect(report('00000000-0000-4000-8000-000000000c01', 20)[0]!.path).toBe('action.crisisInjectId');
    expect(report('00000000-0000-4000-8000-000000000c02', 45)[0]!.message).toBe(
      'Name an inject of this exercise that opens a crisis room.',
    );
  });
});
