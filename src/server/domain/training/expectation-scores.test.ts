import { describe, expect, it } from 'vitest';
import { scoreExpectation, tally } from './expectation-scores';
import type { StoredExpectation } from '../../db/schema';

const at = (minute: number) => new Date(Date.UTC(2027, 2, 1, 6) + minute * 60_000);
const DESK = '00000000-0000-4000-8000-00000000000a';
const ack: StoredExpectation = { id: 'e1', kind: 'acknowledge', nation: 'KAZ', deskId: DESK, withinMinutes: 15, objective: 0, text: '' };
const report: StoredExpectation = { id: 'e2', kind: 'sitrep', nation: 'UZB', deskId: null, withinMinutes: 60, objective: 1, text: '' };
const judged: StoredExpectation = {
  id: 'e3',
  kind: 'controller',
  nation: 'KAZ',
  deskId: null,
  withinMinutes: 60,
  objective: 1,
  text: 'Border closed',
};
const none = { answers: [], sitreps: [] };

describe('an expectation scored from the records', () => {
  it('is met by an acknowledgement within its time, and says how long it took', () => {
    const facts = { firedAt: at(10), answers: [{ deskId: DESK, kind: 'acknowledge' as const, at: at(22) }], sitreps: [] };
    expect(scoreExpectation(ack, facts, at(30))).toEqual({ verdict: 'met', decidedAt: at(22), minutesTaken: 12, note: '' });
  });

  it('is missed by a late acknowledgement, a decline, or none once the time has run out; pending before', () => {
    expect(
      scoreExpectation(ack, { firedAt: at(10), answers: [{ deskId: DESK, kind: 'acknowledge', at: at(26) }], sitreps: [] }, at(30)).verdict,
    ).toBe('missed');
    expect(
      scoreExpectation(ack, { firedAt: at(10), answers: [{ deskId: DESK, kind: 'decline', at: at(12) }], sitreps: [] }, at(13)).verdict,
    ).toBe('missed');
    expect(scoreExpectation(ack, { firedAt: at(10), ...none }, at(25))).toMatchObject({ verdict: 'pending' });
    expect(scoreExpectation(ack, { firedAt: at(10), ...none }, at(26))).toMatchObject({ verdict: 'missed', decidedAt: at(25) });
    expect(scoreExpectation(ack, { firedAt: null, ...none }, at(999)).verdict).toBe('pending');
  });

  it('counts only the expected nation’s reports, from the inject on', () => {
    const facts = {
      firedAt: at(10),
      answers: [],
      sitreps: [
        { nation: 'UZB', at: at(5) },
        { nation: 'KAZ', at: at(20) },
        { nation: 'UZB', at: at(50) },
      ],
    };
    expect(scoreExpectation(report, facts, at(55))).toEqual({ verdict: 'met', decidedAt: at(50), minutesTaken: 40, note: '' });
  });

  it('leaves the controllers’ expectations pending until they judge, and their verdict stands over the records', () => {
    expect(scoreExpectation(judged, { firedAt: at(0), ...none }, at(999)).verdict).toBe('pending');
    expect(scoreExpectation(judged, { firedAt: at(0), ...none }, at(999), { verdict: 'met', at: at(40), note: 'Closed in time' })).toEqual({
      verdict: 'met',
      decidedAt: at(40),
      minutesTaken: null,
      note: 'Closed in time',
    });
    expect(
      scoreExpectation(ack, { firedAt: at(10), ...none }, at(99), { verdict: 'met', at: at(40), note: 'Acknowledged by phone' }).verdict,
    ).toBe('met');
  });

  it('tallies per objective, per nation and in all', () => {
    const t = tally([
      { expectation: ack, verdict: 'met' },
      { expectation: report, verdict: 'missed' },
      { expectation: judged, verdict: 'pending' },
    ]);
    expect(t.total).toEqual({ met: 1, missed: 1, pending: 1 });
    expect(t.objectives.get(1)).toEqual({ met: 0, missed: 1, pending: 1 });
    expect(t.nations.get('KAZ')).toEqual({ met: 1, missed: 0, pending: 1 });
  });
});
