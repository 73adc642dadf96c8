/**
 * The standard STIX objects derived from a record, for clients that know nothing of Concord's
 * extensions: an incident's place as a `location` and the `located-at` relationship to it; an
 * indicator's value as an observable (a cyber-observable object: address, domain, URL, e-mail
 * address, file hash) and the `based-on` relationship to it. An observable's id is derived from
 * its indicator, not from its value alone: two indicators of one value under different labels
 * must not share an object (nor its versions). They are parts of the record — its label, its
 * versions, its recall — and carry the record they come from in Concord's companion extension.
 * Peers are never sent them: each node derives them from the record's signed object, its own
 * (publisher) or a partner's (federation apply).
 */
import countries from 'i18n-iso-countries';
import { EXTENSIONS, derivedUuid, uuidOfStixId } from './stix-vocab';
import { omitEmpty } from './stix-omit-empty';
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

/** The relationship from a record to one of its companions, itself a companion. */
function relationshipTo(record: StixObject, type: 'located-at' | 'based-on', target: StixObject, version: number): StixObject {
  return {
    type: 'relationship',
    id: `relationship--${derivedUuid(type, `${type}:${uuidOfStixId(record.id)}`)}`,
    ...shared(record),
    relationship_type: type,
    source_ref: record.id,
    target_ref: target.id,
    extensions: companionExtension(record, version),
  };
}

/** The cyber-observable object of an indicator's type and value (without id and markings). */
const OBSERVABLES: Record<string, (value: string) => Record<string, unknown>> = {
  ipv4: (value) => ({ type: 'ipv4-addr', value }),
  ipv6: (value) => ({ type: 'ipv6-addr', value }),
  cidr: (value) => ({ type: value.includes(':') ? 'ipv6-addr' : 'ipv4-addr', value }),
  domain: (value) => ({ type: 'domain-name', value }),
  url: (value) => ({ type: 'url', value }),
  email: (value) => ({ type: 'email-addr', value }),
  md5: (value) => ({ type: 'file', hashes: { MD5: value } }),
  sha1: (value) => ({ type: 'file', hashes: { 'SHA-1': value } }),
  sha256: (value) => ({ type: 'file', hashes: { 'SHA-256': value } }),
};

/** An indicator's value as an observable, and the `based-on` relationship from the indicator to it. */
function observableOf(record: StixObject): StixObject[] {
  const fields = (record.extensions as Record<string, Record<string, unknown>> | undefined)?.[EXTENSIONS.indicator];
  const make = OBSERVABLES[String(fields?.type)];
  if (!fields || !make || typeof fields.value !== 'string') return [];
  const version = typeof fields.version === 'number' ? fields.version : 1;
  const id = uuidOfStixId(record.id);
  const body = make(fields.value);
  // A cyber-observable object has no created, modified or creator: only its markings.
  const observable: StixObject = {
    ...body,
    type: String(body.type),
    spec_version: '2.1',
    id: `${String(body.type)}--${derivedUuid('observable', `observable:${id}`)}`,
    ...(record.object_marking_refs ? { object_marking_refs: record.object_marking_refs } : {}),
    extensions: companionExtension(record, version),
  };
  return [observable, relationshipTo(record, 'based-on', observable, version)];
}

/** The companions of a record's STIX object: an incident's place, an indicator's observable. */
export function companionsOf(record: StixObject): StixObject[] {
  return derived(record).map(omitEmpty);
}

function derived(record: StixObject): StixObject[] {
  if (record.type === 'indicator') return observableOf(record);
  if (record.type !== 'incident') return [];
  const fields = (record.extensions as Record<string, Record<string, unknown>> | undefined)?.[EXTENSIONS.incident];
  const place = (fields?.place ?? null) as Place | null;
  const version = typeof fields?.version === 'number' ? fields.version : 1;
  if (!place) return [];
  const country = place.country ? countries.alpha3ToAlpha2(place.country) : undefined;
  const located = typeof place.lat === 'number' && typeof place.lon === 'number';
  if (!country && !located) return [];
  const name = [place.name, place.admin2, place.admin1, place.country].find((part) => typeof part === 'string' && part.length > 0);
  const id = uuidOfStixId(record.id);
  const location: StixObject = {
    type: 'location',
    id: `location--${derivedUuid('location', `location:${id}`)}`,
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
  return [location, relationshipTo(record, 'located-at', location, version)];
}
