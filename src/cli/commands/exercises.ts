import fs from 'node:fs';
import { userRepository } from '../../server/db/repositories/user-repository';
import { AppError } from '../../server/domain/app-error';
import { loadUserActor } from '../../server/domain/auth/load-actor';
import { toICalendar } from '../../server/domain/calendar/ical';
import { importBusyBlocks } from '../../server/domain/training/busy-block-service';
import { exerciseCalendar } from '../../server/domain/training/exercise-calendar';
import { clashesOfExercise, listExercises } from '../../server/domain/training/exercise-service';
import { busyBlockImportRequestSchema } from '../../shared/contracts/training';
import { isTimeZone } from '../../shared/time/time-zone';
import { CLASSIFICATION_LEVELS, TLP_LEVELS } from '../../shared/vocab/levels';
import { CONTROL_ACTIONS, EXERCISE_STATUSES } from '../../shared/vocab/training';
import { controlExercise, controlPanel } from '../../server/domain/training/exercise-control';
import { metricsFor, metricsToCsv } from '../../server/domain/training/exercise-metrics-service';
import { buildExerciseReport } from '../../server/domain/training/exercise-report';
import { reportToMarkdown, reportToPdf } from '../../server/domain/crisis/after-action-report';
import { metricsQuerySchema } from '../../shared/contracts/exercise-metrics';
import { CommandFailed, EXIT, UsageError, requirePositional, requireString, withContext } from '../cli-kit';
import type { LabelInput } from '../../shared/labels/label';
import type { ControlAction, ExerciseStatus } from '../../shared/vocab/training';
import type { Command } from '../cli-kit';
import type { Context } from '../../server/context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const list = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.split(',').map((v) => v.trim().toUpperCase()) : [];
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const day = (at: Date | string) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

async function actorOf(ctx: Context, values: Record<string, unknown>) {
  const username = requireString(values, 'as');
  const user = await userRepository(ctx.database.db).findByUsername(username);
  const actor = user && (await loadUserActor(ctx.database.db, user.id, 'session'));
  if (!actor) throw new CommandFailed(`No active user "${username}" to act as.`);
  return actor;
}

/** Runs `work`, turning the node's refusals into a failed command with their message. */
async function refusalsAsFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new CommandFailed(error.message);
    throw error;
  }
}

