import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCommitments } from '../../api/commitments';
import { useMeeting } from '../../api/dialogue';
import { useAddAction, useObservation } from '../../api/lessons';
import { useDirectory } from '../../api/notes';
import { useExercise } from '../../api/training';
import { AppLink } from '../../components/AppLink';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker } from '../../components/LabelPicker';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';
import { OBSERVATION_STAGES } from '../../../shared/vocab/training';
import { CommitmentTable, OwnerNationsField } from '../commitments/CommitmentParts';
import { meetingAudienceLabel } from '../dialogue/meeting-label';
import { ObjectiveText, ReportLinks, StageBadge, StageButton } from './LessonParts';
import { EditObservation } from './LessonsSection';
import { aarMeetingOf } from './observation-draft';
import type { ObservationView } from '../../../shared/contracts/lessons';
import type { Meeting } from '../../../shared/contracts/dialogue';
import type { LabelInput } from '../../../shared/labels/label';
import type { ObservationStage } from '../../../shared/vocab/training';

/**
 * One observation of an exercise: what was observed, the discussion, conclusion and
 * recommendation, the objective it is about, where it stands (observation, lesson identified,
 * lesson learned) with the stage the reader may move it to; its actions — commitments of the
 * exercise's after-action review, each with its owners, due date and status — and, for that
 * meeting's organisers, a form to add one.
 */
export function ObservationPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const observation = useObservation(id);
  if (observation.isPending) return <p>{t('notes.loading')}</p>;
  if (observation.error) {
    if (observation.error instanceof ApiError && (observation.error.status === 404 || observation.error.status === 400))
      return (
        <section data-testid="observation-not-found">
          <h1>{t('training.lessons.notFound')}</h1>
          <p>{t('notes.notFoundHint')}</p>
          <AppLink to="/exercises">{t('shell.nav.exercises')}</AppLink>
        </section>
      );
    return <ErrorMessage error={observation.error} />;
  }
  return <Observation observation={observation.data} />;
}

function Observation({ observation: o }: { observation: ObservationView }) {
  const { t } = useTranslation();
  const exercise = useExercise(o.exerciseId);
  const actions = useCommitments({ observation: o.id });
  const items = actions.data?.pages.flatMap((p) => p.items) ?? [];
  const [editing, setEditing] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const close = () => {
    setEditing(false);
    setTimeout(() => changeButton.current?.focus(), 0);
  };
  const texts = [
    ['observation', o.observation],
    ['discussion', o.discussion],
    ['conclusion', o.conclusion],
    ['recommendation', o.recommendation],
  ] as const;
  return (
    <article className="observation" data-testid="observation">
      <MarkingBanner markings={[o.label, ...items.map((c) => c.label)]} />
      <p className="training-links">
        <AppLink to={`/exercises/${o.exerciseId}`}>{t('training.lessons.backToExercise')}</AppLink>
      </p>
      <h1>
        <bdi>{o.title}</bdi>
      </h1>
      <p data-testid="observation-stage">
        <StageBadge stage={o.stage} /> <small className="marking">{o.label.marking}</small>
      </p>
      <dl className="facts">
        <dt>{t('training.exercise')}</dt>
        <dd>
          <AppLink to={`/exercises/${o.exerciseId}`}>
            <bdi>{o.exerciseTitle}</bdi>
          </AppLink>
        </dd>
        <dt>{t('training.nation')}</dt>
        <dd>{o.nation}</dd>
        <dt>{t('training.lessons.fields.objective')}</dt>
        <dd>
          <ObjectiveText observation={o} />
        </dd>
        <dt>{t('training.lessons.recordedBy')}</dt>
        <dd>
          <bdi>{o.createdBy.name}</bdi> · <Moment at={o.createdAt} />
          {o.updatedAt !== o.createdAt && (
            <>
              {' '}
              · {t('training.lastChanged')} <Moment at={o.updatedAt} />
            </>
          )}
        </dd>
      </dl>

      <section aria-labelledby="observation-text-heading">
        <h2 id="observation-text-heading">{t('training.lessons.text')}</h2>
        <dl className="observation-text">
          {texts.map(([name, text]) => (
            <div key={name}>
              <dt>{t(`training.lessons.fields.${name}`)}</dt>
              <dd className="multiline" dir="auto">
                {text || <span className="muted">{t('training.lessons.notWritten')}</span>}
              </dd>
            </div>
          ))}
        </dl>
        {o.can.edit &&
          (editing ? (
            <EditObservation observation={o} objectives={exercise.data?.objectives.map((x) => x.text) ?? null} onClose={close} />
          ) : (
            <p className="actions">
              <button type="button" className="secondary" ref={changeButton} onClick={() => setEditing(true)}>
                {t('training.lessons.change')}
              </button>
            </p>
          ))}
      </section>

      <section aria-labelledby="stage-heading" className="observation-stages">
        <h2 id="stage-heading">{t('training.lessons.stage')}</h2>
        <StageSteps stage={o.stage} />
        <p className="muted">{t('training.lessons.stageHint')}</p>
        <StageButton observation={o} />
      </section>

      <section aria-labelledby="actions-heading" className="observation-actions">
        <h2 id="actions-heading">{t('training.lessons.actions')}</h2>
        <ErrorMessage error={actions.error} />
        {actions.isPending && <p>{t('notes.loading')}</p>}
        {items.length > 0 && <CommitmentTable items={items} meeting={false} source={false} />}
        {actions.hasNextPage && (
          <button type="button" onClick={() => void actions.fetchNextPage()} disabled={actions.isFetchingNextPage}>
            {t('notes.loadMore')}
          </button>
        )}
        <ActionsWay
          observation={o}
          empty={Boolean(actions.data) && items.length === 0}
          meetingId={exercise.data ? aarMeetingOf(exercise.data) : undefined}
          exerciseError={exercise.error}
        />
      </section>

      <ReportLinks exerciseId={o.exerciseId} />
    </article>
  );
}

