import { sql } from 'kysely';
import { AUDIT_COLUMN_TYPES, recordsetInsert } from './sql/bulk-insert';
import type { Insertable, Kysely, RawBuilder, Selectable } from 'kysely';
import type { AuditCheckpointsTable, AuditCountersignaturesTable, AuditLogTable, DB } from '../schema';

export type AuditRow = Selectable<AuditLogTable>;

/** What a write chained to the audit log adds: its other writes, given the condition that the head moved, and its answer. */
export type ChainedWrites<Row> = (onlyIfHeadMoved: RawBuilder<unknown>) => { writes: RawBuilder<unknown>[]; returning: RawBuilder<Row> };

/** The answer of a chained statement that writes only audit entries: one row when the head moved. */
export const entriesOnly: ChainedWrites<{ id: string }> = () => ({
  writes: [],
  returning: sql<{ id: string }>`select 'appended'::text as id`,
});

/**
 * One statement that moves the audit head from `head` to `next` (compare and set, on the sequence
 * number and the hash) and, only if it moved, appends the chained entries and makes the other
 * writes. One row per returned row when the head moved (a row of nulls when none was returned);
 * none when it did not.
 */
export function chainedStatement<Row>(
  head: { seq: number; hash: string },
  next: { seq: number; hash: string },
  entries: Record<string, unknown>[],
  build: ChainedWrites<Row>,
): RawBuilder<Partial<Row>> {
  const condition = sql`exists (select 1 from moved_head)`;
  const { writes, returning } = build(condition);
  const statements = [recordsetInsert('audit_log', AUDIT_COLUMN_TYPES, entries, { where: condition }), ...writes];
  return sql<Partial<Row>>`
    with moved_head as (
      update audit_head set seq = ${next.seq}, hash = ${next.hash}
        where id = 1 and seq = ${head.seq} and hash = ${head.hash} returning seq
    )${sql.join(
      statements.map((s, index) => sql`, ${sql.raw(`write_${index}`)} as (${s})`),
      sql``,
    )}, returned as (${returning})
    select returned.* from moved_head left join returned on true
  `;
}

export function auditRepository(db: Kysely<DB>) {
  return {
    /** Advances the chain head, locking it until the transaction ends; returns the new seq and previous hash. */
    advanceHead: async (count: number) => {
      const row = await db
        .updateTable('audit_head')
        .set({ seq: sql`seq + ${count}` })
        .where('id', '=', 1)
        .returning(['seq', 'hash'])
        .executeTakeFirstOrThrow();
      return { lastSeq: Number(row.seq), prevHash: row.hash };
    },
    setHeadHash: (hash: string) => db.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute(),
    insertEntries: (rows: Insertable<AuditLogTable>[]) => db.insertInto('audit_log').values(rows).execute(),
    /** Appends entries and moves the head's hash in one statement (one round trip per write). */
    insertEntriesAndSetHead: (rows: Insertable<AuditLogTable>[], hash: string) =>
      db
        .with('appended', (qb) => qb.insertInto('audit_log').values(rows).returning('seq'))
        .updateTable('audit_head')
        .set({ hash })
        .where('id', '=', 1)
        .execute(),
    /** The head, locked until the transaction ends. */
    lockedHead: () => db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow(),
    head: () => db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow(),
    /** The chain hash after entry `seq` (what a peer's checkpoint holds), if the entry exists. */
    hashAt: async (seq: number) =>
      (await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst())?.hash ?? null,
    /** Entries in chain order, starting after `afterSeq`. */
    entries: (afterSeq: number, limit: number) =>
      db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute(),
    latest: (limit: number, filter: { action?: string; actor?: string } = {}) => {
      let query = db.selectFrom('audit_log').selectAll();
      if (filter.action) query = query.where('action', 'like', `${filter.action}%`);
      if (filter.actor) query = query.where('actor', '=', filter.actor);
      return query.orderBy('seq', 'desc').limit(limit).execute();
    },
    /**
     * A page of entries, newest first, before `beforeSeq`: `action` names an action and every
     * action under it (`incident` matches `incident.release`), times are `from` inclusive, `to` exclusive.
     */
    page: (filter: { actor?: string; action?: string; outcome?: string; from?: Date; to?: Date; beforeSeq?: number }, limit: number) => {
      let query = db.selectFrom('audit_log').selectAll();
      if (filter.actor) query = query.where('actor', '=', filter.actor);
      const action = filter.action;
      if (action) {
        const escaped = action.replace(/[\\%_]/g, (c) => `\\${c}`);
        query = query.where((eb) => eb.or([eb('action', '=', action), eb('action', 'like', `${escaped}.%`)]));
      }
      if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
      if (filter.from) query = query.where('at', '>=', filter.from);
      if (filter.to) query = query.where('at', '<', filter.to);
      if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
      return query.orderBy('seq', 'desc').limit(limit).execute();
    },
    insertCheckpoint: (row: Insertable<AuditCheckpointsTable>) =>
      db
        .insertInto('audit_checkpoints')
        .values(row)
        .onConflict((oc) => oc.column('seq').doNothing())
        .execute(),
    latestCheckpoint: () => db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst(),
    /** Every checkpoint this node signed and kept, in chain order. */
    checkpoints: () => db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute(),
    /** Keeps a partner's countersignature unless one of a later entry is held. */
    keepCountersignature: (row: Insertable<AuditCountersignaturesTable>) =>
      db
        .insertInto('audit_countersignatures')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('peer_node_id')
            .doUpdateSet((eb) => ({
              peer_nation: eb.ref('excluded.peer_nation'),
              peer_public_key: eb.ref('excluded.peer_public_key'),
              seq: eb.ref('excluded.seq'),
              head_hash: eb.ref('excluded.head_hash'),
              at: eb.ref('excluded.at'),
              signature: eb.ref('excluded.signature'),
              received_at: eb.ref('excluded.received_at'),
            }))
            .where('audit_countersignatures.seq', '<=', (eb) => eb.ref('excluded.seq')),
        )
        .execute(),
    countersignatures: () => db.selectFrom('audit_countersignatures').selectAll().orderBy('seq').execute(),
  };
}
