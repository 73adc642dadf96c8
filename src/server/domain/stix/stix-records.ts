/**
 * What every Concord STIX object carries, as schemas (its label, release state and common
 * properties), and the check of its label — shared by the bundle import (stix-import.ts) and
 * federation apply. Each kind's own extension and row are in its folder (incidents/incident-stix.ts, …).
 */
import { z } from 'zod';
import { isoDateTime } from '../../../shared/contracts/common';
import { labelInputSchema } from '../../../shared/labels/label';
import { stringList } from './stix-omit-empty';
import { validateLabel } from '../../../shared/labels/validate-label';
import type { Label, LabelInput } from '../../../shared/labels/label';
import type { LabelDirectory } from '../../../shared/labels/validate-label';

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

export const releaseColumns = (e: { version: number; release_state: string }, proposedLabel: unknown) => ({
  version: e.version,
  release_state: e.release_state,
  proposed_label: JSON.stringify(proposedLabel),
});
