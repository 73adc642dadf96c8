import { appendAudit } from './audit-log';
import type { Context } from '../../context';
import type { Actor } from '../auth/actor';
import type { AuditOutcome } from './audit-log';

/**
 * Records an access-control failure. It has its own transaction because the refused operation
 * writes nothing: the refusal itself is what must not be lost — also when it happens inside an
 * idempotent request's unit of work, which the refusal then rolls back (Database.standalone).
 */
export async function recordAccessFailure(
  ctx: Pick<Context, 'database' | 'clock'>,
  actor: Actor,
  action: string,
  details: Record<string, unknown>,
  outcome: AuditOutcome = 'denied',
  target?: { kind: string; id: string },
): Promise<void> {
  await ctx.database.standalone((tx) =>
    appendAudit(tx.db, ctx.clock, actor, [{ action, outcome, details, ...(target ? { target } : {}) }]),
  );
}
