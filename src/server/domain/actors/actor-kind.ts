/** Actors in the registry (records/registry.ts): published, kept as replicas from peers, with the release workflow. */
import { replicaRepository } from '../../db/repositories/replica-repository';
import { actorExtensionSchema, actorForms, actorRow } from './actor-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { publishVersions, releasable, replica } from '../records/record-kind';
import { actorRecords } from './actor-service';
import type { RecordKind } from '../records/record-kind';

export const actorKind = {
  // Published as a threat actor, an intrusion set or an identity, by its kind (actor-stix.ts `actorType`).
  stix: {
    types: ['threat-actor', 'intrusion-set', 'identity'],
    extension: EXTENSIONS.actor,
    definition: {
      name: 'Concord actor',
      description: 'Actor kind, aliases, country, release state.',
      type: 'property-extension',
    },
  },
  publish: publishVersions('actor', (objects, ids) => objects.actors(ids), actorForms),
  fromPeer: {
    replica: replica({
      schema: actorExtensionSchema,
      row: actorRow,
      write: (db, rows) => replicaRepository(db).upsertRows('actor', rows),
      writeVersions: (db, versions) => replicaRepository(db).addRecordVersions('actor', versions),
    }),
  },
  actions: ['record.edit', 'record.release', 'record.recall'],
  release: releasable(actorRecords, 'actors'),
} satisfies RecordKind;
