/**
 * Concord's identity and the extension definitions its objects name: public descriptions, the same
 * on every node. Each kind of record describes its own extension in its registry entry
 * (records/registry.ts); the ones no kind owns (label, organisation, signature, recall, receipt,
 * companion) are here.
 */
import { RECORD_KINDS } from '../records/registry';
import { CONCORD_IDENTITY, DEFINED_AT, EXTENSIONS } from './stix-vocab';
import type { RecordKind } from '../records/record-kind';
import type { StixObject } from './stix-export';

type ExtensionType = 'property-extension' | 'new-sdo';

const extension = (id: string, name: string, description: string, type: ExtensionType = 'property-extension'): StixObject => ({
  type: 'extension-definition',
  spec_version: '2.1',
  id,
  created: DEFINED_AT,
  modified: DEFINED_AT,
  created_by_ref: CONCORD_IDENTITY,
  name,
  description,
  schema: 'https://concord.invalid/stix/extensions',
  version: '1.0.0',
  extension_types: [type],
});

/** Concord's identity and every extension definition. */
export function definitions(): StixObject[] {
  const kinds = Object.values(RECORD_KINDS as Record<string, RecordKind>).flatMap(({ stix }) =>
    stix ? [extension(stix.extension, stix.definition.name, stix.definition.description, stix.definition.type)] : [],
  );
  return [
    {
      type: 'identity',
      spec_version: '2.1',
      id: CONCORD_IDENTITY,
      created: DEFINED_AT,
      modified: DEFINED_AT,
      name: 'Concord',
      identity_class: 'system',
    },
    extension(
      EXTENSIONS.label,
      'Concord label',
      'Classification, releasable-to nations and communities, caveats, TLP, named recipients, originator.',
    ),
    extension(EXTENSIONS.organisation, 'Concord organisation', 'On an organisation’s identity: the nation it belongs to.'),
    extension(
      EXTENSIONS.signature,
      'Concord signature',
      'The originator node id, the version’s label and an Ed25519 signature over the RFC 8785 canonical object.',
    ),
    extension(
      EXTENSIONS.recall,
      'Concord recall (x-concord-recall)',
      'The originator withdraws a record: its id, kind, reason, time.',
      'new-sdo',
    ),
    extension(
      EXTENSIONS.recallReceipt,
      'Concord recall receipt (x-concord-recall-receipt)',
      'A partner node purged a recalled record: the recall, the record, the node, when.',
      'new-sdo',
    ),
    extension(
      EXTENSIONS.companion,
      'Concord companion',
      'On a standard object derived from a record (an incident’s location and the located-at relationship to it): the record it belongs to.',
    ),
    ...kinds,
  ];
}
