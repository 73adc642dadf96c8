import { recallRepository } from '../../server/db/repositories/recall-repository';
import { userRepository } from '../../server/db/repositories/user-repository';
import { AppError } from '../../server/domain/app-error';
import { loadUserActor } from '../../server/domain/auth/load-actor';
import { recallOf } from '../../server/domain/release/recall-of';
import { CommandFailed, UsageError, requirePositional, requireString, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const recallCommand: Command = {
  name: 'recall',
  summary: 'Recall a record of your organisation everywhere it went (partner nodes purge it and confirm with a signed receipt)',
  usage: [
    'concord recall ID --as USERNAME --reason TEXT',
    '  ID is an incident, actor or indicator id (a UUID); USERNAME a releasing officer of its originating organisation.',
    '  Prints, per partner node that received it, whether the recall is pending, applied or overdue.',
  ].join('\n'),
  options: { as: { type: 'string' }, reason: { type: 'string' } },
  async run({ values, positionals, global, output }) {
    const id = requirePositional(positionals, 0, 'ID').toLowerCase();
    if (!UUID.test(id)) throw new UsageError('ID is a record id (a UUID), e.g. 0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a01.');
    const reason = requireString(values, 'reason').trim();
    if (!reason) throw new UsageError('--reason says why the record is recalled.');
    return withContext(global, async (ctx) => {
      const username = requireString(values, 'as');
      const user = await userRepository(ctx.database.db).findByUsername(username);
      const actor = user && (await loadUserActor(ctx.database.db, user.id, 'session'));
      if (!actor) throw new CommandFailed(`No active user "${username}" to recall as.`);
      const kind = await recallRepository(ctx.database.db).kindOf(id);
      const recall = kind && recallOf(kind);
      if (!recall) throw new CommandFailed(`No incident, actor or indicator ${id}.`);
      try {
        const done = await recall(ctx, actor, id, reason);
        output.out(`recalled ${done.recordKind} ${done.recordId} (recall ${done.id})`);
        if (done.partners.length === 0) output.out('no partner node received it');
        for (const p of done.partners) output.out(`  ${p.nation}  ${p.nodeId}  ${p.status}`);
      } catch (error) {
        if (error instanceof AppError) throw new CommandFailed(error.message);
        throw error;
      }
      return 0;
    });
  },
};
