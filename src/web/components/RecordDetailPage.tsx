import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useRecord, useRecordHistory, useReleaseRecord } from '../api/picture-records';
import { AppLink } from './AppLink';
import { GraphLink } from '../features/graph/GraphLink';
import { ErrorMessage } from './ErrorMessage';
import { HistoryTable } from './HistoryTable';
import { MarkingBanner } from './MarkingBanner';
import { ReleasePanel } from './ReleasePanel';
import { Moment } from './Moment';
import { vocab } from '../i18n/vocab';

/** One actor or indicator: its facts, release, and history. */
export function RecordDetailPage({ kind, id }: { kind: 'actors' | 'indicators'; id: string }) {
  const { t } = useTranslation();
  const record = useRecord(kind, id);
  const history = useRecordHistory(kind, id);
  const release = useReleaseRecord(kind, id);
  const back = <AppLink to={`/${kind}`}>{t(`${kind}.back`)}</AppLink>;
  if (record.isPending) return <p>{t('notes.loading')}</p>;
  if (record.error) {
    if (record.error instanceof ApiError && (record.error.status === 404 || record.error.status === 400)) {
      return (
        <section data-testid="record-not-found">
          <h1>{t(`${kind}.notFound`)}</h1>
          <p>{t('notes.notFoundHint')}</p>
          {back}
        </section>
      );
    }
    return <ErrorMessage error={record.error} />;
  }
  const r = record.data;
  return (
    <article data-testid="record-detail">
      <MarkingBanner markings={[r.label]} />
      {back}
      {'aliases' in r ? (
        <>
          <h1 dir="auto">{r.name}</h1>
          <p className="muted">
            {vocab(t, 'actorKinds', r.kind)}
            {r.country ? ` · ${r.country}` : ''} · {r.releaseState === 'draft' ? t('incidents.draft') : t('incidents.released')}
          </p>
          {r.aliases.length > 0 && (
            <p>
              {t('actors.aliases')}: {r.aliases.join(', ')}
            </p>
          )}
          <p>
            <AppLink to={`/incidents?actor=${r.id}`}>{t('actors.incidents')}</AppLink>
          </p>
        </>
      ) : (
        <>
          {r.name ? (
            <>
              <h1 dir="auto">{r.name}</h1>
              <p className="indicator-value" dir="ltr">
                {r.value}
              </p>
            </>
          ) : (
            <h1 className="indicator-value" dir="ltr">
              {r.value}
            </h1>
          )}
          <p className="muted">
            {vocab(t, 'indicatorTypes', r.type)} · {r.releaseState === 'draft' ? t('incidents.draft') : t('incidents.released')}
            {r.firstSeen && (
              <>
                {` · ${t('indicators.firstSeen')} `}
                <Moment at={r.firstSeen} day />
              </>
            )}
            {r.lastSeen && (
              <>
                {` · ${t('indicators.lastSeen')} `}
                <Moment at={r.lastSeen} day />
              </>
            )}
          </p>
          {r.warnings.length > 0 && (
            <p className="warning" data-testid="indicator-warnings">
              ⚠ {r.warnings.join(' ')}
            </p>
          )}
        </>
      )}
      <p className="body">{r.description}</p>
      <GraphLink kind={kind === 'actors' ? 'actor' : 'indicator'} id={r.id} />
      <ReleasePanel record={r} release={release} />
      <section className="history">
        <h2>{t('incidents.history')}</h2>
        {history.data && <HistoryTable items={history.data.items} testId="record-history" />}
      </section>
      <MarkingBanner markings={[r.label]} />
    </article>
  );
}
