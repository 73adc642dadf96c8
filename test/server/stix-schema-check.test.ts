/**
 * The STIX 2.1 check of the test kit itself: it passes valid objects and refuses each kind of
 * broken one, so that a conformance test passing means something.
 */
import { describe, expect, it } from 'vitest';
import { definitions } from '../../src/server/domain/stix/stix-definitions';
import { tlpMarking } from '../../src/server/domain/stix/stix-export';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { OASIS_TLP2_MARKINGS, checkStixBundle, checkStixObjects } from '../kit/stix-schema-check';

const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const indicator = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2026-11-20T03:00:00.000Z',
  modified: '2026-11-21T03:00:00.000Z',
  created_by_ref: 'identity--5f0c3b9e-8d4a-4c55-9a8e-2f6b1c7d0e11',
  name: '185.220.101.4',
  pattern: "[ipv4-addr:value = '185.220.101.4']",
  pattern_type: 'stix',
  valid_from: '2026-11-20T03:00:00Z',
  object_marking_refs: [GREEN],
  extensions: { [EXTENSIONS.indicator]: { extension_type: 'property-extension', type: 'ipv4', value: '185.220.101.4', version: 2 } },
};
const desk = {
  type: 'x-concord-desk',
  spec_version: '2.1',
  id: 'x-concord-desk--0d7f4d8e-61a4-4f0e-9d1c-3f1c2a7b9e55',
  created: '2026-11-20T03:00:00.000Z',
  modified: '2026-11-20T03:00:00.000Z',
  name: 'PAK operations desk',
  extensions: { [EXTENSIONS.desk]: { extension_type: 'new-sdo', nation: 'PAK', name: 'PAK operations desk' } },
};
const known = definitions();
const check = (object: object) => checkStixObjects([object], known);
const errorsOf = (object: object) => check(object).errors.join('\n');

