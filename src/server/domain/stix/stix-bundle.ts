/**
 * A STIX bundle of what the reader may read: the incidents of an export, the actors and
 * indicators they link to (only those the reader may read), the links between them as
 * relationships, each record's companions (an incident's location, an indicator's observable),
 * and the markings and identities those objects refer to.
 *
 * A record version's objects are the ones the TAXII face serves for the same id and `modified`:
 * the published objects as stored (signed by their originator node, a partner's as received), in
 * the form the reader may have (stix-served-form.ts); a version not published yet is built and
 * signed exactly as the publisher will (stix-versions.ts). Only the links, which are not
 * published, are built here.
 */
import { canReadField } from '../../../shared/labels/field-labels';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { linkRepository } from '../../db/repositories/link-repository';
import { stixExportRepository } from '../../db/repositories/stix-export-repository';
import { appendAuditAlone } from '../audit/audit-log';
import { inExportTurn } from '../incidents/export-allowance';
import { idsByKind, readableTargets } from '../incidents/link-targets';
import { definitions } from './stix-definitions';
import { labelMarkingOf, organisationIdentity, tlpMarking } from './stix-export';
import { actorForms, actorType } from '../actors/actor-stix';
import { incidentForms } from '../incidents/incident-stix';
import { indicatorForms } from '../indicators/indicator-stix';
import { omitEmpty } from './stix-omit-empty';
import { servedForm } from './stix-served-form';
import { publishedForm, versionObjects } from './stix-versions';
import { derivedUuid } from './stix-vocab';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { IncidentRow } from '../../db/repositories/incident-repository';
import type { ActorRow } from '../../db/repositories/actor-repository';
import type { IndicatorRow } from '../../db/repositories/indicator-repository';
import type { PublishedVersionRow } from '../../db/repositories/stix-export-repository';
import type { UserActor } from '../auth/actor';
import type { StixObject } from './stix-export';

