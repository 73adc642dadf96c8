import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useOpenAlerts, useRespond, waitingDesks } from '../../api/hotline';
import { useSessionEnded } from '../../api/session';
import { usePath } from '../../app/router';
import { AppLink } from '../../components/AppLink';
import { alarmTitle, leadingAlert } from './alarm-state';
import { useAlarm, useAlarmSignals } from './alarm';
import { PushOffer } from './PushOffer';
import type { Alert } from '../../../shared/contracts/alerts';

/** Acknowledge in one tap, for each desk of the reader's that the alert waits for. */
function Acknowledge({ alert }: { alert: Alert }) {
  const { t } = useTranslation();
  const respond = useRespond(alert.id);
  const desks = waitingDesks(alert);
  return desks.map((d) => (
    <button
      key={d.deskId}
      type="button"
      className="acknowledge"
      disabled={respond.isPending}
      onClick={() => respond.mutate({ kind: 'acknowledge', deskId: d.deskId })}
    >
      {desks.length === 1 ? t('hotline.acknowledge') : t('hotline.alarm.acknowledgeFor', { desk: d.deskName })}
    </button>
  ));
}

/**
 * Unmissable: every alert waiting for an answer from the signed-in person (see useOpenAlerts),
 * with its summary and severity, an alarm that repeats until it is answered or silenced here, and
 * the count in the tab title. Once the session has ended the session banner speaks instead.
 */
export function AlertBanner({ dutyOfficer }: { dutyOfficer: boolean }) {
  const { t } = useTranslation();
  const open = useOpenAlerts(dutyOfficer);
  const ended = useSessionEnded();
  const path = usePath();
  const alerts = open.data ?? [];
  const alarm = useAlarm(alerts, !ended);
  const lead = ended ? undefined : leadingAlert(alerts);
  useAlarmSignals(
    lead
      ? alarmTitle(t('app.name'), alerts, { severity: (s) => t(`hotline.severities.${s}`), exercise: t('hotline.alarm.exerciseWord') })
      : null,
    lead,
  );
  // The alarm's state on the page root as well, where it outlives the banner (read by the browser tests).
  useEffect(() => {
    document.documentElement.dataset.alarm = alarm.state;
    document.documentElement.dataset.alarmRings = String(alarm.rings);
  }, [alarm.state, alarm.rings]);
  if (alerts.length === 0) return null;
  return (
    <div className="alert-banner" role="alert" data-testid="alert-banner">
      {alerts.map((a) => (
        <p key={a.id} className={`alert-line severity-${a.severity}${a.exercise ? ' exercise' : ''}`} data-severity={a.severity}>
          {a.exercise && <strong className="exercise-mark">{t('hotline.exercise')} </strong>}
          {t('hotline.bannerLine', {
            severity: t(`hotline.severities.${a.severity}`),
            desks: waitingDesks(a)
              .map((d) => d.deskName)
              .join(', '),
          })}{' '}
          <q className="alert-summary">
            <bdi>{a.summary}</bdi>
          </q>{' '}
          <Acknowledge alert={a} /> <AppLink to={`/alerts/${a.id}`}>{t('hotline.openAlert')}</AppLink>
        </p>
      ))}
      {!ended && (
        <div className="alarm-controls">
          {alarm.state === 'blocked' && (
            <button type="button" className="alarm-enable" onClick={alarm.enable}>
              {t('hotline.alarm.enable')}
            </button>
          )}
          {alarm.state === 'ringing' && (
            <button type="button" onClick={alarm.silence}>
              {t('hotline.alarm.silence')}
            </button>
          )}
          {alarm.state === 'silenced' && <span>{t('hotline.alarm.silenced')}</span>}
          {path !== '/alerts' && <PushOffer />}
        </div>
      )}
    </div>
  );
}
