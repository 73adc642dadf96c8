/** The one place exercises, clashes and busy blocks become wire JSON. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { presentLabel } from './label-presenter';
import type { Venue } from '../../../shared/contracts/dialogue';
import type { BusyBlockView, ClashView, Exercise, ExerciseSummary } from '../../../shared/contracts/training';
import type { BusyBlockRow, ExerciseRow } from '../../db/repositories/exercise-repository';
import type { Clash } from '../../domain/training/clashes';
import type { Label } from '../../../shared/labels/label';
import type { ExercisePicture } from '../../../shared/contracts/exercise-control';
import type { AlertSeverity } from '../../../shared/vocab/hotline';
import type { AlertRow } from '../../db/repositories/alert-repository';
import type { CrisesTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import type { MetricsView } from '../../../shared/contracts/exercise-metrics';
import type { MetricExercise, MetricRow } from '../../domain/training/exercise-metrics';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentExerciseSummary(row: ExerciseRow): ExerciseSummary {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    kind: row.kind as ExerciseSummary['kind'],
    status: row.status as ExerciseSummary['status'],
    venue: row.venue as Venue,
    timeZone: row.time_zone,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    lead: row.originator_nation,
    participants: row.participants,
    units: row.units,
    label: presentLabel(labelFromColumns(row)),
    partnerNode: row.home_node !== null,
  };
}

/** An exercise with the commitments and meetings it names shown only where `readable` holds them. */
export function presentExercise(row: ExerciseRow, readable: ReadonlySet<string>, can: Exercise['can']): Exercise {
  return {
    ...presentExerciseSummary(row),
    summary: row.summary,
    resources: row.resources,
    objectives: row.objectives.map((o) => ({
      text: o.text,
      threats: o.threats,
      commitmentId: o.commitmentId && readable.has(o.commitmentId) ? o.commitmentId : null,
    })),
    trainingAudience: row.training_audience,
    milestones: row.milestones.map((m) => ({
      id: m.id,
      kind: m.kind as Exercise['milestones'][number]['kind'],
      title: m.title,
      startsAt: iso(m.starts_at),
      endsAt: iso(m.ends_at),
      meetingId: m.meeting_id && readable.has(m.meeting_id) ? m.meeting_id : null,
    })),
    createdBy: { id: row.created_by, name: row.created_by_name },
    updatedAt: iso(row.updated_at),
    can,
  };
}

export function presentClash(clash: Clash): ClashView {
  const other = clash.with;
  return {
    with: other.kind === 'holiday' ? other : { ...other, label: presentLabel(other.label) },
    from: clash.from.toISOString(),
    to: clash.to.toISOString(),
    reasons: clash.reasons,
  };
}

export function presentBusyBlock(row: BusyBlockRow, canEdit: boolean): BusyBlockView {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    nation: row.originator_nation,
    unit: row.unit,
    allDay: row.all_day,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    timeZone: row.time_zone,
    status: row.status as BusyBlockView['status'],
    label: presentLabel(labelFromColumns(row)),
    proposedLabel: row.proposed_label ? presentLabel(row.proposed_label as Label) : null,
    can: { edit: canEdit },
  };
}

/** The exercise's own picture, as its reader may read it. */
export function presentExercisePicture(picture: { alerts: AlertRow[]; crises: Selectable<CrisesTable>[] }): ExercisePicture {
  return {
    alerts: picture.alerts.map((a) => ({
      id: a.id,
      severity: a.severity as AlertSeverity,
      summary: a.summary,
      raisedAt: new Date(a.raised_at).toISOString(),
      label: presentLabel(labelFromColumns(a)),
    })),
    crises: picture.crises.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      declaredAt: new Date(c.declared_at).toISOString(),
      label: presentLabel(labelFromColumns(c)),
    })),
  };
}

/** Exercise metrics as the API sends them. */
export function presentMetrics(metrics: { exercises: MetricExercise[]; rows: MetricRow[] }): MetricsView {
  return {
    exercises: metrics.exercises.map((e) => ({ ...e, startedAt: e.startedAt.toISOString() })),
    rows: metrics.rows,
  };
}
