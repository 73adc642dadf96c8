import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { useRecords } from '../../api/picture-records';
import { INDICATOR_TYPES } from '../../../shared/vocab/picture-records';
import { vocab } from '../../i18n/vocab';

export function IndicatorsPage({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ q: '', type: '' });
  const [filters, setFilters] = useState({ q: '', type: '' });
  const indicators = useRecords('indicators', { q: filters.q || undefined, type: filters.type || undefined });
  const items = indicators.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <MarkingBanner markings={items.map((i) => i.label)} />
      <h1>{t('indicators.title')}</h1>
      {canCreate && (
        <p className="actions">
          <AppLink to="/indicators/new">{t('indicators.new')}</AppLink> <AppLink to="/indicators/paste">{t('indicatorPaste.link')}</AppLink>
        </p>
      )}
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        <label>
          {t('indicators.search')}
          <input name="q" type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label>
          {t('indicators.type')}
          <select name="type" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
            <option value="">{t('incidents.any')}</option>
            {INDICATOR_TYPES.map((k) => (
              <option key={k} value={k}>
                {vocab(t, 'indicatorTypes', k)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('incidents.apply')}</button>
      </form>
      {indicators.error ? <ErrorMessage error={indicators.error} /> : null}
      {indicators.isPending ? (
        <p>{t('notes.loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{t('indicators.empty')}</p>
      ) : (
        <table data-testid="indicator-list">
          <thead>
            <tr>
              <th scope="col">{t('indicators.value')}</th>
              <th scope="col">{t('indicators.type')}</th>
              <th scope="col">{t('incidents.marking')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>
                  <AppLink to={`/indicators/${i.id}`}>
                    <bdi>{i.value}</bdi>
                  </AppLink>
                  {i.name && <div className="muted">{i.name}</div>}
                  {i.warnings.length > 0 && <div className="warning">⚠ {i.warnings.join(' ')}</div>}
                </td>
                <td>
                  {vocab(t, 'indicatorTypes', i.type)}
                  {i.releaseState === 'draft' ? ` · ${t('incidents.draft')}` : ''}
                </td>
                <td>
                  <span className={`chip marking-${i.label.classification.toLowerCase()}`}>{i.label.marking}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {indicators.hasNextPage && (
        <button type="button" onClick={() => void indicators.fetchNextPage()} disabled={indicators.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
    </section>
  );
}
