import { LABEL_COLUMN_NAMES } from '../../../shared/labels/label-columns';
import { sql } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Insertable, Kysely } from 'kysely';
import type { Reader } from '../../../shared/labels/label';
import type { ReleasableKind as QueuedKind } from '../../../shared/contracts/release-queue';
import type { DB, NotificationsTable } from '../schema';

/** Whom the queue is for: a reader of one nation, who releases that nation's drafts. */
export interface QueueOwner {
  reader: Reader;
  nation: string;
  userId: string;
}

const COMMON = ['id', 'version', 'proposed_label', 'created_by', 'created_at', ...LABEL_COLUMN_NAMES] as const;

/**
 * Drafts awaiting an officer's release, of every kind: active, of the officer's nation, readable by
 * them (the read rule in SQL, inside each branch), and not the ones they approved already for
 * their current version (those wait for a second officer).
 */
function awaiting(db: Kysely<DB>, owner: QueueOwner) {
  const notApprovedByOwner = (kind: QueuedKind, table: string) =>
    sql<boolean>`not exists (select 1 from release_approvals ra where ra.record_kind = ${kind} and ra.record_id = ${sql.ref(`${table}.id`)} and ra.approved_by = ${owner.userId} and ra.record_version = ${sql.ref(`${table}.version`)})`;
  const incidents = db
    .selectFrom('incidents')
    .select([sql<QueuedKind>`'incident'`.as('kind'), 'title', ...COMMON])
    .where('release_state', '=', 'draft')
    .where('state', '=', 'active')
    .where('originator_nation', '=', owner.nation)
    .where(readableBy(owner.reader, 'incidents'))
    .where(notApprovedByOwner('incident', 'incidents'));
  const actors = db
    .selectFrom('actors')
    .select([sql<QueuedKind>`'actor'`.as('kind'), 'name as title', ...COMMON])
    .where('release_state', '=', 'draft')
    .where('state', '=', 'active')
    .where('originator_nation', '=', owner.nation)
    .where(readableBy(owner.reader, 'actors'))
    .where(notApprovedByOwner('actor', 'actors'));
  const indicators = db
    .selectFrom('indicators')
    .select([sql<QueuedKind>`'indicator'`.as('kind'), 'value as title', ...COMMON])
    .where('release_state', '=', 'draft')
    .where('state', '=', 'active')
    .where('originator_nation', '=', owner.nation)
    .where(readableBy(owner.reader, 'indicators'))
    .where(notApprovedByOwner('indicator', 'indicators'));
  return incidents.unionAll(actors).unionAll(indicators);
}

export function releaseQueueRepository(db: Kysely<DB>) {
  return {
    /** Newest first; keyset on (created_at, id). With the author's and the originating organisation's names, and a first approval of the current version, if any. */
    page: (owner: QueueOwner, limit: number, after: { at: Date; id: string } | null) => {
      let query = db
        .selectFrom(awaiting(db, owner).as('q'))
        .leftJoin('users as author', 'author.id', 'q.created_by')
        .leftJoin('organisations as originator', 'originator.id', 'q.originator_org')
        .leftJoin('release_approvals as ra', (join) =>
          join.onRef('ra.record_kind', '=', 'q.kind').onRef('ra.record_id', '=', 'q.id').onRef('ra.record_version', '=', 'q.version'),
        )
        .leftJoin('users as approver', 'approver.id', 'ra.approved_by')
        .selectAll('q')
        .select([
          'author.display_name as author_name',
          'originator.name as originator_name',
          'ra.approved_by as approved_by',
          'ra.approved_at as approved_at',
          'ra.label as approval_label',
          'approver.display_name as approver_name',
        ]);
      if (after) query = query.where(sql<boolean>`(q.created_at, q.id) < (${after.at}, ${after.id})`);
      return query.orderBy('q.created_at', 'desc').orderBy('q.id', 'desc').limit(limit).execute();
    },
    count: async (owner: QueueOwner) =>
      Number(
        (
          await db
            .selectFrom(awaiting(db, owner).as('q'))
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** Drafts in the queue written by someone else after `since` (all of them when null): what the officer has not been told of. */
    countNewSince: async (owner: QueueOwner, since: Date | null) => {
      let query = db
        .selectFrom(awaiting(db, owner).as('q'))
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('q.created_by', '!=', owner.userId);
      if (since) query = query.where('q.created_at', '>', since);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },
    /** Enabled users holding one of `roles`: who may have a queue to be told about. */
    usersWithRoles: (roles: string[]) =>
      db
        .selectFrom('users')
        .select('id')
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`roles && ${sql.val(roles)}::text[]`)
        .orderBy('id')
        .execute(),
    /** Locks the officer's row so two processes never tell them twice, and returns when they were last told. */
    lastToldLocked: async (userId: string) => {
      await db.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst();
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.max('created_at').as('at'))
        .where('user_id', '=', userId)
        .where('kind', '=', 'release')
        .executeTakeFirst();
      return row?.at ? new Date(row.at as Date | string) : null;
    },
    insertNotice: (row: Insertable<NotificationsTable>) => db.insertInto('notifications').values(row).execute(),
  };
}

export type ReleaseQueueRow = Awaited<ReturnType<ReturnType<typeof releaseQueueRepository>['page']>>[number];
