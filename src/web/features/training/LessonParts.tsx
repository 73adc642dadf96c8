/** What the exercise's lessons section and an observation's page show alike: its stage, its actions, the stage button, the form, the report. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { reportAddress, useMoveObservation } from '../../api/lessons';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker } from '../../components/LabelPicker';
import { formatMarking } from '../../../shared/labels/format-label';
import { OBSERVATION_FIELDS, objectiveOption } from './observation-draft';
import { fieldErrors } from './TrainingParts';
import { unplaced } from './exercise-draft';
import type { ReactNode } from 'react';
import type { DirectoryResponse } from '../../../shared/contracts/directory';
import type { ObservationView } from '../../../shared/contracts/lessons';
import type { ObservationStage } from '../../../shared/vocab/training';
import type { ObservationDraft } from './observation-draft';
import './training.css';

/** Where an observation stands, in words (its colour only repeats them). */
export function StageBadge({ stage }: { stage: ObservationStage }) {
  const { t } = useTranslation();
  return <span className={`state-word stage-${stage}`}>{t(`training.lessons.stages.${stage}`)}</span>;
}

/** The exercise objective it is about: its text, or that the exercise no longer has it, or that it names none. */
export function ObjectiveText({ observation: o }: { observation: Pick<ObservationView, 'objective' | 'objectiveText'> }) {
  const { t } = useTranslation();
  if (o.objectiveText !== null) return <bdi>{o.objectiveText}</bdi>;
  if (o.objective !== null) return <span className="muted">{t('training.lessons.objectiveGone', { n: o.objective + 1 })}</span>;
  return <span className="muted">{t('training.lessons.noObjectiveNamed')}</span>;
}

/** Its actions: how many, and how many are still open (neither done nor dropped). */
export function ActionCount({ actions }: { actions: ObservationView['actions'] }) {
  const { t } = useTranslation();
  if (actions.total === 0) return <span className="muted">{t('training.lessons.noActions')}</span>;
  return (
    <span className={actions.open > 0 ? 'action-count has-open' : 'action-count'}>
      {t('training.lessons.actionCount', { count: actions.total, open: actions.open })}
    </span>
  );
}

/** The stage the reader may move it to now, as a button; the server's refusal (an action still open, say) shown under it. */
export function StageButton({ observation: o }: { observation: ObservationView }) {
  const { t } = useTranslation();
  const move = useMoveObservation(o.id);
  const to = o.can.moveTo;
  if (!to) return null;
  return (
    <div className="observation-move">
      <button
        type="button"
        className="secondary"
        disabled={move.isPending}
        aria-label={t(`training.lessons.moveToNamed.${to}`, { title: o.title })}
        onClick={() => move.mutate({ stage: to, version: o.version })}
      >
        {t(`training.lessons.moveTo.${to}`)}
      </button>
      <ErrorMessage error={move.error} />
    </div>
  );
}

/** The after-exercise report (summary, timeline, metrics, observations and lessons with their actions), to download. */
export function ReportLinks({ exerciseId }: { exerciseId: string }) {
  const { t } = useTranslation();
  return (
    <p className="report-links">
      {t('training.lessons.report')}:{' '}
      <a href={reportAddress(exerciseId, 'md')} download>
        {t('training.lessons.reportMarkdown')}
      </a>{' '}
      ·{' '}
      <a href={reportAddress(exerciseId, 'pdf')} download>
        {t('training.lessons.reportPdf')}
      </a>
    </p>
  );
}

type Issue = { path: string; message: string };

/**
 * An observation's fields: title, what was observed, the discussion, conclusion and
 * recommendation, the exercise objective it is about, and its label (shown as one line, opened
 * only to change it). The server's objections are shown by the fields they name, the rest together.
 */