describe('the STIX 2.1 check', () => {
  it('passes Concord’s definitions, the TLP 2.0 markings, an indicator and a Concord object type', () => {
    const tlp = (['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const).map(tlpMarking);
    expect(tlp).toEqual(OASIS_TLP2_MARKINGS);
    expect(checkStixObjects([...known, ...tlp, indicator, desk])).toEqual({ errors: [], warnings: [] });
    expect(checkStixBundle({ type: 'bundle', id: 'bundle--4c3e9d0a-9c9e-4a2c-8f7e-0b5d2f1e6a77', objects: [...known, indicator] })).toEqual(
      {
        errors: [],
        warnings: [],
      },
    );
  });

  it('refuses a null and an empty list, at the top level and inside an extension', () => {
    expect(errorsOf({ ...indicator, description: null })).toMatch(/\$\.description: null or empty list/);
    expect(errorsOf({ ...indicator, labels: [] })).toMatch(/\$\.labels: null or empty list/);
    const inside = { ...indicator.extensions[EXTENSIONS.indicator], last_seen: null, warnings: [] };
    const found = errorsOf({ ...indicator, extensions: { [EXTENSIONS.indicator]: inside } });
    expect(found).toMatch(/last_seen: null or empty list/);
    expect(found).toMatch(/warnings: null or empty list/);
  });

  it('refuses a top-level custom property, even one of the old x_ form', () => {
    expect(errorsOf({ ...indicator, x_concord_nation: 'PAK' })).toMatch(
      /top-level property "x_concord_nation" is not one STIX 2\.1 defines/,
    );
    expect(errorsOf({ ...indicator, nation: 'PAK' })).toMatch(/top-level property "nation"/);
  });

  it('refuses timestamps not in STIX form, created and modified not to the millisecond, modified before created', () => {
    expect(errorsOf({ ...indicator, valid_from: '2026-11-20T08:00:00+05:00' })).toMatch(/valid_from/);
    expect(errorsOf({ ...indicator, created: '2026-11-20T03:00:00Z' })).toMatch(/created is not to the millisecond/);
    expect(errorsOf({ ...indicator, created: '2026-02-30T03:00:00.000Z' })).toMatch(/created is not a STIX timestamp/);
    expect(errorsOf({ ...indicator, modified: '2026-11-19T03:00:00.000Z' })).toMatch(/modified is before created/);
    const inside = { ...indicator.extensions[EXTENSIONS.indicator], first_seen: '2026-11-20' + 'T08:00:00+05:00' };
    expect(errorsOf({ ...indicator, extensions: { [EXTENSIONS.indicator]: inside } })).toMatch(
      /first_seen: "2026-11-20T08:00:00\+05:00" is not a STIX timestamp/,
    );
  });

  it('refuses ids that are not type--UUID of the object’s type, a spec_version other than 2.1, refs that are not ids', () => {
    expect(errorsOf({ ...indicator, id: 'indicator--185.220.101.4' })).toMatch(/id is not type--UUID/);
    expect(errorsOf({ ...indicator, id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' })).toMatch(/id names type malware, not indicator/);
    expect(errorsOf({ ...indicator, spec_version: '2.0' })).toMatch(/spec_version is not "2\.1"/);
    expect(errorsOf({ ...indicator, created_by_ref: 'PAK intelligence' })).toMatch(/created_by_ref: not an identifier/);
    const inside = { ...desk.extensions[EXTENSIONS.desk], desk_refs: ['x-concord-desk--1'] };
    expect(errorsOf({ ...desk, extensions: { [EXTENSIONS.desk]: inside } })).toMatch(/desk_refs: not a list of identifiers/);
  });

  it('refuses an extension without a definition, of a kind its definition does not declare, and an undeclared object type', () => {
    const unknown = 'extension-definition--9a0c2e3f-5b7d-4e1f-8a2b-3c4d5e6f7a8b';
    expect(errorsOf({ ...indicator, extensions: { [unknown]: { extension_type: 'property-extension', rank: 5 } } })).toMatch(
      /has no extension definition here or known/,
    );
    expect(errorsOf({ ...indicator, extensions: { [EXTENSIONS.indicator]: { extension_type: 'new-sdo', value: 'x' } } })).toMatch(
      /is used as new-sdo; its definition declares property-extension/,
    );
    expect(errorsOf({ ...desk, extensions: { [EXTENSIONS.desk]: { extension_type: 'property-extension', nation: 'PAK' } } })).toMatch(
      /type "x-concord-desk" is not a STIX 2\.1 type and no new-sdo/,
    );
    expect(checkStixObjects([desk]).errors.join('\n')).toMatch(/has no extension definition here or known/);
  });

  it('refuses a TLP 2.0 marking that differs from OASIS’s, and a pattern naming what no observable has', () => {
    expect(errorsOf({ ...tlpMarking('GREEN'), name: 'TLP: GREEN' })).toMatch(/differs from the OASIS TLP 2\.0 marking definition/);
    expect(errorsOf({ ...tlpMarking('AMBER'), created_by_ref: 'identity--5f0c3b9e-8d4a-4c55-9a8e-2f6b1c7d0e11' })).toMatch(
      /differs from the OASIS/,
    );
    expect(errorsOf({ ...indicator, pattern: "[ipv4-addr:address = '185.220.101.4']" })).toMatch(
      /ipv4-addr:address, a property ipv4-addr does not have/,
    );
    expect(errorsOf({ ...indicator, pattern: "[file:hashes.'SHA256' = 'e3b0']" })).toMatch(/hash "SHA256", not in hash-algorithm-ov/);
    expect(check({ ...indicator, pattern: "[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS" }).warnings.join('\n')).toMatch(
      /outside the STIX patterning/,
    );
  });

  it('warns of values outside an open vocabulary and relationship types STIX does not list', () => {
    const identity = {
      type: 'identity',
      spec_version: '2.1',
      id: 'identity--3a1d9a0e-5c1f-4b7a-9f1e-2d3c4b5a6f70',
      created: '2026-11-20T03:00:00.000Z',
      modified: '2026-11-20T03:00:00.000Z',
      name: 'Frontier Corps',
      identity_class: 'military',
    };
    expect(check(identity)).toEqual({
      errors: [],
      warnings: [expect.stringMatching(/identity_class "military" is not in identity-class-ov/)],
    });
    const relationship = {
      type: 'relationship',
      spec_version: '2.1',
      id: 'relationship--7b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      created: '2026-11-20T03:00:00.000Z',
      modified: '2026-11-20T03:00:00.000Z',
      relationship_type: 'attributed-to',
      source_ref: 'incident--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      target_ref: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    };
    expect(check(relationship).warnings).toEqual([
      expect.stringMatching(/"attributed-to" from incident to threat-actor is not one STIX 2\.1 lists/),
    ]);
    expect(check({ ...relationship, relationship_type: 'related-to' })).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a bundle with more than type, id and objects', () => {
    const bundle = { type: 'bundle', id: 'bundle--4c3e9d0a-9c9e-4a2c-8f7e-0b5d2f1e6a77', spec_version: '2.1', objects: [indicator] };
    expect(checkStixBundle(bundle, known).errors.join('\n')).toMatch(/properties a bundle does not have: spec_version/);
  });
});