/** An object of the bundle: its id, and its JSON text as it goes out. */
interface Written {
  id: string;
  text: string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * A STIX bundle of an export as JSON text, written page by page as the export reads them (never
 * the whole bundle in memory): Concord's definitions first, then each page's objects sorted by id.
 * Objects several pages share (markings, organisations, linked actors and indicators) are written
 * the first time only; only their ids are kept. The bundle's own id is random (UUIDv4), as STIX
 * recommends: a bundle is a message, not an object kept.
 */
export async function* stixBundleText(ctx: Context, actor: UserActor, pages: AsyncIterable<IncidentRow[]>): AsyncGenerator<string> {
  let separator = '';
  const write = (objects: Written[]) => {
    let text = '';
    for (const object of objects) {
      text += separator + object.text;
      separator = ',';
    }
    return text;
  };
  const head = definitions().map((object) => ({ id: object.id, text: JSON.stringify(omitEmpty(object)) }));
  yield `{"type":"bundle","id":${JSON.stringify(`bundle--${ctx.ids.uuid()}`)},"objects":[${write(head)}`;
  const written = new Set<string>();
  for await (const incidents of pages) {
    const objects = await inExportTurn(ctx, () => stixObjectsOf(ctx, actor, incidents, written));
    if (objects.length > 0) yield write(objects);
  }
  yield ']}';
}

const versionKey = (kind: string, id: string, version: number) => `${kind}:${id}:${version}`;

/** The incidents of a bundle, and the actors and indicators they link to. */
type VersionedRow = { kind: 'incident'; row: IncidentRow } | { kind: 'actor'; row: ActorRow } | { kind: 'indicator'; row: IndicatorRow };

/** A version's objects, as its kind builds them. */
const objectsOf = (record: VersionedRow) =>
  record.kind === 'incident'
    ? versionObjects(record.kind, record.row, incidentForms)
    : record.kind === 'actor'
      ? versionObjects(record.kind, record.row, actorForms)
      : versionObjects(record.kind, record.row, indicatorForms);

/** One page's objects not written before (`written` holds the ids of shared objects already written). */
async function stixObjectsOf(ctx: Context, actor: UserActor, incidents: IncidentRow[], written: Set<string>): Promise<Written[]> {
  const db = ctx.database.db;
  const repository = stixExportRepository(db);
  const objects = new Map<string, string>();
  const add = (id: string, text: string) => objects.set(id, text);
  const addShared = (id: string, text: string) => {
    if (written.has(id)) return false;
    written.add(id);
    add(id, text);
    return true;
  };
  const addBuilt = (object: StixObject, shared = false) => (shared ? addShared : add)(object.id, JSON.stringify(omitEmpty(object)));
  const orgIds = new Set<string>();
  const mayReadSources = (label: Label, sourcesLabel: Label) => canReadField(actor.reader, label, sourcesLabel);

  const links = await linkRepository(db).linksFromMany(
    'incident',
    incidents.map((i) => i.id),
  );
  const targets = await readableTargets(db, actor.reader, idsByKind(links));
  const { actors, indicators } = targets;
  const records: VersionedRow[] = [
    ...incidents.map((row) => ({ kind: 'incident' as const, row })),
    ...actors.map((row) => ({ kind: 'actor' as const, row })),
    ...indicators.map((row) => ({ kind: 'indicator' as const, row })),
  ];
  const published = new Map<string, Map<string, PublishedVersionRow>>();
  for (const row of await repository.publishedObjects(records.map((r) => r.row.id))) {
    const key = versionKey(row.record_kind, row.record_id, row.version);
    const version = published.get(key) ?? new Map<string, PublishedVersionRow>();
    // Rows come in publishing order: a later row of the same object and version is the one kept.
    version.set(row.stix_id, row);
    published.set(key, version);
  }

  /** A version's objects as this reader gets them, as the TAXII face serves them: the record's own first. */
  const servedObjects = (record: VersionedRow): Written[] => {
    const stored = published.get(versionKey(record.kind, record.row.id, record.row.version));
    const forms = stored
      ? [...stored.values()]
      : // Not published yet: built and signed as the publisher will publish it.
        objectsOf(record).map((v) => ({
          object: JSON.stringify(publishedForm(v.object, v.label, ctx.node)),
          stripped: v.stripped ? JSON.stringify(publishedForm(v.stripped, v.label, ctx.node)) : null,
          label: labelToColumns(v.label),
        }));
    const served = forms.map((form) => {
      const text = servedForm(form, mayReadSources);
      return { id: (JSON.parse(text) as StixObject).id, text };
    });
    const own = `--${record.row.id}`;
    return [...served.filter((o) => o.id.endsWith(own)), ...served.filter((o) => !o.id.endsWith(own))];
  };

  /** Adds a version's objects (shared ones once per bundle) and what they refer to; whether the record's object was new here. */
  const sourceObjects = new Map<string, StixObject>();
  const addVersion = (record: VersionedRow, shared: boolean): boolean => {
    const [own, ...companions] = servedObjects(record);
    if (!own) return false;
    if (!shared) add(own.id, own.text);
    else if (!addShared(own.id, own.text)) return false;
    for (const companion of companions) add(companion.id, companion.text);
    const object = JSON.parse(own.text) as StixObject;
    if (record.kind === 'incident') sourceObjects.set(record.row.id, object);
    const label = labelFromColumns(record.row);
    const marking = labelMarkingOf(object, label);
    addShared(marking.id, JSON.stringify(omitEmpty(marking)));
    const tlp = tlpMarking(label.tlp);
    addShared(tlp.id, JSON.stringify(omitEmpty(tlp)));
    if (!written.has(`identity--${record.row.originator_org}`)) orgIds.add(record.row.originator_org);
    return true;
  };

  for (const row of incidents) addVersion({ kind: 'incident', row }, false);
  const disclosed = { actors: [] as string[], indicators: [] as string[] };
  for (const row of actors) if (addVersion({ kind: 'actor', row }, true)) disclosed.actors.push(row.id);
  for (const row of indicators) if (addVersion({ kind: 'indicator', row }, true)) disclosed.indicators.push(row.id);

  const readable = new Set([...actors.map((a) => a.id), ...indicators.map((i) => i.id), ...targets.incidents.map((i) => i.id)]);
  for (const link of links) {
    const source = sourceObjects.get(link.from_id);
    if (!source || !readable.has(link.to_id)) continue;
    // A link is not published: it is built here, under its incident's creator and markings.
    addBuilt({
      type: 'relationship',
      id: `relationship--${derivedUuid('link', `${link.from_id}:${link.to_kind}:${link.to_id}`)}`,
      spec_version: '2.1',
      created: iso(link.created_at),
      modified: iso(link.created_at),
      ...(source.created_by_ref ? { created_by_ref: source.created_by_ref } : {}),
      ...(source.object_marking_refs ? { object_marking_refs: source.object_marking_refs } : {}),
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

  for (const org of await repository.organisations([...orgIds])) addBuilt(organisationIdentity(org), true);
  if (disclosed.actors.length + disclosed.indicators.length > 0) {
    await appendAuditAlone(ctx.database, ctx.clock, [{ actor, event: { action: 'stix.export', details: disclosed } }]);
  }
  return [...objects.entries()].map(([id, text]) => ({ id, text })).sort((a, b) => a.id.localeCompare(b.id));
}
