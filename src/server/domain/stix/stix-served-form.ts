/**
 * Which stored form of a published object a reader gets, on every face (TAXII and the bundle
 * export): an incident whose sources carry a stricter label than the record is kept twice, with
 * and without them (publisher.ts, federation apply), and the sources leave only to readers of
 * their label. The chosen form goes out as the JSON text stored, never rebuilt.
 */
import { fieldLabelOf } from '../../../shared/labels/field-labels';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { storedLabelSchema } from './stix-records';
import { EXTENSIONS } from './stix-vocab';
import type { Label } from '../../../shared/labels/label';
import type { LabelColumns } from '../../db/schema';

export interface StoredForms {
  /** The object's JSON text as stored. */
  object: string;
  /** Its form without the stricter-labelled sources, when it has one. */
  stripped: string | null;
  /** The version's label (needed only where a stripped form exists). */
  label: LabelColumns | null;
}

/** The form of `row` for a reader who may read sources of `sourcesLabel` on a record of `label` when `mayReadSources` says so. */
export function servedForm(row: StoredForms, mayReadSources: (label: Label, sourcesLabel: Label) => boolean): string {
  if (row.stripped === null || row.label === null) return row.object;
  const object = JSON.parse(row.object) as { extensions?: Record<string, Record<string, unknown>> };
  const sources = object.extensions?.[EXTENSIONS.incident]?.sources as { label?: unknown } | undefined;
  const label = labelFromColumns(row.label);
  // Read through its schema: empty lists of the label are left out of the object.
  const sourcesLabel = sources?.label ? fieldLabelOf(label, storedLabelSchema.parse(sources.label)) : label;
  return mayReadSources(label, sourcesLabel) ? row.object : row.stripped;
}
