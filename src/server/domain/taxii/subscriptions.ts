/**
 * TAXII subscriptions: this node reads other TAXII 2.1 servers' collections and brings what it
 * can map into the picture (stix-import.ts does the mapping).
 *
 * - A releasing officer subscribes, with the label what arrives is released under; the collection
 *   is read once before anything is saved, so a wrong address or credential is said at once.
 * - Each poll reads from the stored position (`added_after`, then the server's `next` while it has
 *   more) and imports page by page under the subscription owner's name. Fail closed: an object
 *   marked stricter than the label stays a draft of the owner's organisation alone; unknown
 *   markings, other nations' Concord records and kinds Concord does not map go to the report,
 *   never into the picture. A page with a problem object still brings in the others.
 * - The owner is the releasing officer who last chose the label; if they can no longer release,
 *   polling stops with an error until another releasing officer takes the feed over.
 */
import { may } from '../policy/policy';
import { taxiiSubscriptionRepository } from '../../db/repositories/taxii-subscription-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { loadUserActor } from '../auth/load-actor';
import { validateLabels } from '../release/release-workflow';
import { heldAlready, importStixBundle, problemsByObject } from '../stix/stix-import';
import { TLP_BY_MARKING } from '../stix/stix-vocab';
import { tlpRank } from '../../../shared/vocab/levels';
import { TaxiiClientError, checkCollection, fetchObjects } from './taxii-client';
import { openCredential, storedCredential } from './feed-credentials';
import type { SubscriptionCreateRequest, TaxiiAuth, subscriptionUpdateRequestSchema } from '../../../shared/contracts/taxii-subscriptions';
import type { LabelInput } from '../../../shared/labels/label';
import type { Tlp } from '../../../shared/vocab/levels';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { SubscriptionRow } from '../../db/repositories/taxii-subscription-repository';
import type { z } from 'zod';

type StixLike = { type: string; id: string; [key: string]: unknown };

const PAGE = 500;
/** Pages read per poll: a long backlog is read over several polls, each one saved. */
const PAGES_PER_POLL = 20;
const CARRIED = new Set(['identity', 'marking-definition', 'extension-definition', 'language-content', 'relationship']);

function requireReleasing(actor: UserActor): void {
  if (!may(actor, 'record.release'))
    throw new AppError('FORBIDDEN', 'Only a releasing officer manages TAXII feeds: what they bring in is released under their label.');
}

async function find(ctx: Context, id: string): Promise<SubscriptionRow> {
  const row = await taxiiSubscriptionRepository(ctx.database.db).find(id);
  if (!row) throw AppError.notFound('feed');
  return row;
}

async function checked(ctx: Context, actor: UserActor, source: { apiRoot: string; collectionId: string; auth: TaxiiAuth }): Promise<void> {
  try {
    await checkCollection(ctx, source, actor);
  } catch (error) {
    if (!(error instanceof TaxiiClientError)) throw error;
    throw new AppError('VALIDATION_FAILED', `The collection could not be read: ${error.message} Nothing was saved.`, [
      { path: 'apiRoot', message: error.message },
    ]);
  }
}

export async function listSubscriptions(ctx: Context, actor: UserActor) {
  requireReleasing(actor);
  return taxiiSubscriptionRepository(ctx.database.db).listWithOwners();
}

export async function getSubscription(ctx: Context, actor: UserActor, id: string) {
  requireReleasing(actor);
  const row = await taxiiSubscriptionRepository(ctx.database.db).findWithOwner(id);
  if (!row) throw AppError.notFound('feed');
  return row;
}

export async function createSubscription(ctx: Context, actor: UserActor, input: SubscriptionCreateRequest): Promise<string> {
  requireReleasing(actor);
  await validateLabels(ctx, actor, 'taxii-feed', [{ path: 'defaultLabel', input: input.defaultLabel }], 1);
  await checked(ctx, actor, input);
  const id = ctx.ids.uuid();
  await ctx.database.transaction(async (tx) => {
    await taxiiSubscriptionRepository(tx.db).insert({
      id,
      name: input.name,
      api_root: input.apiRoot,
      collection_id: input.collectionId,
      ...storedCredential(ctx, id, input.auth),
      default_label: JSON.stringify(input.defaultLabel),
      owner_id: actor.user.id,
      created_at: ctx.clock.now(),
      poll_requested_at: ctx.clock.now(),
    });
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'taxii.subscribe',
        target: { kind: 'taxii-feed', id },
        details: { apiRoot: input.apiRoot, collection: input.collectionId },
      },
    ]);
  });
  return id;
}

