import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { ApiError } from '../../api/client';
import { useIncident, useIncidentHistory, useRelatedIncidents, useReleaseIncident } from '../../api/incidents';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { HistoryTable } from '../../components/HistoryTable';
import { RecallPanel } from '../../components/RecallPanel';
import { ReleasePanel } from '../../components/ReleasePanel';
import { IncidentLinksPanel } from './IncidentLinksPanel';
import { AttachmentsPanel } from './AttachmentsPanel';
import { formatCount, humanise } from './format';

export function IncidentDetailPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const incident = useIncident(id);
  const history = useIncidentHistory(id);
  const related = useRelatedIncidents(id);
  const release = useReleaseIncident(id);
  const back = <AppLink to="/incidents">{t('incidents.back')}</AppLink>;
  if (incident.isPending) return <p>{t('notes.loading')}</p>;
  if (incident.error) {
    if (incident.error instanceof ApiError && (incident.error.status === 404 || incident.error.status === 400)) {
      return (
        <section data-testid="incident-not-found">
          <h1>{t('incidents.notFound')}</h1>
          <p>{t('notes.notFoundHint')}</p>
          {back}
        </section>
      );
    }
    return <ErrorMessage error={incident.error} />;
  }
  const i = incident.data;
  return (
    <article className="incident" data-testid="incident-detail">
      <MarkingBanner markings={[i.label]} />
      {back}
      <h1>{i.title}</h1>
      <p className="muted">
        {humanise(i.domain)} · {humanise(i.subtype)} · {i.releaseState === 'draft' ? t('incidents.draft') : t('incidents.released')}
      </p>
      <dl className="facts">
        <dt>{t('incidents.when')}</dt>
        <dd>
          {new Date(i.occurredAt).toLocaleString(i18n.language)} ({t(`incidents.precision.${i.timePrecision}`)})
        </dd>
        <dt>{t('incidents.where')}</dt>
        <dd>
          {[i.place.name, i.place.admin2, i.place.admin1, i.place.country].filter(Boolean).join(', ')}
          {i.place.point ? ` — ${i.place.point.lat.toFixed(3)}, ${i.place.point.lon.toFixed(3)}` : ''}
          {i.place.uncertaintyKm !== undefined ? ` (± ${i.place.uncertaintyKm} km)` : ''}
        </dd>
        <dt>{t('incidents.killed')}</dt>
        <dd data-testid="killed">{formatCount(i.casualties.killed, t)}</dd>
        <dt>{t('incidents.wounded')}</dt>
        <dd>{formatCount(i.casualties.wounded, t)}</dd>
        <dt>{t('incidents.abducted')}</dt>
        <dd>{formatCount(i.casualties.abducted, t)}</dd>
      </dl>
      <p className="body">{i.narrative}</p>
      {i.sources && (
        <section className="sources">
          <MarkingBanner markings={[i.sources.label]} />
          <h2>{t('notes.sources')}</h2>
          <ul>
            {i.sources.items.map((s, index) => (
              <li key={index}>
                {s.description}{' '}
                <strong>
                  ({s.reliability}
                  {s.credibility})
                </strong>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ReleasePanel record={i} release={release} />
      <RecallPanel kind="incidents" record={i} />
      <IncidentLinksPanel id={i.id} version={i.version} canEdit={i.can.edit} />
      <AttachmentsPanel id={i.id} canEdit={i.can.edit} />
      {related.data && related.data.items.length > 0 && (
        <section className="related" data-testid="related">
          <h2>{t('incidents.related')}</h2>
          <ul>
            {related.data.items.map((r) => (
              <li key={r.id}>
                <AppLink to={`/incidents/${r.id}`}>{r.title}</AppLink>{' '}
                <span className="muted">
                  {new Date(r.occurredAt).toLocaleDateString(i18n.language)} · {r.place} ·{' '}
                  {r.reasons
                    .map((reason) =>
                      reason.kind === 'place-and-time'
                        ? t('incidents.distance', { km: reason.distanceKm })
                        : reason.kind === 'shared-indicator'
                          ? t('incidents.sharedIndicator', { value: reason.value })
                          : t('incidents.sharedActor', { name: reason.name }),
                    )
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="history">
        <h2>{t('incidents.history')}</h2>
        {history.data && <HistoryTable items={history.data.items} testId="incident-history" />}
      </section>
      <MarkingBanner markings={[i.label]} />
    </article>
  );
}
