import { useTranslation } from 'react-i18next';
import { useDesk } from '../../api/hotline';
import { formatLocal, formatUtc } from '../incidents/format';
import { OnDutyCard } from './OnDutyCard';
import type { Alert } from '../../../shared/contracts/alerts';
import './desks.css';

type Target = Alert['targets'][number];

/**
 * For each desk of an alert: where its escalation stands (the step, the role it paged, when the
 * next step fires and whom it pages), whom it paged (the desk's own nation only), who answered
 * and when — and who is on duty there now and how to reach them.
 */
export function EscalationProgress({ alert }: { alert: Alert }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="escalation-heading" className="escalation-progress">
      <h2 id="escalation-heading">{t('desks.progress.title')}</h2>
      {alert.targets.map((target) => (
        <TargetProgress key={target.deskId} target={target} />
      ))}
    </section>
  );
}

function TargetProgress({ target }: { target: Target }) {
  const { t, i18n } = useTranslation();
  const desk = useDesk(target.deskId);
  const at = (iso: string) => t('desks.progress.at', { utc: formatUtc(iso), local: formatLocal(iso, i18n.language) });
  const e = target.escalation;
  const r = target.response;
  return (
    <div className="target-progress" data-testid={`progress-${target.deskId}`}>
      <h3>
        {target.deskName} ({target.nation})
      </h3>
      {r && (
        <p className={r.kind === 'acknowledge' ? 'answer-acknowledged' : 'answer-declined'} data-testid={`answer-${target.deskId}`}>
          {t(r.kind === 'acknowledge' ? 'desks.progress.acknowledgedBy' : 'desks.progress.declinedBy', {
            who: r.by ? `${r.by.displayName} (${r.by.username})` : target.deskName,
          })}{' '}
          {at(r.at)}
        </p>
      )}
      {e && (
        <dl className="progress-facts">
          <div>
            <dt>{t('desks.progress.step')}</dt>
            <dd data-testid={`step-${target.deskId}`}>
              {t('desks.progress.stepOf', { step: e.step + 1, steps: e.steps, role: t(`hotline.roles.${e.paging}`) })}
              {e.repeat > 0 && ` ${t('desks.progress.round', { round: e.round + 1, rounds: e.repeat + 1 })}`}
            </dd>
          </div>
          {e.paged && (
            <div>
              <dt>{t('desks.progress.paged')}</dt>
              <dd>
                {e.paged.length === 0 ? (
                  <span className="warning-text">{t('desks.progress.nobodyPaged')}</span>
                ) : (
                  <ul>
                    {e.paged.map((p, i) => (
                      <li key={i}>
                        {p.displayName} ({t(`hotline.roles.${p.role}`)}) {at(p.at)}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          )}
          {e.dueAt && (
            <div>
              <dt>{t('desks.progress.next')}</dt>
              <dd data-testid={`next-${target.deskId}`}>
                {e.next ? t('desks.progress.nextPages', { role: t(`hotline.roles.${e.next}`) }) : t('desks.progress.nextRunsOut')}{' '}
                {at(e.dueAt)}
              </dd>
            </div>
          )}
        </dl>
      )}
      {!e && target.partnerNode && !r && <p className="muted">{t('hotline.partnerNode')}</p>}
      {desk.data && <OnDutyCard desk={desk.data} headingLevel={3} />}
    </div>
  );
}
