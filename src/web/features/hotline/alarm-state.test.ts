import { describe, expect, it } from 'vitest';
import { ALARM_SOUND, SEVERITY_COLOUR, alarmFavicon, alarmTitle, leadingAlert, shouldOfferPush } from './alarm-state';

const words = { severity: (s: string) => s.charAt(0).toUpperCase() + s.slice(1), exercise: 'EXERCISE' };

describe('the alarm for unanswered alerts', () => {
  it('is led by the most severe alert, a real one before an exercise of the same severity', () => {
    const alerts = [
      { id: 'a', severity: 'priority', exercise: false },
      { id: 'b', severity: 'flash', exercise: true },
      { id: 'c', severity: 'flash', exercise: false },
      { id: 'd', severity: 'routine', exercise: false },
    ] as const;
    expect(leadingAlert(alerts)?.id).toBe('c');
    expect(leadingAlert(alerts.filter((a) => a.id !== 'c'))?.id).toBe('b');
    expect(leadingAlert([])).toBeUndefined();
  });

  it('puts the count and the leading severity in the tab title, with the word EXERCISE for an exercise', () => {
    expect(alarmTitle('Concord', [], words)).toBe('Concord');
    expect(
      alarmTitle(
        'Concord',
        [
          { id: 'a', severity: 'routine', exercise: false },
          { id: 'b', severity: 'flash', exercise: false },
        ],
        words,
      ),
    ).toBe('(2) FLASH — Concord');
    expect(alarmTitle('Concord', [{ id: 'a', severity: 'immediate', exercise: true }], words)).toBe('(1) EXERCISE IMMEDIATE — Concord');
  });

  it('sounds FLASH louder and more often than IMMEDIATE, PRIORITY and ROUTINE, each with its own colour', () => {
    const order = ['flash', 'immediate', 'priority', 'routine'] as const;
    for (const [i, s] of order.slice(1).entries()) {
      const louder = ALARM_SOUND[order[i]!];
      expect(louder.gain).toBeGreaterThan(ALARM_SOUND[s].gain);
      expect(louder.everyMs).toBeLessThan(ALARM_SOUND[s].everyMs);
    }
    expect(new Set(Object.values(SEVERITY_COLOUR)).size).toBe(4);
  });

  it('draws a favicon in the severity colour, striped for an exercise', () => {
    const real = decodeURIComponent(alarmFavicon({ id: 'a', severity: 'flash', exercise: false }));
    expect(real).toMatch(/^data:image\/svg\+xml,<svg/);
    expect(real).toContain(SEVERITY_COLOUR.flash);
    expect(real).not.toContain('pattern');
    expect(decodeURIComponent(alarmFavicon({ id: 'a', severity: 'routine', exercise: true }))).toContain('<pattern');
  });

  it('offers notifications where the node sends push, once, and never after a refusal', () => {
    const base = { nodeSendsPush: true, permission: 'default', subscribed: false, dismissed: false } as const;
    expect(shouldOfferPush(base)).toBe(true);
    expect(shouldOfferPush({ ...base, permission: 'granted' })).toBe(true);
    expect(shouldOfferPush({ ...base, nodeSendsPush: false })).toBe(false);
    expect(shouldOfferPush({ ...base, permission: 'denied' })).toBe(false);
    expect(shouldOfferPush({ ...base, permission: 'unsupported' })).toBe(false);
    expect(shouldOfferPush({ ...base, subscribed: true })).toBe(false);
    expect(shouldOfferPush({ ...base, subscribed: null })).toBe(false);
    expect(shouldOfferPush({ ...base, dismissed: true })).toBe(false);
  });
});
