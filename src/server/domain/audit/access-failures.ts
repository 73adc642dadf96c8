import { appendAuditKept } from './audit-log';
import type { Context } from '../../context';
import type { Actor } from '../auth/actor';
import type { AuditOutcome } from './audit-log';

/**
 * Records an access-control failure on its own (the refused operation writes nothing: the refusal
 * itself is what must not be lost), grouped with the other entries of its kind waiting in this
 * process; it returns once the entry is committed. Inside an idempotent request's unit of work,
 * which the refusal rolls back, it is written right after the unit ends.
 */
export async function recordAccessFailure(
  ctx: Pick<Context, 'database' | 'clock'>,
  actor: Actor,
  action: string,
  details: Record<string, unknown>,
  outcome: AuditOutcome = 'denied',
  target?: { kind: string; id: string },
): Promise<void> {
  await appendAuditKept(ctx.database, ctx.clock, [{ actor, event: { action, outcome, details, ...(target ? { target } : {}) } }]);
}
