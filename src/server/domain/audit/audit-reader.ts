/**
 * Reading the audit log (node administrators, `audit.read`): the entries as the chain holds them,
 * newest first, never joined with the records they name — an entry shows an id, not a title, and
 * the record behind it is reached only through its own read path
 * (docs/decisions/0029-the-audit-log-shows-what-its-entries-hold.md).
 */
import { may } from '../policy/policy';
import { auditRepository } from '../../db/repositories/audit-repository';
import { AppError } from '../app-error';
import { decodeCursor, encodeCursor } from '../keyset-cursor';
import type { AuditEntry, AuditPage, AuditQuery } from '../../../shared/contracts/audit';
import type { AuditRow } from '../../db/repositories/audit-repository';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export function presentAuditEntry(row: AuditRow): AuditEntry {
  const details: unknown = typeof row.details === 'string' ? JSON.parse(row.details) : row.details;
  return {
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    actorId: row.actor_id,
    action: row.action,
    outcome: row.outcome,
    target: row.target_kind && row.target_id ? { kind: row.target_kind, id: row.target_id } : null,
    details: details && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : {},
  };
}

export async function readAuditLog(ctx: Context, actor: UserActor, query: AuditQuery): Promise<AuditPage> {
  if (!may(actor, 'audit.read')) throw new AppError('FORBIDDEN', 'Only a node administrator may read the audit log.');
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from >= to)
    throw new AppError('VALIDATION_FAILED', 'The start of the time range must come before its end.', [
      { path: 'from', message: 'Before "to".' },
    ]);
  // The cursor names the last entry's place in the chain (its time and number), as any list's does.
  const position = query.cursor ? decodeCursor(query.cursor) : undefined;
  const beforeSeq = position ? Number(position.id) : undefined;
  if (beforeSeq !== undefined && !Number.isSafeInteger(beforeSeq))
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid; use the `next` value of the previous page.', [
      { path: 'cursor', message: 'Not a cursor.' },
    ]);
  const rows = await auditRepository(ctx.database.db).page(
    {
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    },
    query.limit + 1,
  );
  const items = rows.slice(0, query.limit).map(presentAuditEntry);
  const last = items.at(-1);
  return { items, next: rows.length > query.limit && last ? encodeCursor({ at: new Date(last.at), id: String(last.seq) }) : null };
}
