/** Indicators in the registry (records/registry.ts): published, kept as replicas from peers, with the release workflow. */
import { replicaRepository } from '../../db/repositories/replica-repository';
import { indicatorExtensionSchema, indicatorForms, indicatorRow } from './indicator-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { publishVersions, releasable, replica } from '../records/record-kind';
import { indicatorRecords } from './indicator-service';
import type { RecordKind } from '../records/record-kind';

export const indicatorKind = {
  stix: {
    types: ['indicator'],
    extension: EXTENSIONS.indicator,
    definition: {
      name: 'Concord indicator',
      description: 'Indicator type and normalised value, sightings, benign-value warnings, release state.',
      type: 'property-extension',
    },
  },
  publish: publishVersions('indicator', (objects, ids) => objects.indicators(ids), indicatorForms),
  fromPeer: {
    replica: replica({
      schema: indicatorExtensionSchema,
      row: indicatorRow,
      write: (db, rows) => replicaRepository(db).upsertRows('indicator', rows),
      writeVersions: (db, versions) => replicaRepository(db).addRecordVersions('indicator', versions),
    }),
  },
  actions: ['record.edit', 'record.release', 'record.recall'],
  release: releasable(indicatorRecords, 'indicators'),
} satisfies RecordKind;
