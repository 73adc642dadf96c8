/**
 * Tells releasing officers that drafts await them: one notice per officer per run, saying how many
 * drafts of their nation, readable by them and written by someone else, reached their queue since
 * they were last told — in the app (the notifications list), by push and by mail. A notice per
 * draft would bury an officer under an import of hundreds; a notice per run while nothing new
 * arrived would nag.
 */
import { PERMISSION_TABLE, ROLES } from '../../../shared/vocab/roles';
import { releaseQueueRepository } from '../../db/repositories/release-queue-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { actorFromUser } from '../auth/load-actor';
import { queueMail } from '../mail/mail-outbox';
import { queuePush } from '../push/web-push';
import { releaseNoticeLine, releaseNoticeMail, releaseNoticePush } from './release-notice-texts';
import type { Context } from '../../context';

const RELEASING_ROLES = ROLES.filter((role) => PERMISSION_TABLE[role].includes('record.release'));

/** Sends the notices due now; returns how many officers were told. */
export async function noticeReleasingOfficers(ctx: Context): Promise<number> {
  const officers = await releaseQueueRepository(ctx.database.db).usersWithRoles(RELEASING_ROLES);
  let told = 0;
  for (const { id } of officers) {
    const sent = await ctx.database.transaction(async (tx) => {
      const repo = releaseQueueRepository(tx.db);
      const since = await repo.lastToldLocked(id);
      const user = await userRepository(tx.db).findById(id);
      if (!user || user.disabled_at) return false;
      const actor = actorFromUser(user, 'session');
      const count = await repo.countNewSince({ reader: actor.reader, nation: actor.org.nation, userId: id }, since);
      if (count === 0) return false;
      const now = ctx.clock.now();
      const line = releaseNoticeLine(user.language, count);
      await repo.insertNotice({
        id: ctx.ids.uuid(),
        user_id: id,
        kind: 'release',
        search_id: null,
        count,
        line,
        created_at: now,
        read_at: null,
      });
      await queuePush(tx.db, ctx, [id], releaseNoticePush(user.language, count));
      if (user.email) {
        const link = new URL('/release', ctx.config.publicUrl).toString();
        await queueMail(tx.db, ctx, [{ to: user.email, ...releaseNoticeMail(user.language, count, link) }]);
      }
      return true;
    });
    if (sent) told++;
  }
  return told;
}
