/**
 * The after-exercise report, for one reader: the exercise, its timeline (milestones and run), its
 * metrics, its observations and lessons, and their actions — built from what that reader may read
 * (a report is never stored, like the crisis after-action report whose outline and writers it
 * shares: Markdown and PDF from the same outline).
 */
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { formatUtc } from '../../../shared/time/format-moment';
import { CLASSIFICATION_LEVELS, classificationRank } from '../../../shared/vocab/levels';
import { MILESTONE_NAMES, OBSERVATION_STAGES } from '../../../shared/vocab/training';
import { commitmentRepository } from '../../db/repositories/commitment-repository';
import { observationRepository } from '../../db/repositories/observation-repository';
import { EXERCISE_PREFIX } from '../crisis/crisis-service';
import { calendarDay } from '../dialogue/commitment-service';
import { metricsFor } from './exercise-metrics-service';
import { exerciseToRead } from './exercise-service';
import type { Report } from '../crisis/after-action-report';
import type { MetricMeasure, MilestoneKind, ObservationStage } from '../../../shared/vocab/training';
import type { Objective } from '../../../shared/contracts/training';
import type { Venue } from '../../../shared/contracts/dialogue';
import type { Context } from '../../context';
import type { StoredMilestone } from '../../db/schema';
import type { UserActor } from '../auth/actor';

const when = (value: Date | string | null | undefined) => (value ? formatUtc(value) : '—');

const MEASURES: Record<MetricMeasure, string> = {
  acknowledge: 'Time to acknowledge an alert',
  'first-report': 'Time to a first situation report',
  'offer-accepted': 'Time from a request to an accepted offer',
};

const STAGES: Record<ObservationStage, string> = {
  observation: 'Observations',
  'lesson-identified': 'Lessons identified',
  'lesson-learned': 'Lessons learned',
};

const minutes = (value: number) => `${Math.round(value * 10) / 10} min`;

const venueText = (venue: Venue) => (venue.online ? 'distributed' : `${venue.name} (${venue.country})`);