export function ObservationForm({
  heading,
  draft,
  onChange,
  objectives,
  savedObjective,
  nation,
  directory,
  error,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
  notice,
  level = 3,
}: {
  heading: ReactNode;
  draft: ObservationDraft;
  onChange: (draft: ObservationDraft) => void;
  /** The exercise's objectives' texts (null: the exercise could not be read). */
  objectives: readonly string[] | null;
  /** The objective a saved observation names, with its text, kept as an option when the list does not hold it. */
  savedObjective?: { index: number; text: string | null } | null;
  /** The observation's nation (the label's originator). */
  nation: string;
  directory: DirectoryResponse | undefined;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onCancel?: () => void;
  notice?: ReactNode;
  /** The heading's level (4 inside a list of observations under a heading of its own). */
  level?: 3 | 4;
}) {
  const { t } = useTranslation();
  const id = useId();
  const issues: Issue[] = error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? error.issues : [];
  const { invalid, errorAt } = fieldErrors(id, issues);
  const rest = unplaced(issues, OBSERVATION_FIELDS);
  const set = <K extends keyof ObservationDraft>(key: K, value: ObservationDraft[K]) => onChange({ ...draft, [key]: value });
  const Heading = level === 4 ? 'h4' : 'h3';
  const listed = objectives ?? [];
  const extra =
    savedObjective && savedObjective.index >= listed.length
      ? [{ value: String(savedObjective.index), text: objectiveOption(savedObjective.text ?? '', savedObjective.index) }]
      : [];
  const text = (name: 'discussion' | 'conclusion' | 'recommendation') => (
    <label>
      {t(`training.lessons.fields.${name}`)}
      <textarea
        name={`observation-${name}`}
        dir="auto"
        rows={3}
        maxLength={4000}
        value={draft[name]}
        onChange={(e) => set(name, e.target.value)}
        {...invalid(name)}
      />
      {errorAt(name)}
    </label>
  );
  return (
    <form
      className="observation-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <Heading id={`${id}-heading`}>{heading}</Heading>
      {notice}
      <label>
        {t('training.lessons.fields.title')}
        <input
          name="observation-title"
          dir="auto"
          required
          maxLength={200}
          value={draft.title}
          onChange={(e) => set('title', e.target.value)}
          autoFocus={Boolean(onCancel)}
          {...invalid('title')}
        />
        {errorAt('title')}
      </label>
      <label>
        {t('training.lessons.fields.observation')}
        <textarea
          name="observation-observation"
          dir="auto"
          rows={4}
          required
          maxLength={4000}
          value={draft.observation}
          onChange={(e) => set('observation', e.target.value)}
          {...invalid('observation')}
        />
        {errorAt('observation')}
      </label>
      {text('discussion')}
      {text('conclusion')}
      {text('recommendation')}
      <label>
        {t('training.lessons.fields.objective')}
        <select
          name="observation-objective"
          value={draft.objective}
          onChange={(e) => set('objective', e.target.value)}
          {...invalid('objective')}
        >
          <option value="">{t('training.lessons.noObjective')}</option>
          {listed.map((o, i) => (
            <option key={i} value={String(i)}>
              {objectiveOption(o, i)}
            </option>
          ))}
          {extra.map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
        {errorAt('objective')}
      </label>
      <details className="label-default" open={issues.some((i) => i.path === 'label' || i.path.startsWith('label.'))}>
        <summary>
          {t('training.lessons.fields.label')}: <bdi>{formatMarking({ ...draft.label, originator: { nation, org: '' } })}</bdi>{' '}
          <span className="muted">({t('training.lessons.changeLabel')})</span>
        </summary>
        <p className="muted">{t('training.lessons.labelHint')}</p>
        {directory && (
          <LabelPicker
            name="observation-label"
            value={draft.label}
            onChange={(label) => set('label', label)}
            directory={directory}
            nation={nation}
          />
        )}
      </details>
      {errorAt('label')}
      {issues.length > 0 ? (
        <div className="error" role="alert">
          <p>{t('training.lessons.fixFields')}</p>
          {rest.length > 0 && (
            <ul>
              {rest.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
      <p className="form-buttons">
        <button type="submit" disabled={pending}>
          {pending ? t('form.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('training.lessons.cancel')}
          </button>
        )}
      </p>
    </form>
  );
}
