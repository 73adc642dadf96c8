/**
 * Where requests for assistance, offers and tasks stand, and who may move them. Pure: the service
 * applies a move under the entry's row lock and writes it as an update entry of the same audience
 * as the entry it moves, so everyone who reads an entry reads every move of it, and nobody else.
 *
 * Request  open → fulfilled | withdrawn              (by the requesting nation)
 * Offer    offered → accepted | declined             (by the requesting nation)
 *          offered | accepted → withdrawn            (by the offering nation)
 *          accepted → fulfilled                      (by either)
 * Task     open → done                               (by the owner nation)
 *          open → open, owned by the caller: "take"  (by the owner nation)
 *          open → cancelled                          (by the nation that set it)
 *
 * A request also shows "matched" and "accepted" to a reader, from the offers that reader may read;
 * those are never stored on the request, or a reader could learn of an offer they may not read.
 */
import type { EntryAction, OfferState, RequestState, TaskState } from '../../../shared/vocab/crisis';

export type MovableKind = 'request' | 'offer' | 'task';

export interface Movable {
  kind: MovableKind;
  state: string;
  /** The nation that wrote the entry. */
  nation: string;
  /** Offers: the nation that accepts or declines (the request's, or the crisis's for a free offer). */
  requesterNation?: string;
  /** Tasks: the nation that owns it, and who in it does when someone has taken it. */
  ownerNation?: string;
  ownerUser?: string | null;
}

export interface Move {
  action: EntryAction;
  to: string;
}

type Rule = { from: readonly string[]; to: string; by: (m: Movable, nation: string) => boolean };

const RULES: Record<MovableKind, Partial<Record<EntryAction, Rule>>> = {
  request: {
    fulfil: { from: ['open'], to: 'fulfilled', by: (m, n) => n === m.nation },
    withdraw: { from: ['open'], to: 'withdrawn', by: (m, n) => n === m.nation },
  },
  offer: {
    accept: { from: ['offered'], to: 'accepted', by: (m, n) => n === m.requesterNation },
    decline: { from: ['offered'], to: 'declined', by: (m, n) => n === m.requesterNation },
    withdraw: { from: ['offered', 'accepted'], to: 'withdrawn', by: (m, n) => n === m.nation },
    fulfil: { from: ['accepted'], to: 'fulfilled', by: (m, n) => n === m.nation || n === m.requesterNation },
  },
  task: {
    take: { from: ['open'], to: 'open', by: (m, n) => n === m.ownerNation },
    done: { from: ['open'], to: 'done', by: (m, n) => n === m.ownerNation },
    cancel: { from: ['open'], to: 'cancelled', by: (m, n) => n === m.nation },
  },
};

export type MoveOutcome =
  | { kind: 'move'; to: string }
  /** Already where the action leads: nothing to write, and the caller is answered as if it had. */
  | { kind: 'already' }
  | { kind: 'not-allowed'; why: string }
  | { kind: 'conflict'; why: string };

/** Decides an action on an entry by a person of `nation` (`userId` for tasks already taken). */
export function decideMove(entry: Movable, action: EntryAction, nation: string, userId: string): MoveOutcome {
  const rule = RULES[entry.kind][action];
  if (!rule) return { kind: 'not-allowed', why: `A ${entry.kind} cannot be moved with "${action}".` };
  if (!rule.by(entry, nation)) return { kind: 'not-allowed', why: whoMay(entry.kind, action) };
  if (action === 'take') {
    if (entry.state !== 'open') return { kind: 'conflict', why: `The task is ${entry.state}.` };
    return entry.ownerUser === userId ? { kind: 'already' } : { kind: 'move', to: 'open' };
  }
  if (entry.state === rule.to) return { kind: 'already' };
  if (!rule.from.includes(entry.state))
    return { kind: 'conflict', why: `The ${entry.kind} is ${entry.state}; it cannot be moved with "${action}".` };
  return { kind: 'move', to: rule.to };
}

function whoMay(kind: MovableKind, action: EntryAction): string {
  if (kind === 'request') return 'Only the requesting nation may do that to its request.';
  if (kind === 'task')
    return action === 'cancel' ? 'Only the nation that set the task may cancel it.' : 'Only the owner nation may do that to the task.';
  if (action === 'withdraw') return 'Only the offering nation may withdraw its offer.';
  if (action === 'fulfil') return 'Only the offering or the requesting nation may mark an offer fulfilled.';
  return 'Only the requesting nation may accept or decline an offer.';
}

/** The actions a person of `nation` may take on the entry now. */
export function availableActions(entry: Movable, nation: string, userId: string): EntryAction[] {
  return (Object.keys(RULES[entry.kind]) as EntryAction[]).filter((action) => decideMove(entry, action, nation, userId).kind === 'move');
}

/** A request as one reader sees it: its own state, moved on by the offers that reader may read. */
export function requestStateFor(stored: string, readableOffers: readonly { state: string }[]): RequestState {
  if (stored === 'fulfilled' || stored === 'withdrawn') return stored;
  if (readableOffers.some((o) => o.state === 'accepted' || o.state === 'fulfilled')) return 'accepted';
  if (readableOffers.some((o) => o.state === 'offered')) return 'matched';
  return 'open';
}

export const INITIAL_STATE: Record<MovableKind, RequestState | OfferState | TaskState> = {
  request: 'open',
  offer: 'offered',
  task: 'open',
};