/** The three stages in order, the one it stands at marked (in words, for assistive technology too). */
function StageSteps({ stage }: { stage: ObservationStage }) {
  const { t } = useTranslation();
  const at = OBSERVATION_STAGES.indexOf(stage);
  return (
    <ol className="stage-steps" aria-label={t('training.lessons.stepsLabel')}>
      {OBSERVATION_STAGES.map((s, i) => (
        <li key={s} className={i < at ? 'done' : i === at ? 'current' : undefined} aria-current={i === at ? 'step' : undefined}>
          {t(`training.lessons.stages.${s}`)}
        </li>
      ))}
    </ol>
  );
}

/**
 * Where its actions are recorded: at the exercise's after-action review meeting. Its organisers
 * get the form; others are told who records them, or — with no such meeting — how one is named.
 * `meetingId` undefined: the exercise is not read yet (or could not be).
 */
function ActionsWay({
  observation: o,
  empty,
  meetingId,
  exerciseError,
}: {
  observation: ObservationView;
  empty: boolean;
  meetingId: string | null | undefined;
  exerciseError: unknown;
}) {
  const { t } = useTranslation();
  if (meetingId === undefined) return <ErrorMessage error={exerciseError} />;
  if (meetingId === null) return <p className={empty ? 'empty' : 'muted'}>{t('training.lessons.noAar')}</p>;
  if (o.stage === 'lesson-learned') return <p className="muted">{t('training.lessons.learnedNoActions')}</p>;
  return <AarActions observation={o} empty={empty} meetingId={meetingId} />;
}

function AarActions({ observation: o, empty, meetingId }: { observation: ObservationView; empty: boolean; meetingId: string }) {
  const { t } = useTranslation();
  const meeting = useMeeting(meetingId);
  if (meeting.isPending) return empty ? <p className="empty">{t('training.lessons.noActionsYet')}</p> : null;
  if (meeting.error || !meeting.data.can.organise)
    return (
      <p className={empty ? 'empty' : 'muted'}>
        {empty && <>{t('training.lessons.noActionsYet')} </>}
        {t('training.lessons.actionsByOrganisers')} <AppLink to={`/meetings/${meetingId}`}>{t('training.lessons.aarMeeting')}</AppLink>
      </p>
    );
  return (
    <>
      {empty && <p className="empty">{t('training.lessons.noActionsAdd')}</p>}
      <AddAction observation={o} meeting={meeting.data} />
    </>
  );
}

/**
 * For the after-action review's organisers: an action on the observation — what, which of the
 * meeting's nations, by when — under the meeting's label unless given its own (every reader of the
 * action must be able to read the observation: the server says so otherwise).
 */
function AddAction({ observation: o, meeting }: { observation: ObservationView; meeting: Meeting }) {
  const { t } = useTranslation();
  const add = useAddAction(meeting.id, o.id);
  const directory = useDirectory();
  const [text, setText] = useState('');
  const [owners, setOwners] = useState<string[]>([]);
  const [dueOn, setDueOn] = useState('');
  const [ownLabel, setOwnLabel] = useState(false);
  const [label, setLabel] = useState<LabelInput>(() => meetingAudienceLabel(meeting));
  const [added, setAdded] = useState(false);
  const nations = [...meeting.participants].sort();
  return (
    <form
      className="action-form"
      aria-labelledby="add-action-heading"
      onSubmit={(event) => {
        event.preventDefault();
        setAdded(false);
        add.mutate(
          { text, ownerNations: owners, dueOn, ...(ownLabel ? { label } : {}) },
          {
            onSuccess: () => {
              setText('');
              setOwners([]);
              setDueOn('');
              setOwnLabel(false);
              setAdded(true);
            },
          },
        );
      }}
    >
      <h3 id="add-action-heading">{t('training.lessons.addAction')}</h3>
      <p className="muted">
        {t('training.lessons.addActionHint')}{' '}
        <AppLink to={`/meetings/${meeting.id}`}>
          <bdi>{meeting.title}</bdi>
        </AppLink>
      </p>
      {added && (
        <p className="notice" role="status">
          {t('training.lessons.actionAdded')}
        </p>
      )}
      <label>
        {t('training.lessons.actionText')}
        <textarea name="action-text" dir="auto" rows={3} required maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <OwnerNationsField prefix="action-owner" nations={nations} owners={owners} onChange={setOwners} />
      <DateTimeInput name="action-due" label={t('commitments.due')} value={dueOn} onChange={setDueOn} mode="date" required />
      <label className="check">
        <input type="checkbox" name="action-own-label" checked={ownLabel} onChange={(e) => setOwnLabel(e.target.checked)} />
        {t('commitments.ownLabel')}
      </label>
      {ownLabel && directory.data && (
        <LabelPicker name="action-label" value={label} onChange={setLabel} directory={directory.data} nation={meeting.host} />
      )}
      <ErrorMessage error={add.error} />
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? t('form.saving') : t('training.lessons.addActionButton')}
      </button>
    </form>
  );
}
