import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesks } from '../../api/hotline';
import { useDirectory } from '../../api/notes';
import { useControlExercise, useDeleteInject, useExercise, useExerciseControl, useJudgeExpectation } from '../../api/training';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { emptyLabel } from '../../components/LabelPicker';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';
import { emptyInjectDraft, firingOrder, injectDraftOf, runState, shareMet, tPlus } from './inject-draft';
import { InjectForm } from './InjectForm';
import { TrainingLinks } from './TrainingParts';
import type { ReactNode } from 'react';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { ControlPanel, ExpectationView, InjectView } from '../../../shared/contracts/exercise-control';
import type { Desk } from '../../../shared/contracts/hotline';
import type { Exercise } from '../../../shared/contracts/training';
import type { ControlAction } from '../../../shared/vocab/training';
import type { InjectDraft } from './inject-draft';

/**
 * Running an exercise: how its run stands (STARTEX, exercise time, paused or ended) with the
 * control actions open now; for its controllers also the MSEL in firing order — what each inject
 * made, or why it failed — with the expectations each carries and their verdicts, the scores, and
 * the form that writes the injects still to fire. The panel is asked again every 30 seconds, so
 * injects firing and expectations being met show by themselves.
 */
export function ExerciseControlPage({ id, session }: { id: string; session: SessionResponse }) {
  const { t } = useTranslation();
  const exercise = useExercise(id);
  const panel = useExerciseControl(id);
  if (exercise.isPending || panel.isPending) return <p>{t('notes.loading')}</p>;
  // A failed refresh keeps what was shown (and the inject form's draft); only a first read's failure replaces the page.
  if (!exercise.data || !panel.data) return <ErrorMessage error={exercise.error ?? panel.error} />;
  const x = exercise.data;
  const p = panel.data;
  return (
    <article className="exercise exercise-control">
      <MarkingBanner markings={[x.label]} />
      {/* In words and in view however far the page scrolls: everything here is the exercise's. */}
      <p className="exercise-banner" role="note" data-testid="exercise-marking">
        {t('hotline.exercise')}
      </p>
      <h1>
        <bdi>{x.title}</bdi>
        <span className="control-subtitle">{t('training.control.title')}</span>
      </h1>
      <p className="training-links">
        <AppLink to={`/exercises/${x.id}`}>{t('training.control.backToExercise')}</AppLink>
      </p>
      <ErrorMessage error={panel.error ?? exercise.error} />
      <RunPanel exercise={x} panel={p} />
      {p.can.control ? (
        <Controllers exercise={x} panel={p} session={session} />
      ) : (
        <p className="empty" data-testid="not-controller">
          {t('training.control.notController')}
        </p>
      )}
      <TrainingLinks />
    </article>
  );
}

