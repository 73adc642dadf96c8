/** Incidents in the registry (records/registry.ts): published, kept as replicas from peers, with the release workflow. */
import { replicaRepository } from '../../db/repositories/replica-repository';
import { incidentExtensionSchema, incidentForms, incidentRow } from './incident-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { publishVersions, releasable, replica } from '../records/record-kind';
import { incidentRecords } from './incident-service';
import type { RecordKind } from '../records/record-kind';

export const incidentKind = {
  stix: {
    types: ['incident'],
    extension: EXTENSIONS.incident,
    definition: {
      name: 'Concord incident',
      description: 'Incident typing, time and place with precision, casualties, sources, release state.',
      type: 'property-extension',
    },
  },
  publish: publishVersions('incident', (objects, ids) => objects.incidents(ids), incidentForms),
  fromPeer: {
    replica: replica({
      schema: incidentExtensionSchema,
      row: incidentRow,
      // Sources under a stricter label than the incident's are kept twice here, as at their origin.
      withheld: (e) => (e.sources?.label === undefined ? [] : ['sources']),
      write: (db, rows, isNew) => replicaRepository(db).writeIncidents(rows, isNew),
      writeVersions: (db, versions) => replicaRepository(db).addIncidentVersions(versions),
    }),
  },
  actions: ['record.edit', 'record.release', 'record.recall'],
  release: releasable(incidentRecords, 'incidents'),
} satisfies RecordKind;
