/**
 * An incident's STIX form both ways: the object a version is published and exported as, its Concord
 * extension's schema, and the row a Concord incident object describes (bundle import and peers).
 */
import { z } from 'zod';
import { isoDateTime } from '../../../shared/contracts/common';
import { casualtyCountSchema, placeSchema, sourceSchema } from '../../../shared/contracts/incidents';
import { fieldLabelOf } from '../../../shared/labels/field-labels';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { iso } from '../stix/stix-export';
import { orNull } from '../stix/stix-omit-empty';
import { releaseColumns, releaseSchema, storedLabelSchema } from '../stix/stix-records';
import { EXTENSIONS } from '../stix/stix-vocab';
import type { Insertable } from 'kysely';
import type { Label } from '../../../shared/labels/label';
import type { IncidentRow } from '../../db/repositories/incident-repository';
import type { DB } from '../../db/schema';
import type { StoredLabelFields } from '../release/release-workflow';
import type { RecordFields, StixObject } from '../stix/stix-export';
import type { commonSchema } from '../stix/stix-records';

export const incidentExtensionSchema = z.object({
  ...releaseSchema,
  domain: z.string(),
  subtype: z.string(),
  occurred_at: isoDateTime(),
  time_precision: z.enum(['exact', 'day', 'week', 'month']),
  place: z.object({
    country: placeSchema.shape.country,
    admin1: orNull(z.string()),
    admin2: orNull(z.string()),
    name: orNull(z.string()),
    lat: orNull(z.number().min(-90).max(90)),
    lon: orNull(z.number().min(-180).max(180)),
    precision: placeSchema.shape.precision,
    uncertainty_km: orNull(z.number().min(0)),
  }),
  casualties: z.object({ killed: casualtyCountSchema, wounded: casualtyCountSchema, abducted: casualtyCountSchema }),
  sources: z.object({ items: z.array(sourceSchema).min(1), label: storedLabelSchema.optional() }).optional(),
});

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

/** A version's own object, and its form without the sources for readers outside their stricter label. */
export function incidentForms(row: IncidentRow, fields: RecordFields): { object: StixObject; stripped?: StixObject } {
  const object = incidentObject(row, fields, () => true);
  return row.sources !== null && row.sources_label !== null ? { object, stripped: incidentObject(row, fields, () => false) } : { object };
}

/** The incidents row an incident object (already checked against the schemas) describes. */
export function incidentRow(
  id: string,
  object: z.infer<typeof commonSchema>,
  e: z.infer<typeof incidentExtensionSchema>,
  label: Label,
  createdBy: string,
  proposedLabel: unknown,
): Insertable<DB['incidents']> {
  return {
    id,
    ...releaseColumns(e, proposedLabel),
    domain: e.domain,
    subtype: e.subtype,
    title: object.name.slice(0, 200) || 'Untitled',
    narrative: object.description,
    occurred_at: new Date(e.occurred_at),
    time_precision: e.time_precision,
    country: e.place.country,
    admin1: e.place.admin1,
    admin2: e.place.admin2,
    place_name: e.place.name,
    lat: e.place.lat,
    lon: e.place.lon,
    geo_precision: e.place.precision,
    uncertainty_km: e.place.uncertainty_km,
    killed: JSON.stringify(e.casualties.killed),
    wounded: JSON.stringify(e.casualties.wounded),
    abducted: JSON.stringify(e.casualties.abducted),
    sources: e.sources ? JSON.stringify(e.sources.items) : null,
    sources_label: e.sources?.label ? JSON.stringify(e.sources.label) : null,
    created_by: createdBy,
    created_at: new Date(object.created),
    updated_at: new Date(object.modified ?? object.created),
    ...labelToColumns(label),
  };
}
