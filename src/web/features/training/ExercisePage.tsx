import { useTranslation } from 'react-i18next';
import { useObservations } from '../../api/lessons';
import {
  useExercise,
  useExerciseClashes,
  useExerciseControl,
  useExerciseMetrics,
  useExercisePicture,
  useMoveExercise,
} from '../../api/training';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';
import { vocab } from '../../i18n/vocab';
import { inVenueZone } from '../dialogue/meeting-time';
import { runState, tPlus } from './inject-draft';
import { LessonsSection } from './LessonsSection';
import { mayRecordObservation } from './observation-draft';
import { FigureCells, FigureHeads } from './MetricFigures';
import { metricsAddress } from './metric-series';
import { ClashList, ExerciseStatusBadge, Span, TrainingLinks } from './TrainingParts';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { ExercisePicture } from '../../../shared/contracts/exercise-control';
import type { Exercise } from '../../../shared/contracts/training';
import type { ExerciseStatus } from '../../../shared/vocab/training';

/**
 * One exercise: where and when, the nations and units taking part, what it books and trains for,
 * its milestones, what it clashes with; its planners move it on, change it, and anyone who reads it
 * downloads it as iCalendar. While it executes a banner says so (running or paused, and the
 * exercise time); its own picture lists the alerts and crisis rooms its injects made, and once
 * answers to them are measured, how fast each nation answered. Its lessons learned follow: the
 * observations the nations taking part recorded, their stages and actions, and its report.
 */
