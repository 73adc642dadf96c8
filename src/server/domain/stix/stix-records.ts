/**
 * What Concord's STIX objects carry, as schemas, and the incident row an incident object
 * describes — shared by the bundle import (stix-import.ts) and federation apply.
 */
import { z } from 'zod';
import { isoDateTime } from '../../../shared/contracts/common';
import { casualtyCountSchema, placeSchema, sourceSchema } from '../../../shared/contracts/incidents';
import { labelInputSchema } from '../../../shared/labels/label';
import { ACTOR_KINDS, INDICATOR_TYPES } from '../../../shared/vocab/picture-records';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { orNull, stringList } from './stix-omit-empty';
import type { Insertable } from 'kysely';
import { validateLabel } from '../../../shared/labels/validate-label';
import type { Label, LabelInput } from '../../../shared/labels/label';
import type { LabelDirectory } from '../../../shared/labels/validate-label';
import type { DB } from '../../db/schema';

// STIX objects leave out null properties and empty lists (stix-omit-empty.ts): absent means null or empty.
const list = stringList;
const recipientsSchema = z.object({ orgs: list(), users: list() }).default({ orgs: [], users: [] });

export const storedLabelSchema = z.object({
  classification: labelInputSchema.shape.classification,
  relTo: list(),
  caveats: list(),
  tlp: labelInputSchema.shape.tlp,
  recipients: recipientsSchema,
});
export const labelExtensionSchema = z.object({
  originator: z.object({ nation: z.string(), org: z.string() }),
  classification: labelInputSchema.shape.classification,
  rel_to: list(),
  caveats: list(),
  tlp: labelInputSchema.shape.tlp,
  recipients: recipientsSchema,
  state: z.enum(['active', 'recalled']),
  version: z.number().int().min(1),
});
export const releaseSchema = {
  version: z.number().int().min(1),
  release_state: z.enum(['draft', 'released']),
  proposed_label: storedLabelSchema.optional(),
};
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
export const actorExtensionSchema = z.object({
  ...releaseSchema,
  kind: z.enum(ACTOR_KINDS),
  aliases: list(),
  country: orNull(z.string()),
});
export const indicatorExtensionSchema = z.object({
  ...releaseSchema,
  type: z.enum(INDICATOR_TYPES),
  value: z.string(),
  first_seen: orNull(isoDateTime()),
  last_seen: orNull(isoDateTime()),
  warnings: list(),
});
export const commonSchema = z.object({
  created: isoDateTime(),
  modified: isoDateTime().optional(),
  name: z.string().max(2_048).default(''),
  description: z.string().max(20_000).default(''),
  object_marking_refs: z.array(z.string()).default([]),
  extensions: z.record(z.string(), z.unknown()).default({}),
});

type LabelExtension = z.infer<typeof labelExtensionSchema>;

/** What the directory must be loaded with to check these labels: their named recipients and originating organisations. */
export const labelLookups = (labels: LabelExtension[]): LabelInput[] =>
  labels.map((l) => ({
    classification: l.classification,
    relTo: l.rel_to,
    caveats: l.caveats,
    tlp: l.tlp,
    recipients: { ...l.recipients, orgs: [...l.recipients.orgs, l.originator.org] },
  }));

/** A Concord label as an object carries it, checked against the directory: the label, or why it is not one. */
export function checkLabelExtension(
  l: LabelExtension,
  directory: LabelDirectory,
): { ok: true; label: Label } | { ok: false; reasons: string[] } {
  const org = directory.orgs.get(l.originator.org);
  if (!org || org.nation !== l.originator.nation) {
    return { ok: false, reasons: [`Unknown originating organisation ${l.originator.org} of ${l.originator.nation}.`] };
  }
  const input = { classification: l.classification, relTo: l.rel_to, caveats: l.caveats, tlp: l.tlp, recipients: l.recipients };
  const result = validateLabel(input, l.originator, directory, l.version);
  if (!result.ok) return { ok: false, reasons: result.issues.map((issue) => `label: ${issue.message}`) };
  return { ok: true, label: { ...result.label, state: l.state } };
}

const releaseColumns = (e: { version: number; release_state: string }, proposedLabel: unknown) => ({
  version: e.version,
  release_state: e.release_state,
  proposed_label: JSON.stringify(proposedLabel),
});

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

/** The actors row a Concord actor object describes. */
export function actorRow(
  id: string,
  object: z.infer<typeof commonSchema>,
  e: z.infer<typeof actorExtensionSchema>,
  label: Label,
  createdBy: string,
  proposedLabel: unknown,
): Insertable<DB['actors']> {
  return {
    id,
    ...releaseColumns(e, proposedLabel),
    kind: e.kind,
    name: object.name.slice(0, 200) || 'Unnamed',
    aliases: e.aliases,
    description: object.description,
    country: e.country,
    created_by: createdBy,
    created_at: new Date(object.created),
    updated_at: new Date(object.modified ?? object.created),
    ...labelToColumns(label),
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
