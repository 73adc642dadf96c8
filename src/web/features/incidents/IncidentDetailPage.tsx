import { Suspense, lazy, useEffect, useRef, useState } from 'react';
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
import { GraphLink } from '../graph/GraphLink';
import { AttachmentsPanel } from './AttachmentsPanel';
import { IncidentEditForm } from './IncidentEditForm';
import { formatCount, formatLocal, formatUtc } from './format';
import { Moment } from '../../components/Moment';
import { vocab } from '../../i18n/vocab';
import { useCountryName } from '../../i18n/country-names';
import { useDirectory } from '../../api/notes';
import type { TFunction } from 'i18next';
import './incident-page.css';

// Leaflet and the base map load only when an incident with a point is shown (as the map page's do).
const IncidentPlaceMap = lazy(() => import('./IncidentPlaceMap').then((m) => ({ default: m.IncidentPlaceMap })));

/** `B2 — usually reliable, probably true`: an admiralty code with its meaning. */
function admiralty(reliability: string, credibility: number, t: TFunction): string {
  return t('incidentPage.admiralty', {
    code: `${reliability}${credibility}`,
    reliability: t(`incidentPage.reliability.${reliability}`),
    credibility: t(`incidentPage.credibility.${credibility}`),
  });
}

/** The originating organisation and nation, named from the directory (the label names them by code and id). */
function Origin({ nation, org }: { nation: string; org: string }) {
  const directory = useDirectory();
  const orgName = directory.data?.organisations.find((o) => o.id === org)?.name ?? org;
  const nationName = directory.data?.nations.find((n) => n.code === nation)?.name;
  return (
    <dd data-testid="origin">
      <bdi>{orgName}</bdi> · <bdi>{nationName ? `${nationName} (${nation})` : nation}</bdi>
    </dd>
  );
}

export function IncidentDetailPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const countryName = useCountryName();
  const incident = useIncident(id);
  const history = useIncidentHistory(id);
  const related = useRelatedIncidents(id);
  const release = useReleaseIncident(id);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // The form that had the focus is gone: the outcome takes it, so keyboard and screen reader users land there.
  useEffect(() => noticeRef.current?.focus(), [notice]);
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
      <h1 dir="auto">{i.title}</h1>
      <GraphLink kind="incident" id={i.id} />
      <p className="muted">
        {vocab(t, 'domains', i.domain)} · {vocab(t, 'subtypes', i.subtype)} ·{' '}
        {i.releaseState === 'draft' ? t('incidents.draft') : t('incidents.released')}
      </p>
      {notice && (
        <p role="status" className="notice" data-testid="edit-notice" tabIndex={-1} ref={noticeRef}>
          {notice}
        </p>
      )}
      {editing ? (
        <IncidentEditForm
          incident={i}
          onCancel={() => setEditing(false)}
          onSaved={({ version, changed }) => {
            setEditing(false);
            setNotice(changed ? t('incidentEdit.saved', { version }) : t('incidentEdit.nothingChanged'));
          }}
        />
      ) : (
        <>
          {i.can.edit && (
            <button
              type="button"
              onClick={() => {
                setNotice(null);
                setEditing(true);
              }}
            >
              {t('incidentEdit.edit')}
            </button>
          )}
          <dl className="facts">
            <dt>{t('incidentPage.origin')}</dt>
            <Origin nation={i.label.originator.nation} org={i.label.originator.org} />
            <dt>{t('incidents.when')}</dt>
            <dd>
              <time dateTime={i.occurredAt}>{formatUtc(i.occurredAt)}</time> ({t(`incidents.precision.${i.timePrecision}`)}){' '}
              <small>{t('incidentEdit.yourTime', { time: formatLocal(i.occurredAt, i18n.language) })}</small>
            </dd>
            <dt>{t('incidents.where')}</dt>
            <dd>
              <bdi>{[i.place.name, i.place.admin2, i.place.admin1].filter(Boolean).join(', ')}</bdi>
              {i.place.name || i.place.admin2 || i.place.admin1 ? ', ' : ''}
              {countryName(i.place.country)}
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
          {i.place.point ? (
            <Suspense fallback={<div className="place-map" />}>
              <IncidentPlaceMap lat={i.place.point.lat} lon={i.place.point.lon} uncertaintyKm={i.place.uncertaintyKm} />
            </Suspense>
          ) : (
            <p className="hint">{t('incidentPage.noPoint')}</p>
          )}
          <p className="body">{i.narrative}</p>
          {i.sources && (
            <section className="sources">
              <MarkingBanner markings={[i.sources.label]} />
              <h2>{t('notes.sources')}</h2>
              <ul>
                {i.sources.items.map((s, index) => (
                  <li key={index}>
                    {s.description}{' '}
                    <strong className="admiralty" data-testid="admiralty">
                      {admiralty(s.reliability, s.credibility, t)}
                    </strong>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
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
                  <Moment at={r.occurredAt} day /> · {r.place} ·{' '}
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
