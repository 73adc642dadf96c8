import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportUrl, useIncidentCount, useIncidents } from '../../api/incidents';
import { navigate, useSearch } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { IncidentFilterFields } from './IncidentFilterFields';
import { IncidentTable } from './IncidentTable';
import { IncidentBulkActions } from './IncidentBulkActions';
import { listAddress, parseListAddress } from './list-address';
import { useSaveSearch } from '../../api/saved-searches';
import type { IncidentFilters } from '../../api/incidents';
import type { Incident } from '../../../shared/contracts/incidents';
import './incident-list.css';

/** The form's values for filters from the address (dates as the date inputs take them). */
const draftOf = (filters: IncidentFilters): IncidentFilters => ({
  ...filters,
  ...(filters.from ? { from: filters.from.slice(0, 10) } : {}),
  ...(filters.to ? { to: filters.to.slice(0, 10) } : {}),
});

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
  // Filters and order live in the address: applying them navigates, so Back and links restore them.
  const search = useSearch();
  const { filters, sort } = useMemo(() => parseListAddress(search), [search]);
  const [draft, setDraft] = useState<IncidentFilters>(() => draftOf(filters));
  useEffect(() => setDraft(draftOf(filters)), [filters]);
  const setFilters = (next: IncidentFilters | ((current: IncidentFilters) => IncidentFilters)) =>
    navigate(listAddress({ filters: typeof next === 'function' ? next(filters) : next, sort }));
  const incidents = useIncidents(filters, sort);
  const count = useIncidentCount(filters);
  const items = useMemo(() => incidents.data?.pages.flatMap((p) => p.items) ?? [], [incidents.data]);
  const { fetchNextPage } = incidents;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  // A selection belongs to one list: another filter starts afresh (the order keeps it).
  const [selection, setSelection] = useState<Map<string, Incident>>(new Map());
  const filterKey = JSON.stringify(filters);
  useEffect(() => setSelection(new Map()), [filterKey]);
  const onSelect = useCallback(
    (ids: string[], on: boolean) =>
      setSelection((current) => {
        const next = new Map(current);
        for (const id of ids) {
          const incident = items.find((i) => i.id === id);
          if (on && incident) next.set(id, incident);
          else next.delete(id);
        }
        return next;
      }),
    [items],
  );

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
            ...(draft.nation ? { nation: draft.nation.toUpperCase() } : {}),
            ...(draft.q ? { q: draft.q } : {}),
            ...(draft.from ? { from: new Date(draft.from).toISOString() } : {}),
            ...(draft.to ? { to: new Date(draft.to).toISOString() } : {}),
            ...(draft.classification ? { classification: draft.classification } : {}),
            ...(draft.tlp ? { tlp: draft.tlp } : {}),
            ...(filters.actor ? { actor: filters.actor } : {}),
          });
        }}
      >
        <IncidentFilterFields draft={draft} onChange={setDraft} />
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
      <p className="result-count" role="status" data-testid="result-count">
        {count.data ? t('incidentList.count', { count: count.data.total }) : ''}
      </p>
      {selection.size > 0 && <IncidentBulkActions selected={[...selection.values()]} onClear={() => setSelection(new Map())} />}
      {incidents.error ? <ErrorMessage error={incidents.error} /> : null}
      {incidents.isPending ? (
        <p>{t('notes.loading')}</p>
      ) : items.length === 0 ? (
        <div className="empty">
          <p>{t('incidents.empty')}</p>
          <p>{t('incidents.emptyAction')}</p>
        </div>
      ) : (
        <IncidentTable
          items={items}
          hasMore={incidents.hasNextPage}
          loadingMore={incidents.isFetchingNextPage}
          loadMore={loadMore}
          sort={sort}
          onSort={(next) => navigate(listAddress({ filters, sort: next }))}
          selected={new Set(selection.keys())}
          onSelect={onSelect}
        />
      )}
    </section>
  );
}
