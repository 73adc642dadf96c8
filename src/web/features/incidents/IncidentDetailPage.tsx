import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { ApiError } from '../../api/client';
import { useIncident, useIncidentHistory, useRelatedIncidents, useReleaseIncident } from '../../api/incidents';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
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
      {i.releaseState === 'draft' && i.proposedLabel && (
        <section className="release">
          <h2>{t('incidents.releaseTitle')}</h2>
          <p>
            {t('incidents.proposed')}: <strong data-testid="proposed-marking">{i.proposedLabel.marking}</strong>
          </p>
          {i.pendingRelease && (
            <p data-testid="pending-release">
              {t('incidents.pending', { marking: i.pendingRelease.label.marking })}
              {i.pendingRelease.byMe ? ` ${t('incidents.pendingByMe')}` : ''}
            </p>
          )}
          {i.can.release && !i.pendingRelease?.byMe ? (
            <>
              <ErrorMessage error={release.error} />
              <button type="button" onClick={() => release.mutate(undefined)} disabled={release.isPending}>
                {i.pendingRelease ? t('incidents.approveRelease') : t('incidents.release')}
              </button>
            </>
          ) : (
            <p className="hint">{t('incidents.awaitingRelease')}</p>
          )}
        </section>
      )}
      {related.data && related.data.items.length > 0 && (
        <section className="related" data-testid="related">
          <h2>{t('incidents.related')}</h2>
          <ul>
            {related.data.items.map((r) => (
              <li key={r.id}>
                <AppLink to={`/incidents/${r.id}`}>{r.title}</AppLink>{' '}
                <span className="muted">
                  {new Date(r.occurredAt).toLocaleDateString(i18n.language)} · {r.place} · {t('incidents.distance', { km: r.distanceKm })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="history">
        <h2>{t('incidents.history')}</h2>
        {history.data && (
          <table data-testid="incident-history">
            <thead>
              <tr>
                <th scope="col">{t('incidents.version')}</th>
                <th scope="col">{t('incidents.change')}</th>
                <th scope="col">{t('incidents.when')}</th>
                <th scope="col">{t('incidents.changedFields')}</th>
                <th scope="col">{t('incidents.marking')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.items.map((v) => (
                <tr key={v.version}>
                  <td>{v.version}</td>
                  <td>{t(`incidents.changes.${v.change}`, { defaultValue: v.change })}</td>
                  <td>{new Date(v.changedAt).toLocaleString(i18n.language)}</td>
                  <td>{v.changedFields.join(', ')}</td>
                  <td>{v.marking}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <MarkingBanner markings={[i.label]} />
    </article>
  );
}
