/** Actors in the registry (records/registry.ts): published, kept as replicas from peers, with the release workflow. */
import { replicaRepository } from '../../db/repositories/replica-repository';
import { actorExtensionSchema, actorRow } from '../stix/stix-records';
import { EXTENSIONS } from '../stix/stix-vocab';
import { versionObjects } from '../stix/stix-versions';
import { releasable, replica } from '../records/record-kind';
import { actorRecords } from './actor-service';
import type { RecordKind } from '../records/record-kind';

export const actorKind = {
  // Published as a threat actor, an intrusion set or an identity, by its kind (stix-export.ts `actorType`).
  stix: { types: ['threat-actor', 'intrusion-set', 'identity'], extension: EXTENSIONS.actor },
  publish: async (objects, changes) =>
    (await objects.actors([...new Set(changes.map((c) => c.record_id))])).flatMap((row) => versionObjects({ kind: 'actor', row })),
  fromPeer: {
    replica: replica({
      schema: actorExtensionSchema,
      row: actorRow,
      write: (db, rows) => replicaRepository(db).upsertRows('actor', rows),
      writeVersions: async (db, versions) => {
        await replicaRepository(db).addRecordVersions(versions.map((v) => ({ record_kind: 'actor', ...v })));
      },
    }),
  },
  release: releasable(actorRecords, 'actors'),
} satisfies RecordKind;
