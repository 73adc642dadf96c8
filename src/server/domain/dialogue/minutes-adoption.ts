/**
 * Minutes are adopted like a joint statement. The host's organisers put a meeting's draft minutes
 * to its participants: a statement whose clauses are the minutes of the items every reader of the
 * statement may read (a sidebar's minutes, or minutes labelled stricter than the meeting, stay
 * apart), one clause per item in agenda order. Participants propose corrections as amendments,
 * give their positions, and the text is adopted by concurrence or at the end of a silence — then
 * each item's minutes take the adopted text and are frozen (statement-service.ts, `adoptMinutes`).
 * While minutes are under adoption they are changed only through it (meeting-service.ts,
 * `writeMinutes`); withdrawing the statement gives them back to the secretariat. The choice is made
 * under the meeting's lock, which writing minutes takes too: one adoption at a time, and no
 * minutes written between being read and being put to adoption.
 */
import { CLAUSE_MAX_CHARS } from '../../../shared/contracts/statements';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { statementRepository } from '../../db/repositories/statement-repository';
import { AppError } from '../app-error';
import { communityMembership } from '../directory/directory-service';
import { reachesEveryReaderOf } from './label-coverage';
import { meetingPermissions } from './meeting-service';
import { createStatement } from './statement-service';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export async function putMinutesToAdoption(ctx: Context, actor: UserActor, meetingId: string): Promise<string> {
  const meeting = await meetingRepository(ctx.database.db).findReadable(meetingId, actor.reader);
  if (!meeting) throw AppError.notFound('meeting');
  if (!meetingPermissions(actor, meeting).organise)
    throw new AppError('FORBIDDEN', 'Only the host nation’s organisers, on its node, put the meeting’s minutes to adoption.');
  const membership = await communityMembership(ctx.database.db, actor);
  return createStatement(
    ctx,
    actor,
    meetingId,
    { title: `Minutes of the ${meeting.title}`, preamble: '', clauses: [], language: 'en' },
    async (tx, label) => {
      const open = await statementRepository(tx.db).openMinutesAdoption(meetingId);
      if (open) throw new AppError('CONFLICT', `The minutes are already under adoption: statement ${open.id}.`);
      const repo = meetingRepository(tx.db);
      const [agenda, minutes] = await Promise.all([repo.agendaOf(actor.reader, meetingId), repo.minutesOf(actor.reader, meetingId)]);
      const byItem = new Map(minutes.map((m) => [m.agenda_item_id, m]));
      // Copied into the statement, minutes must reach every reader of it: the item's label and theirs.
      const items = agenda.filter((item) => {
        const m = byItem.get(item.id);
        return (
          m &&
          m.status === 'draft' &&
          reachesEveryReaderOf(labelFromColumns(item), label, membership) &&
          reachesEveryReaderOf(labelFromColumns(m), label, membership)
        );
      });
      if (items.length === 0)
        throw new AppError(
          'CONFLICT',
          'No draft minutes every participant may read: write the minutes of the agenda items first (minutes released to fewer nations, or labelled stricter than the meeting, are not put to everyone).',
        );
      const long = items.find((item) => byItem.get(item.id)!.text.length > CLAUSE_MAX_CHARS);
      if (long)
        throw new AppError(
          'VALIDATION_FAILED',
          `The minutes of “${long.title}” are longer than a clause (${CLAUSE_MAX_CHARS} characters): shorten them first.`,
        );
      return { texts: items.map((item) => byItem.get(item.id)!.text), items: items.map((item) => item.id) };
    },
  );
}
