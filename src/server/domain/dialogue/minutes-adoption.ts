/**
 * Minutes are adopted like a joint statement. The host's organisers put a meeting's draft minutes
 * to its participants: a statement whose clauses are the minutes of the items every participant may
 * read (a sidebar's minutes, released to fewer nations, stay apart), one clause per item in agenda
 * order. Participants propose corrections as amendments, give their positions, and the text is
 * adopted by concurrence or at the end of a silence — then each item's minutes take the adopted text
 * and are frozen (statement-service.ts, `adoptMinutes`). While minutes are under adoption, they are
 * changed only through it; withdrawing the statement gives them back to the secretariat.
 */
import { CLAUSE_MAX_CHARS } from '../../../shared/contracts/statements';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { statementRepository } from '../../db/repositories/statement-repository';
import { AppError } from '../app-error';
import { communityMembership } from '../directory/directory-service';
import { checkAudience, meetingPermissions } from './meeting-service';
import { createStatement } from './statement-service';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export async function putMinutesToAdoption(ctx: Context, actor: UserActor, meetingId: string): Promise<string> {
  const db = ctx.database.db;
  const meeting = await meetingRepository(db).findReadable(meetingId, actor.reader);
  if (!meeting) throw AppError.notFound('meeting');
  if (!meetingPermissions(actor, meeting).organise)
    throw new AppError('FORBIDDEN', 'Only the host nation’s organisers, on its node, put the meeting’s minutes to adoption.');
  const open = await statementRepository(db).openMinutesAdoption(meetingId);
  if (open) throw new AppError('CONFLICT', `The minutes are already under adoption: statement ${open.id}.`);
  const [agenda, minutes, membership] = await Promise.all([
    meetingRepository(db).agendaOf(actor.reader, meetingId),
    meetingRepository(db).minutesOf(actor.reader, meetingId),
    communityMembership(db, actor),
  ]);
  const byItem = new Map(minutes.map((m) => [m.agenda_item_id, m]));
  const everyone = (label: ReturnType<typeof labelFromColumns>) => checkAudience(label, meeting.participants, membership).length === 0;
  const items = agenda.filter((item) => {
    const m = byItem.get(item.id);
    return m && m.status === 'draft' && everyone(labelFromColumns(item)) && everyone(labelFromColumns(m));
  });
  const long = items.find((item) => byItem.get(item.id)!.text.length > CLAUSE_MAX_CHARS);
  if (long)
    throw new AppError(
      'VALIDATION_FAILED',
      `The minutes of “${long.title}” are longer than a clause (${CLAUSE_MAX_CHARS} characters): shorten them first.`,
    );
  if (items.length === 0)
    throw new AppError(
      'CONFLICT',
      'No draft minutes every participant may read: write the minutes of the agenda items first (a sidebar’s minutes, released to fewer nations, are not put to everyone).',
    );
  return createStatement(
    ctx,
    actor,
    meetingId,
    {
      title: `Minutes of the ${meeting.title}`,
      preamble: '',
      clauses: items.map((item) => byItem.get(item.id)!.text),
      language: 'en',
    },
    items.map((item) => item.id),
  );
}
