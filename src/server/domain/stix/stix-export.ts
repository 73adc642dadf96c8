/**
 * A STIX 2.1 bundle of what the reader may read: the incidents of an export, the actors and
 * indicators they link to (only those the reader may read), the links between them as
 * relationships, each incident's place as a `location` and each indicator's value as an
 * observable, and the markings and identities those objects refer to. Everything Concord keeps
 * travels in its extensions, so importing the bundle elsewhere and exporting again gives the same
 * objects.
 */
import { formatMarking } from '../../../shared/labels/format-label';
import { canReadField, fieldLabelOf } from '../../../shared/labels/field-labels';
import { labelFromColumns } from '../../db/label-columns';
import { linkRepository } from '../../db/repositories/link-repository';
import { appendAuditAlone } from '../audit/audit-log';
import { inExportTurn } from '../incidents/export-allowance';
import { idsByKind, readableTargets } from '../incidents/incident-links';
import { companionsOf } from './stix-companions';
import { omitEmpty } from './stix-omit-empty';
import { CONCORD_IDENTITY, DEFINED_AT, EXTENSIONS, TLP2_EXTENSION, TLP2_MARKINGS, stableUuid, stixPattern } from './stix-vocab';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { ActorRow } from '../../db/repositories/actor-repository';
import type { IncidentRow } from '../../db/repositories/incident-repository';
import type { IndicatorRow } from '../../db/repositories/indicator-repository';
import type { LabelColumns } from '../../db/schema';
import type { UserActor } from '../auth/actor';
import type { StoredLabelFields } from '../release/release-workflow';

export type StixObject = Record<string, unknown> & { type: string; id: string };

const iso = (value: Date | string) => new Date(value).toISOString();

/** The label as Concord's marking extension carries it. */
export function labelExtension(label: Label) {
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

/** The label's own marking definition (its id derived from the label). */
export function markingOf(label: Label): StixObject {
  const extension = labelExtension(label);
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--${stableUuid(JSON.stringify(extension))}`,
    created: DEFINED_AT,
    created_by_ref: CONCORD_IDENTITY,
    name: formatMarking(label),
    extensions: { [EXTENSIONS.label]: extension },
  };
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
  proposed_label: unknown;
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

/** What every record's object carries: STIX common properties, its markings, its version and release state. */
export function recordFields(row: Common & LabelColumns, withProposedLabel: boolean): RecordFields {
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
    release: {
      version: row.version,
      release_state: row.release_state,
      ...(withProposedLabel ? { proposed_label: row.proposed_label as StoredLabelFields } : {}),
    },
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

/**
 * A STIX bundle of an export as JSON text, written page by page as the export reads them (never
 * the whole bundle in memory): Concord's definitions first, then each page's objects sorted by id.
 * Objects several pages share (markings, organisations, linked actors and indicators) are written
 * the first time only; only their ids are kept.
 */
export async function* stixBundleText(ctx: Context, actor: UserActor, pages: AsyncIterable<IncidentRow[]>): AsyncGenerator<string> {
  let separator = '';
  const write = (objects: StixObject[]) => {
    let text = '';
    for (const object of objects) {
      text += separator + JSON.stringify(omitEmpty(object));
      separator = ',';
    }
    return text;
  };
  yield `{"type":"bundle","id":${JSON.stringify(`bundle--${ctx.ids.uuid()}`)},"objects":[${write(definitions())}`;
  const written = new Set<string>();
  for await (const incidents of pages) {
    const objects = await inExportTurn(ctx, () => stixObjectsOf(ctx, actor, incidents, written));
    if (objects.length > 0) yield write(objects);
  }
  yield ']}';
}

/** One page's objects not written before (`written` holds the ids of shared objects already written). */
async function stixObjectsOf(ctx: Context, actor: UserActor, incidents: IncidentRow[], written: Set<string>): Promise<StixObject[]> {
  const db = ctx.database.db;
  const objects = new Map<string, StixObject>();
  const add = (object: StixObject) => objects.set(object.id, object);
  const addShared = (object: StixObject) => {
    if (written.has(object.id)) return false;
    written.add(object.id);
    add(object);
    return true;
  };
  const orgIds = new Set<string>();

  const releaseFields = (row: Common & LabelColumns) => {
    const fields = recordFields(row, row.originator_org === actor.org.id);
    addShared(fields.marking);
    addShared(tlpMarking(fields.label.tlp));
    if (!written.has(`identity--${row.originator_org}`)) orgIds.add(row.originator_org);
    return fields;
  };

  for (const row of incidents) {
    const fields = releaseFields(row);
    const incident = incidentObject(row, fields, (label, sourcesLabel) => canReadField(actor.reader, label, sourcesLabel));
    add(incident);
    for (const companion of companionsOf(incident)) add(companion);
  }

  const links = await linkRepository(db).linksFromMany(
    'incident',
    incidents.map((i) => i.id),
  );
  const targets = await readableTargets(db, actor.reader, idsByKind(links));
  const { actors, indicators } = targets;
  const linkedIncidents = targets.incidents.map((i) => i.id);
  const disclosed = { actors: [] as string[], indicators: [] as string[] };
  for (const row of actors) if (addShared(actorObject(row, releaseFields(row)))) disclosed.actors.push(row.id);
  for (const row of indicators) {
    const indicator = indicatorObject(row, releaseFields(row));
    if (!addShared(indicator)) continue;
    disclosed.indicators.push(row.id);
    for (const companion of companionsOf(indicator)) add(companion);
  }

  const readable = new Set([...actors.map((a) => a.id), ...indicators.map((i) => i.id), ...linkedIncidents]);
  const byIncident = new Map(incidents.map((i) => [i.id, i]));
  for (const link of links) {
    const source = byIncident.get(link.from_id);
    if (!source || !readable.has(link.to_id)) continue;
    const { top } = releaseFields(source);
    add({
      type: 'relationship',
      id: `relationship--${stableUuid(`${link.from_id}:${link.to_kind}:${link.to_id}`)}`,
      ...top,
      created: iso(link.created_at),
      modified: iso(link.created_at),
      relationship_type:
        link.to_kind === 'actor'
          ? 'attributed-to'
          : link.to_kind === 'indicator'
            ? 'related-to'
            : link.relation === 'related'
              ? 'related-to'
              : link.relation,
      source_ref: `incident--${link.from_id}`,
      target_ref: `${link.to_kind === 'actor' ? actorType(actors.find((a) => a.id === link.to_id)?.kind ?? '') : link.to_kind}--${link.to_id}`,
    });
  }

  if (orgIds.size > 0) {
    const orgs = await db
      .selectFrom('organisations')
      .select(['id', 'name', 'nation'])
      .where('id', 'in', [...orgIds])
      .execute();
    for (const org of orgs) addShared(organisationIdentity(org));
  }
  if (disclosed.actors.length + disclosed.indicators.length > 0) {
    await appendAuditAlone(ctx.database, ctx.clock, [{ actor, event: { action: 'stix.export', details: disclosed } }]);
  }
  return [...objects.values()].sort((a, b) => a.id.localeCompare(b.id));
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
          threat_actor_types: [row.kind === 'criminal-network' ? 'crime-syndicate' : row.kind === 'unidentified' ? 'unknown' : 'activist'],
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
    name: row.value,
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
