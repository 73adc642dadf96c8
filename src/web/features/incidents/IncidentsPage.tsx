import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportUrl, useIncidents, useVocabulary } from '../../api/incidents';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { IncidentTable } from './IncidentTable';
import { useSaveSearch } from '../../api/saved-searches';
import { CLASSIFICATION_LEVELS, TLP_LEVELS } from '../../../shared/vocab/levels';
import type { IncidentFilters } from '../../api/incidents';
import { DateTimeInput } from '../../components/DateTimeInput';
import { vocab } from '../../i18n/vocab';

const FILTER_KEYS = ['domain', 'country', 'q', 'from', 'to', 'actor', 'classification', 'tlp'] as const;

/** Filters from the address (`/incidents?domain=cyber`), so saved searches open as links. */
function filtersFromUrl(): IncidentFilters {
  const params = new URLSearchParams(window.location.search);
  return Object.fromEntries(FILTER_KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key) as string]] : [])));
}

/** Saves the applied filters under a name; new matches will notify. */
function SaveSearch({ filters }: { filters: IncidentFilters }) {
  const { t } = useTranslation();
  const save = useSaveSearch();
  const [name, setName] = useState('');
  return (
    <form
      className="save-search row"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ name, filter: filters }, { onSuccess: () => setName('') });
      }}
    >
      <label>
        {t('saved.name')}
        <input name="search-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit" disabled={save.isPending}>
        {t('saved.save')}
      </button>
      {save.isSuccess && (
        <span role="status" data-testid="search-saved">
          {t('saved.saved')}
        </span>
      )}
      <ErrorMessage error={save.error} />
    </form>
  );
}

export function IncidentsPage() {
  const { t } = useTranslation();
  const vocabulary = useVocabulary();
  const [filters, setFilters] = useState<IncidentFilters>(filtersFromUrl);
  const [draft, setDraft] = useState<IncidentFilters>(() => ({
    ...filters,
    ...(filters.from ? { from: filters.from.slice(0, 10) } : {}),
    ...(filters.to ? { to: filters.to.slice(0, 10) } : {}),
  }));
  const [sort, setSort] = useState<'newest' | 'oldest'>('newest');
  const incidents = useIncidents(filters, sort);
  const items = incidents.data?.pages.flatMap((p) => p.items) ?? [];
  const { fetchNextPage } = incidents;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  return (
    <section>
      <MarkingBanner markings={items.map((i) => i.label)} />
      <h1>{t('incidents.title')}</h1>
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({
            ...(draft.domain ? { domain: draft.domain } : {}),
            ...(draft.country ? { country: draft.country.toUpperCase() } : {}),
            ...(draft.q ? { q: draft.q } : {}),
            ...(draft.from ? { from: new Date(draft.from).toISOString() } : {}),
            ...(draft.to ? { to: new Date(draft.to).toISOString() } : {}),
            ...(draft.classification ? { classification: draft.classification } : {}),
            ...(draft.tlp ? { tlp: draft.tlp } : {}),
            ...(filters.actor ? { actor: filters.actor } : {}),
          });
        }}
      >
        <label>
          {t('incidents.search')}
          <input name="q" type="search" value={draft.q ?? ''} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label>
          {t('incidents.domain')}
          <select name="domain" value={draft.domain ?? ''} onChange={(e) => setDraft({ ...draft, domain: e.target.value })}>
            <option value="">{t('incidents.any')}</option>
            {Object.keys(vocabulary.data?.incidentDomains ?? {}).map((d) => (
              <option key={d} value={d}>
                {vocab(t, 'domains', d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.country')}
          <input
            name="country"
            maxLength={3}
            size={4}
            value={draft.country ?? ''}
            onChange={(e) => setDraft({ ...draft, country: e.target.value })}
          />
        </label>
        <DateTimeInput
          name="from"
          mode="date"
          label={t('incidents.from')}
          value={draft.from ?? ''}
          onChange={(from) => setDraft({ ...draft, from })}
        />
        <DateTimeInput
          name="to"
          mode="date"
          label={t('incidents.to')}
          value={draft.to ?? ''}
          onChange={(to) => setDraft({ ...draft, to })}
        />
        <label>
          {t('incidents.classification')}
          <select
            name="classification"
            value={draft.classification ?? ''}
            onChange={(e) => setDraft({ ...draft, classification: e.target.value })}
          >
            <option value="">{t('incidents.any')}</option>
            {CLASSIFICATION_LEVELS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          TLP
          <select name="tlp" value={draft.tlp ?? ''} onChange={(e) => setDraft({ ...draft, tlp: e.target.value })}>
            <option value="">{t('incidents.any')}</option>
            {TLP_LEVELS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.sort')}
          <select name="sort" value={sort} onChange={(e) => setSort(e.target.value as 'newest' | 'oldest')}>
            <option value="newest">{t('incidents.newest')}</option>
            <option value="oldest">{t('incidents.oldest')}</option>
          </select>
        </label>
        <button type="submit">{t('incidents.apply')}</button>
      </form>
      {filters.actor && (
        <p className="hint" data-testid="actor-filter">
          {t('incidents.byActor')}{' '}
          <button type="button" className="link-button" onClick={() => setFilters(({ actor: _actor, ...rest }) => rest)}>
            {t('incidents.clearActor')}
          </button>
        </p>
      )}
      {Object.keys(filters).length > 0 && <SaveSearch filters={filters} />}
      <p className="exports">
        {t('incidents.export')}:{' '}
        {(['csv', 'json', 'geojson', 'stix'] as const).map((format) => (
          <a key={format} href={exportUrl(filters, format)} download>
            {format.toUpperCase()}
          </a>
        ))}
      </p>
      {incidents.error ? <ErrorMessage error={incidents.error} /> : null}
      {incidents.isPending ? (
        <p>{t('notes.loading')}</p>
      ) : items.length === 0 ? (
        <div className="empty">
          <p>{t('incidents.empty')}</p>
          <p>{t('incidents.emptyAction')}</p>
        </div>
      ) : (
        <IncidentTable items={items} hasMore={incidents.hasNextPage} loadingMore={incidents.isFetchingNextPage} loadMore={loadMore} />
      )}
    </section>
  );
}
