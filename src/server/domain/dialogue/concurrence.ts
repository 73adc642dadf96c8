/**
 * Where a joint text stands, worked out from the facts alone — pure, so every node holding the same
 * records computes the same answer, and a restart in the middle changes nothing.
 *
 * - **Positions.** Each participating nation gives its position on each clause and on the whole
 *   text: concur, concur with a reservation, or non-concur. A position is given on a version (of the
 *   clause, or of the text as a whole); once the clause — or for the whole, any clause — changes, the
 *   position is void, and shown as such, until the nation gives it again.
 * - **Adoption by concurrence.** When every participant concurs (with or without a reservation) on
 *   every clause and on the whole, each on the current version.
 * - **Silence.** The pen-holder may put the text under silence until a deadline. A participant breaks
 *   it by a non-concurrence standing on the text, on a clause or on the whole, given before the
 *   deadline (one given later comes too late: the silence has ended for that nation). The text is adopted
 *   under silence only when the deadline has passed on the host's clock and the host holds, from
 *   every other participant's node, a signed word dated at or after the deadline that it has no
 *   objection; a participant not heard from is never overridden: the procedure waits, naming it.
 *   A word is dated by its signer's clock, the deadline judged by the host's: a clock ahead on
 *   either side cannot end the silence early, since both must have passed the deadline.
 */

export type Stance = 'concur' | 'reservation' | 'non-concur';

/** A position as given: by a nation, on a clause (or the whole text: `clauseId` null), on a version of it. */
export interface PositionFact {
  /** The position's record: of two given at the same instant, the greater id counts (the same on every node). */
  id: string;
  nation: string;
  clauseId: string | null;
  /** The clause's version, or the text's (for the whole), the position was given on. */
  ofVersion: number;
  stance: Stance;
  givenAt: Date;
}

/** What a nation's position on one clause (or the whole) is now. */
export type Cell =
  | { state: 'none' }
  | { state: 'current'; stance: Stance; givenAt: Date }
  /** Given on an earlier version: it no longer counts. */
  | { state: 'void'; stance: Stance; ofVersion: number };

export interface Matrix {
  /** Per clause (by id), per nation. */
  clauses: Map<string, Map<string, Cell>>;
  /** Per nation, on the whole text. */
  whole: Map<string, Cell>;
}

const agrees = (cell: Cell | undefined) => cell?.state === 'current' && cell.stance !== 'non-concur';

/**
 * The concurrence matrix: for each clause (at its current version) and the whole text (at
 * `textVersion`), each participant's position now. Of several positions a nation gave on one
 * clause, the last given counts (ties broken by id, so every node counts the same one).
 */
export function concurrenceMatrix(
  participants: readonly string[],
  clauses: readonly { id: string; version: number }[],
  textVersion: number,
  positions: readonly PositionFact[],
): Matrix {
  const latest = new Map<string, PositionFact>();
  for (const p of positions) {
    const key = `${p.clauseId ?? ''} ${p.nation}`;
    const known = latest.get(key);
    if (!known || p.givenAt > known.givenAt || (p.givenAt.getTime() === known.givenAt.getTime() && p.id > known.id)) latest.set(key, p);
  }
  const cellOf = (clauseId: string | null, nation: string, version: number): Cell => {
    const p = latest.get(`${clauseId ?? ''} ${nation}`);
    if (!p) return { state: 'none' };
    return p.ofVersion === version
      ? { state: 'current', stance: p.stance, givenAt: p.givenAt }
      : { state: 'void', stance: p.stance, ofVersion: p.ofVersion };
  };
  return {
    clauses: new Map(clauses.map((c) => [c.id, new Map(participants.map((n) => [n, cellOf(c.id, n, c.version)]))])),
    whole: new Map(participants.map((n) => [n, cellOf(null, n, textVersion)])),
  };
}

/** Whether every participant concurs, with or without a reservation, on every clause and on the whole, now. */
export function adoptedByConcurrence(matrix: Matrix, participants: readonly string[]): boolean {
  if (matrix.clauses.size === 0 || participants.length === 0) return false;
  return participants.every((n) => agrees(matrix.whole.get(n)) && [...matrix.clauses.values()].every((row) => agrees(row.get(n))));
}

/** Every non-concurrence standing in the matrix (on the current version of a clause or of the whole), with its nation and when it was given. */
export function objections(matrix: Matrix, participants: readonly string[]): { nation: string; at: Date }[] {
  return participants.flatMap((nation) =>
    [matrix.whole.get(nation), ...[...matrix.clauses.values()].map((row) => row.get(nation))].flatMap((cell) =>
      cell?.state === 'current' && cell.stance === 'non-concur' ? [{ nation, at: cell.givenAt }] : [],
    ),
  );
}

export interface Silence {
  startedAt: Date;
  until: Date;
}

/** A participant node's signed word that its nation has no objection, dated by that node. */
export interface WordFact {
  nation: string;
  signedAt: Date;
}

export type SilenceState =
  | { state: 'running'; until: Date }
  /** A participant non-concurred after the silence began. */
  | { state: 'broken'; by: string; at: Date }
  /** The deadline has passed here, but these participants' words have not arrived. */
  | { state: 'waiting'; for: string[] }
  | { state: 'ended' };

/**
 * Where a silence procedure stands at `now` (the host's clock). `matrix` is every participant's
 * position now, on the text under silence (it cannot change during a silence). `host` needs no
 * word: its node is the one deciding.
 *
 * A nation breaks the silence by a non-concurrence standing on the text — given before the
 * deadline, whenever: before the silence began (an objection on record is not waived by a
 * silence), or during it whatever the nation's clock said. One given after the deadline comes too
 * late. A later concurrence on the same clause withdraws it.
 */
export function silenceState(
  silence: Silence,
  participants: readonly string[],
  host: string,
  matrix: Matrix,
  words: readonly WordFact[],
  now: Date,
): SilenceState {
  const breaking = objections(matrix, participants)
    .filter((o) => o.at < silence.until)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.nation < b.nation ? -1 : 1))[0];
  if (breaking) return { state: 'broken', by: breaking.nation, at: breaking.at };
  if (now < silence.until) return { state: 'running', until: silence.until };
  const heard = new Set(words.filter((w) => w.signedAt >= silence.until).map((w) => w.nation));
  const missing = participants.filter((n) => n !== host && !heard.has(n));
  return missing.length > 0 ? { state: 'waiting', for: missing } : { state: 'ended' };
}
