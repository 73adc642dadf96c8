/** Counts by domain, nation and month as bar charts — over what the reader may read. */
import { useTranslation } from 'react-i18next';
import { useCrisisResponseSummary } from '../../api/crises';
import { useIncidentStats } from '../../api/incidents';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { humanise } from './format';
import { useCountryName } from '../../i18n/country-names';
import { vocab } from '../../i18n/vocab';

function Bars({
  title,
  buckets,
  vertical = false,
  testId,
  name,
}: {
  title: string;
  buckets: { key: string; count: number }[];
  vertical?: boolean;
  testId: string;
  /** The words for a bucket's key. */
  name?: (key: string) => string;
}) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  return (
    <figure className={`chart ${vertical ? 'vertical' : ''}`} data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ul>
        {buckets.map((b) => (
          <li key={b.key} title={`${b.key}: ${b.count}`}>
            <span className="key">{vertical ? b.key.slice(2) : (name?.(b.key) ?? humanise(b.key))}</span>
            <span className="bar" style={vertical ? { height: `${(b.count / max) * 100}%` } : { width: `${(b.count / max) * 100}%` }} />
            <span className="count">{b.count}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const countryName = useCountryName();
  const stats = useIncidentStats({});
  if (stats.isPending) return <p>{t('notes.loading')}</p>;
  if (stats.error) return <ErrorMessage error={stats.error} />;
  const s = stats.data;
  return (
    <section>
      {s.mostRestrictive ? <MarkingBanner markings={[s.mostRestrictive]} /> : null}
      <h1>{t('dashboard.title')}</h1>
      <CrisisResponseStrip />
      <p className="muted" data-testid="dashboard-total">
        {t('map.total', { count: s.total })}
      </p>
      {s.total === 0 ? (
        <div className="empty">
          <p>{t('incidents.empty')}</p>
        </div>
      ) : (
        <div className="charts">
          <Bars title={t('dashboard.byDomain')} buckets={s.byDomain} testId="chart-domain" name={(k) => vocab(t, 'domains', k)} />
          <Bars title={t('dashboard.byNation')} buckets={s.byNation} testId="chart-nation" name={countryName} />
          <Bars title={t('dashboard.byMonth')} buckets={s.byMonth} vertical testId="chart-month" />
        </div>
      )}
    </section>
  );
}

/** Live crises and the alerts of the last day; exercises are never counted here. */
function CrisisResponseStrip() {
  const { t } = useTranslation();
  const summary = useCrisisResponseSummary();
  if (!summary.data) return null;
  return (
    <p className="crisis-strip" data-testid="crisis-strip">
      <AppLink to="/crises">{t('dashboard.openCrises', { count: summary.data.openCrises })}</AppLink> ·{' '}
      <AppLink to="/alerts">{t('dashboard.alertsLastDay', { count: summary.data.alertsLastDay })}</AppLink>
    </p>
  );
}
