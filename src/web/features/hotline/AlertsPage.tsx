import { useTranslation } from 'react-i18next';
import { useAlerts } from '../../api/hotline';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { PushOffer } from './PushOffer';
import { TargetStatus } from './TargetStatus';
import { Moment } from '../../components/Moment';

/** Alerts the reader may read, newest first: sent by this nation or to its desks. */
export function AlertsPage({ canRaise }: { canRaise: boolean }) {
  const { t } = useTranslation();
  const alerts = useAlerts();
  const items = alerts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <MarkingBanner markings={items.map((a) => a.label)} />
      <h1>{t('hotline.alerts')}</h1>
      <PushOffer />
      {canRaise && (
        <p>
          <AppLink to="/alerts/new">{t('hotline.raise')}</AppLink>
        </p>
      )}
      <ErrorMessage error={alerts.error} />
      {alerts.isPending && <p>{t('notes.loading')}</p>}
      {alerts.data && items.length === 0 && <p className="empty">{t('hotline.noAlerts')}</p>}
      {items.length > 0 && (
        <table data-testid="alerts">
          <thead>
            <tr>
              <th>{t('hotline.raisedAt')}</th>
              <th>{t('hotline.severity')}</th>
              <th>{t('hotline.summary')}</th>
              <th>{t('hotline.desks')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id} className={a.exercise ? 'exercise' : ''}>
                <td>
                  <Moment at={a.raisedAt} />
                </td>
                <td>{t(`hotline.severities.${a.severity}`)}</td>
                <td>
                  {a.exercise && <strong>{t('hotline.exercise')} </strong>}
                  <AppLink to={`/alerts/${a.id}`}>
                    <bdi>{a.summary}</bdi>
                  </AppLink>
                </td>
                <td>
                  {a.targets.map((target) => (
                    <div key={target.deskId}>
                      {target.deskName} ({target.nation}) <TargetStatus target={target} />
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {alerts.hasNextPage && (
        <button type="button" onClick={() => void alerts.fetchNextPage()} disabled={alerts.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
    </section>
  );
}
