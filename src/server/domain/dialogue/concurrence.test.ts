import { describe, expect, it } from 'vitest';
import { adoptedByConcurrence, concurrenceMatrix, silenceState } from './concurrence';
import type { PositionFact, Stance } from './concurrence';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 12, minute));
const NATIONS = ['PAK', 'KAZ', 'UZB'];
let made = 0;
const position = (nation: string, clauseId: string | null, ofVersion: number, stance: Stance, minute = 0): PositionFact => ({
  id: `p${String(++made).padStart(4, '0')}`,
  nation,
  clauseId,
  ofVersion,
  stance,
  givenAt: at(minute),
});
/** Every nation concurs on clauses c1 (version 1), c2 (version 1) and the whole (text version 1). */
const everyoneConcurs = () =>
  NATIONS.flatMap((n) => [position(n, 'c1', 1, 'concur'), position(n, 'c2', 1, 'concur'), position(n, null, 1, 'concur')]);

describe('the concurrence matrix', () => {
  it('adopts when every nation concurs on every clause and the whole, a reservation counting as concurrence', () => {
    const positions = everyoneConcurs().map((p) =>
      p.nation === 'KAZ' && p.clauseId === 'c2' ? { ...p, stance: 'reservation' as const } : p,
    );
    const matrix = concurrenceMatrix(
      NATIONS,
      [
        { id: 'c1', version: 1 },
        { id: 'c2', version: 1 },
      ],
      1,
      positions,
    );
    expect(matrix.clauses.get('c2')!.get('KAZ')).toMatchObject({ state: 'current', stance: 'reservation' });
    expect(adoptedByConcurrence(matrix, NATIONS)).toBe(true);
  });

  it('does not adopt while one nation non-concurs or has not spoken', () => {
    const nonConcur = everyoneConcurs().map((p) =>
      p.nation === 'UZB' && p.clauseId === 'c1' ? { ...p, stance: 'non-concur' as const } : p,
    );
    expect(
      adoptedByConcurrence(
        concurrenceMatrix(
          NATIONS,
          [
            { id: 'c1', version: 1 },
            { id: 'c2', version: 1 },
          ],
          1,
          nonConcur,
        ),
        NATIONS,
      ),
    ).toBe(false);
    const silent = everyoneConcurs().filter((p) => !(p.nation === 'UZB' && p.clauseId === null));
    const matrix = concurrenceMatrix(
      NATIONS,
      [
        { id: 'c1', version: 1 },
        { id: 'c2', version: 1 },
      ],
      1,
      silent,
    );
    expect(matrix.whole.get('UZB')).toEqual({ state: 'none' });
    expect(adoptedByConcurrence(matrix, NATIONS)).toBe(false);
  });

  it('voids positions on a clause that changed, visibly, and the whole-text positions with them; given again, they count', () => {
    // c1 is amended to version 2 (the text to version 2): every earlier position on it and on the whole is void.
    const clauses = [
      { id: 'c1', version: 2 },
      { id: 'c2', version: 1 },
    ];
    const matrix = concurrenceMatrix(NATIONS, clauses, 2, everyoneConcurs());
    expect(matrix.clauses.get('c1')!.get('KAZ')).toEqual({ state: 'void', stance: 'concur', ofVersion: 1 });
    expect(matrix.clauses.get('c2')!.get('KAZ')).toMatchObject({ state: 'current' });
    expect(matrix.whole.get('PAK')).toMatchObject({ state: 'void' });
    expect(adoptedByConcurrence(matrix, NATIONS)).toBe(false);
    const again = [...everyoneConcurs(), ...NATIONS.flatMap((n) => [position(n, 'c1', 2, 'concur', 5), position(n, null, 2, 'concur', 5)])];
    expect(adoptedByConcurrence(concurrenceMatrix(NATIONS, clauses, 2, again), NATIONS)).toBe(true);
  });

  it('counts the last position a nation gave on a clause', () => {
    const positions = [position('UZB', 'c1', 1, 'non-concur', 1), position('UZB', 'c1', 1, 'concur', 2)];
    expect(
      concurrenceMatrix(['UZB'], [{ id: 'c1', version: 1 }], 1, positions)
        .clauses.get('c1')!
        .get('UZB'),
    ).toMatchObject({ stance: 'concur' });
  });

  it('counts, of two positions given at the same instant, the same one whatever the order they come in', () => {
    const [a, b] = [position('UZB', 'c1', 1, 'non-concur', 3), position('UZB', 'c1', 1, 'concur', 3)];
    const cell = (positions: PositionFact[]) =>
      concurrenceMatrix(['UZB'], [{ id: 'c1', version: 1 }], 1, positions)
        .clauses.get('c1')!
        .get('UZB');
    expect(cell([a, b])).toEqual(cell([b, a]));
    expect(cell([a, b])).toMatchObject({ stance: 'concur' });
  });

  it('adopts nothing without clauses or without participants', () => {
    expect(adoptedByConcurrence(concurrenceMatrix(NATIONS, [], 1, []), NATIONS)).toBe(false);
    expect(adoptedByConcurrence(concurrenceMatrix([], [{ id: 'c1', version: 1 }], 1, []), [])).toBe(false);
  });
});

