/**
 * The standard STIX objects derived from a record, for clients that know nothing of Concord's
 * extensions: an incident's place as a `location` and the `located-at` relationship to it. They
 * are parts of the record — its label, its versions, its recall — and carry the record they come
 * from in Concord's companion extension. Peers are never sent them: each node derives them from
 * the record's signed object, its own (publisher) or a partner's (federation apply).
 */
import countries from 'i18n-iso-countries';
import { EXTENSIONS, stableUuid } from './stix-vocab';
import type { StixObject } from './stix-export';

interface Place {
  country?: string | null;
  admin1?: string | null;
  admin2?: string | null;
  name?: string | null;
  lat?: number | null;
  lon?: number | null;
  uncertainty_km?: number | null;
}

/** What every companion shares with its record: times, creator, markings. */
function shared(record: StixObject) {
  return {
    spec_version: '2.1',
    created: record.created,
    modified: record.modified,
    ...(record.created_by_ref ? { created_by_ref: record.created_by_ref } : {}),
    ...(record.object_marking_refs ? { object_marking_refs: record.object_marking_refs } : {}),
  };
}

const companionExtension = (record: StixObject, version: number) => ({
  [EXTENSIONS.companion]: { extension_type: 'property-extension', record_ref: record.id, record_version: version },
});

/** The companions of a record's STIX object (an incident's place; none for other kinds). */
export function companionsOf(record: StixObject): StixObject[] {
  if (record.type !== 'incident') return [];
  const fields = (record.extensions as Record<string, Record<string, unknown>> | undefined)?.[EXTENSIONS.incident];
  const place = (fields?.place ?? null) as Place | null;
  const version = typeof fields?.version === 'number' ? fields.version : 1;
  if (!place) return [];
  const country = place.country ? countries.alpha3ToAlpha2(place.country) : undefined;
  const located = typeof place.lat === 'number' && typeof place.lon === 'number';
  if (!country && !located) return [];
  const name = [place.name, place.admin2, place.admin1, place.country].find((part) => typeof part === 'string' && part.length > 0);
  const id = record.id.slice(record.id.indexOf('--') + 2);
  const location: StixObject = {
    type: 'location',
    id: `location--${stableUuid(`location:${id}`)}`,
    ...shared(record),
    ...(name ? { name } : {}),
    ...(country ? { country } : {}),
    ...(place.admin1 ? { administrative_area: place.admin1 } : {}),
    ...(located
      ? {
          latitude: place.lat,
          longitude: place.lon,
          ...(typeof place.uncertainty_km === 'number' ? { precision: place.uncertainty_km * 1000 } : {}),
        }
      : {}),
    extensions: companionExtension(record, version),
  };
  const relationship: StixObject = {
    type: 'relationship',
    id: `relationship--${stableUuid(`located-at:${id}`)}`,
    ...shared(record),
    relationship_type: 'located-at',
    source_ref: record.id,
    target_ref: location.id,
    extensions: companionExtension(record, version),
  };
  return [location, relationship];
}
