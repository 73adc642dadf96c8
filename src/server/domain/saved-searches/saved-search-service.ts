/**
 * Saved searches: a user keeps an incident filter; new incidents that match it — among those the
 * owner may read, decided with the owner's reader at check time — raise one notification per
 * check, counting them (each incident is reported once per search). A notification carries a count
 * and the search, never a record.
 */
import { commitmentRepository } from '../../db/repositories/commitment-repository';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { incidentsChangedBetween, lastChangeSeq, savedSearchRepository } from '../../db/repositories/saved-search-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { loadUserActor } from '../auth/load-actor';
import type { SavedSearchRequest } from '../../../shared/contracts/saved-searches';
import type { Context } from '../../context';
import type { IncidentFilter } from '../../db/repositories/incident-repository';
import type { UserActor } from '../auth/actor';

const MAX_PER_USER = 50;

export async function createSavedSearch(ctx: Context, actor: UserActor, input: SavedSearchRequest) {
  const repo = savedSearchRepository(ctx.database.db);
  if ((await repo.listByOwner(actor.user.id)).length >= MAX_PER_USER) {
    throw new AppError('CONFLICT', `You have ${MAX_PER_USER} saved searches; delete one first.`);
  }
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    // Only incidents that change from now on are new to this search.
    await savedSearchRepository(tx.db).insert({
      id,
      owner: actor.user.id,
      name: input.name,
      filter: JSON.stringify(input.filter),
      checked_seq: await lastChangeSeq(tx.db),
      created_at: ctx.clock.now(),
    });
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'saved-search.create', target: { kind: 'saved-search', id } }]);
  });
  const row = await repo.find(id);
  if (!row) throw new Error('saved search vanished');
  return row;
}

export async function listSavedSearches(ctx: Context, actor: UserActor) {
  return savedSearchRepository(ctx.database.db).listByOwner(actor.user.id);
}

export async function deleteSavedSearch(ctx: Context, actor: UserActor, id: string): Promise<void> {
  const repo = savedSearchRepository(ctx.database.db);
  const row = await repo.find(id);
  if (!row || row.owner !== actor.user.id) throw AppError.notFound('saved search');
  await ctx.database.transaction(async (tx) => {
    await savedSearchRepository(tx.db).delete(id);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'saved-search.delete', target: { kind: 'saved-search', id } }]);
  });
}

/**
 * Checks every saved search behind the latest change record; returns how many notifications it
 * raised. Each search is checked in its own transaction, locked (SKIP LOCKED), so several
 * processes on one PostgreSQL share the work without reporting anything twice.
 */
export async function checkSavedSearches(ctx: Context): Promise<number> {
  const head = await lastChangeSeq(ctx.database.db);
  let raised = 0;
  for (;;) {
    let checked = 0;
    await ctx.database.transaction(async (tx) => {
      const repo = savedSearchRepository(tx.db);
      for (const search of await repo.behind(head, 20)) {
        checked++;
        const owner = await loadUserActor(tx.db, search.owner, 'session');
        const changed = owner ? await incidentsChangedBetween(tx.db, Number(search.checked_seq), head) : [];
        const matching: string[] = [];
        for (let i = 0; i < changed.length; i += 1_000) {
          if (!owner) break;
          matching.push(
            ...(await incidentRepository(tx.db).readableAmong(owner.reader, search.filter as IncidentFilter, changed.slice(i, i + 1_000))),
          );
        }
        const fresh = await repo.addHits(search.id, matching);
        if (fresh.length > 0) {
          await repo.insertNotification({
            id: ctx.ids.uuid(),
            user_id: search.owner,
            kind: 'saved-search',
            search_id: search.id,
            count: fresh.length,
            created_at: ctx.clock.now(),
            read_at: null,
          });
          raised++;
        }
        await repo.setChecked(search.id, head);
      }
    });
    if (checked === 0) return raised;
  }
}

export async function listNotifications(ctx: Context, actor: UserActor) {
  const rows = await savedSearchRepository(ctx.database.db).notificationsOf(actor.user.id, 50);
  // A commitment's reminder shows only while its recipient may still read the commitment.
  const about = [...new Set(rows.flatMap((n) => (n.kind === 'commitment' && n.record_id ? [n.record_id] : [])))];
  const readable = new Set<string>();
  for (const id of about) if (await commitmentRepository(ctx.database.db).findReadable(id, actor.reader)) readable.add(id);
  return rows.filter((n) => n.kind !== 'commitment' || (n.record_id !== null && readable.has(n.record_id)));
}

export async function markNotificationsRead(ctx: Context, actor: UserActor, id: string | null): Promise<void> {
  await savedSearchRepository(ctx.database.db).markRead(actor.user.id, id, ctx.clock.now());
}
