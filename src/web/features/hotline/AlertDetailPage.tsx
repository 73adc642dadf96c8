import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCrisesOfAlert } from '../../api/crises';
import { useAlert, useRespond } from '../../api/hotline';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { EscalationProgress } from './EscalationProgress';
import { TargetStatus } from './TargetStatus';
import { formatMoment } from '../../../shared/time/format-moment';
import './alert-answers.css';

/** One alert: what happened, each desk's state, and the answer buttons for desks the reader answers for. */
export function AlertDetailPage({ id, canDeclare }: { id: string; canDeclare: boolean }) {
  const { t, i18n } = useTranslation();
  const alert = useAlert(id);
  const respond = useRespond(id);
  const [note, setNote] = useState('');
  // An answer is confirmed on this page (the banner's one-tap Acknowledge is not): which desk, which answer.
  const [confirming, setConfirming] = useState<{ deskId: string; kind: 'acknowledge' | 'decline' } | null>(null);
  if (alert.isPending) return <p>{t('notes.loading')}</p>;
  if (alert.error) return <ErrorMessage error={alert.error} />;
  const a = alert.data;
  return (
    <article className={a.exercise ? 'exercise' : ''}>
      {a.exercise && <div className="exercise-watermark">{t('hotline.exercise')}</div>}
      <MarkingBanner markings={[a.label]} />
      <h1>
        {t(`hotline.severities.${a.severity}`)}: <bdi>{a.summary}</bdi>
      </h1>
      <p className="muted">{t('hotline.raisedOn', { at: formatMoment(a.raisedAt, i18n.language) })}</p>
      {a.details && <p className="details">{a.details}</p>}
      <AlertCrises alertId={a.id} canDeclare={canDeclare} />
      <h2>{t('hotline.desks')}</h2>
      <table data-testid="alert-targets">
        <thead>
          <tr>
            <th>{t('hotline.desk')}</th>
            <th>{t('hotline.state')}</th>
            <th>{t('hotline.answer')}</th>
          </tr>
        </thead>
        <tbody>
          {a.targets.map((target) => {
            const open = target.status === 'escalating' || target.status === 'exhausted';
            return (
              <tr key={target.deskId}>
                <td>
                  {target.deskName} ({target.nation}){target.partnerNode && <div className="muted">{t('hotline.partnerNode')}</div>}
                </td>
                <td>
                  <TargetStatus target={target} />
                  {target.response?.note && <div className="muted">{target.response.note}</div>}
                </td>
                <td>
                  {a.can.respondFor.includes(target.deskId) && open && (
                    <form
                      className="alert-answer"
                      onSubmit={(event) => {
                        event.preventDefault();
                        setConfirming({ deskId: target.deskId, kind: 'acknowledge' });
                      }}
                    >
                      <label>
                        {t('hotline.note')}
                        <input name="note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
                      </label>
                      {confirming?.deskId === target.deskId ? (
                        <div
                          className={`answer-confirm answer-confirm-${confirming.kind}`}
                          role="group"
                          aria-label={t('hotline.confirmAnswer')}
                        >
                          <p>{t(`hotline.confirm.${confirming.kind}`, { desk: target.deskName })}</p>
                          <button
                            type="button"
                            className={confirming.kind === 'acknowledge' ? 'answer-acknowledge' : 'answer-decline'}
                            disabled={respond.isPending}
                            onClick={() =>
                              respond.mutate(
                                { kind: confirming.kind, deskId: target.deskId, note },
                                { onSettled: () => setConfirming(null) },
                              )
                            }
                          >
                            {t(`hotline.confirm.${confirming.kind}Yes`)}
                          </button>{' '}
                          <button type="button" className="answer-cancel" onClick={() => setConfirming(null)}>
                            {t('hotline.confirm.cancel')}
                          </button>
                        </div>
                      ) : (
                        <div className="answer-buttons">
                          <button type="submit" className="answer-acknowledge" disabled={respond.isPending}>
                            <span aria-hidden="true">✓ </span>
                            {t('hotline.acknowledge')}
                          </button>{' '}
                          <button
                            type="button"
                            className="answer-decline"
                            disabled={respond.isPending}
                            onClick={() => setConfirming({ deskId: target.deskId, kind: 'decline' })}
                          >
                            <span aria-hidden="true">✕ </span>
                            {t('hotline.decline')}
                          </button>
                        </div>
                      )}
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ErrorMessage error={respond.error} />
      <EscalationProgress alert={a} />
    </article>
  );
}

/** The crisis rooms opened for this alert, or the way to open one. */
function AlertCrises({ alertId, canDeclare }: { alertId: string; canDeclare: boolean }) {
  const { t } = useTranslation();
  const crises = useCrisesOfAlert(alertId);
  const items = crises.data?.items ?? [];
  if (items.length > 0)
    return (
      <p data-testid="alert-crises">
        {t('crisis.roomsForAlert')}:{' '}
        {items.map((c, i) => (
          <span key={c.id}>
            {i > 0 && ', '}
            <AppLink to={`/crises/${c.id}`}>{c.title}</AppLink> ({t(`crisis.statuses.${c.status}`)})
          </span>
        ))}
      </p>
    );
  if (!canDeclare || !crises.data) return null;
  return (
    <p>
      <AppLink to={`/crises/new?alert=${alertId}`}>{t('crisis.openRoom')}</AppLink>
    </p>
  );
}
