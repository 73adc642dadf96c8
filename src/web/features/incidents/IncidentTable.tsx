/**
 * The incident list as a virtualised table: only the rows in view are in the page, so thousands of
 * loaded incidents scroll smoothly; the next page loads as the end comes into view. Keyboard: Tab
 * into the list, ↑/↓ (Home/End) move between rows, Enter opens the incident, Space selects it.
 * Column headers sort (on the server, so every page follows the order); a checkbox selects a row
 * for the bulk actions.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { navigate } from '../../app/router';
import type { Incident } from '../../../shared/contracts/incidents';
import { Moment } from '../../components/Moment';
import { vocab } from '../../i18n/vocab';
import { useCountryName } from '../../i18n/country-names';
import { columnSort, nextSort } from './list-address';
import type { IncidentSort } from '../../../shared/vocab/incident-types';

type SortColumn = 'when' | 'title' | 'country' | 'classification';

/** A column header that sorts the list: a real button, with the current order in `aria-sort`. */
function SortHeader({
  column,
  sort,
  onSort,
  children,
}: {
  column: SortColumn;
  sort: IncidentSort;
  onSort: (sort: IncidentSort) => void;
  children: string;
}) {
  const { t } = useTranslation();
  const state = columnSort(sort, column);
  return (
    <th scope="col" aria-sort={state}>
      <button
        type="button"
        className="sort-header"
        data-testid={`sort-${column}`}
        title={t('incidentList.sortBy', { column: children })}
        onClick={() => onSort(nextSort(sort, column))}
      >
        {children}
        <span aria-hidden="true">{state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ''}</span>
      </button>
    </th>
  );
}

const ROW_HEIGHT = 58;

export function IncidentTable({
  items,
  hasMore,
  loadingMore,
  loadMore,
  sort,
  onSort,
  selected,
  onSelect,
}: {
  items: Incident[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  sort: IncidentSort;
  onSort: (sort: IncidentSort) => void;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
}) {
  const { t } = useTranslation();
  const countryName = useCountryName();
  const allLoadedSelected = items.length > 0 && items.every((i) => selected.has(i.id));
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastShown >= items.length - 15) loadMore();
  }, [hasMore, loadingMore, lastShown, items.length, loadMore]);

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(items.length - 1, index));
    virtualizer.scrollToIndex(target, { align: 'auto' });
    const row = () => scroller.current?.querySelector<HTMLElement>(`tr[data-index="${target}"]`);
    // A row in the page takes focus at once; one scrolled into view takes it once it is drawn.
    const present = row();
    if (present) present.focus();
    else requestAnimationFrame(() => row()?.focus());
  };
  const paddingTop = rows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);

  return (
    <div ref={scroller} className="virtual-scroll" data-testid="incident-scroll">
      <table className="incident-table" data-testid="incident-list" aria-rowcount={items.length + 1}>
        <thead>
          <tr>
            <th scope="col" className="select-cell">
              <input
                type="checkbox"
                aria-label={t('incidentList.selectAllLoaded')}
                checked={allLoadedSelected}
                onChange={(e) =>
                  onSelect(
                    items.map((i) => i.id),
                    e.target.checked,
                  )
                }
              />
            </th>
            <SortHeader column="when" sort={sort} onSort={onSort}>
              {t('incidents.when')}
            </SortHeader>
            <SortHeader column="title" sort={sort} onSort={onSort}>
              {t('incidents.what')}
            </SortHeader>
            <SortHeader column="country" sort={sort} onSort={onSort}>
              {t('incidents.where')}
            </SortHeader>
            <SortHeader column="classification" sort={sort} onSort={onSort}>
              {t('incidents.marking')}
            </SortHeader>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
          {rows.map((row) => {
            const incident = items[row.index] as Incident;
            return (
              <tr
                key={incident.id}
                data-index={row.index}
                ref={virtualizer.measureElement}
                tabIndex={row.index === 0 ? 0 : -1}
                aria-rowindex={row.index + 2}
                onKeyDown={(event) => {
                  const moves: Record<string, number> = {
                    ArrowDown: row.index + 1,
                    ArrowUp: row.index - 1,
                    Home: 0,
                    End: items.length - 1,
                  };
                  const next = moves[event.key];
                  if (next !== undefined) {
                    event.preventDefault();
                    focusRow(next);
                  } else if (event.key === 'Enter' && event.target === event.currentTarget) {
                    navigate(`/incidents/${incident.id}`);
                  } else if (event.key === ' ' && event.target === event.currentTarget) {
                    event.preventDefault();
                    onSelect([incident.id], !selected.has(incident.id));
                  }
                }}
              >
                <td className="select-cell">
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label={t('incidentList.select', { title: incident.title })}
                    checked={selected.has(incident.id)}
                    onChange={(e) => onSelect([incident.id], e.target.checked)}
                  />
                </td>
                <td>
                  <Moment at={incident.occurredAt} day />
                </td>
                <td>
                  <AppLink to={`/incidents/${incident.id}`}>
                    <bdi>{incident.title}</bdi>
                  </AppLink>
                  <div className="muted">
                    {vocab(t, 'domains', incident.domain)} · {vocab(t, 'subtypes', incident.subtype)}
                    {incident.releaseState === 'draft' ? ` · ${t('incidents.draft')}` : ''}
                  </div>
                </td>
                <td>
                  <bdi>{incident.place.name ?? ''}</bdi> {countryName(incident.place.country)}
                </td>
                <td>
                  <span className={`chip marking-${incident.label.classification.toLowerCase()}`}>{incident.label.marking}</span>
                </td>
              </tr>
            );
          })}
          {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
        </tbody>
      </table>
      {loadingMore && <p className="hint">{t('notes.loading')}</p>}
    </div>
  );
}
