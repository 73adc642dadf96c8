/**
 * Concord records as STIX 2.1 objects: the common properties and markings every record's object
 * carries (each kind builds its own object in its folder: incidents/incident-stix.ts, …). Concord's
 * identity and extension definitions are in stix-definitions.ts. Everything Concord keeps travels in its extensions, so importing an object
 * elsewhere and exporting it again gives the same object. The publisher (taxii/publisher.ts) and
 * the bundle export (stix-bundle.ts) build a version's objects with the same functions
 * (stix-versions.ts).
 */
import { canonicalLabel } from '../../../shared/labels/canonical-label';
import { formatMarking } from '../../../shared/labels/format-label';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { labelExtensionSchema } from './stix-records';
import { CONCORD_IDENTITY, DEFINED_AT, EXTENSIONS, TLP2_EXTENSION, TLP2_MARKINGS, derivedUuid } from './stix-vocab';
import type { Label } from '../../../shared/labels/label';
import type { LabelColumns } from '../../db/schema';

export type StixObject = Record<string, unknown> & { type: string; id: string };

export const iso = (value: Date | string) => new Date(value).toISOString();

/** The label as Concord's marking extension carries it, in its canonical form. */
export function labelExtension(given: Label) {
  const label = canonicalLabel(given);
  return {
    extension_type: 'property-extension',
    originator: label.originator,
    classification: label.classification,
    rel_to: label.relTo,
    caveats: label.caveats,
    tlp: label.tlp,
    recipients: label.recipients,
    state: label.state,
    version: label.version,
  };
}

/** Concord's marking definition of a label: its id is derived from the label's canonical form (docs/decisions/0023). */
export function markingOf(label: Label): StixObject {
  return markingOfExtension(labelExtension(label));
}

/**
 * The marking definition of a label extension as an object was published with. A version
 * published before labels were canonical names the marking of its label as it was then (lists in
 * the order given): the id is derived from the extension as it stands, so it is that one.
 */
function markingOfExtension(extension: ReturnType<typeof labelExtension>): StixObject {
  const label: Label = {
    originator: extension.originator,
    classification: extension.classification,
    relTo: extension.rel_to,
    caveats: extension.caveats,
    tlp: extension.tlp,
    recipients: extension.recipients,
    state: extension.state,
    version: extension.version,
  };
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--${derivedUuid('marking', JSON.stringify(extension))}`,
    created: DEFINED_AT,
    created_by_ref: CONCORD_IDENTITY,
    name: formatMarking(label),
    extensions: { [EXTENSIONS.label]: extension },
  };
}

/**
 * The label marking a published object names: the one of the label its signature carries (the
 * label it was published under, as it was written then), else the one of `label`.
 */
export function labelMarkingOf(object: StixObject, label: Label): StixObject {
  const signed = (object.extensions as Record<string, { label?: unknown }> | undefined)?.[EXTENSIONS.signature]?.label;
  const parsed = signed === undefined ? null : labelExtensionSchema.safeParse(signed);
  if (!parsed?.success) return markingOf(label);
  const l = parsed.data;
  // Rebuilt as labelExtension writes it (key order, empty lists present): the id is derived from that text.
  return markingOfExtension({
    extension_type: 'property-extension',
    originator: { nation: l.originator.nation, org: l.originator.org },
    classification: l.classification,
    rel_to: l.rel_to,
    caveats: l.caveats,
    tlp: l.tlp,
    recipients: { orgs: l.recipients.orgs, users: l.recipients.users },
    state: l.state,
    version: l.version,
  });
}

interface Common {
  created_at: Date | string;
  updated_at: Date | string;
  version: number;
  release_state: string;
}

/** The TLP 2.0 marking definition of a level. */
export function tlpMarking(tlp: Label['tlp']): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKINGS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp}`,
    extensions: { [TLP2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() } },
  };
}

export interface RecordFields {
  label: Label;
  marking: StixObject;
  top: object;
  release: object;
}

/**
 * What every record's object carries: STIX common properties, its markings, its version and
 * release state. Nothing here depends on who reads: a version has one object on every face (a
 * pending label proposal is the originating organisation's workflow, shown in the app, not part
 * of the version).
 */
export function recordFields(row: Common & LabelColumns): RecordFields {
  const label = labelFromColumns(row);
  const marking = markingOf(label);
  return {
    label,
    marking,
    top: {
      spec_version: '2.1',
      created: iso(row.created_at),
      modified: iso(row.updated_at),
      created_by_ref: `identity--${row.originator_org}`,
      object_marking_refs: [TLP2_MARKINGS[label.tlp], marking.id],
    },
    release: { version: row.version, release_state: row.release_state },
  };
}

/** An organisation as the identity its records' `created_by_ref` names. */
export function organisationIdentity(org: { id: string; name: string; nation: string }): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--${org.id}`,
    created: DEFINED_AT,
    modified: DEFINED_AT,
    name: org.name,
    identity_class: 'organization',
    sectors: ['defense'],
    extensions: { [EXTENSIONS.organisation]: { extension_type: 'property-extension', nation: org.nation } },
  };
}
