import fs from 'node:fs';
import { userRepository } from '../../server/db/repositories/user-repository';
import { AppError } from '../../server/domain/app-error';
import { loadUserActor } from '../../server/domain/auth/load-actor';
import { statementFile, statementPdf } from '../../server/domain/dialogue/statement-export';
import { getStatement } from '../../server/domain/dialogue/statement-service';
import { verifyStatementDocument } from '../../server/domain/dialogue/statement-document';
import { CommandFailed, EXIT, UsageError, requirePositional, requireString, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const statementCommand: Command = {
  name: 'statement',
  summary: 'Export a joint statement (Markdown, or the signed JSON of an adopted one); verify a signed statement offline',
  usage: [
    'concord statement export ID --as USERNAME [--format md|json|pdf] [--out FILE]',
    '  As USERNAME reads it (the releasability rule applies); to standard output unless --out names a file.',
    'concord statement verify FILE',
    '  Checks a signed statement without the node or its database: the host node’s signature, the text’s',
    '  digest, every nation’s signed position or no-objection word. Prints each signing key’s fingerprint',
    '  to compare with the keys the partners published. Exit code 1 when anything does not hold.',
  ].join('\n'),
  options: { as: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (export, verify)');
    if (action === 'verify') {
      const file = requirePositional(positionals, 1, 'FILE');
      let document: unknown;
      try {
        document = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new CommandFailed(`${file}: not a JSON file (${(error as Error).message}).`);
      }
      const check = verifyStatementDocument(document);
      if (check.document) {
        const s = check.document.statement;
        output.out(
          `“${s.title}” — hosted by ${s.host}, adopted ${s.adoptedAt} by ${s.adoptedBy}; participants ${s.participants.join(', ')}`,
        );
      }
      for (const key of check.keys)
        output.out(`  signed by ${key.nation} node ${key.node}, key ${key.key} (fingerprint ${key.fingerprint})`);
      if (check.ok) {
        output.out('verified: every signature holds and the text is the one the nations signed');
        return EXIT.ok;
      }
      for (const problem of check.problems) output.err(`  ${problem}`);
      output.err('NOT VERIFIED');
      return EXIT.failed;
    }
    if (action !== 'export') throw new UsageError(`Unknown action "${action}": export or verify.`);
    const id = requirePositional(positionals, 1, 'ID').toLowerCase();
    if (!UUID.test(id)) throw new UsageError('ID is a statement id (a UUID).');
    const format = typeof values.format === 'string' ? values.format : 'md';
    if (format !== 'md' && format !== 'json' && format !== 'pdf') throw new UsageError('--format is md, json or pdf.');
    if (format === 'pdf' && typeof values.out !== 'string') throw new UsageError('A PDF is written to a file: give --out FILE.');
    return withContext(global, async (ctx) => {
      const username = requireString(values, 'as');
      const user = await userRepository(ctx.database.db).findByUsername(username);
      const actor = user && (await loadUserActor(ctx.database.db, user.id, 'session'));
      if (!actor) throw new CommandFailed(`No active user "${username}" to read as.`);
      try {
        const { statement, meeting, positions } = await getStatement(ctx, actor, id);
        const file = format === 'pdf' ? await statementPdf(statement) : statementFile(statement, meeting, positions, format);
        if (typeof values.out === 'string') {
          fs.writeFileSync(values.out, file.body);
          output.out(
            `wrote ${values.out}${
              !statement.adopted
                ? ' (a draft: not adopted, not signed)'
                : format === 'json'
                  ? ' (signed: check it with `concord statement verify`)'
                  : ' (the adopted text; its signed document is `--format json`)'
            }`,
          );
        } else output.out(String(file.body).trimEnd());
      } catch (error) {
        if (error instanceof AppError) throw new CommandFailed(error.message);
        throw error;
      }
      return EXIT.ok;
    });
  },
};