/** The run: where it stands, STARTEX, exercise time, and the control actions open now (ending asks first: it is for good). */
function RunPanel({ exercise, panel }: { exercise: Exercise; panel: ControlPanel }) {
  const { t } = useTranslation();
  const control = useControlExercise(exercise.id);
  const state = runState(panel.status, panel.run);
  const act = (action: ControlAction) => {
    if (action === 'end' && !window.confirm(t('training.control.endConfirm'))) return;
    control.mutate(action);
  };
  return (
    <section aria-labelledby="run-heading" className="run-panel">
      <h2 id="run-heading">{t('training.control.run')}</h2>
      <dl className="facts">
        <dt>{t('training.control.state')}</dt>
        <dd>
          <span className={`run-state run-${state}`} data-testid="run-state">
            {t(`training.control.states.${state}`)}
          </span>
        </dd>
        <dt>{t('training.startex')}</dt>
        <dd>
          {panel.run.startedAt ? (
            <Moment at={panel.run.startedAt} />
          ) : (
            <>
              {t('training.control.planned')} <Moment at={exercise.startsAt} />
            </>
          )}
        </dd>
        <dt>{t('training.control.elapsed')}</dt>
        <dd>
          {panel.run.elapsedMinutes === null ? (
            <span className="muted">{t('training.control.notYet')}</span>
          ) : (
            <span className="exercise-time" dir="ltr" data-testid="exercise-time">
              {tPlus(panel.run.elapsedMinutes)}
            </span>
          )}
        </dd>
        {panel.run.pausedAt && (
          <>
            <dt>{t('training.control.pausedSince')}</dt>
            <dd>
              <Moment at={panel.run.pausedAt} />
            </dd>
          </>
        )}
        {panel.run.endedAt && (
          <>
            <dt>{t('training.control.endedAt')}</dt>
            <dd>
              <Moment at={panel.run.endedAt} />
            </dd>
          </>
        )}
      </dl>
      {panel.can.actions.length > 0 && (
        <p className="control-actions">
          {panel.can.actions.map((action) => (
            <button
              key={action}
              type="button"
              className={action === 'end' ? 'danger' : action === 'pause' ? 'secondary' : undefined}
              disabled={control.isPending}
              onClick={() => act(action)}
            >
              {t(`training.control.actions.${action}`)}
            </button>
          ))}
        </p>
      )}
      {panel.can.control && panel.can.actions.length === 0 && state === 'not-started' && (
        <p className="muted">{t('training.control.approveFirst')}</p>
      )}
      <ErrorMessage error={control.error} />
    </section>
  );
}

