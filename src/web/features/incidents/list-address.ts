/**
 * The incident list's state in its address (`/incidents?domain=cyber&sort=title`): filters and
 * order are read from the query string and written back with `navigate`, so a list can be
 * bookmarked, shared, and restored by Back.
 */
import { INCIDENT_SORTS } from '../../../shared/vocab/incident-types';
import type { IncidentFilters } from '../../api/incidents';
import type { IncidentSort } from '../../../shared/vocab/incident-types';

export const FILTER_KEYS = ['domain', 'country', 'nation', 'q', 'from', 'to', 'actor', 'classification', 'tlp'] as const;

export interface ListAddress {
  filters: IncidentFilters;
  sort: IncidentSort;
}

export function parseListAddress(search: string): ListAddress {
  const params = new URLSearchParams(search);
  const filters: IncidentFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const sort = params.get('sort');
  return { filters, sort: (INCIDENT_SORTS as readonly string[]).includes(sort ?? '') ? (sort as IncidentSort) : 'newest' };
}

/** The list's address for these filters and order (the default order is left out). */
export function listAddress({ filters, sort }: ListAddress): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
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
