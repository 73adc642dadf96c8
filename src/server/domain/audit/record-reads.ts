import { AppError } from '../app-error';
import { recordAccessFailure } from './access-failures';
import { appendAuditAlone } from './audit-log';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

/**
 * Reads one labelled record for a user, the same way for every kind: `find` carries the
 * releasability condition; a record the reader may not read and a missing one give the same
 * not-found answer and are both audited as refused reads (only the audit learns which it was);
 * a successful read is recorded as a disclosure.
 */
export async function readRecordOrRefuse<T extends { version: number }>(
  ctx: Context,
  actor: UserActor,
  kind: string,
  id: string,
  lookups: { findReadable: () => Promise<T | undefined>; exists: () => Promise<boolean> },
): Promise<T> {
  const record = await lookups.findReadable();
  if (!record) {
    await recordAccessFailure(ctx, actor, `${kind}.read`, { exists: await lookups.exists() }, 'denied', { kind, id });
    throw AppError.notFound(kind);
  }
  await appendAuditAlone(ctx.database, ctx.clock, [
    { actor, event: { action: `${kind}.read`, target: { kind, id }, details: { version: record.version } } },
  ]);
  return record;
}

/** Records which records a list page disclosed to the reader (one audit entry per page). */
export async function recordListDisclosure(ctx: Context, actor: UserActor, kind: string, items: { id: string }[]): Promise<void> {
  if (items.length === 0) return;
  await appendAuditAlone(ctx.database, ctx.clock, [{ actor, event: { action: `${kind}.list`, details: { ids: items.map((i) => i.id) } } }]);
}
