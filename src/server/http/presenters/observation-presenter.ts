/** The one place observations (lessons learned) become wire JSON. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { presentLabel } from './label-presenter';
import type { ObservationView } from '../../../shared/contracts/lessons';
import type { ObservationRow } from '../../db/repositories/observation-repository';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentObservation(
  row: ObservationRow,
  actions: { total: number; open: number } | undefined,
  can: ObservationView['can'],
): ObservationView {
  const objective = row.objective === null ? null : Number(row.objective);
  return {
    id: row.id,
    version: row.version,
    exerciseId: row.exercise_id,
    exerciseTitle: row.exercise_title,
    nation: row.originator_nation,
    title: row.title,
    observation: row.observation,
    discussion: row.discussion,
    conclusion: row.conclusion,
    recommendation: row.recommendation,
    objective,
    objectiveText: objective === null ? null : (row.exercise_objectives[objective]?.text ?? null),
    stage: row.stage as ObservationView['stage'],
    label: presentLabel(labelFromColumns(row)),
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    actions: actions ?? { total: 0, open: 0 },
    can,
  };
}
