import { describe, expect, it } from 'vitest';
import { availableActions, decideMove, requestStateFor } from './entry-lifecycle';
import type { Movable } from './entry-lifecycle';

const offer = (state: string): Movable => ({ kind: 'offer', state, nation: 'PAK', requesterNation: 'KAZ' });
const task = (state: string, ownerUser: string | null = null): Movable => ({
  kind: 'task',
  state,
  nation: 'PAK',
  ownerNation: 'KAZ',
  ownerUser,
});

describe('crisis entry lifecycle', () => {
  it('lets the requesting nation accept or decline an offer, the offering nation withdraw it, either fulfil it once accepted', () => {
    expect(availableActions(offer('offered'), 'KAZ', 'u')).toEqual(['accept', 'decline']);
    expect(availableActions(offer('offered'), 'PAK', 'u')).toEqual(['withdraw']);
    expect(availableActions(offer('accepted'), 'PAK', 'u')).toEqual(['withdraw', 'fulfil']);
    expect(availableActions(offer('accepted'), 'KAZ', 'u')).toEqual(['fulfil']);
    expect(availableActions(offer('fulfilled'), 'KAZ', 'u')).toEqual([]);
    expect(availableActions(offer('offered'), 'UZB', 'u')).toEqual([]);
  });

  it('answers the same move twice as done, and a move the entry went past as a conflict', () => {
    expect(decideMove(offer('offered'), 'accept', 'KAZ', 'u')).toEqual({ kind: 'move', to: 'accepted' });
    expect(decideMove(offer('accepted'), 'accept', 'KAZ', 'u')).toEqual({ kind: 'already' });
    expect(decideMove(offer('accepted'), 'decline', 'KAZ', 'u').kind).toBe('conflict');
    expect(decideMove(offer('offered'), 'accept', 'PAK', 'u').kind).toBe('not-allowed');
    expect(decideMove(offer('offered'), 'done', 'KAZ', 'u').kind).toBe('not-allowed');
  });

  it('lets the owner nation take and complete a task, the setting nation cancel it', () => {
    expect(availableActions(task('open'), 'KAZ', 'u')).toEqual(['take', 'done']);
    expect(availableActions(task('open', 'u'), 'KAZ', 'u')).toEqual(['done']);
    expect(decideMove(task('open', 'u'), 'take', 'KAZ', 'u')).toEqual({ kind: 'already' });
    expect(decideMove(task('open', 'u'), 'take', 'KAZ', 'v')).toEqual({ kind: 'move', to: 'open' });
    expect(availableActions(task('open'), 'PAK', 'u')).toEqual(['cancel']);
    expect(decideMove(task('done'), 'cancel', 'PAK', 'u').kind).toBe('conflict');
    expect(decideMove(task('done'), 'take', 'KAZ', 'u').kind).toBe('conflict');
  });

  it('shows a request matched or accepted only by the offers the reader may read', () => {
    expect(requestStateFor('open', [])).toBe('open');
    expect(requestStateFor('open', [{ state: 'offered' }])).toBe('matched');
    expect(requestStateFor('open', [{ state: 'declined' }, { state: 'fulfilled' }])).toBe('accepted');
    expect(requestStateFor('withdrawn', [{ state: 'accepted' }])).toBe('withdrawn');
  });
});
