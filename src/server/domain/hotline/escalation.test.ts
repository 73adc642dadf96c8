import { describe, expect, it } from 'vitest';
import { escalationPolicySchema } from '../../../shared/contracts/hotline';
import { acknowledge, decline, escalateIfDue, inWindow, localTime, planFor, startEscalation } from './escalation';
import type { EscalationPolicy } from '../../../shared/contracts/hotline';
import type { EscalationPlan, EscalationState, Transition } from './escalation';

const at = (iso: string) => new Date(iso);
const minutesAfter = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

const twoSteps: EscalationPlan = {
  steps: [
    { notify: 'primary', waitMinutes: 5 },
    { notify: 'deputy', waitMinutes: 10 },
  ],
  repeat: 1,
  rule: 0,
};

describe('escalation plan', () => {
  const policy: EscalationPolicy = escalationPolicySchema.parse({
    timeZone: 'Asia/Tashkent',
    repeat: 2,
    rules: [
      { window: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }, steps: [{ notify: 'primary', waitMinutes: 10 }] },
      { window: { days: [5], from: '22:00', to: '06:00' }, steps: [{ notify: 'headquarters', waitMinutes: 5 }] },
      { steps: [{ notify: 'duty-officer', waitMinutes: 5 }] },
    ],
  });

  it('follows the rule whose window holds the raise time in the policy’s time zone, else the default', () => {
    // 2026-11-27 is a Friday; Tashkent is UTC+5.
    expect(planFor(policy, at('2026-11-27T03:30:00Z'))).toMatchObject({ rule: 0, repeat: 2 }); // 08:30 Fri
    expect(planFor(policy, at('2026-11-27T02:59:00Z')).rule).toBe(2); // 07:59 Fri
    expect(planFor(policy, at('2026-11-27T13:00:00Z')).rule).toBe(2); // 18:00 Fri: the window has ended
    expect(planFor(policy, at('2026-11-27T17:30:00Z')).rule).toBe(1); // 22:30 Fri
    expect(planFor(policy, at('2026-11-27T22:00:00Z')).rule).toBe(1); // 03:00 Sat, in Friday's night window
    expect(planFor(policy, at('2026-11-28T01:00:00Z')).rule).toBe(2); // 06:00 Sat
    expect(planFor(policy, at('2026-11-28T05:00:00Z')).rule).toBe(2); // 10:00 Sat: no office hours
  });

  it('reads the time in each nation’s zone', () => {
    const instant = at('2026-11-29T18:30:00Z'); // Sunday evening in UTC
    expect(localTime(instant, 'Asia/Karachi')).toEqual({ weekday: 7, minutes: 23 * 60 + 30 });
    expect(localTime(instant, 'Asia/Bishkek')).toEqual({ weekday: 1, minutes: 30 }); // already Monday
    expect(localTime(instant, 'America/New_York')).toEqual({ weekday: 7, minutes: 13 * 60 + 30 });
  });

  it('counts a window across midnight from the day it starts, Sunday to Monday included', () => {
    const sundayNight = { days: [7], from: '20:00', to: '04:00' };
    expect(inWindow(sundayNight, { weekday: 7, minutes: 21 * 60 })).toBe(true);
    expect(inWindow(sundayNight, { weekday: 1, minutes: 3 * 60 })).toBe(true);
    expect(inWindow(sundayNight, { weekday: 1, minutes: 4 * 60 })).toBe(false);
    expect(inWindow(sundayNight, { weekday: 6, minutes: 21 * 60 })).toBe(false);
    expect(inWindow({ days: [3], from: '00:00', to: '24:00' }, { weekday: 3, minutes: 23 * 60 + 59 })).toBe(true);
  });

  it('refuses policies that could leave an alert without a plan or are unreadable', () => {
    const base = { timeZone: 'Asia/Dushanbe', repeat: 0, rules: [{ steps: [{ notify: 'primary', waitMinutes: 5 }] }] };
    expect(escalationPolicySchema.safeParse(base).success).toBe(true);
    const problems = (value: unknown) =>
      escalationPolicySchema
        .safeParse(value)
        .error?.issues.map((i) => i.message)
        .join(' ');
    expect(problems({ ...base, timeZone: 'Asia/Atlantis' })).toMatch(/IANA time zone/);
    expect(problems({ ...base, rules: [{ window: { days: [1], from: '08:00', to: '18:00' }, steps: base.rules[0]!.steps }] })).toMatch(
      /last rule must have no window/,
    );
    expect(problems({ ...base, rules: [{ steps: [] }] })).toBeDefined();
    expect(problems({ ...base, rules: [{ steps: [{ notify: 'minister', waitMinutes: 5 }] }] })).toBeDefined();
    expect(
      problems({ ...base, rules: [{ window: { days: [1], from: '25:00', to: '18:00' }, steps: base.rules[0]!.steps }, ...base.rules] }),
    ).toMatch(/HH:MM/);
  });
});