/** Changes a feed; choosing its label makes the actor its owner (the import runs in their name). */
export async function updateSubscription(
  ctx: Context,
  actor: UserActor,
  id: string,
  input: z.infer<typeof subscriptionUpdateRequestSchema>,
): Promise<void> {
  requireReleasing(actor);
  const row = await find(ctx, id);
  if (input.defaultLabel) await validateLabels(ctx, actor, 'taxii-feed', [{ path: 'defaultLabel', input: input.defaultLabel }], 1);
  if (input.auth) await checked(ctx, actor, { apiRoot: row.api_root, collectionId: row.collection_id, auth: input.auth });
  await ctx.database.transaction(async (tx) => {
    await taxiiSubscriptionRepository(tx.db).update(id, {
      ...(input.name ? { name: input.name } : {}),
      ...(input.paused !== undefined ? { paused: input.paused } : {}),
      ...(input.auth ? { ...storedCredential(ctx, id, input.auth), last_error: null } : {}),
      ...(input.defaultLabel ? { default_label: JSON.stringify(input.defaultLabel), owner_id: actor.user.id, last_error: null } : {}),
    });
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'taxii.subscription.update',
        target: { kind: 'taxii-feed', id },
        details: {
          fields: Object.keys(input).filter((k) => k !== 'auth' || input.auth),
          ...(input.defaultLabel ? { label: input.defaultLabel } : {}),
        },
      },
    ]);
  });
}

export async function deleteSubscription(ctx: Context, actor: UserActor, id: string): Promise<void> {
  requireReleasing(actor);
  await find(ctx, id);
  await ctx.database.transaction(async (tx) => {
    await taxiiSubscriptionRepository(tx.db).remove(id);
    await appendAudit(tx.db, ctx.clock, actor, [{ action: 'taxii.unsubscribe', target: { kind: 'taxii-feed', id } }]);
  });
}

export async function listUnmapped(ctx: Context, actor: UserActor, id: string, limit: number, cursor?: string) {
  requireReleasing(actor);
  await find(ctx, id);
  const rows = await taxiiSubscriptionRepository(ctx.database.db).unmapped(id, limit, cursor ? Number(cursor) : undefined);
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? String(rows[limit - 1]!.seq) : null };
}

/** Polls the feed now (the API's "poll now"); the feed as it stands after. */
export async function pollNow(ctx: Context, actor: UserActor, id: string): Promise<void> {
  requireReleasing(actor);
  await find(ctx, id);
  await pollSubscription(ctx, id, actor);
}

/** Polls every feed that is due (not paused; asked for, or not polled within `intervalMs`). */
export async function pollDue(ctx: Context, intervalMs: number): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - intervalMs);
  const due = await taxiiSubscriptionRepository(ctx.database.db).due(before);
  for (const { id } of due) await pollSubscription(ctx, id);
  return due.length;
}

interface PageOutcome {
  imported: number;
  originatorOnly: number;
  present: number;
  updated: number;
  unmapped: { stixId: string; type: string; reason: string }[];
}

const polling = new WeakMap<Context, Map<string, Promise<void>>>();

/**
 * Reads the feed from its position, page by page; a poll of a feed already being polled waits for
 * that one. `actor`: the person who asked for it (its requests are audited in their name).
 */
export function pollSubscription(ctx: Context, id: string, actor?: UserActor): Promise<void> {
  const running = polling.get(ctx) ?? new Map<string, Promise<void>>();
  polling.set(ctx, running);
  const current = running.get(id);
  if (current) return current;
  const poll = readFeed(ctx, id, actor).finally(() => running.delete(id));
  running.set(id, poll);
  return poll;
}

/** Reads the feed from its position, page by page, each page imported and its position saved. */
async function readFeed(ctx: Context, id: string, actor?: UserActor): Promise<void> {
  const db = ctx.database.db;
  const row = await find(ctx, id);
  const failed = (error: string) => taxiiSubscriptionRepository(db).failed(id, ctx.clock.now(), error);
  const owner = await loadUserActor(db, row.owner_id, 'token');
  if (!owner || !may(owner, 'record.release')) {
    await failed(
      'The officer who chose this feed’s label can no longer release: a releasing officer must take it over (choose its label).',
    );
    return;
  }
  let source;
  try {
    source = { apiRoot: row.api_root, collectionId: row.collection_id, auth: openCredential(ctx, row) };
  } catch (error) {
    await failed(`The feed’s credential cannot be opened (${(error as Error).message}): give it again.`);
    return;
  }
  let position = { addedAfter: row.added_after, next: row.next_page };
  try {
    for (let pages = 0; pages < PAGES_PER_POLL; pages++) {
      const page = await fetchObjects(ctx, source, position, PAGE, actor);
      const outcome = await importPage(ctx, id, owner, row.default_label as LabelInput, page.objects);
      position = page.more
        ? { addedAfter: position.addedAfter, next: page.next ?? null }
        : { addedAfter: page.addedLast ?? position.addedAfter, next: null };
      const now = ctx.clock.now();
      await ctx.database.transaction(async (tx) => {
        const feeds = taxiiSubscriptionRepository(tx.db);
        await feeds.addUnmapped(
          outcome.unmapped.map((u) => ({
            subscription_id: id,
            at: now,
            stix_id: u.stixId,
            stix_type: u.type,
            reason: u.reason.slice(0, 500),
          })),
        );
        await feeds.pageRead(id, now, position, { ...outcome, unmapped: outcome.unmapped.length });
      });
      if (!page.more) break;
    }
  } catch (error) {
    if (!(error instanceof TaxiiClientError)) ctx.logger.error({ err: error, feed: id }, 'a TAXII feed poll failed');
    else ctx.logger.warn({ feed: id, reason: error.message }, 'a TAXII feed could not be read');
    await failed(error instanceof TaxiiClientError ? error.message : 'The objects could not be imported; the node log has the details.');
  }
}

