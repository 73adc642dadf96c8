/**
 * The inventory of derived ids (docs/decisions/0023): every kind's names have a shape of their
 * own, so no two kinds derive the same id; derived ids are never random ones; the ids of objects
 * already published and federated stay what they were; a label has one marking id whatever order
 * its lists came in, and a version published before that keeps the marking its object names.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { directoryId } from '../directory/directory-ids';
import { COLLECTION_ID } from '../taxii/taxii-service';
import { companionsOf } from './stix-companions';
import { labelMarkingOf, markingOf } from './stix-export';
import { DERIVED_ID_KINDS, EXTENSIONS, derivedUuid } from './stix-vocab';
import type { Label } from '../../../shared/labels/label';
import type { DerivedIdKind } from './stix-vocab';
import type { StixObject } from './stix-export';

const RECORD = '0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a99';
const OTHER = '5d3c1b2a-9e8f-4a7b-8c6d-1e2f3a4b5c6d';
/** The samples' record: another than the one whose companions are derived below. */
const SAMPLE = '7a1e2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';

const label = (over: Partial<Label> = {}): Label => ({
  originator: { nation: 'PAK', org: 'org-1' },
  classification: 'RESTRICTED',
  relTo: ['PAK', 'KAZ', 'UZB'],
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
  state: 'active',
  version: 1,
  ...over,
});

/** A name of each kind, as its caller makes it. */
const SAMPLES: Record<DerivedIdKind, string> = {
  marking: JSON.stringify({ extension_type: 'property-extension', originator: { nation: 'PAK', org: 'org-1' } }),
  location: `location:${SAMPLE}`,
  observable: `observable:${SAMPLE}`,
  'located-at': `located-at:${SAMPLE}`,
  'based-on': `based-on:${SAMPLE}`,
  link: `${SAMPLE}:actor:${OTHER}`,
  receipt: `receipt:x-concord-recall--${OTHER}:${RECORD}`,
  directory: 'directory:org:PAK:PAK intelligence',
  collection: 'taxii-collection:records',
};

describe('derived ids', () => {
  it('take names of a shape no other kind makes', () => {
    for (const [kind, name] of Object.entries(SAMPLES)) {
      const matching = Object.entries(DERIVED_ID_KINDS)
        .filter(([, { shape }]) => shape.test(name))
        .map(([k]) => k);
      expect(matching, name).toEqual([kind]);
    }
    expect(() => derivedUuid('location', SAMPLES.observable)).toThrow();
    expect(() => derivedUuid('link', SAMPLES['located-at'])).toThrow();
  });

  it('of one record are all distinct, and none is a random (version 4) id such as records get', () => {
    const incident: StixObject = {
      type: 'incident',
      id: `incident--${RECORD}`,
      created: '2026-11-20T00:00:00.000Z',
      modified: '2026-11-20T00:00:00.000Z',
      extensions: { [EXTENSIONS.incident]: { version: 1, place: { country: 'PAK', lat: 30.9, lon: 66.4 } } },
    };
    const indicator: StixObject = {
      ...incident,
      type: 'indicator',
      id: `indicator--${RECORD}`,
      extensions: { [EXTENSIONS.indicator]: { version: 1, type: 'ipv4', value: '203.0.113.9' } },
    };
    const ids = [
      ...companionsOf(incident).map((o) => o.id.slice(o.id.indexOf('--') + 2)),
      ...companionsOf(indicator).map((o) => o.id.slice(o.id.indexOf('--') + 2)),
      ...Object.entries(SAMPLES).map(([kind, name]) => derivedUuid(kind as DerivedIdKind, name)),
    ];
    expect(ids).toHaveLength(4 + Object.keys(SAMPLES).length);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.at(14), id).toBe('5');
    expect(crypto.randomUUID().at(14)).toBe('4');
  });

  it('stay what they were for objects already published and federated', () => {
    expect(COLLECTION_ID).toBe('5de1ea04-8534-50c5-86b2-0de354336a60');
    expect(directoryId('org', 'PAK', 'PAK intelligence')).toBe('ede2dd79-0549-5466-991f-a8702ac2af4f');
    const incident: StixObject = {
      type: 'incident',
      id: `incident--${RECORD}`,
      extensions: { [EXTENSIONS.incident]: { version: 1, place: { country: 'PAK' } } },
    };
    expect(companionsOf(incident).map((o) => o.id)).toEqual([
      'location--9b9ed103-b7bb-517a-9b98-07f80cfe7c3e',
      'relationship--bfc0c6cf-54fb-5ed2-9bb1-012af40b0917',
    ]);
    // A label already in canonical form keeps the marking id it had.
    expect(markingOf(label()).id).toBe('marking-definition--83b0d28d-0d79-536e-b38d-df86f6d4e0e0');
  });
});

describe('a label marking', () => {
  it('has one id whatever order and repeats its lists came in', () => {
    const given = label({ relTo: ['UZB', 'KAZ', 'PAK', 'UZB'], caveats: ['NARC', 'CT'], recipients: { orgs: ['o2', 'o1'], users: [] } });
    const sorted = label({ relTo: ['PAK', 'KAZ', 'UZB'], caveats: ['CT', 'NARC'], recipients: { orgs: ['o1', 'o2'], users: [] } });
    expect(markingOf(given)).toEqual(markingOf(sorted));
  });

  it('of a version published with its lists in another order is the one its object names', () => {
    const legacy = {
      extension_type: 'property-extension',
      originator: { nation: 'PAK', org: 'org-1' },
      classification: 'RESTRICTED',
      rel_to: ['PAK', 'UZB', 'KAZ'],
      tlp: 'GREEN',
      state: 'active',
      version: 1,
    };
    const object: StixObject = {
      type: 'incident',
      id: `incident--${RECORD}`,
      object_marking_refs: ['marking-definition--aa6aba9f-0d62-562e-adec-62150fd26a92'],
      extensions: { [EXTENSIONS.signature]: { extension_type: 'property-extension', node_id: OTHER, label: legacy, signature: 'x' } },
    };
    const marking = labelMarkingOf(object, label());
    expect(marking.id).toBe('marking-definition--aa6aba9f-0d62-562e-adec-62150fd26a92');
    expect((marking.extensions as Record<string, { rel_to: string[] }>)[EXTENSIONS.label]!.rel_to).toEqual(['PAK', 'UZB', 'KAZ']);
    // Without a signature, the marking of the label given.
    expect(labelMarkingOf({ ...object, extensions: {} }, label()).id).toBe(markingOf(label()).id);
  });
});
