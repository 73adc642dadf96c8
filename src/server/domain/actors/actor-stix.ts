/**
 * An actor's STIX form both ways: the object a version is published and exported as (a threat
 * actor or an identity, by its kind), its Concord extension's schema, the row a Concord actor
 * object describes, and what another producer's threat actor or intrusion set becomes.
 */
import { z } from 'zod';
import { ACTOR_KINDS } from '../../../shared/vocab/picture-records';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { orNull, stringList } from '../stix/stix-omit-empty';
import { releaseColumns, releaseSchema } from '../stix/stix-records';
import { EXTENSIONS } from '../stix/stix-vocab';
import type { Insertable } from 'kysely';
import type { Label } from '../../../shared/labels/label';
import type { ActorRow } from '../../db/repositories/actor-repository';
import type { DB } from '../../db/schema';
import type { RecordFields, StixObject } from '../stix/stix-export';
import type { commonSchema } from '../stix/stix-records';

const list = stringList;

export const actorExtensionSchema = z.object({
  ...releaseSchema,
  kind: z.enum(ACTOR_KINDS),
  aliases: list(),
  country: orNull(z.string()),
});

/** State forces, external forces and civilians are identities; the rest are threat actors. */
export function actorType(kind: string): 'identity' | 'threat-actor' {
  return ['state-force', 'external-force', 'civilians'].includes(kind) ? 'identity' : 'threat-actor';
}

const THREAT_ACTOR_TYPES: Partial<Record<string, string>> = { 'criminal-network': 'crime-syndicate', unidentified: 'unknown' };

/** A version's object (an actor has no stricter-labelled part). */
export const actorForms = (row: ActorRow, fields: RecordFields) => ({ object: actorObject(row, fields) });

export function actorObject(row: ActorRow, fields: { top: object; release: object }): StixObject {
  const type = actorType(row.kind);
  return {
    type,
    id: `${type}--${row.id}`,
    ...fields.top,
    name: row.name,
    description: row.description,
    ...(type === 'identity'
      ? { identity_class: 'group' }
      : {
          aliases: row.aliases,
          // Only where STIX has a term that means the kind (threat-actor-type-ov): armed groups and militias
          // are not "activists", and calling them "terrorist" is not this node's call; the kind travels in the extension.
          ...(THREAT_ACTOR_TYPES[row.kind] ? { threat_actor_types: [THREAT_ACTOR_TYPES[row.kind]] } : {}),
        }),
    extensions: {
      [EXTENSIONS.actor]: {
        extension_type: 'property-extension',
        ...fields.release,
        kind: row.kind,
        aliases: row.aliases,
        country: row.country,
      },
    },
  };
}

/** The actors row a Concord actor object describes. */
export function actorRow(
  id: string,
  object: z.infer<typeof commonSchema>,
  e: z.infer<typeof actorExtensionSchema>,
  label: Label,
  createdBy: string,
  proposedLabel: unknown,
): Insertable<DB['actors']> {
  return {
    id,
    ...releaseColumns(e, proposedLabel),
    kind: e.kind,
    name: object.name.slice(0, 200) || 'Unnamed',
    aliases: e.aliases,
    description: object.description,
    country: e.country,
    created_by: createdBy,
    created_at: new Date(object.created),
    updated_at: new Date(object.modified ?? object.created),
    ...labelToColumns(label),
  };
}

/** Another producer's threat actor or intrusion set: the kind its types suggest, its name and aliases. */
export function foreignActor(raw: Record<string, unknown>, name: string) {
  const types = Array.isArray(raw.threat_actor_types) ? (raw.threat_actor_types as unknown[]) : [];
  return {
    kind: types.includes('crime-syndicate') || types.includes('criminal') ? 'criminal-network' : 'armed-group',
    name: name.slice(0, 200) || 'Unnamed',
    aliases: Array.isArray(raw.aliases) ? raw.aliases.filter((a): a is string => typeof a === 'string') : [],
  };
}
