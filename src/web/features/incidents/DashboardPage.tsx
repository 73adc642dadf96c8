/**
 * Counts by domain, nation and month as bar charts — over what the reader may read. Each bar is a
 * link to the incident list with that filter in its address.
 */
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { useCrisisResponseSummary } from '../../api/crises';
import { useIncidentStats } from '../../api/incidents';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { humanise } from './format';
import { useCountryName } from '../../i18n/country-names';
import { vocab } from '../../i18n/vocab';
import { listAddress } from './list-address';
import type { IncidentFilters } from '../../api/incidents';
import type { ReactNode } from 'react';
import './incident-list.css';

/** The month after `YYYY-MM`, as the start of its first day in UTC. */
function monthStart(key: string, add = 0): string {
  const [year, month] = key.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + add, 1)).toISOString();
}

const FILTER_OF: Record<string, (key: string) => IncidentFilters> = {
  'chart-domain': (key) => ({ domain: key }),
  'chart-nation': (key) => ({ nation: key }),
  'chart-month': (key) => ({ from: monthStart(key), to: monthStart(key, 1) }),
};

/** A bar as a link to the filtered list: opens in the app on a plain click, like any link otherwise. */
function BarLink({ to, label, children }: { to: string; label: string; children: ReactNode }) {
  return (
    <a
      href={to}
      className="bar-link"
      title={label}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

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
  const { t } = useTranslation();
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const filterOf = FILTER_OF[testId];
  return (
    <figure className={`chart ${vertical ? 'vertical' : ''}`} data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ul>
        {buckets.map((b) => (
          <li key={b.key} title={`${b.key}: ${b.count}`}>
            <BarLink
              to={filterOf ? listAddress({ filters: filterOf(b.key), sort: 'newest' }) : '/incidents'}
              label={t('incidentList.showBucket', { key: vertical ? b.key : (name?.(b.key) ?? humanise(b.key)), count: b.count })}
            >
              <span className="key">{vertical ? b.key.slice(2) : (name?.(b.key) ?? humanise(b.key))}</span>
              <span className="bar" style={vertical ? { height: `${(b.count / max) * 100}%` } : { width: `${(b.count / max) * 100}%` }} />
              <span className="count">{b.count}</span>
            </BarLink>
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
