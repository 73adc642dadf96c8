/**
 * The lessons-learned process's own rules, without storage: an observation moves forward one stage
 * at a time — observation, lesson identified, lesson learned — and each move asks for what that
 * stage means. A lesson is identified once its nation has concluded and recommended something; it
 * is validated as learned once it has actions and every action it has is done or dropped.
 */
import { OBSERVATION_STAGES } from '../../../shared/vocab/training';
import type { ObservationStage } from '../../../shared/vocab/training';

type Issue = { path: string; message: string };

/** The stage after each, if any: a lesson learned is the last. */
export const NEXT_STAGE: Readonly<Record<ObservationStage, ObservationStage | null>> = {
  observation: 'lesson-identified',
  'lesson-identified': 'lesson-learned',
  'lesson-learned': null,
};

const NAMES: Readonly<Record<ObservationStage, string>> = {
  observation: 'an observation',
  'lesson-identified': 'a lesson identified',
  'lesson-learned': 'a lesson learned',
};

export const isStage = (value: string): value is ObservationStage => (OBSERVATION_STAGES as readonly string[]).includes(value);

/**
 * Why an observation may not move to `to` now, if it may not: `open` are the texts of its actions
 * the mover can read that are neither done nor dropped, `actions` how many it has in all.
 */
export function stageIssues(
  observation: { stage: ObservationStage; conclusion: string; recommendation: string },
  to: ObservationStage,
  actions: { total: number; open: readonly string[] },
): Issue[] {
  const next = NEXT_STAGE[observation.stage];
  if (to !== next)
    return [
      {
        path: 'stage',
        message: next ? `It is ${NAMES[observation.stage]}: it moves only to ${next}.` : 'It is a lesson learned: it has no further stage.',
      },
    ];
  if (to === 'lesson-identified') {
    const issues: Issue[] = [];
    if (observation.conclusion.trim() === '')
      issues.push({ path: 'conclusion', message: 'Write its conclusion before identifying it as a lesson.' });
    if (observation.recommendation.trim() === '')
      issues.push({ path: 'recommendation', message: 'Write its recommendation before identifying it as a lesson.' });
    return issues;
  }
  if (actions.total === 0)
    return [{ path: 'stage', message: 'Record at least one action for it at the after-action review before validating it.' }];
  if (actions.open.length > 0) {
    const shown = actions.open.slice(0, 3).map((text) => `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`);
    const more = actions.open.length > 3 ? ` and ${actions.open.length - 3} more` : '';
    return [
      {
        path: 'stage',
        message: `${actions.open.length === 1 ? 'One action is' : `${actions.open.length} actions are`} neither done nor dropped: ${shown.join(', ')}${more}.`,
      },
    ];
  }
  return [];
}