export const exercisesCommand: Command = {
  name: 'exercises',
  summary:
    'Joint training: list exercises, show an exercise’s clashes, write its .ics, run it from its control panel, show exercise metrics, write its after-exercise report, import busy blocks from an .ics file',
  usage: [
    'concord exercises list --as USERNAME [--status STATUS] [--nation NATION] [--json]',
    '  The exercises USERNAME may read, by STARTEX. STATUS: concept, planning, approved, executing,',
    '  complete, cancelled. --nation: those the nation takes part in.',
    'concord exercises clashes ID --as USERNAME [--json]',
    '  What the exercise clashes with, among what USERNAME may read and the public holidays of the',
    '  nations taking part.',
    'concord exercises calendar ID --as USERNAME --out FILE.ics',
    '  The exercise and its milestones as an iCalendar file, each event marked with its label.',
    'concord exercises panel ID --as USERNAME [--json]',
    '  How the exercise’s run stands; for its controllers also the MSEL (each inject’s status, what it',
    '  made or why it failed, its expectations’ verdicts) and the scores per objective and nation.',
    'concord exercises control ID start|pause|resume|end --as USERNAME',
    '  Start an approved exercise, pause, resume or end it (the lead nation’s controllers).',
    'concord exercises metrics --as USERNAME [--exercise ID] [--nation NATION] [--measure MEASURE] [--csv FILE | --json]',
    '  Time to acknowledge, to a first situation report and from a request to an accepted offer, per',
    '  exercise (in the order they ran), nation and desk, from the records USERNAME may read. MEASURE:',
    '  acknowledge, first-report, offer-accepted. --csv writes the rows to FILE.',
    'concord exercises report ID --as USERNAME --out FILE [--format md|pdf]',
    '  The after-exercise report (summary, timeline, metrics, observations, lessons and their actions)',
    '  from what USERNAME may read, as Markdown (the default, or when FILE ends in .md) or PDF.',
    'concord exercises import-busy FILE.ics --as USERNAME --time-zone ZONE --classification LEVEL --tlp TLP',
    '    [--rel-to PAK,UZB] [--caveats CT] [--unit NAME] [--title TEXT]',
    '  The file’s events as draft busy blocks of USERNAME’s nation (for the unit, or the whole nation),',
    '  to be published from the web app or the API. ZONE: the zone of all-day and floating times.',
  ].join('\n'),
  options: {
    as: { type: 'string' },
    status: { type: 'string' },
    nation: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    'time-zone': { type: 'string' },
    classification: { type: 'string' },
    tlp: { type: 'string' },
    'rel-to': { type: 'string' },
    caveats: { type: 'string' },
    unit: { type: 'string' },
    title: { type: 'string' },
    exercise: { type: 'string' },
    measure: { type: 'string' },
    csv: { type: 'string' },
    format: { type: 'string' },
  },
  async run({ values, positionals, global, output }) {
    const action = requirePositional(positionals, 0, 'action (list, clashes, calendar, panel, control, metrics, report, import-busy)');
    if (action === 'metrics') {
      const query = metricsQuerySchema.safeParse({
        exercise: typeof values.exercise === 'string' ? values.exercise.toLowerCase() : undefined,
        nation: typeof values.nation === 'string' ? values.nation.toUpperCase() : undefined,
        measure: values.measure,
      });
      if (!query.success) {
        const issue = query.error.issues[0]!;
        throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
      }
      return withContext(global, async (ctx) => {
        const actor = await actorOf(ctx, values);
        const metrics = await metricsFor(ctx, actor, query.data);
        if (typeof values.csv === 'string') {
          fs.writeFileSync(values.csv, metricsToCsv(metrics));
          output.out(`wrote ${metrics.rows.length} rows to ${values.csv}`);
          return EXIT.ok;
        }
        if (values.json === true) {
          output.out(JSON.stringify(metrics, null, 2));
          return EXIT.ok;
        }
        if (metrics.rows.length === 0) {
          output.out(
            'no metrics yet: they come from exercises whose injected alerts were acknowledged, rooms reported in or offers accepted',
          );
          return EXIT.ok;
        }
        for (const exercise of metrics.exercises) {
          output.out(`${exercise.title} (${exercise.lead}, ${day(exercise.startedAt)} UTC)`);
          for (const r of metrics.rows.filter((row) => row.exerciseId === exercise.id))
            output.out(
              `  ${r.measure.padEnd(14)}  ${r.nation}${r.desk ? `  ${r.desk.name}` : ''}: ${r.count} answered, median ${r.medianMinutes} min, mean ${r.meanMinutes}, slowest ${r.slowestMinutes}`,
            );
        }
        return EXIT.ok;
      });
    }
    if (action === 'report') {
      const id = requirePositional(positionals, 1, 'ID').toLowerCase();
      if (!UUID.test(id)) throw new UsageError('ID is an exercise id (a UUID).');
      const out = requireString(values, 'out');
      const format = values.format ?? (out.toLowerCase().endsWith('.pdf') ? 'pdf' : 'md');
      if (format !== 'md' && format !== 'pdf') throw new UsageError('--format is md or pdf.');
      return withContext(global, async (ctx) => {
        const actor = await actorOf(ctx, values);
        const report = await refusalsAsFailures(() => buildExerciseReport(ctx, actor, id));
        fs.writeFileSync(out, format === 'pdf' ? await reportToPdf(report) : reportToMarkdown(report));
        output.out(`wrote the after-exercise report (${report.sections.length} sections, ${format}) to ${out}`);
        return EXIT.ok;
      });
    }
    if (action === 'panel' || action === 'control') {
      const id = requirePositional(positionals, 1, 'ID').toLowerCase();
      if (!UUID.test(id)) throw new UsageError('ID is an exercise id (a UUID).');
      const move = action === 'control' ? requirePositional(positionals, 2, 'start, pause, resume or end') : null;
      if (move !== null && !(CONTROL_ACTIONS as readonly string[]).includes(move))
        throw new UsageError(`The control action is one of ${CONTROL_ACTIONS.join(', ')}.`);
      return withContext(global, async (ctx) => {
        const actor = await actorOf(ctx, values);
        if (move !== null) await refusalsAsFailures(() => controlExercise(ctx, actor, id, move as ControlAction));
        const panel = await refusalsAsFailures(() => controlPanel(ctx, actor, id));
        if (values.json === true) {
          output.out(JSON.stringify(panel, null, 2));
          return EXIT.ok;
        }
        const run = panel.run;
        const state = run.endedAt ? 'ended' : run.pausedAt ? 'paused' : run.startedAt ? 'running' : 'not started';
        output.out(
          `EXERCISE ${panel.status}, ${state}${run.elapsedMinutes !== null ? `, T+${clock(run.elapsedMinutes)}` : ''}${run.startedAt ? ` (STARTEX ${day(run.startedAt)} UTC)` : ''}`,
        );
        if (!panel.can.control) {
          output.out('the MSEL and its scores are the exercise controllers’ own');
          return EXIT.ok;
        }
        if (panel.injects.length === 0) output.out('no injects yet: add them from the web app or the API');
        for (const inject of panel.injects) {
          const when = inject.firedAt ? `fired ${day(inject.firedAt)}` : inject.dueAt ? `due ${day(inject.dueAt)}` : '';
          output.out(`T+${clock(inject.atMinutes)}  ${inject.status.padEnd(9)}  ${inject.action.kind.padEnd(7)}  ${inject.title}  ${when}`);
          if (inject.failure) output.out(`    FAILED: ${inject.failure}`);
          if (inject.made) output.out(`    made ${inject.made.kind} ${inject.made.id}`);
          for (const e of inject.expectations)
            output.out(
              `    ${e.verdict.padEnd(7)}  ${e.nation} ${e.kind} within ${e.withinMinutes} min${e.minutesTaken !== null ? ` (took ${e.minutesTaken})` : ''}${e.text ? ` — ${e.text}` : ''}`,
            );
        }
        const share = (t: { met: number; missed: number }) =>
          t.met + t.missed === 0 ? '—' : `${Math.round((100 * t.met) / (t.met + t.missed))}%`;
        for (const o of panel.scores.objectives)
          output.out(`objective ${o.objective + 1}: ${share(o)} met (${o.met} met, ${o.missed} missed, ${o.pending} pending) — ${o.text}`);
        for (const n of panel.scores.nations)
          output.out(`${n.nation}: ${share(n)} met (${n.met} met, ${n.missed} missed, ${n.pending} pending)`);
        return EXIT.ok;
      });
    }
    if (action === 'list') {
      const status = typeof values.status === 'string' ? values.status : undefined;
      if (status !== undefined && !(EXERCISE_STATUSES as readonly string[]).includes(status))
        throw new UsageError(`--status is one of ${EXERCISE_STATUSES.join(', ')}.`);
      const nation = typeof values.nation === 'string' ? values.nation.toUpperCase() : undefined;
      if (nation !== undefined && !/^[A-Z]{3}$/.test(nation)) throw new UsageError('--nation is a nation code such as KAZ.');
      return withContext(global, async (ctx) => {
        const actor = await actorOf(ctx, values);
        const rows = await refusalsAsFailures(async () => {
          const found = [];
          let cursor: string | undefined;
          do {
            const page = await listExercises(ctx, actor, {
              limit: 200,
              ...(cursor ? { cursor } : {}),
              ...(status ? { status: status as ExerciseStatus } : {}),
              ...(nation ? { nation } : {}),
            });
            found.push(...page.items);
            cursor = page.next ?? undefined;
          } while (cursor);
          return found;
        });
        const items = rows.map((r) => ({
          id: r.id,
          title: r.title,
          kind: r.kind,
          status: r.status,
          lead: r.originator_nation,
          participants: r.participants,
          startsAt: new Date(r.starts_at).toISOString(),
          endsAt: new Date(r.ends_at).toISOString(),
        }));
        if (values.json === true) output.out(JSON.stringify(items, null, 2));
        else if (items.length === 0) output.out('no exercises to show (none planned, or none this person may read under these filters)');
        else {
          for (const i of items)
            output.out(
              `${day(i.startsAt)} → ${day(i.endsAt)}  ${i.status.padEnd(9)}  ${i.lead}  ${i.title} [${i.participants.join(',')}] (${i.id})`,
            );
          output.out(`${items.length} exercise${items.length === 1 ? '' : 's'}`);
        }
        return EXIT.ok;
      });
    }
    if (action === 'clashes' || action === 'calendar') {
      const id = requirePositional(positionals, 1, 'ID').toLowerCase();
      if (!UUID.test(id)) throw new UsageError('ID is an exercise id (a UUID).');
      const out = action === 'calendar' ? requireString(values, 'out') : null;
      return withContext(global, async (ctx) => {
        const actor = await actorOf(ctx, values);
        if (out !== null) {
          const { title, events } = await refusalsAsFailures(() => exerciseCalendar(ctx, actor, id));
          fs.writeFileSync(
            out,
            toICalendar(events, { nodeId: ctx.node.nodeId, publicUrl: ctx.config.publicUrl }, `Concord — ${title}`, ctx.clock.now()),
          );
          output.out(`wrote ${events.length} event${events.length === 1 ? '' : 's'} to ${out}`);
          return EXIT.ok;
        }
        const clashes = await refusalsAsFailures(() => clashesOfExercise(ctx, actor, id));
        if (values.json === true) output.out(JSON.stringify(clashes, null, 2));
        else if (clashes.length === 0)
          output.out('no clashes among what this person may read, and no public holiday of a nation taking part');
        else
          for (const c of clashes) {
            const other =
              c.with.kind === 'holiday' ? `holiday ${c.with.nation}: ${c.with.name}` : `${c.with.kind} ${c.with.title} (${c.with.id})`;
            output.out(`${day(c.from)} → ${day(c.to)}  ${other}  — ${c.reasons.map((r) => `${r.reason} ${r.detail}`).join('; ')}`);
          }
        return EXIT.ok;
      });
    }
    if (action === 'import-busy') {
      const file = requirePositional(positionals, 1, 'FILE.ics');
      if (!fs.existsSync(file)) throw new UsageError(`No file ${file}.`);
      const timeZone = requireString(values, 'time-zone');
      if (!isTimeZone(timeZone)) throw new UsageError('--time-zone is an IANA time zone such as Asia/Almaty.');
      const classification = requireString(values, 'classification');
      const tlp = requireString(values, 'tlp');
      if (!(CLASSIFICATION_LEVELS as readonly string[]).includes(classification))
        throw new UsageError(`--classification is one of ${CLASSIFICATION_LEVELS.join(', ')}.`);
      if (!(TLP_LEVELS as readonly string[]).includes(tlp)) throw new UsageError(`--tlp is one of ${TLP_LEVELS.join(', ')}.`);
      if (fs.statSync(file).size > 2_097_152) throw new CommandFailed('An .ics file of at most 2 MiB: split it.');
      if (tlp !== 'CLEAR' && tlp !== 'GREEN')
        throw new UsageError('--tlp is CLEAR or GREEN here: blocks for named organisations or people are imported from the web app.');
      const label = {
        classification,
        tlp,
        relTo: list(values['rel-to']),
        caveats: list(values.caveats),
        recipients: { orgs: [], users: [] },
      } as LabelInput;
      const calendar = fs.readFileSync(file, 'utf8');
      return withContext(global, async (ctx) => {
        const actor = await actorOf(ctx, values);
        // The same checks as the API's (lengths, the label's shape).
        const request = busyBlockImportRequestSchema.safeParse({
          calendar,
          timeZone,
          label,
          unit: typeof values.unit === 'string' && values.unit.trim() !== '' ? values.unit.trim() : null,
          title: typeof values.title === 'string' && values.title.trim() !== '' ? values.title.trim() : null,
        });
        if (!request.success)
          throw new UsageError(request.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join(' '));
        const { created, skipped } = await refusalsAsFailures(() => importBusyBlocks(ctx, actor, request.data));
        for (const s of skipped) output.err(`  skipped ${s.summary || s.uid || 'an event'}: ${s.why}`);
        output.out(
          `${created.length} draft busy block${created.length === 1 ? '' : 's'} made; publish them from the web app (Busy blocks) or POST /api/busy-blocks/ID/publish`,
        );
        return EXIT.ok;
      });
    }
    throw new UsageError(`Unknown action "${action}": list, clashes, calendar, import-busy.`);
  },
};