export async function buildExerciseReport(ctx: Context, actor: UserActor, exerciseId: string): Promise<Report> {
  const { exercise } = await exerciseToRead(ctx, actor, exerciseId);
  const db = ctx.database.db;
  const observations = await observationRepository(db).listReadable(actor.reader, { exerciseId }, 10_000, null);
  const metrics = await metricsFor(ctx, actor, { exercise: exerciseId });
  const today = calendarDay(ctx.clock.now());
  const actions = await commitmentRepository(db).actionsOf(
    actor.reader,
    observations.map((o) => o.id),
    today,
  );
  const now = ctx.clock.now();

  const label = labelFromColumns(exercise);
  const highest = [exercise, ...observations, ...actions].reduce(
    (top, r) => Math.max(top, classificationRank(r.classification as never)),
    0,
  );
  const banner = [
    EXERCISE_PREFIX,
    `Exercise marking: ${formatMarking(label)}`,
    `Highest classification of any record in this report: ${CLASSIFICATION_LEVELS[highest]}. Each observation carries its own marking.`,
    `Prepared for ${actor.user.displayName} (${actor.nation.code}) on ${when(now)}; it holds only records released to that reader.`,
  ];
  const sections: Report['sections'] = [];
  const objectives = exercise.objectives as Objective[];
  sections.push({
    heading: 'Summary',
    blocks: [
      {
        kind: 'table',
        head: ['', ''],
        rows: [
          ['Kind', exercise.kind],
          ['Status', exercise.status],
          ['Lead nation', exercise.originator_nation],
          ['Nations taking part', exercise.participants.join(', ')],
          ['Venue', venueText(exercise.venue as Venue)],
          ['Planned', `${when(exercise.starts_at)} to ${when(exercise.ends_at)} (${exercise.time_zone})`],
          ...(exercise.training_audience ? [['Training audience', exercise.training_audience]] : []),
        ],
      },
      ...(exercise.summary ? [{ kind: 'quote' as const, text: exercise.summary }] : []),
      ...(objectives.length > 0 ? [{ kind: 'list' as const, items: objectives.map((o, i) => `Objective ${i + 1}: ${o.text}`) }] : []),
    ],
  });

  const timeline: [string, string][] = [
    ...(exercise.milestones as StoredMilestone[]).map(
      (m) => [when(m.starts_at), m.title || MILESTONE_NAMES[m.kind as MilestoneKind] || m.kind] as [string, string],
    ),
    [when(exercise.starts_at), 'STARTEX (planned)'],
    [when(exercise.ends_at), 'ENDEX (planned)'],
    ...(exercise.run_started_at ? [[when(exercise.run_started_at), 'Run started (STARTEX)'] as [string, string]] : []),
    ...(exercise.run_ended_at ? [[when(exercise.run_ended_at), 'Run ended (ENDEX)'] as [string, string]] : []),
    ...observations.map((o) => [when(o.created_at), `Observation recorded by ${o.originator_nation}: ${o.title}`] as [string, string]),
  ];
  timeline.sort((a, b) => a[0].localeCompare(b[0]));
  sections.push({ heading: 'Timeline (UTC)', blocks: [{ kind: 'table', head: ['When', 'What'], rows: timeline }] });

  sections.push({
    heading: 'Metrics',
    blocks:
      metrics.rows.length === 0
        ? [{ kind: 'paragraph', text: 'No answer to an injected alert, room or request that you may read was measured.' }]
        : [
            {
              kind: 'table',
              head: ['Measure', 'Nation', 'Desk', 'Count', 'Median', 'Mean', 'Slowest'],
              rows: metrics.rows.map((r) => [
                MEASURES[r.measure],
                r.nation,
                r.desk?.name ?? '',
                String(r.count),
                minutes(r.medianMinutes),
                minutes(r.meanMinutes),
                minutes(r.slowestMinutes),
              ]),
            },
          ],
  });

  const byObservation = new Map<string, typeof actions>();
  for (const a of actions) {
    const id = (a.source as { id: string }).id;
    byObservation.set(id, [...(byObservation.get(id) ?? []), a]);
  }
  if (observations.length === 0)
    sections.push({ heading: 'Observations and lessons', blocks: [{ kind: 'paragraph', text: 'No observation that you may read.' }] });
  for (const stage of OBSERVATION_STAGES) {
    const here = observations.filter((o) => o.stage === stage);
    if (here.length === 0) continue;
    sections.push({
      heading: STAGES[stage],
      blocks: here.flatMap((o) => {
        const objective = o.objective === null ? undefined : objectives[Number(o.objective)];
        const fields: [string, string][] = [
          ['Observation', o.observation],
          ['Discussion', o.discussion],
          ['Conclusion', o.conclusion],
          ['Recommendation', o.recommendation],
        ];
        const its = byObservation.get(o.id) ?? [];
        return [
          {
            kind: 'paragraph' as const,
            text: `${o.title} — ${o.originator_nation}, ${when(o.created_at)}${objective ? `; objective ${Number(o.objective) + 1}: ${objective.text}` : ''} [${formatMarking(labelFromColumns(o))}]`,
          },
          ...fields.filter(([, text]) => text.trim() !== '').map(([name, text]) => ({ kind: 'quote' as const, text: `${name}: ${text}` })),
          ...(its.length > 0
            ? [
                {
                  kind: 'table' as const,
                  head: ['Action', 'Owners', 'Due', 'Status'],
                  rows: its.map((a) => [a.text, a.owner_nations.join(', '), a.due_on, a.status]),
                },
              ]
            : []),
        ];
      }),
    });
  }
  const open = actions.filter((a) => a.status === 'planned' || a.status === 'in-progress');
  sections.push({
    heading: 'Actions',
    blocks: [
      {
        kind: 'list',
        items: [
          `Actions: ${actions.length}; open: ${open.length}; overdue: ${open.filter((a) => a.due_on < today).length}`,
          ...open.filter((a) => a.due_on < today).map((a) => `Overdue since ${a.due_on}: ${a.text} (${a.owner_nations.join(', ')})`),
        ],
      },
    ],
  });
  const slug =
    exercise.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'exercise';
  return {
    title: `After-exercise report: ${exercise.title}`,
    banner,
    marking: `EXERCISE — ${CLASSIFICATION_LEVELS[highest]} — exercise: ${formatMarking(label)}`,
    sections,
    filename: `after-exercise-${slug}-${calendarDay(now)}`,
    exercise: true,
  };
}