/** What the controllers see: the MSEL, the scores, and (while the exercise takes injects) the inject form. */
function Controllers({ exercise, panel, session }: { exercise: Exercise; panel: ControlPanel; session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const desks = useDesks();
  const lead = session.nation.code;
  const [newDraft, setNewDraft] = useState<InjectDraft>(() =>
    emptyInjectDraft({ ...emptyLabel(), relTo: exercise.participants.filter((n) => n !== lead) }),
  );
  /** The inject being changed, with its draft (the new inject's draft waits meanwhile). */
  const [editing, setEditing] = useState<{ inject: InjectView; draft: InjectDraft } | null>(null);
  /** What the last save did, said under the form until the next change. */
  const [notice, setNotice] = useState<string | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  // The form is below the list and is made anew for each inject changed: the focus goes to its heading once it is there.
  const focusForm = () => requestAnimationFrame(() => formHeading.current?.focus());
  const edit = (inject: InjectView) => {
    setNotice(null);
    setEditing({ inject, draft: injectDraftOf(inject) });
    focusForm();
  };
  return (
    <>
      <Msel
        exercise={exercise}
        panel={panel}
        desks={desks.data?.items ?? []}
        onEdit={edit}
        onRemoved={(injectId) => {
          if (editing?.inject.id === injectId) setEditing(null);
        }}
      />
      <Scores panel={panel} />
      {panel.can.writeInjects && directory.data && desks.data && (
        <InjectForm
          key={editing?.inject.id ?? 'new'}
          headingRef={formHeading}
          exercise={exercise}
          panel={panel}
          nation={lead}
          directory={directory.data}
          desks={desks.data.items}
          editing={editing?.inject ?? null}
          draft={editing?.draft ?? newDraft}
          notice={notice}
          onChange={(draft) => {
            setNotice(null);
            if (editing) setEditing({ ...editing, draft });
            else setNewDraft(draft);
          }}
          onSaved={() => {
            if (editing) {
              setNotice(t('training.control.changed', { title: editing.draft.title }));
              setEditing(null);
              focusForm();
            } else {
              setNotice(t('training.control.added', { title: newDraft.title }));
              // The next inject most likely goes under the same label.
              setNewDraft(emptyInjectDraft(newDraft.label));
            }
          }}
          onCancel={() => {
            setNotice(null);
            setEditing(null);
            focusForm();
          }}
        />
      )}
      {panel.can.writeInjects && <ErrorMessage error={directory.error ?? desks.error} />}
      {!panel.can.writeInjects && <p className="muted">{t('training.control.closed')}</p>}
    </>
  );
}

/** The room a report or message went to: the record its crisis inject made. */
function roomOf(inject: InjectView, injects: readonly InjectView[]): string | null {
  const action = inject.action;
  if (action.kind === 'crisis') return inject.made?.kind === 'crisis' ? inject.made.id : null;
  if (action.kind === 'alert') return null;
  const room = injects.find((i) => i.id === action.crisisInjectId)?.made;
  return room?.kind === 'crisis' ? room.id : null;
}

/** The MSEL: each inject's row, then its failure (if any) and its expectations across the table. */
function Msel({
  exercise,
  panel,
  desks,
  onEdit,
  onRemoved,
}: {
  exercise: Exercise;
  panel: ControlPanel;
  desks: readonly Desk[];
  onEdit: (inject: InjectView) => void;
  onRemoved: (injectId: string) => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteInject(exercise.id);
  const injects = firingOrder(panel.injects);
  const editable = panel.can.writeInjects && injects.some((i) => i.status === 'scheduled');
  const columns = editable ? 7 : 6;
  return (
    <section aria-labelledby="msel-heading" className="msel-section">
      <h2 id="msel-heading">{t('training.control.msel')}</h2>
      <p className="muted">{t('training.control.mselHint')}</p>
      {injects.length === 0 ? (
        <p className="empty" data-testid="msel-empty">
          {panel.can.writeInjects ? t('training.control.noInjectsWrite') : t('training.control.noInjects')}
        </p>
      ) : (
        <table className="msel" data-testid="msel">
          <thead>
            <tr>
              <th scope="col">{t('training.control.at')}</th>
              <th scope="col">{t('training.control.inject')}</th>
              <th scope="col">{t('training.kind')}</th>
              <th scope="col">{t('training.status')}</th>
              <th scope="col">{t('training.when')}</th>
              <th scope="col">{t('training.control.record')}</th>
              {editable && (
                <th scope="col">
                  <span className="visually-hidden">{t('training.control.injectActions')}</span>
                </th>
              )}
            </tr>
          </thead>
          {injects.map((inject) => (
            <tbody key={inject.id} className={`inject inject-${inject.status}`} data-testid={`inject-${inject.id}`}>
              <tr>
                <td className="exercise-time" dir="ltr">
                  {tPlus(inject.atMinutes)}
                </td>
                <th scope="row">
                  <bdi>{inject.title}</bdi>
                  <br />
                  <small>{t('training.control.writtenBy', { name: inject.writtenBy.name })}</small>
                </th>
                <td>{t(`training.control.injectKinds.${inject.action.kind}`)}</td>
                <td>
                  <span className={`inject-status inject-status-${inject.status}`}>
                    {t(`training.control.injectStatuses.${inject.status}`)}
                  </span>
                </td>
                <td>
                  <InjectWhen inject={inject} />
                </td>
                <td>
                  <MadeRecord inject={inject} injects={panel.injects} />
                </td>
                {editable && (
                  <td className="inject-actions">
                    {inject.status === 'scheduled' && (
                      <>
                        <button
                          type="button"
                          className="secondary"
                          aria-label={t('training.control.changeNamed', { title: inject.title })}
                          onClick={() => onEdit(inject)}
                        >
                          {t('training.control.change')}
                        </button>
                        <button
                          type="button"
                          className="danger"
                          disabled={remove.isPending}
                          aria-label={t('training.control.removeNamed', { title: inject.title })}
                          onClick={() => {
                            if (window.confirm(t('training.control.removeConfirm', { title: inject.title })))
                              remove.mutate(inject.id, { onSuccess: () => onRemoved(inject.id) });
                          }}
                        >
                          {t('training.control.remove')}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
              <tr className="inject-details">
                <td colSpan={columns}>
                  {inject.failure && (
                    <div className="error inject-failure" role="alert" data-testid="inject-failure">
                      <p>
                        <strong>{t('training.control.failed', { title: inject.title })}</strong>
                      </p>
                      <p lang="en" dir="ltr">
                        {inject.failure}
                      </p>
                    </div>
                  )}
                  <Expectations exercise={exercise} inject={inject} desks={desks} />
                </td>
              </tr>
            </tbody>
          ))}
        </table>
      )}
      <ErrorMessage error={remove.error} />
    </section>
  );
}

/** When an inject fires or fired: its due time while the exercise runs, its firing time after. */
function InjectWhen({ inject }: { inject: InjectView }) {
  const { t } = useTranslation();
  if (inject.firedAt && inject.status !== 'scheduled')
    return (
      <>
        {t(inject.status === 'failed' ? 'training.control.failedAt' : 'training.control.firedAt')} <Moment at={inject.firedAt} />
      </>
    );
  if (inject.status === 'scheduled' && inject.dueAt)
    return (
      <>
        {t('training.control.dueAt')} <Moment at={inject.dueAt} />
      </>
    );
  if (inject.status === 'scheduled') return <span className="muted">{t('training.control.dueWhenRunning')}</span>;
  return <span className="muted">{t('training.control.never')}</span>;
}

/** The record an inject made, as a link where the web app shows it. */
function MadeRecord({ inject, injects }: { inject: InjectView; injects: readonly InjectView[] }) {
  const { t } = useTranslation();
  const made = inject.made;
  if (!made) return <span className="muted">{t('training.control.nothingMade')}</span>;
  if (made.kind === 'alert') return <AppLink to={`/alerts/${made.id}`}>{t('training.control.made.alert')}</AppLink>;
  if (made.kind === 'crisis') return <AppLink to={`/crises/${made.id}`}>{t('training.control.made.crisis')}</AppLink>;
  const room = roomOf(inject, injects);
  return room ? (
    <AppLink to={`/crises/${room}`}>{t('training.control.made.entry')}</AppLink>
  ) : (
    <span>{t('training.control.made.entryElsewhere')}</span>
  );
}

/** What an inject expects of the nations, each with its verdict; for a fired inject, the controllers' Met and Missed. */
function Expectations({ exercise, inject, desks }: { exercise: Exercise; inject: InjectView; desks: readonly Desk[] }) {
  const { t } = useTranslation();
  if (inject.expectations.length === 0) return <p className="muted">{t('training.control.expectsNothing')}</p>;
  return (
    <ul className="expectations" aria-label={t('training.control.expectationsOf', { title: inject.title })}>
      {inject.expectations.map((e) => (
        <li key={e.id} className="expectation" data-testid={`expectation-${e.id}`}>
          <p>
            <span className={`verdict verdict-${e.verdict}`}>{t(`training.control.verdicts.${e.verdict}`)}</span>{' '}
            <strong>{e.nation}</strong> · {t(`training.control.expectationKinds.${e.kind}`)}
            {e.deskId && (
              <>
                {' '}
                · {t('hotline.desk')}: <DeskName id={e.deskId} desks={desks} />
              </>
            )}{' '}
            · {t('training.control.within', { count: e.withinMinutes })}
          </p>
          {e.objective !== null && (
            <p className="muted">
              {t('training.objective', { n: e.objective + 1 })}: <bdi>{exercise.objectives[e.objective]?.text ?? ''}</bdi>
            </p>
          )}
          {e.text && (
            <p className="multiline" dir="auto">
              {e.text}
            </p>
          )}
          {(e.minutesTaken !== null || (e.decidedAt && e.verdict !== 'pending')) && (
            <p className="muted">
              {e.minutesTaken !== null && <>{t('training.control.took', { count: Math.round(e.minutesTaken) })} </>}
              {e.decidedAt && e.verdict !== 'pending' && (
                <>
                  {t('training.control.decidedAt')} <Moment at={e.decidedAt} />
                </>
              )}
            </p>
          )}
          {e.note && (
            <p>
              {t('training.control.note')}: <bdi>{e.note}</bdi>
            </p>
          )}
          {inject.status === 'fired' && <VerdictForm exerciseId={exercise.id} inject={inject} expectation={e} />}
        </li>
      ))}
    </ul>
  );
}

function DeskName({ id, desks }: { id: string; desks: readonly Desk[] }) {
  const { t } = useTranslation();
  const desk = desks.find((d) => d.id === id);
  return desk ? (
    <bdi>
      {desk.name} ({desk.nation})
    </bdi>
  ) : (
    <span className="warning">{t('training.control.deskGone')}</span>
  );
}

/** A controller's verdict, with an optional note (kept when the verdict is refused). */
function VerdictForm({ exerciseId, inject, expectation }: { exerciseId: string; inject: InjectView; expectation: ExpectationView }) {
  const { t } = useTranslation();
  const id = useId();
  const judge = useJudgeExpectation(exerciseId);
  const [note, setNote] = useState('');
  const send = (verdict: 'met' | 'missed') =>
    judge.mutate({ injectId: inject.id, expectationId: expectation.id, verdict, note }, { onSuccess: () => setNote('') });
  return (
    <div className="verdict-form" role="group" aria-labelledby={`${id}-what`}>
      <span id={`${id}-what`} className="visually-hidden">
        {t('training.control.judgeNamed', {
          nation: expectation.nation,
          what: t(`training.control.expectationKinds.${expectation.kind}`),
          title: inject.title,
        })}
      </span>
      <label>
        {t('training.control.verdictNote')}
        <input name={`verdict-note-${expectation.id}`} maxLength={2000} dir="auto" value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="button" disabled={judge.isPending} onClick={() => send('met')}>
        {t('training.control.met')}
      </button>
      <button type="button" className="secondary" disabled={judge.isPending} onClick={() => send('missed')}>
        {t('training.control.missed')}
      </button>
      <ErrorMessage error={judge.error} />
    </div>
  );
}

/** Met, missed and pending per objective, per nation and in all, with the share met of what has been decided. */
function Scores({ panel }: { panel: ControlPanel }) {
  const { t } = useTranslation();
  const { total, objectives, nations } = panel.scores;
  const counted = total.met + total.missed + total.pending;
  return (
    <section aria-labelledby="scores-heading" className="scores">
      <h2 id="scores-heading">{t('training.control.scores')}</h2>
      {counted === 0 ? (
        <p className="empty">{t('training.control.noScores')}</p>
      ) : (
        <>
          <p className="score-total" data-testid="score-total">
            {t('training.control.total', { met: total.met, missed: total.missed, pending: total.pending })} · <Share score={total} />
          </p>
          {objectives.length > 0 && (
            <ScoreTable
              caption={t('training.control.byObjective')}
              head={t('training.control.objective')}
              rows={objectives.map((o) => ({
                key: String(o.objective),
                name: (
                  <>
                    {t('training.objective', { n: o.objective + 1 })}: <bdi>{o.text}</bdi>
                  </>
                ),
                score: o,
              }))}
            />
          )}
          <ScoreTable
            caption={t('training.control.byNation')}
            head={t('training.nation')}
            rows={nations.map((n) => ({ key: n.nation, name: n.nation, score: n }))}
          />
        </>
      )}
    </section>
  );
}

type Score = ControlPanel['scores']['total'];

function Share({ score }: { score: Score }) {
  const { t, i18n } = useTranslation();
  const share = shareMet(score);
  return share === null ? (
    <span className="muted">{t('training.control.noneDecided')}</span>
  ) : (
    <>{t('training.control.shareMet', { share: new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(share) })}</>
  );
}

function ScoreTable({ caption, head, rows }: { caption: string; head: string; rows: { key: string; name: ReactNode; score: Score }[] }) {
  const { t } = useTranslation();
  return (
    // Focusable: on a phone the table scrolls sideways inside itself, by keyboard too.
    <table className="score-table" tabIndex={0}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">{t('training.control.verdicts.met')}</th>
          <th scope="col">{t('training.control.verdicts.missed')}</th>
          <th scope="col">{t('training.control.verdicts.pending')}</th>
          <th scope="col">{t('training.control.metOfDecided')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.name}</th>
            <td>{row.score.met}</td>
            <td>{row.score.missed}</td>
            <td>{row.score.pending}</td>
            <td>
              <Share score={row.score} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
