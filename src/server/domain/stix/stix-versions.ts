/**
 * The objects of one record version, built once for every face: the publisher stores them (the
 * TAXII face serves what it stored), and the bundle export serves the stored ones or, for a
 * version not published yet, builds them here exactly as the publisher will. This nation's
 * versions are signed by this node (Ed25519 signatures are deterministic: the same object and key
 * give the same bytes), so one id and `modified` name one content wherever a reader meets it.
 */
import { signObject } from '../federation/record-signature';
import { actorObject, incidentObject, indicatorObject, recordFields } from './stix-export';
import { companionsOf } from './stix-companions';
import { omitEmpty } from './stix-omit-empty';
import type { Label } from '../../../shared/labels/label';
import type { ActorRow } from '../../db/repositories/actor-repository';
import type { IncidentRow } from '../../db/repositories/incident-repository';
import type { IndicatorRow } from '../../db/repositories/indicator-repository';
import type { NodeIdentity } from '../node/node-keys';
import type { StixObject } from './stix-export';

/** One published object of a version: the record's own (and its form without stricter-labelled parts), or a companion. */
export interface VersionObject {
  kind: string;
  id: string;
  version: number;
  modified: Date | string;
  label: Label;
  object: StixObject;
  stripped?: StixObject | undefined;
}

export type VersionedRow =
  { kind: 'incident'; row: IncidentRow } | { kind: 'actor'; row: ActorRow } | { kind: 'indicator'; row: IndicatorRow };

/** A version's objects, unsigned: the record's object first, then its companions. */
export function versionObjects(record: VersionedRow): VersionObject[] {
  const fields = recordFields(record.row);
  const version = {
    kind: record.kind,
    id: record.row.id,
    version: record.row.version,
    modified: record.row.updated_at,
    label: fields.label,
  };
  let object: StixObject;
  let stripped: StixObject | undefined;
  if (record.kind === 'incident') {
    object = incidentObject(record.row, fields, () => true);
    // Sources under a stricter label than the record's leave only to readers of that label.
    if (record.row.sources !== null && record.row.sources_label !== null) stripped = incidentObject(record.row, fields, () => false);
  } else if (record.kind === 'actor') object = actorObject(record.row, fields);
  else object = indicatorObject(record.row, fields);
  // An incident's place, an indicator's observable, and the relationships to them: parts of the same version.
  return [{ ...version, object, stripped }, ...companionsOf(object).map((companion) => ({ ...version, object: companion }))];
}

/** An object as it is published: signed by this node when the version is this nation's, and without nulls or empty lists. */
export function publishedForm(object: StixObject, label: Label, node: NodeIdentity): StixObject {
  return label.originator.nation === node.nation ? signObject(object, label, node) : omitEmpty(object);
}
