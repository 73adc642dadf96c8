import { describe, expect, it } from 'vitest';
import { moved, timelineOf } from './policy-timeline';

describe('the policy preview timeline', () => {
  it('pages each step after the waits before it, repeats the steps, then runs out', () => {
    expect(
      timelineOf(
        [
          { notify: 'duty-officer', waitMinutes: 5 },
          { notify: 'primary', waitMinutes: 10 },
        ],
        1,
      ),
    ).toEqual([
      { at: 0, role: 'duty-officer', round: 0 },
      { at: 5, role: 'primary', round: 0 },
      { at: 15, role: 'duty-officer', round: 1 },
      { at: 20, role: 'primary', round: 1 },
      { at: 30, role: null, round: 1 },
    ]);
    expect(timelineOf([], 3)).toEqual([]);
  });

  it('reorders a step one place at a time and never off the ends', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
