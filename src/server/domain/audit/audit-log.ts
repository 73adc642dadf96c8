/**
 * The hash-chained audit log. Every mutation and every access-control failure appends entries in
 * the same transaction as the change: entry n's hash covers entry n-1's hash and entry n's content,
 * so an edited, deleted or reordered entry breaks the chain; a signed checkpoint (seq, head hash)
 * held elsewhere exposes truncation.
 */
import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { auditRepository, chainedStatement, entriesOnly } from '../../db/repositories/audit-repository';
import type { AuditRow, ChainedWrites } from '../../db/repositories/audit-repository';
import type { Kysely } from 'kysely';
import { isRetryableConflict } from '../../db/database';
import { GroupCommit } from '../../db/group-commit';
import type { Settled } from '../../db/group-commit';
import type { Database } from '../../db/database';
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
  await appendAuditEntries(
    db,
    clock,
    events.map((event) => ({ actor, event })),
  );
}

export interface AuditEntry {
  actor: Actor;
  event: AuditEvent;
}

type ChainedRow = Omit<HashedFields, 'details'> & { details: unknown; prev_hash: string; hash: string };

/** The entries as rows of the chain after `head`, and the chain's new head hash. */
function chainAfter(head: { seq: number; hash: string }, entries: AuditEntry[], at: Date): { rows: ChainedRow[]; hash: string } {
  let hash = head.hash;
  const rows = entries.map(({ actor, event }, index) => {
    const fields: HashedFields = {
      seq: head.seq + 1 + index,
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
    return { ...fields, prev_hash: prev, hash };
  });
  return { rows, hash };
}

/** Appends entries of several actors at once. Must run inside the transaction of the change it records. */
export async function appendAuditEntries(db: Kysely<DB>, clock: Clock, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const repo = auditRepository(db);
  const { lastSeq, prevHash } = await repo.advanceHead(entries.length);
  const { rows, hash } = chainAfter({ seq: lastSeq - entries.length, hash: prevHash }, entries, clock.now());
  await repo.insertEntriesAndSetHead(
    rows.map((row) => ({ ...row, details: JSON.stringify(row.details) })),
    hash,
  );
}

/**
 * Where this process last left each database's chain head. A guess: every statement checks it
 * (compare and set, on the sequence number AND the hash), and a miss forgets it. The hash matters:
 * a guess left by a statement that did not move the head can name the right number with another
 * hash once a transaction elsewhere has advanced the head that far.
 */
const expectedHeads = new WeakMap<Database, { seq: number; hash: string }>();

/**
 * Writes rows and their audit entries in ONE statement: the audit head moves only if it is where
 * this process expects it (compare and set), and every insert is conditional on that move, so the
 * statement writes all or nothing and commits on its own — one round trip for a group of writes.
 * The statement's text never changes, so it runs prepared (`name`). When another writer moved the
 * head first, nothing is written; the head is read again and the statement retried, and after a
 * few misses the write takes the head's lock instead.
 *
 * `inserts` build the other writes given the condition, and `returning`, an insert with a returning
 * clause whose rows have `id`; those rows are the answer.
 */
export async function writeWithAudit<Row extends { id: string }>(
  database: Database,
  clock: Clock,
  name: string,
  entries: AuditEntry[],
  inserts: ChainedWrites<Row>,
): Promise<Row[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const head = expectedHeads.get(database) ?? (await auditRepository(database.db).head());
    const { statement, next } = chained(head, clock.now(), entries, inserts);
    expectedHeads.set(database, next);
    let rows: Partial<Row>[] = [];
    try {
      rows = await database.executePrepared(name, statement);
    } catch (error) {
      // Taking the head before the map cells' rows, the statement can deadlock with a transaction
      // taking them the other way round; PostgreSQL aborts one, and this one wrote nothing.
      if (!isRetryableConflict(error)) throw error;
    }
    if (rows.length > 0) return presentRows(rows);
    if (expectedHeads.get(database) === next) expectedHeads.delete(database);
  }
  return database.transaction((tx) => writeWithAuditLocked(database, tx.db, clock, entries, inserts));
}

/**
 * The same statement as writeWithAudit, inside the caller's transaction `db` of `database`: the
 * head is taken with its lock first, so the statement cannot miss; the rows are the caller's to
 * commit.
 */
export async function writeWithAuditLocked<Row extends { id: string }>(
  database: Database,
  db: Kysely<DB>,
  clock: Clock,
  entries: AuditEntry[],
  inserts: ChainedWrites<Row>,
): Promise<Row[]> {
  const head = await auditRepository(db).lockedHead();
  const { statement, next } = chained(head, clock.now(), entries, inserts);
  const result = await statement.execute(db);
  if (result.rows.length === 0) throw new Error('the audit head moved while locked');
  expectedHeads.set(database, next);
  return presentRows(result.rows);
}

/** Each database's group of audit entries that record no other write, per process. */
const disclosureGroups = new WeakMap<Database, GroupCommit<{ clock: Clock; entries: AuditEntry[] }, void>>();

/**
 * Appends entries that record no other write — a read's disclosure, a refused access — without
 * making readers queue on the chain head: entries waiting in this process go together as one
 * chained statement (group commit, the same compare-and-set on the head as `writeWithAudit`), so
 * concurrent reads share one statement and one commit. The promise settles only once the group
 * has committed: a read is answered only after its disclosure is durable.
 */
export function appendAuditAlone(database: Database, clock: Clock, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return Promise.resolve();
  let group = disclosureGroups.get(database);
  if (!group) {
    group = new GroupCommit<{ clock: Clock; entries: AuditEntry[] }, void>(async (items) => {
      await writeWithAudit<{ id: string }>(
        database,
        items[0]!.clock,
        'audit-alone',
        items.flatMap((item) => item.entries),
        entriesOnly,
      );
      return items.map((): Settled<void> => ({ ok: true, value: undefined }));
    });
    disclosureGroups.set(database, group);
  }
  return group.submit({ clock, entries });
}

/**
 * Appends entries that must be kept whatever becomes of the request they belong to — a refusal, a
 * request already sent to another server — on their own, grouped like disclosures; inside an
 * idempotent request's unit of work, which may still roll back, right after the unit ends.
 */
export async function appendAuditKept(database: Database, clock: Clock, entries: AuditEntry[]): Promise<void> {
  const append = () => appendAuditAlone(database.root, clock, entries);
  if (database.unit) database.unit.whenEnded(append);
  else await append();
}

/** The chained statement for `entries` after `head`, and where it leaves the head. */
function chained<Row>(head: { seq: number; hash: string }, at: Date, entries: AuditEntry[], build: ChainedWrites<Row>) {
  const { rows, hash } = chainAfter({ seq: Number(head.seq), hash: head.hash }, entries, at);
  const next = { seq: Number(head.seq) + entries.length, hash };
  return { statement: chainedStatement({ seq: Number(head.seq), hash: head.hash }, next, rows, build), next };
}

const presentRows = <Row extends { id: string }>(rows: Partial<Row>[]): Row[] =>
  rows.filter((row): row is Row => row.id !== null && row.id !== undefined);

export type { AuditRow };