export function ExercisePage({ id, session }: { id: string; session: SessionResponse }) {
  const { t, i18n } = useTranslation();
  const exercise = useExercise(id);
  const clashes = useExerciseClashes(id);
  // Pausing and the exercise time change nothing of the exercise itself: asked again while it executes.
  const executing = exercise.data?.status === 'executing';
  const panel = useExerciseControl(id, executing ? 15_000 : false);
  const picture = useExercisePicture(id, executing ? 30_000 : false);
  const observations = useObservations({ exercise: id });
  if (exercise.isPending) return <p>{t('notes.loading')}</p>;
  if (exercise.error) return <ErrorMessage error={exercise.error} />;
  const x = exercise.data;
  const clashLabels = (clashes.data?.clashes ?? []).flatMap((c) => (c.with.kind === 'holiday' ? [] : [c.with.label]));
  const pictureLabels = [...(picture.data?.alerts ?? []), ...(picture.data?.crises ?? [])].map((r) => r.label);
  const observationLabels = (observations.data?.pages ?? []).flatMap((p) => p.items.map((o) => o.label));
  const run = panel.data ? runState(panel.data.status, panel.data.run) : null;
  return (
    <article className="exercise">
      <MarkingBanner markings={[x.label, ...clashLabels, ...pictureLabels, ...observationLabels]} />
      {panel.data && (run === 'running' || run === 'paused') && (
        <p className="exercise-banner run-banner" role="status" data-testid="exercise-run">
          {t(`training.control.banner.${run}`)}
          {panel.data.run.elapsedMinutes !== null && (
            <>
              {' · '}
              <span dir="ltr">{tPlus(panel.data.run.elapsedMinutes)}</span>
            </>
          )}
        </p>
      )}
      <h1>
        <bdi>{x.title}</bdi>
      </h1>
      <p className="muted">
        {t(`training.kinds.${x.kind}`)} · {t('training.ledBy', { nation: x.lead })} · <ExerciseStatusBadge status={x.status} />
        {x.partnerNode && <> · {t('training.partnerNode')}</>}
      </p>
      <dl className="facts">
        <dt>{t('training.startex')}</dt>
        <dd>{inVenueZone(x.startsAt, x.timeZone, i18n.language)}</dd>
        <dt>{t('training.endex')}</dt>
        <dd>{inVenueZone(x.endsAt, x.timeZone, i18n.language)}</dd>
        <dt>{t('training.venue')}</dt>
        <dd>{x.venue.online ? t('training.distributedShort') : `${x.venue.name}, ${x.venue.country}`}</dd>
        <dt>{t('training.participants')}</dt>
        <dd>{x.participants.join(', ')}</dd>
        {x.trainingAudience && (
          <>
            <dt>{t('training.trainingAudience')}</dt>
            <dd className="multiline">{x.trainingAudience}</dd>
          </>
        )}
        <dt>{t('training.plannedBy')}</dt>
        <dd>
          {x.createdBy.name} · {t('training.lastChanged')} <Moment at={x.updatedAt} />
        </dd>
      </dl>
      {x.summary && <p className="summary multiline">{x.summary}</p>}
      <p className="actions">
        {x.can.plan && <AppLink to={`/exercises/${x.id}/edit`}>{t('training.change')}</AppLink>}
        <AppLink to={`/exercises/${x.id}/control`}>{t('training.control.link')}</AppLink>
        <a href={`/api/exercises/${encodeURIComponent(x.id)}/calendar`} download>
          {t('training.download')}
        </a>
      </p>
      {x.can.moveTo.length > 0 && <StatusButtons exercise={x} />}
      <TrainingLinks />

      <section aria-labelledby="units-heading">
        <h2 id="units-heading">{t('training.units')}</h2>
        {x.units.length === 0 ? (
          <p className="muted">{t('training.noUnits')}</p>
        ) : (
          <table data-testid="units">
            <thead>
              <tr>
                <th scope="col">{t('training.nation')}</th>
                <th scope="col">{t('training.unit')}</th>
              </tr>
            </thead>
            <tbody>
              {x.units.map((u) => (
                <tr key={`${u.nation}/${u.name}`}>
                  <td>{u.nation}</td>
                  <td>
                    <bdi>{u.name}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="resources-heading">
        <h2 id="resources-heading">{t('training.resources')}</h2>
        {x.resources.length === 0 ? (
          <p className="muted">{t('training.noResources')}</p>
        ) : (
          <ul>
            {x.resources.map((r) => (
              <li key={r}>
                <bdi>{r}</bdi>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="objectives-heading">
        <h2 id="objectives-heading">{t('training.objectives')}</h2>
        {x.objectives.length === 0 ? (
          <p className="muted">{t('training.noObjectives')}</p>
        ) : (
          <ol className="objectives" data-testid="objectives">
            {x.objectives.map((o, i) => (
              <li key={i}>
                <p className="multiline">{o.text}</p>
                {o.threats.length > 0 && (
                  <p className="muted">
                    {t('training.threats')}: {o.threats.map((code) => vocab(t, 'domains', code)).join(', ')}
                  </p>
                )}
                {o.commitmentId && (
                  <p>
                    <AppLink to={`/commitments/${o.commitmentId}`}>{t('training.commitment')}</AppLink>
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">{t('training.milestones')}</h2>
        {x.milestones.length === 0 ? (
          <p className="muted">{t('training.noMilestones')}</p>
        ) : (
          <table data-testid="milestones">
            <thead>
              <tr>
                <th scope="col">{t('training.milestoneKind')}</th>
                <th scope="col">{t('training.milestoneName')}</th>
                <th scope="col">{t('training.when')}</th>
                <th scope="col">{t('training.milestoneMeeting')}</th>
              </tr>
            </thead>
            <tbody>
              {x.milestones.map((m) => (
                <tr key={m.id}>
                  <td>{t(`training.milestoneKinds.${m.kind}`)}</td>
                  <td>
                    <bdi>{m.title}</bdi>
                  </td>
                  <td>
                    <Span startsAt={m.startsAt} endsAt={m.endsAt} />
                  </td>
                  <td>{m.meetingId && <AppLink to={`/meetings/${m.meetingId}`}>{t('training.meeting')}</AppLink>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <Clashes clashes={clashes} />
      <Picture picture={picture} />
      <Metrics id={x.id} />
      <LessonsSection exercise={x} observations={observations} nation={session.nation.code} mayRecord={mayRecordObservation(x, session)} />
    </article>
  );
}

/** The exercise's own picture: the alerts and crisis rooms its injects made, those the reader may read, each marked EXERCISE. */
function Picture({ picture }: { picture: { data?: ExercisePicture; error: unknown; isPending: boolean } }) {
  const { t } = useTranslation();
  const alerts = picture.data?.alerts ?? [];
  const crises = picture.data?.crises ?? [];
  return (
    <section aria-labelledby="picture-heading" className="exercise-picture" data-testid="exercise-picture">
      <h2 id="picture-heading">{t('training.picture.title')}</h2>
      <p className="muted">{t('training.picture.hint')}</p>
      <ErrorMessage error={picture.error} />
      {picture.isPending && <p>{t('notes.loading')}</p>}
      {picture.data && alerts.length === 0 && crises.length === 0 && <p className="empty">{t('training.picture.empty')}</p>}
      {alerts.length > 0 && (
        <table data-testid="picture-alerts">
          <caption>{t('hotline.alerts')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('hotline.raisedAt')}</th>
              <th scope="col">{t('hotline.severity')}</th>
              <th scope="col">{t('hotline.summary')}</th>
              <th scope="col">{t('training.marking')}</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id}>
                <td>
                  <Moment at={a.raisedAt} />
                </td>
                <td>{t(`hotline.severities.${a.severity}`)}</td>
                <td>
                  <strong className="exercise-mark">{t('hotline.exercise')}</strong>{' '}
                  <AppLink to={`/alerts/${a.id}`}>
                    <bdi>{a.summary}</bdi>
                  </AppLink>
                </td>
                <td className="marking">{a.label.marking}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {crises.length > 0 && (
        <table data-testid="picture-crises">
          <caption>{t('crisis.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('crisis.declaredAt')}</th>
              <th scope="col">{t('crisis.name')}</th>
              <th scope="col">{t('crisis.status')}</th>
              <th scope="col">{t('training.marking')}</th>
            </tr>
          </thead>
          <tbody>
            {crises.map((c) => (
              <tr key={c.id}>
                <td>
                  <Moment at={c.declaredAt} />
                </td>
                <td>
                  <strong className="exercise-mark">{t('hotline.exercise')}</strong>{' '}
                  <AppLink to={`/crises/${c.id}`}>
                    <bdi>{c.title}</bdi>
                  </AppLink>
                </td>
                <td>{c.status === 'open' || c.status === 'closed' ? t(`crisis.statuses.${c.status}`) : c.status}</td>
                <td className="marking">{c.label.marking}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** How fast each nation answered in it (the nations' rows; their desks and the trend are on the metrics page), once something is measured. */
function Metrics({ id }: { id: string }) {
  const { t } = useTranslation();
  const metrics = useExerciseMetrics(id);
  const rows = (metrics.data?.rows ?? []).filter((r) => r.desk === null);
  if (!metrics.error && rows.length === 0) return null;
  return (
    <section aria-labelledby="metrics-heading" className="exercise-metrics" data-testid="exercise-metrics">
      <h2 id="metrics-heading">{t('training.metrics.section')}</h2>
      <ErrorMessage error={metrics.error} />
      {rows.length > 0 && (
        <>
          {/* Focusable: on a phone it scrolls sideways, and has no link to take the keyboard there. */}
          <table tabIndex={0}>
            <thead>
              <tr>
                <th scope="col">{t('training.metrics.measure')}</th>
                <th scope="col">{t('training.nation')}</th>
                <FigureHeads figures={['count', 'median', 'slowest']} />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.measure} ${r.nation}`}>
                  <td>{t(`training.metrics.short.${r.measure}`)}</td>
                  <td>{r.nation}</td>
                  <FigureCells row={r} figures={['count', 'median', 'slowest']} />
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <AppLink to={metricsAddress({ exercise: id, measure: rows[0]!.measure })}>{t('training.metrics.sectionLink')}</AppLink>
          </p>
        </>
      )}
    </section>
  );
}

/** The statuses its planners may move it to now (cancelling asks first: it is for good). */
function StatusButtons({ exercise }: { exercise: Exercise }) {
  const { t } = useTranslation();
  const move = useMoveExercise(exercise.id);
  const go = (status: ExerciseStatus) => {
    if (status === 'cancelled' && !window.confirm(t('training.cancelConfirm'))) return;
    move.mutate({ status, version: exercise.version });
  };
  return (
    <section aria-labelledby="status-heading" className="exercise-moves">
      <h2 id="status-heading">{t('training.status')}</h2>
      <p>
        {exercise.can.moveTo.map((status) => (
          <button
            key={status}
            type="button"
            className={status === 'cancelled' ? 'danger' : 'secondary'}
            disabled={move.isPending}
            onClick={() => go(status)}
          >
            {t(`training.moveTo.${status}`)}
          </button>
        ))}
      </p>
      <ErrorMessage error={move.error} />
    </section>
  );
}

/** What the saved exercise clashes with, among what the reader may read. */
function Clashes({ clashes }: { clashes: ReturnType<typeof useExerciseClashes> }) {
  const { t } = useTranslation();
  const items = clashes.data?.clashes ?? [];
  return (
    <section aria-labelledby="clashes-heading" className="clash-panel" data-testid="clash-panel">
      <h2 id="clashes-heading">{t('training.clashes')}</h2>
      <ErrorMessage error={clashes.error} />
      {clashes.isPending && <p>{t('notes.loading')}</p>}
      {clashes.data && items.length === 0 && <p>{t('training.noClashes')}</p>}
      {items.length > 0 && (
        <>
          <p className="clash-count">{t('training.clashCount', { count: items.length })}</p>
          <ClashList clashes={items} />
        </>
      )}
      <p className="muted">{t('training.clashesHint')}</p>
    </section>
  );
}
