import { userRepository } from '../../server/db/repositories/user-repository';
import { AppError } from '../../server/domain/app-error';
import { loadUserActor } from '../../server/domain/auth/load-actor';
import { isOverdue, listCommitments } from '../../server/domain/dialogue/commitment-service';
import { COMMITMENT_STATUSES } from '../../shared/vocab/dialogue';
import { CommandFailed, EXIT, UsageError, requirePositional, requireString, withContext } from '../cli-kit';
import type { CommitmentStatus } from '../../shared/vocab/dialogue';
import type { Command } from '../cli-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const commitmentsCommand: Command = {
  name: 'commitments',
  summary: 'List the commitments a person may read, with where each stands (the trackers’ rows)',
  usage: [
    'concord commitments list --as USERNAME [--meeting ID] [--owner NATION] [--status STATUS] [--overdue] [--json]',
    '  As USERNAME reads them (the releasability rule applies), soonest due first; --owner: those the',
    '  nation owns (alone or with others). STATUS: planned,',
    '  in-progress, done, dropped. --overdue: past their due date and neither done nor dropped.',
    '  --json prints one JSON array of { id, meetingId, meeting, text, ownerNations, dueOn, status, overdue }.',
  ].join('\n'),
  options: {
    as: { type: 'string' },
    meeting: { type: 'string' },
    owner: { type: 'string' },
    status: { type: 'string' },
    overdue: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (list)');
    if (action !== 'list') throw new UsageError(`Unknown action "${action}": list.`);
    const meetingId = typeof values.meeting === 'string' ? values.meeting.toLowerCase() : undefined;
    if (meetingId !== undefined && !UUID.test(meetingId)) throw new UsageError('--meeting is a meeting id (a UUID).');
    const nation = typeof values.owner === 'string' ? values.owner.toUpperCase() : undefined;
    if (nation !== undefined && !/^[A-Z]{3}$/.test(nation)) throw new UsageError('--owner is a nation code such as KAZ.');
    const status = typeof values.status === 'string' ? values.status : undefined;
    if (status !== undefined && !(COMMITMENT_STATUSES as readonly string[]).includes(status))
      throw new UsageError(`--status is one of ${COMMITMENT_STATUSES.join(', ')}.`);
    return withContext(global, async (ctx) => {
      const username = requireString(values, 'as');
      const user = await userRepository(ctx.database.db).findByUsername(username);
      const actor = user && (await loadUserActor(ctx.database.db, user.id, 'session'));
      if (!actor) throw new CommandFailed(`No active user "${username}" to read as.`);
      const rows = [];
      let today = '';
      try {
        let cursor: string | undefined;
        do {
          const page = await listCommitments(ctx, actor, {
            limit: 200,
            ...(cursor ? { cursor } : {}),
            ...(meetingId ? { meetingId } : {}),
            ...(nation ? { nation } : {}),
            ...(status ? { status: status as CommitmentStatus } : {}),
            ...(values.overdue === true ? { overdue: true } : {}),
          });
          rows.push(...page.items);
          today = page.today;
          cursor = page.next ?? undefined;
        } while (cursor);
      } catch (error) {
        if (error instanceof AppError) throw new CommandFailed(error.message);
        throw error;
      }
      const items = rows.map((row) => ({
        id: row.id,
        meetingId: row.meeting_id,
        meeting: row.meeting_title,
        text: row.text,
        ownerNations: row.owner_nations,
        dueOn: row.due_on,
        status: row.status,
        overdue: isOverdue(row, today),
      }));
      if (values.json === true) {
        output.out(JSON.stringify(items, null, 2));
        return EXIT.ok;
      }
      if (items.length === 0) {
        output.out('no commitments to show (none recorded, or none this person may read under these filters)');
        return EXIT.ok;
      }
      output.out(['DUE'.padEnd(10), 'STATUS'.padEnd(12), 'OWNERS'.padEnd(15), 'COMMITMENT'].join('  '));
      for (const item of items) {
        const text = item.text.length > 70 ? `${item.text.slice(0, 69)}…` : item.text;
        output.out(
          [
            item.dueOn,
            `${item.status}${item.overdue ? '!' : ''}`.padEnd(12),
            item.ownerNations.join(',').padEnd(15),
            `${text.replace(/\s+/g, ' ')} — ${item.meeting} (${item.id})`,
          ].join('  '),
        );
      }
      const overdue = items.filter((i) => i.overdue).length;
      output.out(`${items.length} commitment${items.length === 1 ? '' : 's'}${overdue > 0 ? `, ${overdue} overdue (marked !)` : ''}`);
      return EXIT.ok;
    });
  },
};
