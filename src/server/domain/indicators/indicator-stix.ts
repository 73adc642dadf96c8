/**
 * An indicator's STIX form both ways: the object a version is published and exported as (with its
 * STIX pattern), its Concord extension's schema, the row a Concord indicator object describes, and
 * the type and value another producer's single-comparison pattern gives.
 */
import { z } from 'zod';
import { isoDateTime } from '../../../shared/contracts/common';
import { INDICATOR_TYPES } from '../../../shared/vocab/picture-records';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { iso } from '../stix/stix-export';
import { orNull, stringList } from '../stix/stix-omit-empty';
import { releaseColumns, releaseSchema } from '../stix/stix-records';
import { EXTENSIONS, parseSimplePattern, stixPattern } from '../stix/stix-vocab';
import { normaliseIndicator } from './normalise-indicator';
import type { Insertable } from 'kysely';
import type { Label } from '../../../shared/labels/label';
import type { IndicatorType } from '../../../shared/vocab/picture-records';
import type { IndicatorRow } from '../../db/repositories/indicator-repository';
import type { DB } from '../../db/schema';
import type { RecordFields, StixObject } from '../stix/stix-export';
import type { commonSchema } from '../stix/stix-records';

const list = stringList;

const PATTERNS_MAPPED = 'Only single-comparison patterns on addresses, domains, URLs, e-mail addresses and file hashes are mapped.';

type Normalised = Extract<ReturnType<typeof normaliseIndicator>, { ok: true }>;

export const indicatorExtensionSchema = z.object({
  ...releaseSchema,
  type: z.enum(INDICATOR_TYPES),
  value: z.string(),
  first_seen: orNull(isoDateTime()),
  last_seen: orNull(isoDateTime()),
  warnings: list(),
});

/** A version's object (an indicator has no stricter-labelled part). */
export const indicatorForms = (row: IndicatorRow, fields: RecordFields) => ({ object: indicatorObject(row, fields) });

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

/**
 * The name to keep of an indicator object: the one it was given, or null when it is its value
 * (how Concord names an indicator without a name), so exporting it again gives the same object.
 */
export const indicatorName = (name: string, value: string): string | null => (name === '' || name === value ? null : name);

/** The indicators row a Concord indicator object describes (its value already normalised by its originator). */
export function indicatorRow(
  id: string,
  object: z.infer<typeof commonSchema>,
  e: z.infer<typeof indicatorExtensionSchema>,
  label: Label,
  createdBy: string,
  proposedLabel: unknown,
): Insertable<DB['indicators']> {
  return {
    id,
    ...releaseColumns(e, proposedLabel),
    type: e.type,
    value: e.value,
    name: indicatorName(object.name, e.value),
    description: object.description,
    first_seen: e.first_seen ? new Date(e.first_seen) : null,
    last_seen: e.last_seen ? new Date(e.last_seen) : null,
    warnings: e.warnings,
    created_by: createdBy,
    created_at: new Date(object.created),
    updated_at: new Date(object.modified ?? object.created),
    ...labelToColumns(label),
  };
}

/**
 * An indicator's type and normalised value: from Concord's indicator fields when it has them, else
 * from its single-comparison pattern. Not mapped (`skip`), or a pattern that does not normalise
 * (`problem`).
 */
export function indicatorValue(
  raw: Record<string, unknown>,
  fields: { type: string; value: string } | null,
):
  | { ok: true; type: string; value: string; warnings: Normalised['warnings'] }
  | { ok: false; skip: string }
  | { ok: false; problem: string } {
  if (!fields && (typeof raw.pattern !== 'string' || raw.pattern.trim() === ''))
    return { ok: false, skip: 'An indicator needs a `pattern` (STIX 2.1, 4.7) and this one has none: there is nothing to add.' };
  if (!fields && raw.pattern_type !== undefined && raw.pattern_type !== 'stix')
    return { ok: false, skip: `pattern_type ${String(raw.pattern_type)}: only STIX patterns are mapped.` };
  const typeAndValue = fields ?? parseSimplePattern(String(raw.pattern ?? ''));
  if (!typeAndValue) return { ok: false, skip: PATTERNS_MAPPED };
  const normalised = normaliseIndicator(typeAndValue.type as IndicatorType, typeAndValue.value);
  if (!normalised.ok) return { ok: false, problem: `pattern: ${normalised.message}` };
  return { ok: true, type: typeAndValue.type, value: normalised.value, warnings: normalised.warnings };
}
