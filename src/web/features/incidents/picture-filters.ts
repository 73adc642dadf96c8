/**
 * The incident list's filters as the map and timeline keep them in their address: the same
 * parameter names as the list query (`incidentFilterQuerySchema`), so a link or Back restores them
 * and the server reads them unchanged.
 */
import { INCIDENT_DOMAIN_CODES } from '../../../shared/vocab/incident-types';

/**
 * Every list filter but the viewport (the map's own view decides that). Written out rather than
 * read from the zod schema, which would bring zod into the page; a test holds them equal.
 */
export const PICTURE_FILTER_KEYS = ['domain', 'subtype', 'nation', 'country', 'from', 'to', 'q', 'actor', 'classification', 'tlp'];

export type PictureFilters = Record<string, string>;

export function filtersFromSearch(search: string): PictureFilters {
  const params = new URLSearchParams(search);
  return Object.fromEntries(PICTURE_FILTER_KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key) as string]] : [])));
}

/** `?domain=cyber&from=…` (or empty) in the fixed order of the keys, so equal filters give equal addresses. */
export function searchOf(filters: PictureFilters): string {
  const params = new URLSearchParams();
  for (const key of PICTURE_FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Colours of the domains on the map, the timeline and their legends: distinct for common colour
 * vision deficiencies and dark enough for white count text (4.5:1).
 */
export const DOMAIN_COLOURS: Record<string, string> = {
  'terrorism-militancy': '#b2182b',
  'armed-clash': '#a64b00',
  'explosive-remote-violence': '#7b3294',
  narcotics: '#1b7837',
  'trafficking-smuggling': '#6b4a12',
  'border-incident': '#0571b0',
  cyber: '#c51b7d',
  other: '#4d4d4d',
};
export const DOMAINS = INCIDENT_DOMAIN_CODES as string[];
export const colourOf = (domain: string) => DOMAIN_COLOURS[domain] ?? '#4d4d4d';
