/**
 * Recall of the kinds with the release workflow (records/registry.ts `RELEASABLE`): the recall
 * routes and the CLI's recall take each kind's storage from the registry.
 */
import { recallRecord } from '../federation/recall-service';
import { RELEASABLE } from '../records/registry';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { ReleasableKind } from '../records/registry';

/** Recalls a record of `kind` (releasing officers of its originating organisation). */
export const recallOf = (kind: ReleasableKind) => (ctx: Context, actor: UserActor, id: string, reason: string) =>
  recallRecord(ctx, actor, RELEASABLE[kind].records, id, reason);
