/**
 * The hash-chained audit log. Every mutation and every access-control failure appends entries in
 * the same transaction as the change: entry n's hash covers entry n-1's hash and entry n's content,
 * so an edited, deleted or reordered entry breaks the chain; a signed checkpoint (seq, head hash)
 * held elsewhere exposes truncation.
 */
import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { auditRepository } from '../../db/repositories/audit-repository';
import type { AuditRow } from '../../db/repositories/audit-repository';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Clock } from '../../context';
import type { Actor } from '../auth/actor';

export type AuditOutcome = 'ok' | 'denied' | 'rejected';

export interface AuditEvent {
  action: string;
  outcome?: AuditOutcome;
  target?: { kind: string; id: string };
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor: string;
  action: string;
  outcome: string;
  target_kind: string | null;
  target_id: string | null;
  details: unknown;
}

export function entryHash(prevHash: string, entry: HashedFields): string {
  const content = canonicalize({
    seq: Number(entry.seq),
    at: new Date(entry.at).toISOString(),
    actorId: entry.actor_id,
    actor: entry.actor,
    action: entry.action,
    outcome: entry.outcome,
    targetKind: entry.target_kind,
    targetId: entry.target_id,
    details: entry.details,
  });
  return crypto
    .createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(content ?? '')
    .digest('hex');
}

export function actorName(actor: Actor): string {
  return actor.kind === 'user' ? actor.user.username : `system:${actor.name}`;
}

/** Appends entries to the chain. Must run inside the transaction of the change it records. */
export async function appendAudit(db: Kysely<DB>, clock: Clock, actor: Actor, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const repo = auditRepository(db);
  const { lastSeq, prevHash } = await repo.advanceHead(events.length);
  const at = clock.now();
  let hash = prevHash;
  const rows = events.map((event, index) => {
    const fields: HashedFields = {
      seq: lastSeq - events.length + 1 + index,
      at,
      actor_id: actor.kind === 'user' ? actor.user.id : null,
      actor: actorName(actor),
      action: event.action,
      outcome: event.outcome ?? 'ok',
      target_kind: event.target?.kind ?? null,
      target_id: event.target?.id ?? null,
      details: event.details ?? {},
    };
    const prev = hash;
    hash = entryHash(prev, fields);
    return { ...fields, details: JSON.stringify(fields.details), prev_hash: prev, hash };
  });
  await repo.insertEntriesAndSetHead(rows, hash);
}

export type { AuditRow };
