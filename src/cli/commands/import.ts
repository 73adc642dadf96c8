import fs from 'node:fs';
import { CLASSIFICATION_LEVELS, TLP_LEVELS } from '../../shared/vocab/levels';
import { userRepository } from '../../server/db/repositories/user-repository';
import { AppError } from '../../server/domain/app-error';
import { loadUserActor } from '../../server/domain/auth/load-actor';
import { importIncidents } from '../../server/domain/incidents/incident-import';
import { CommandFailed, UsageError, requirePositional, requireString, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';
import type { LabelInput } from '../../shared/labels/label';

const list = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

export const importCommand: Command = {
  name: 'import',
  summary: 'Import incidents from a CSV file (an ACLED export or Concord columns) under one label, with progress',
  usage: [
    'concord import FILE.csv --as USERNAME --classification LEVEL --tlp TLP [--rel-to KAZ,UZB,COMMUNITY] [--caveats CT,NARC]',
    '                        [--recipient-orgs ORG_ID,...] [--release] [--dry-run]',
    '  Every row is checked first; a file with any problem imports nothing and the problems are listed by row and column.',
    '  Takes ACLED exports as ACLED publishes them, or Concord columns: event_date, time_precision, domain, subtype,',
    '  title, notes, country (ISO3 or name), admin1, admin2, location, latitude, longitude, geo_precision, killed, wounded, abducted.',
  ].join('\n'),
  options: {
    as: { type: 'string' },
    classification: { type: 'string' },
    tlp: { type: 'string' },
    'rel-to': { type: 'string' },
    caveats: { type: 'string' },
    'recipient-orgs': { type: 'string' },
    release: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  async run({ values, positionals, global, output }) {
    const file = requirePositional(positionals, 0, 'FILE');
    if (!fs.existsSync(file)) throw new UsageError(`No file ${file}.`);
    const classification = requireString(values, 'classification');
    const tlp = requireString(values, 'tlp');
    if (!(CLASSIFICATION_LEVELS as readonly string[]).includes(classification))
      throw new UsageError(`--classification is one of ${CLASSIFICATION_LEVELS.join(', ')}.`);
    if (!(TLP_LEVELS as readonly string[]).includes(tlp)) throw new UsageError(`--tlp is one of ${TLP_LEVELS.join(', ')}.`);
    const label = {
      classification,
      tlp,
      relTo: list(values['rel-to']),
      caveats: list(values.caveats),
      recipients: { orgs: list(values['recipient-orgs']), users: [] },
    } as LabelInput;
    const csv = fs.readFileSync(file, 'utf8');
    return withContext(global, async (ctx) => {
      const username = requireString(values, 'as');
      const user = await userRepository(ctx.database.db).findByUsername(username);
      const actor = user && (await loadUserActor(ctx.database.db, user.id, 'session'));
      if (!actor) throw new CommandFailed(`No active user "${username}" to import as.`);
      const started = Date.now();
      try {
        const report = await importIncidents(
          ctx,
          actor,
          { csv, label, release: Boolean(values.release), dryRun: Boolean(values['dry-run']) },
          (stage, done, total) => output.out(`${stage} ${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows`),
        );
        const seconds = (Date.now() - started) / 1000;
        if (report.problems && report.problems.length > 0) {
          for (const issue of report.problems) output.err(`  ${issue.message}`);
          throw new CommandFailed(
            `${report.problems.length} problem(s) in the file; fix them and check again (dry run, nothing was written).`,
          );
        }
        output.out(
          report.dryRun
            ? `${report.rows} rows are valid; nothing was written (dry run)`
            : `imported ${report.imported} incidents as ${report.released ? 'released' : 'drafts'} in ${seconds.toFixed(1)} s (${Math.round(report.imported / seconds)} rows/s)`,
        );
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          for (const issue of error.issues ?? [])
            output.err(`  ${issue.message.startsWith('Row ') ? issue.message : `${issue.path}: ${issue.message}`}`);
          throw new CommandFailed(error.message);
        }
        throw error;
      }
    });
  },
};