describe('escalation', () => {
  const raised = at('2026-11-28T03:00:00Z');

  it('notifies each step in turn after the previous one’s wait, repeats, then tells the sender no one answered', () => {
    let transition: Transition | null = startEscalation(twoSteps, raised);
    const log: string[] = [`0 ${transition.event} ${transition.notify}`];
    let state = transition.state;
    for (let minute = 1; minute <= 40; minute++) {
      transition = escalateIfDue(twoSteps, state, minutesAfter(raised, minute));
      if (!transition) continue;
      log.push(`${minute} ${transition.event} ${transition.notify}`);
      state = transition.state;
    }
    expect(log).toEqual(['0 started primary', '5 escalated deputy', '15 repeated primary', '20 escalated deputy', '30 exhausted null']);
    expect(state).toMatchObject({ status: 'exhausted', dueAt: null, closedAt: minutesAfter(raised, 30) });
    // An answer after that is still recorded.
    expect(acknowledge(state, minutesAfter(raised, 45))).toMatchObject({
      event: 'acknowledged',
      state: { closedAt: minutesAfter(raised, 45) },
    });
  });

  it('gives a step notified late its whole wait, so a step due during a restart fires at once and the next follows', () => {
    const { state } = startEscalation(twoSteps, raised);
    const late = minutesAfter(raised, 12); // the node was down from minute 4 to minute 12
    const moved = escalateIfDue(twoSteps, state, late);
    expect(moved).toMatchObject({ event: 'escalated', notify: 'deputy', state: { notifiedAt: late, dueAt: minutesAfter(late, 10) } });
    expect(escalateIfDue(twoSteps, moved!.state, late)).toBeNull();
  });

  it('does nothing before the wait has passed, for a timer set for a step already passed, or once closed', () => {
    const { state } = startEscalation(twoSteps, raised);
    expect(escalateIfDue(twoSteps, state, minutesAfter(raised, 4.99))).toBeNull();
    const moved = escalateIfDue(twoSteps, state, minutesAfter(raised, 5), { round: 0, step: 0 })!;
    expect(moved.notify).toBe('deputy');
    // The same timer delivered twice (two processes, a retry) moves nothing the second time.
    expect(escalateIfDue(twoSteps, moved.state, minutesAfter(raised, 30), { round: 0, step: 0 })).toBeNull();
    const acknowledged = acknowledge(moved.state, minutesAfter(raised, 6))!;
    expect(escalateIfDue(twoSteps, acknowledged.state, minutesAfter(raised, 60))).toBeNull();
  });

  it('closes once: acknowledging twice, or declining after acknowledging, changes nothing', () => {
    const { state } = startEscalation(twoSteps, raised);
    const first = acknowledge(state, minutesAfter(raised, 2));
    expect(first).toMatchObject({ event: 'acknowledged', notify: null, state: { status: 'acknowledged', dueAt: null } });
    expect(acknowledge(first!.state, minutesAfter(raised, 3))).toBeNull();
    expect(decline(first!.state, minutesAfter(raised, 3))).toBeNull();
    expect(decline(state, minutesAfter(raised, 1))).toMatchObject({ event: 'declined', state: { status: 'declined' } });
  });

  it('escalates 500 alerts on time through a restart: no step early, none lost, none twice, none after an acknowledgement', () => {
    // A seeded simulation of the persisted timers: states live in a "table"; a job wakes every
    // 15 s and moves every due escalation; the node is down from minute 20 to minute 27.
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const start = raised.getTime();
    const tick = 15_000;
    const downFrom = start + 20 * 60_000;
    const downTo = start + 27 * 60_000;
    interface Row {
      raisedAt: number;
      ackAt: number | null;
      state: EscalationState | null;
      notified: { role: string; at: number; due: number }[];
    }
    const rows: Row[] = Array.from({ length: 500 }, () => {
      const raisedAt = start + Math.floor(random() * 30 * 60_000);
      return { raisedAt, ackAt: random() < 0.4 ? raisedAt + Math.floor(random() * 25 * 60_000) : null, state: null, notified: [] };
    });
    for (let now = start; now <= start + 90 * 60_000; now += tick) {
      if (now >= downFrom && now < downTo) continue;
      const clock = new Date(now);
      for (const row of rows) {
        if (!row.state && row.raisedAt <= now) {
          // Raising happens in the request, not the job (the node is up when an alert is raised).
          const started = startEscalation(twoSteps, new Date(row.raisedAt));
          row.state = started.state;
          row.notified.push({ role: started.notify as string, at: row.raisedAt, due: row.raisedAt });
        }
        if (row.state && row.ackAt !== null && row.ackAt <= now)
          row.state = acknowledge(row.state, new Date(row.ackAt))?.state ?? row.state;
        for (
          let moved = row.state && escalateIfDue(twoSteps, row.state, clock);
          moved;
          moved = escalateIfDue(twoSteps, row.state!, clock)
        ) {
          if (moved.notify) row.notified.push({ role: moved.notify, at: now, due: row.state!.dueAt!.getTime() });
          row.state = moved.state;
        }
      }
    }
    for (const row of rows) {
      for (const n of row.notified) {
        expect(n.at).toBeGreaterThanOrEqual(n.due);
        // Due after the last wake-up before the node went down: fired at the first one after it came back.
        const dueWhileDown = n.due > downFrom - tick && n.due < downTo;
        expect(n.at - n.due).toBeLessThan(dueWhileDown ? downTo - n.due + tick : tick);
      }
      const acknowledgedBeforeEnd = row.ackAt !== null && row.ackAt - row.raisedAt < 30 * 60_000;
      if (row.ackAt !== null) expect(row.notified.every((n) => n.at <= row.ackAt! + tick)).toBe(true);
      if (row.ackAt === null) {
        expect(row.notified.map((n) => n.role)).toEqual(['primary', 'deputy', 'primary', 'deputy']);
        expect(row.state?.status).toBe('exhausted');
      } else if (acknowledgedBeforeEnd) {
        expect(['acknowledged', 'exhausted']).toContain(row.state?.status);
      }
    }
  });
});