const typeOf = (stixId: string) => stixId.slice(0, Math.max(0, stixId.indexOf('--')));

const strictestTlp = (object: StixLike): Tlp | undefined =>
  (Array.isArray(object.object_marking_refs) ? object.object_marking_refs : [])
    .map((ref) => TLP_BY_MARKING[String(ref)])
    .filter((t): t is Tlp => t !== undefined)
    .sort((a, b) => tlpRank(b) - tlpRank(a))[0];

/**
 * Imports one page: objects marked no stricter than the label are released under it; stricter
 * ones become drafts of the owner's organisation alone; what cannot be mapped is reported.
 */
async function importPage(ctx: Context, feed: string, owner: UserActor, label: LabelInput, objects: StixLike[]): Promise<PageOutcome> {
  const outcome: PageOutcome = { imported: 0, originatorOnly: 0, present: 0, updated: 0, unmapped: [] };
  let carried = objects.filter((o) => CARRIED.has(o.type));
  const records = objects.filter((o) => !CARRIED.has(o.type));
  const stricter = (o: StixLike) => {
    const tlp = strictestTlp(o);
    return tlp !== undefined && tlpRank(tlp) > tlpRank(label.tlp);
  };
  const groups = [
    { objects: records.filter((o) => !stricter(o)), label, release: true },
    // The strictest label as a ceiling so that nothing is refused as stricter; drafts of the owner's organisation.
    {
      objects: records.filter(stricter),
      label: {
        classification: 'UNCLASSIFIED',
        relTo: [],
        caveats: [],
        tlp: 'RED',
        recipients: { orgs: [], users: [owner.user.id] },
      } as LabelInput,
      release: false,
    },
  ];
  // A relationship (or other carried object) is reported only if no group could use it.
  const carriedSkips = new Map<string, { times: number; reason: string }>();
  let runs = 0;
  for (const [n, group] of groups.entries()) {
    let batch = group.objects;
    if (batch.length === 0 && (n > 0 || carried.length === 0)) continue;
    // A problem object is reported and the rest imported without it.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const report = await importStixBundle(
          ctx,
          owner,
          {
            bundle: { type: 'bundle', id: `bundle--${ctx.ids.uuid()}`, objects: [...batch, ...carried] },
            label: group.label,
            dryRun: false,
          },
          // The feed updates only records it brought in itself.
          { releaseForeign: group.release, feed },
        );
        runs++;
        const count = report.imported.incidents + report.imported.actors + report.imported.indicators;
        if (group.release) outcome.imported += count;
        else outcome.originatorOnly += count;
        outcome.updated += report.updated.actors + report.updated.indicators;
        for (const skipped of report.skipped) {
          if (heldAlready(skipped.reason)) outcome.present++;
          else if (carried.some((c) => c.id === skipped.id)) {
            const seen = carriedSkips.get(skipped.id);
            carriedSkips.set(skipped.id, { times: (seen?.times ?? 0) + 1, reason: skipped.reason });
          } else outcome.unmapped.push({ stixId: skipped.id, type: typeOf(skipped.id), reason: skipped.reason });
        }
        break;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
        const problems = problemsByObject(error);
        if (problems.size === 0) throw error;
        const all = [...batch, ...carried];
        for (const [index, reason] of problems) {
          const object = all[index];
          if (object) outcome.unmapped.push({ stixId: object.id, type: object.type, reason });
        }
        const records = batch.length;
        batch = batch.filter((_, index) => !problems.has(index));
        carried = carried.filter((_, index) => !problems.has(records + index));
      }
    }
  }
  for (const [stixId, { times, reason }] of carriedSkips)
    if (times === runs) outcome.unmapped.push({ stixId, type: typeOf(stixId), reason });
  return outcome;
}