describe('the silence procedure', () => {
  const silence = { startedAt: at(0), until: at(30) };
  /** The silence on a one-clause text (clause c1 and the whole at version 1) with these positions and words. */
  const state = (positions: PositionFact[], words: { nation: string; signedAt: Date }[], now: Date) =>
    silenceState(silence, NATIONS, 'PAK', concurrenceMatrix(NATIONS, [{ id: 'c1', version: 1 }], 1, positions), words, now);

  it('runs until the deadline on the host’s clock', () => {
    expect(state([], [], at(29))).toEqual({ state: 'running', until: at(30) });
  });

  it('is broken by a non-concurrence standing on the text: given during it, or before it began (whatever the nation’s clock)', () => {
    expect(state([position('UZB', 'c1', 1, 'non-concur', 10)], [], at(12))).toEqual({ state: 'broken', by: 'UZB', at: at(10) });
    const before = { ...position('UZB', 'c1', 1, 'non-concur'), givenAt: new Date(at(0).getTime() - 60_000) };
    expect(state([before], [], at(12))).toMatchObject({ state: 'broken', by: 'UZB' });
  });

  it('is not broken by an objection withdrawn before the deadline, nor by one on an earlier version', () => {
    const withdrawn = [position('UZB', 'c1', 1, 'non-concur', 5), position('UZB', 'c1', 1, 'concur', 8)];
    expect(state(withdrawn, [], at(12)).state).toBe('running');
    expect(state([position('UZB', 'c1', 0, 'non-concur', 5)], [], at(12)).state).toBe('running');
  });

  it('ends only when every other participant’s node has signed a word dated at or after the deadline', () => {
    const words = [
      { nation: 'KAZ', signedAt: at(31) },
      { nation: 'UZB', signedAt: at(30) },
    ];
    expect(state([], words, at(35))).toEqual({ state: 'ended' });
  });

  it('waits for a participant cut off by the network, and says which — the cut never overrides it', () => {
    expect(state([], [{ nation: 'KAZ', signedAt: at(31) }], at(35))).toEqual({
      state: 'waiting',
      for: ['UZB'],
    });
    // Days later, still waiting.
    expect(state([], [{ nation: 'KAZ', signedAt: at(31) }], new Date(at(0).getTime() + 5 * 86_400_000)).state).toBe('waiting');
  });

  it('is not ended early by skewed clocks: a word dated before the deadline does not count, nor does the host end it before its own deadline', () => {
    /** Where the silence stands on the host's clock at `minute`, with KAZ's word at 31 and UZB's at `uzbMinute`. */
    const withWords = (uzbMinute: number, minute: number) =>
      state(
        [],
        [
          { nation: 'KAZ', signedAt: at(31) },
          { nation: 'UZB', signedAt: at(uzbMinute) },
        ],
        at(minute),
      );
    // UZB's clock runs behind: its word is dated before the deadline.
    expect(withWords(29, 35)).toEqual({ state: 'waiting', for: ['UZB'] });
    // Both partners' clocks run ahead: their words are dated after the deadline while the host's clock has not reached it.
    expect(withWords(31, 28).state).toBe('running');
  });

  it('is not broken by a non-concurrence given after the deadline: that nation’s silence had ended', () => {
    const tooLate = position('UZB', null, 1, 'non-concur', 31);
    const words = [
      { nation: 'KAZ', signedAt: at(31) },
      { nation: 'UZB', signedAt: at(30) },
    ];
    expect(state([tooLate], words, at(40))).toEqual({ state: 'ended' });
  });

  it('lets a non-concurrence that arrives late, but was given before the deadline, break it', () => {
    const late = position('UZB', null, 1, 'non-concur', 29);
    expect(state([late], [{ nation: 'KAZ', signedAt: at(31) }], at(40))).toMatchObject({
      state: 'broken',
      by: 'UZB',
    });
  });
});
