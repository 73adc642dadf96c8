/**
 * Concord records as STIX 2.1 objects: the common properties and markings every record's object
 * carries, and the objects of incidents, actors and indicators; Concord's identity and extension
 * definitions. Everything Concord keeps travels in its extensions, so importing an object
 * elsewhere and exporting it again gives the same object. The publisher (taxii/publisher.ts) and
 * the bundle export (stix-bundle.ts) build a version's objects with the same functions
 * (stix-versions.ts).
 */
import { canonicalLabel } from '../../../shared/labels/canonical-label';
import { formatMarking } from '../../../shared/labels/format-label';
import { fieldLabelOf } from '../../../shared/labels/field-labels';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { labelExtensionSchema } from './stix-records';
import { CONCORD_IDENTITY, DEFINED_AT, EXTENSIONS, TLP2_EXTENSION, TLP2_MARKINGS, derivedUuid, stixPattern } from './stix-vocab';
import type { Label } from '../../../shared/labels/label';
import type { ActorRow } from '../../db/repositories/actor-repository';
import type { IncidentRow } from '../../db/repositories/incident-repository';
import type { IndicatorRow } from '../../db/repositories/indicator-repository';
import type { LabelColumns } from '../../db/schema';
import type { StoredLabelFields } from '../release/release-workflow';

export type StixObject = Record<string, unknown> & { type: string; id: string };

const iso = (value: Date | string) => new Date(value).toISOString();

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

/** Concord's identity and the extension definitions its objects name: public descriptions, the same on every node. */
export function definitions(): StixObject[] {
  const extension = (id: string, name: string, description: string, type = 'property-extension'): StixObject => ({
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
    extension(
      EXTENSIONS.incident,
      'Concord incident',
      'Incident typing, time and place with precision, casualties, sources, release state.',
    ),
    extension(EXTENSIONS.actor, 'Concord actor', 'Actor kind, aliases, country, release state.'),
    extension(EXTENSIONS.organisation, 'Concord organisation', 'On an organisation’s identity: the nation it belongs to.'),
    extension(
      EXTENSIONS.indicator,
      'Concord indicator',
      'Indicator type and normalised value, sightings, benign-value warnings, release state.',
    ),
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
    extension(EXTENSIONS.desk, 'Concord hotline desk (x-concord-desk)', 'A nation’s point of contact for alerts: nation, name.', 'new-sdo'),
    extension(
      EXTENSIONS.alert,
      'Concord hotline alert (x-concord-alert)',
      'Severity, summary, details, exercise flag, time raised, target desks.',
      'new-sdo',
    ),
    extension(
      EXTENSIONS.alertResponse,
      'Concord alert answer (x-concord-alert-response)',
      'A desk acknowledges or declines an alert: the alert, the desk, a note, when.',
      'new-sdo',
    ),
    extension(
      EXTENSIONS.companion,
      'Concord companion',
      'On a standard object derived from a record (an incident’s location and the located-at relationship to it): the record it belongs to.',
    ),
    extension(
      EXTENSIONS.crisis,
      'Concord crisis room (x-concord-crisis)',
      'Title, summary, exercise flag, the alert it grew from, declared and closed (with summary and lessons).',
      'new-sdo',
    ),
    extension(
      EXTENSIONS.crisisEntry,
      'Concord crisis log entry (x-concord-crisis-entry)',
      'The crisis, kind (log, sitrep, request, offer, task, update), content, the entry an update moves, an offer’s request and requesting nation, a task’s owner and deadline, when entered.',
      'new-sdo',
    ),
  ];
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

/**
 * An incident as a STIX object. Its sources (a field group that may carry a stricter label) are
 * included when `mayReadSources` allows, with their own label.
 */
export function incidentObject(
  row: IncidentRow,
  fields: RecordFields,
  mayReadSources: (record: Label, sources: Label) => boolean,
): StixObject {
  let sources: unknown;
  if (row.sources !== null) {
    const own = row.sources_label as StoredLabelFields | null;
    const sourcesLabel = own ? fieldLabelOf(fields.label, own) : fields.label;
    if (mayReadSources(fields.label, sourcesLabel)) sources = { items: row.sources, ...(own ? { label: own } : {}) };
  }
  return {
    type: 'incident',
    id: `incident--${row.id}`,
    ...fields.top,
    name: row.title,
    description: row.narrative,
    extensions: {
      [EXTENSIONS.incident]: {
        extension_type: 'property-extension',
        ...fields.release,
        domain: row.domain,
        subtype: row.subtype,
        occurred_at: iso(row.occurred_at),
        time_precision: row.time_precision,
        place: {
          country: row.country,
          admin1: row.admin1,
          admin2: row.admin2,
          name: row.place_name,
          lat: row.lat,
          lon: row.lon,
          precision: row.geo_precision,
          uncertainty_km: row.uncertainty_km,
        },
        casualties: { killed: row.killed, wounded: row.wounded, abducted: row.abducted },
        ...(sources ? { sources } : {}),
      },
    },
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

/** State forces, external forces and civilians are identities; the rest are threat actors. */
export function actorType(kind: string): 'identity' | 'threat-actor' {
  return ['state-force', 'external-force', 'civilians'].includes(kind) ? 'identity' : 'threat-actor';
}

const THREAT_ACTOR_TYPES: Partial<Record<string, string>> = { 'criminal-network': 'crime-syndicate', unidentified: 'unknown' };

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

export function indicatorObject(row: IndicatorRow, fields: { top: object; release: object }): StixObject {
  return {
    type: 'indicator',
    id: `indicator--${row.id}`,
    ...fields.top,
    // The name its author or producer gave it, else its value.
    name: row.name ?? row.value,
    description: row.description,
    pattern: stixPattern(row.type, row.value),
    pattern_type: 'stix',
    valid_from: iso(row.first_seen ?? row.created_at),
    extensions: {
      [EXTENSIONS.indicator]: {
        extension_type: 'property-extension',
        ...fields.release,
        type: row.type,
        value: row.value,
        first_seen: row.first_seen === null ? null : iso(row.first_seen),
        last_seen: row.last_seen === null ? null : iso(row.last_seen),
        warnings: row.warnings,
      },
    },
  };
}
