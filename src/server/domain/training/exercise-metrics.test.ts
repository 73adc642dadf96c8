import { describe, expect, it } from 'vitest';
import { exerciseMetrics } from './exercise-metrics';

const at = (minute: number) => new Date(Date.UTC(2027, 2, 1, 6) + minute * 60_000);
const none = { acknowledgements: [], reports: [], requests: [] };

describe('exercise metrics from the records’ own times', () => {
  it('measures acknowledgements per nation and per desk: median, mean and slowest', () => {
    const ack = (deskId: string, deskName: string, raised: number, answered: number) => ({
      exerciseId: 'x1',
      deskId,
      deskName,
      nation: 'KAZ',
      raisedAt: at(raised),
      at: at(answered),
    });
    const rows = exerciseMetrics({
      ...none,
      acknowledgements: [ack('d1', 'North', 0, 4), ack('d1', 'North', 10, 16), ack('d2', 'South', 0, 20)],
    });
    expect(rows).toEqual([
      {
        exerciseId: 'x1',
        measure: 'acknowledge',
        nation: 'KAZ',
        desk: null,
        count: 3,
        medianMinutes: 6,
        meanMinutes: 10,
        slowestMinutes: 20,
      },
      {
        exerciseId: 'x1',
        measure: 'acknowledge',
        nation: 'KAZ',
        desk: { id: 'd1', name: 'North' },
        count: 2,
        medianMinutes: 5,
        meanMinutes: 5,
        slowestMinutes: 6,
      },
      {
        exerciseId: 'x1',
        measure: 'acknowledge',
        nation: 'KAZ',
        desk: { id: 'd2', name: 'South' },
        count: 1,
        medianMinutes: 20,
        meanMinutes: 20,
        slowestMinutes: 20,
      },
    ]);
  });

  it('counts only a nation’s first report in each room, from the room’s opening', () => {
    const report = (crisisId: string, nation: string, minute: number) => ({
      exerciseId: 'x1',
      crisisId,
      nation,
      openedAt: at(0),
      at: at(minute),
    });
    const rows = exerciseMetrics({
      ...none,
      reports: [report('c1', 'UZB', 50), report('c1', 'UZB', 30), report('c2', 'UZB', 70), report('c1', 'KAZ', 12)],
    });
    expect(rows.map((r) => [r.measure, r.nation, r.count, r.medianMinutes])).toEqual([
      ['first-report', 'KAZ', 1, 12],
      ['first-report', 'UZB', 2, 50],
    ]);
  });

  it('measures requests to an accepted offer, leaving out those still unanswered, per exercise', () => {
    const request = (exerciseId: string, requested: number, accepted: number | null) => ({
      exerciseId,
      requestId: `${exerciseId}-${requested}`,
      nation: 'PAK',
      requestedAt: at(requested),
      acceptedAt: accepted === null ? null : at(accepted),
    });
    const rows = exerciseMetrics({ ...none, requests: [request('x2', 0, 90), request('x1', 0, 45), request('x1', 5, null)] });
    expect(rows.map((r) => [r.exerciseId, r.measure, r.count, r.meanMinutes])).toEqual([
      ['x1', 'offer-accepted', 1, 45],
      ['x2', 'offer-accepted', 1, 90],
    ]);
  });

  it('counts an answer stamped before its question (a clock running behind) as given at once, never as negative time', () => {
    const rows = exerciseMetrics({
      ...none,
      acknowledgements: [
        { exerciseId: 'x1', deskId: 'd1', deskName: 'North', nation: 'KAZ', raisedAt: at(10), at: at(7) },
        { exerciseId: 'x1', deskId: 'd1', deskName: 'North', nation: 'KAZ', raisedAt: at(10), at: at(14) },
      ],
    });
    expect(rows[0]).toMatchObject({ count: 2, medianMinutes: 2, meanMinutes: 2, slowestMinutes: 4 });
  });

  it('has nothing to say without answers', () => {
    expect(exerciseMetrics(none)).toEqual([]);
  });
});
