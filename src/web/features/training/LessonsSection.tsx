import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecordObservation, useUpdateObservation } from '../../api/lessons';
import { useDirectory } from '../../api/notes';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ActionCount, ObjectiveText, ObservationForm, ReportLinks, StageBadge, StageButton } from './LessonParts';
import {
  byStage,
  emptyObservationDraft,
  exerciseAudienceLabel,
  exerciseStarted,
  observationChangesOf,
  observationDraftOf,
  observationRequestOf,
} from './observation-draft';
import type { useObservations } from '../../api/lessons';
import type { ObservationView } from '../../../shared/contracts/lessons';
import type { Exercise } from '../../../shared/contracts/training';
import type { ObservationDraft } from './observation-draft';

/**
 * Lessons learned: the exercise's observations the reader may read, by stage — each with its
 * nation, the objective it is about and its actions — with the stage its nation may move it to
 * now and, for its nation's planners, a form to change it; for the planners and controllers of a
 * nation taking part a form to record one (once the exercise has started); and the after-exercise
 * report to download.
 */
export function LessonsSection({
  exercise,
  observations,
  nation,
  mayRecord,
}: {
  exercise: Exercise;
  observations: ReturnType<typeof useObservations>;
  /** The reader's nation. */
  nation: string;
  /** Whether the reader's nation takes part and the reader plans or controls exercises (the server decides finally). */
  mayRecord: boolean;
}) {
  const { t } = useTranslation();
  const items = observations.data?.pages.flatMap((p) => p.items) ?? [];
  const groups = byStage(items);
  const started = exerciseStarted(exercise);
  return (
    <section aria-labelledby="lessons-heading" className="lessons" data-testid="lessons">
      <h2 id="lessons-heading">{t('training.lessons.title')}</h2>
      <p className="muted">{t('training.lessons.hint')}</p>
      <ReportLinks exerciseId={exercise.id} />
      <ErrorMessage error={observations.error} />
      {observations.isPending && <p>{t('notes.loading')}</p>}
      {observations.data && items.length === 0 && (
        <p className="empty">{mayRecord && started ? t('training.lessons.emptyRecord') : t('training.lessons.empty')}</p>
      )}
      {groups.map((group) => (
        <section key={group.stage} aria-labelledby={`lessons-${group.stage}`} className="lesson-group">
          <h3 id={`lessons-${group.stage}`}>{t(`training.lessons.groups.${group.stage}`, { count: group.items.length })}</h3>
          <ul className="observations" data-testid={`observations-${group.stage}`}>
            {group.items.map((o) => (
              <ObservationItem key={o.id} observation={o} exercise={exercise} />
            ))}
          </ul>
        </section>
      ))}
      {observations.hasNextPage && (
        <button type="button" onClick={() => void observations.fetchNextPage()} disabled={observations.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
      {mayRecord && started && <RecordObservation exercise={exercise} nation={nation} />}
      {mayRecord && !started && exercise.status !== 'cancelled' && <p className="muted">{t('training.lessons.notStarted')}</p>}
    </section>
  );
}

/** One observation: its stage, title (a link to its page), nation, objective, actions and marking; its stage button and, for its nation's planners, a form to change it. */
function ObservationItem({ observation: o, exercise }: { observation: ObservationView; exercise: Exercise }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const close = () => {
    setEditing(false);
    // Back to the button that opened the form, once it is shown again.
    setTimeout(() => changeButton.current?.focus(), 0);
  };
  return (
    <li className={`observation-item item-${o.stage}`} data-testid={`observation-${o.id}`}>
      <p className="observation-head">
        <StageBadge stage={o.stage} />{' '}
        <AppLink to={`/observations/${o.id}`} className="observation-title">
          <bdi>{o.title}</bdi>
        </AppLink>{' '}
        <span className="muted">{t('training.lessons.byNation', { nation: o.nation })}</span>
      </p>
      <p className="observation-objective">
        {t('training.lessons.fields.objective')}: <ObjectiveText observation={o} />
      </p>
      <p>
        <ActionCount actions={o.actions} /> <small className="marking">{o.label.marking}</small>
      </p>
      {editing ? (
        <EditObservation observation={o} objectives={exercise.objectives.map((x) => x.text)} onClose={close} level={4} />
      ) : (
        <div className="observation-buttons">
          {o.can.edit && (
            <button
              type="button"
              className="secondary"
              ref={changeButton}
              aria-label={t('training.lessons.changeNamed', { title: o.title })}
              onClick={() => setEditing(true)}
            >
              {t('training.lessons.change')}
            </button>
          )}
          <StageButton observation={o} />
        </div>
      )}
    </li>
  );
}

/** For the planners and controllers of a nation taking part: an observation, released to the exercise's nations unless they change its label. */
function RecordObservation({ exercise, nation }: { exercise: Exercise; nation: string }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const record = useRecordObservation(exercise.id);
  const [startLabel] = useState(() => exerciseAudienceLabel(exercise, nation));
  const [draft, setDraft] = useState<ObservationDraft>(() => emptyObservationDraft(startLabel));
  const [recorded, setRecorded] = useState<ObservationView | null>(null);
  return (
    <ObservationForm
      heading={t('training.lessons.record')}
      draft={draft}
      onChange={(next) => {
        setRecorded(null);
        setDraft(next);
      }}
      objectives={exercise.objectives.map((o) => o.text)}
      nation={nation}
      directory={directory.data}
      error={record.error}
      pending={record.isPending}
      submitLabel={t('training.lessons.recordButton')}
      notice={
        recorded && (
          <p className="notice" role="status">
            {t('training.lessons.recorded')}{' '}
            <AppLink to={`/observations/${recorded.id}`}>
              <bdi>{recorded.title}</bdi>
            </AppLink>
          </p>
        )
      }
      onSubmit={() =>
        record.mutate(observationRequestOf(draft, startLabel), {
          onSuccess: (view) => {
            setRecorded(view);
            // The next one most likely goes under the same label.
            setDraft(emptyObservationDraft(draft.label));
          },
        })
      }
    />
  );
}

/**
 * Its nation's planners change its text, objective and label. The changes are worked out against
 * the observation as the form opened on it, and sent at that version: a change made meanwhile by
 * someone else is refused (409) rather than overwritten.
 */
export function EditObservation({
  observation: o,
  objectives,
  onClose,
  level = 3,
}: {
  observation: ObservationView;
  /** The exercise's objectives' texts (null: the exercise could not be read). */
  objectives: readonly string[] | null;
  onClose: () => void;
  level?: 3 | 4;
}) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const update = useUpdateObservation(o.id);
  const [saved] = useState(o);
  const [draft, setDraft] = useState<ObservationDraft>(() => observationDraftOf(saved));
  return (
    <ObservationForm
      heading={t('training.lessons.changeHeading', { title: o.title })}
      draft={draft}
      onChange={setDraft}
      objectives={objectives}
      savedObjective={saved.objective === null ? null : { index: saved.objective, text: saved.objectiveText }}
      nation={o.nation}
      directory={directory.data}
      error={update.error}
      pending={update.isPending}
      submitLabel={t('training.lessons.saveChanges')}
      onCancel={onClose}
      level={level}
      onSubmit={() => update.mutate({ ...observationChangesOf(draft, saved), version: saved.version }, { onSuccess: onClose })}
    />
  );
}
