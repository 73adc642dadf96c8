/**
 * Reminds the owners of a commitment before and after its due date: each delegate of an owner
 * nation on this node (those who may report progress) who may read the commitment is told once
 * when it falls due within REMIND_DAYS_AHEAD days, and once when it is overdue — in the app (the
 * notifications list), by push and by mail, with a minimal line and a link. Each reminder is sent
 * once per person, commitment, event and due date, recorded in the transaction that sends it (a
 * new due date arms both again); a commitment its reader sees done or dropped is not reminded.
 * Commitments more than REMIND_DAYS_LATE days overdue are left alone (a node that starts late does
 * not nag about last year's).
 */
import { PERMISSION_TABLE, ROLES } from '../../../shared/vocab/roles';
import { commitmentRepository } from '../../db/repositories/commitment-repository';
import { releaseQueueRepository } from '../../db/repositories/release-queue-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { actorFromUser } from '../auth/load-actor';
import { queueMail } from '../mail/mail-outbox';
import { queuePush } from '../push/web-push';
import { addDays, calendarDay } from './commitment-service';
import { reminderLine, reminderMail, reminderPush } from './commitment-reminder-texts';
import type { Context } from '../../context';
import type { ReminderEvent } from './commitment-reminder-texts';

export const REMIND_DAYS_AHEAD = 7;
export const REMIND_DAYS_LATE = 30;

const REPORTING_ROLES = ROLES.filter((role) => PERMISSION_TABLE[role].includes('meeting.attend'));

/** Sends the reminders due now; returns how many were sent. */
export async function remindCommitmentOwners(ctx: Context): Promise<number> {
  const today = calendarDay(ctx.clock.now());
  const candidates = await commitmentRepository(ctx.database.db).toRemind(
    addDays(today, -REMIND_DAYS_LATE),
    addDays(today, REMIND_DAYS_AHEAD),
  );
  if (candidates.length === 0) return 0;
  const people = await releaseQueueRepository(ctx.database.db).usersWithRoles(REPORTING_ROLES);
  let sent = 0;
  for (const { id: userId } of people) {
    const user = await userRepository(ctx.database.db).findById(userId);
    if (!user || user.disabled_at) continue;
    const actor = actorFromUser(user, 'session');
    for (const candidate of candidates) {
      if (!candidate.owner_nations.includes(actor.nation.code)) continue;
      const told = await ctx.database.transaction(async (tx) => {
        const repo = commitmentRepository(tx.db);
        // Asked with the person's own reader: what they may not read, or see done, they are not told of.
        const commitment = await repo.findReadable(candidate.id, actor.reader);
        if (!commitment || commitment.status === 'done' || commitment.status === 'dropped') return false;
        // The due date as it stands now (it may have moved since the candidates were listed).
        if (commitment.due_on > addDays(today, REMIND_DAYS_AHEAD) || commitment.due_on < addDays(today, -REMIND_DAYS_LATE)) return false;
        if (!commitment.owner_nations.includes(actor.nation.code)) return false;
        const event: ReminderEvent = commitment.due_on < today ? 'overdue' : 'due-soon';
        const now = ctx.clock.now();
        const first = await repo.markReminded({
          commitment_id: commitment.id,
          user_id: userId,
          event,
          due_on: commitment.due_on,
          sent_at: now,
        });
        if (!first) return false;
        const path = `/commitments/${commitment.id}`;
        await releaseQueueRepository(tx.db).insertNotice({
          id: ctx.ids.uuid(),
          user_id: userId,
          kind: 'commitment',
          search_id: null,
          count: null,
          line: reminderLine(user.language, event, commitment.due_on),
          event,
          record_id: commitment.id,
          created_at: now,
          read_at: null,
        });
        await queuePush(tx.db, ctx, [userId], reminderPush(user.language, event, commitment.due_on, path));
        if (user.email)
          await queueMail(tx.db, ctx, [
            { to: user.email, ...reminderMail(user.language, event, commitment.due_on, new URL(path, ctx.config.publicUrl).toString()) },
          ]);
        return true;
      });
      if (told) sent++;
    }
  }
  return sent;
}
