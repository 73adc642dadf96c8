/**
 * The objects of one record version, built once for every face: the publisher stores them (the
 * TAXII face serves what it stored), and the bundle export serves the stored ones or, for a
 * version not published yet, builds them here exactly as the publisher will. This nation's
 * versions are signed by this node (Ed25519 signatures are deterministic: the same object and key
 * give the same bytes), so one id and `modified` name one content wherever a reader meets it.
 */
import { signObject } from '../federation/record-signature';
import { recordFields } from './stix-export';
import { companionsOf } from './stix-companions';
import { omitEmpty } from './stix-omit-empty';
import type { Label } from '../../../shared/labels/label';
import type { NodeIdentity } from '../node/node-keys';
import type { RecordFields, StixObject } from './stix-export';

/** A versioned record's row: its id, version and times, with its label columns. */
type RecordRow = Parameters<typeof recordFields>[0] & { id: string };

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

/** A version's own object, and its form without stricter-labelled parts if it has them (the kind's `forms`). */
export type VersionForms<Row> = (row: Row, fields: RecordFields) => { object: StixObject; stripped?: StixObject | undefined };

/** A version's objects, unsigned: the record's object first, then its companions. */
export function versionObjects<Row extends RecordRow>(kind: string, row: Row, forms: VersionForms<Row>): VersionObject[] {
  const fields = recordFields(row);
  const version = { kind, id: row.id, version: row.version, modified: row.updated_at, label: fields.label };
  const { object, stripped } = forms(row, fields);
  // An incident's place, an indicator's observable, and the relationships to them: parts of the same version.
  return [{ ...version, object, stripped }, ...companionsOf(object).map((companion) => ({ ...version, object: companion }))];
}

/** An object as it is published: signed by this node when the version is this nation's, and without nulls or empty lists. */
export function publishedForm(object: StixObject, label: Label, node: NodeIdentity): StixObject {
  return label.originator.nation === node.nation ? signObject(object, label, node) : omitEmpty(object);
}
