/**
 * The incident list's state in its address (`/incidents?domain=cyber&sort=title`): filters and
 * order are read from the query string and written back with `navigate`, so a list can be
 * bookmarked, shared, and restored by Back.
 */
import { INCIDENT_SORTS } from '../../../shared/vocab/incident-types';
import { filtersFromSearch, searchOf } from './picture-filters';
import type { IncidentFilters } from '../../api/incidents';
import type { PictureFilters } from './picture-filters';
import type { IncidentSort } from '../../../shared/vocab/incident-types';

export interface ListAddress {
  filters: IncidentFilters;
  sort: IncidentSort;
}

/** The filters are read and written as the map and the timeline keep theirs (picture-filters.ts): one set of keys. */
export function parseListAddress(search: string): ListAddress {
  const sort = new URLSearchParams(search).get('sort');
  return {
    filters: filtersFromSearch(search) as IncidentFilters,
    sort: (INCIDENT_SORTS as readonly string[]).includes(sort ?? '') ? (sort as IncidentSort) : 'newest',
  };
}

/** The list's address for these filters and order (the default order is left out). */
export function listAddress({ filters, sort }: ListAddress): string {
  const params = new URLSearchParams(searchOf(filters as PictureFilters));
  if (sort !== 'newest') params.set('sort', sort);
  const query = params.toString();
  return query ? `/incidents?${query}` : '/incidents';
}

/** The order a column header sets next: ascending first (When: newest first), then the other way. */
export function nextSort(current: IncidentSort, column: 'when' | 'title' | 'country' | 'classification'): IncidentSort {
  if (column === 'when') return current === 'newest' ? 'oldest' : 'newest';
  return current === column ? `${column}-desc` : column;
}

/** How a column is sorted now, for `aria-sort`. */
export function columnSort(
  current: IncidentSort,
  column: 'when' | 'title' | 'country' | 'classification',
): 'ascending' | 'descending' | 'none' {
  if (column === 'when') return current === 'newest' ? 'descending' : current === 'oldest' ? 'ascending' : 'none';
  return current === column ? 'ascending' : current === `${column}-desc` ? 'descending' : 'none';
}
