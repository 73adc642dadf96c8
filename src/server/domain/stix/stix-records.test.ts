import { describe, expect, it } from 'vitest';
import { omitEmpty } from './stix-omit-empty';
import { commonSchema, labelExtensionSchema } from './stix-records';
import { actorExtensionSchema } from '../actors/actor-stix';
import { incidentExtensionSchema } from '../incidents/incident-stix';
import { indicatorExtensionSchema, indicatorRow } from '../indicators/indicator-stix';
import type { Label } from '../../../shared/labels/label';

const label = {
  originator: { nation: 'PAK', org: '0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a01' },
  classification: 'UNCLASSIFIED',
  rel_to: [],
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
  state: 'active',
  version: 1,
};
const release = { version: 2, release_state: 'released' };

describe('Concord extension schemas', () => {
  it('read an extension without its nulls and empty lists as the one with them (the form of nodes not yet upgraded)', () => {
    const old = {
      label: [labelExtensionSchema, label],
      indicator: [
        indicatorExtensionSchema,
        { ...release, type: 'ipv4', value: '192.0.2.1', first_seen: null, last_seen: null, warnings: [] },
      ],
      actor: [actorExtensionSchema, { ...release, kind: 'armed-group', aliases: [], country: null }],
      incident: [
        incidentExtensionSchema,
        {
          ...release,
          domain: 'other',
          subtype: 'other',
          occurred_at: '2026-11-20T00:00:00.000Z',
          time_precision: 'day',
          place: {
            country: 'PAK',
            admin1: null,
            admin2: null,
            name: null,
            lat: null,
            lon: null,
            precision: 'country',
            uncertainty_km: null,
          },
          casualties: { killed: { kind: 'unknown' }, wounded: { kind: 'unknown' }, abducted: { kind: 'unknown' } },
        },
      ],
    } as const;
    for (const [schema, extension] of Object.values(old)) {
      expect(omitEmpty(extension)).not.toEqual(extension);
      expect(schema.parse(omitEmpty(extension))).toEqual(schema.parse(extension));
    }
  });
});

describe('indicatorRow', () => {
  it("keeps the name a partner's signed indicator carries, and none where the value names it", () => {
    const recordLabel: Label = {
      originator: label.originator,
      classification: 'UNCLASSIFIED',
      relTo: ['PAK'],
      caveats: [],
      tlp: 'GREEN',
      recipients: { orgs: [], users: [] },
      state: 'active',
      version: 1,
    };
    const extension = indicatorExtensionSchema.parse({ ...release, type: 'ipv4', value: '192.0.2.1' });
    const row = (name: string | undefined) =>
      indicatorRow('id', commonSchema.parse({ created: '2026-11-20T00:00:00.000Z', name }), extension, recordLabel, 'author', {});
    expect(row('Ridge Cell relay').name).toBe('Ridge Cell relay');
    expect(row('192.0.2.1').name).toBeNull();
    expect(row(undefined).name).toBeNull();
  });
});
