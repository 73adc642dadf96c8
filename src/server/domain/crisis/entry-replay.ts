/**
 * Where a request, offer or task stands, recomputed from every update entry that moves it, in log
 * order (entered at, id). Moves reach a node in any order — a partner's while this node made its
 * own, or before the entry they move — and every node holding the same moves computes the same
 * state: a move the rules refuse at its place in the order (entry-lifecycle.ts) changes nothing,
 * though it stays in the log as written.
 */
import { crisisRepository } from '../../db/repositories/crisis-repository';
import { decideMove, INITIAL_STATE } from './entry-lifecycle';
import type { Kysely } from 'kysely';
import type { EntryAction } from '../../../shared/vocab/crisis';
import type { DB } from '../../db/schema';
import type { Movable, MovableKind } from './entry-lifecycle';

/** Replays the moves of one entry (locked) and stores where it stands; the new version if it changed. */
export async function replayMoves(db: Kysely<DB>, entryId: string): Promise<number | null> {
  const repo = crisisRepository(db);
  const entry = await repo.entryForUpdate(entryId);
  if (!entry || !(entry.kind in INITIAL_STATE)) return null;
  const kind = entry.kind as MovableKind;
  const moves = await repo.movesOf(entryId);
  const requesterNation = kind === 'offer' ? (entry.requester_nation ?? (await repo.offerRequester(entry))) : undefined;
  const taken = moves.some((m) => m.action === 'take');
  const movable: Movable = {
    kind,
    state: INITIAL_STATE[kind],
    nation: entry.originator_nation,
    ...(requesterNation ? { requesterNation } : {}),
    ...(entry.owner_nation ? { ownerNation: entry.owner_nation } : {}),
    // Who was named at the start is overwritten by a take; the takes then decide.
    ownerUser: taken ? null : entry.owner_user,
  };
  let version = 1;
  let updatedAt = entry.entered_at;
  for (const move of moves) {
    const outcome = decideMove(movable, move.action as EntryAction, move.originator_nation, move.entered_by);
    if (outcome.kind !== 'move') continue;
    movable.state = outcome.to;
    if (move.action === 'take') movable.ownerUser = move.entered_by;
    version++;
    updatedAt = move.entered_at;
  }
  if (movable.state === entry.entry_state && version === entry.version && movable.ownerUser === entry.owner_user) return null;
  await repo.updateEntry(entryId, { entry_state: movable.state, owner_user: movable.ownerUser ?? null, version, updated_at: updatedAt });
  return version;
}
