/**
 * A person's calendar subscription: a URL with a token of their own, for calendar software that
 * cannot sign in. The token is shown once when made and kept only as its hash; it reads exactly what
 * its person may read now (their clearance, nation and labels as of each fetch), nothing else, and
 * nothing at all once revoked, replaced, or the account disabled.
 */
import crypto from 'node:crypto';
import { calendarRepository } from '../../db/repositories/calendar-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { sha256 } from '../auth/auth-service';
import { loadUserActor } from '../auth/load-actor';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export const feedPath = (token: string) => `/calendar/${token}.ics`;

/** Makes the actor's subscription URL, replacing the one before; the token is shown this once. */
export async function makeCalendarFeed(ctx: Context, actor: UserActor): Promise<{ url: string; createdAt: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.database.transaction(async (tx) => {
    await calendarRepository(tx.db).replaceFeed(actor.user.id, sha256(token), now);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'calendar.feed.make', target: { kind: 'user', id: actor.user.id }, details: {} },
    ]);
  });
  return { url: new URL(feedPath(token), ctx.config.publicUrl).toString(), createdAt: now.toISOString() };
}

export async function revokeCalendarFeed(ctx: Context, actor: UserActor): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    if (!(await calendarRepository(tx.db).removeFeed(actor.user.id)))
      throw new AppError('NOT_FOUND', 'You have no calendar subscription to revoke.');
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'calendar.feed.revoke', target: { kind: 'user', id: actor.user.id }, details: {} },
    ]);
  });
}

export async function calendarFeedOf(ctx: Context, actor: UserActor) {
  const feed = await calendarRepository(ctx.database.db).feedOf(actor.user.id);
  return feed
    ? {
        createdAt: new Date(feed.created_at).toISOString(),
        lastReadAt: feed.last_read_at ? new Date(feed.last_read_at).toISOString() : null,
      }
    : null;
}

/** The person a token reads as, loaded as a request of theirs would be; an unknown token, or a disabled account, is not found. */
export async function feedReader(ctx: Context, token: string): Promise<UserActor> {
  const notFound = new AppError('NOT_FOUND', 'No calendar at this address.');
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw notFound;
  const userId = await calendarRepository(ctx.database.db).feedOwner(sha256(token), ctx.clock.now());
  const actor = userId ? await loadUserActor(ctx.database.db, userId, 'token') : null;
  if (!actor) throw notFound;
  return actor;
}
