import { describe, expect, it } from 'vitest';
import { nextKey } from './shortcut-keys';

/** Presses `keys` one after another and lists the actions they yield. */
function press(keys: string[]) {
  let pending: string | null = null;
  const actions: string[] = [];
  for (const key of keys) {
    const next = nextKey(pending, key);
    pending = next.pending;
    if (next.action) actions.push(next.action);
  }
  return actions;
}

describe('keyboard shortcuts', () => {
  it('read single keys and two-key sequences', () => {
    expect(press(['/'])).toEqual(['search']);
    expect(press(['n'])).toEqual(['new-incident']);
    expect(press(['?'])).toEqual(['help']);
    expect(press(['g', 'i', 'g', 'm', 'g', 'a', 'g', 'c'])).toEqual(['incidents', 'map', 'alerts', 'crises']);
  });

  it('start over after a key that completes nothing', () => {
    expect(press(['g', 'x', 'i'])).toEqual([]);
    expect(press(['i', 'm'])).toEqual([]);
    expect(press(['g', 'g', 'i'])).toEqual(['incidents']);
    expect(press(['g', 'n'])).toEqual([]);
  });
});
