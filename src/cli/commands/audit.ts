import fs from 'node:fs';
import { auditRepository } from '../../server/db/repositories/audit-repository';
import { signCheckpoint } from '../../server/domain/audit/audit-checkpoint';
import { verifyAuditLog } from '../../server/domain/audit/audit-verify';
import { CommandFailed, UsageError, requirePositional, withContext } from '../cli-kit';
import type { Checkpoint } from '../../server/domain/audit/audit-verify';
import type { Command } from '../cli-kit';

function readCheckpoint(file: string): Checkpoint {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Checkpoint;
    if (
      typeof value.seq !== 'number' ||
      (['nodeId', 'headHash', 'at', 'publicKey', 'signature'] as const).some((k) => typeof value[k] !== 'string')
    )
      throw new Error('shape');
    return value;
  } catch {
    throw new UsageError(`${file} is not a checkpoint written by \`concord audit checkpoint\`.`);
  }
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Read and verify the hash-chained audit log',
  usage: [
    'concord audit list [--limit N] [--action PREFIX] [--actor USERNAME] [--json]',
    'concord audit verify [--checkpoint FILE]   exit 0 when intact, 1 when tampering is found;',
    '  checks the chain, the checkpoints this node signed, partners’ countersignatures and FILE,',
    '  and says what it cannot see (the end of the log, without a checkpoint kept elsewhere)',
    'concord audit checkpoint [--out FILE]      sign the current head; keep the file off this node',
  ].join('\n'),
  options: {
    limit: { type: 'string' },
    action: { type: 'string' },
    actor: { type: 'string' },
    json: { type: 'boolean' },
    checkpoint: { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (list, verify, checkpoint)');
    return withContext(global, async (ctx) => {
      if (action === 'list') {
        const limit = typeof values.limit === 'string' ? Number(values.limit) : 50;
        if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError('--limit is a whole number from 1 to 100000.');
        const rows = await auditRepository(ctx.database.db).latest(limit, {
          ...(typeof values.action === 'string' ? { action: values.action } : {}),
          ...(typeof values.actor === 'string' ? { actor: values.actor } : {}),
        });
        rows.reverse();
        if (values.json)
          output.out(
            JSON.stringify(
              rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
              null,
              2,
            ),
          );
        else
          for (const r of rows) {
            const target = r.target_kind ? ` ${r.target_kind}:${r.target_id}` : '';
            output.out(
              `${String(r.seq).padStart(6)} ${new Date(r.at).toISOString()} ${r.outcome.padEnd(8)} ${r.actor.padEnd(26)} ${r.action}${target}`,
            );
          }
        return 0;
      }
      if (action === 'verify') {
        const checkpoint = typeof values.checkpoint === 'string' ? readCheckpoint(values.checkpoint) : undefined;
        const result = await verifyAuditLog(ctx.database, { node: ctx.node, ...(checkpoint ? { checkpoint } : {}) });
        for (const anchor of result.anchors) output.out(`checked against ${anchor}`);
        for (const blindSpot of result.blindSpots) output.out(`cannot see: ${blindSpot}`);
        if (!result.ok) {
          for (const problem of result.problems) output.err(`audit: ${problem}`);
          throw new CommandFailed(`audit log verification FAILED (${result.problems.length} problem(s)).`);
        }
        output.out(
          `audit log intact: ${result.entries} entries, head ${result.headHash}${checkpoint ? `, extends checkpoint at entry ${checkpoint.seq}` : ''}`,
        );
        return 0;
      }
      if (action === 'checkpoint') {
        const checkpoint = await signCheckpoint(ctx);
        const json = JSON.stringify(checkpoint, null, 2);
        if (typeof values.out === 'string') fs.writeFileSync(values.out, `${json}\n`);
        output.out(json);
        return 0;
      }
      throw new UsageError(`Unknown audit action "${action}".`);
    });
  },
};
