/**
 * Imports a STIX 2.1 bundle: every object is checked first and nothing is written unless all pass.
 * An import does only what its caller could do by hand (docs/decisions/0010):
 *
 * - Objects Concord exported (its label marking and extensions present) come back with their
 *   label, versions state and content — only records of the importer's own organisation (a
 *   releasing officer restores their organisation's records; other organisations' are theirs to
 *   restore, other nations' arrive by federation). A restore never overwrites: a record the
 *   importer may read at its id is "already present"; an id held by one they may not read is
 *   restored as a copy under a new id, so the answer is the one a free id gets.
 * - Other producers' indicators (single-comparison patterns) and threat actors / intrusion sets
 *   become records of the importer's organisation under the label the importer gives, each under
 *   an id of its own (never the STIX id: two organisations, or two feeds, keep their own copies);
 *   `imported_records` keeps which object each stands for. An object marked with a stricter TLP
 *   than that label is refused rather than silently widened. Unknown markings are refused.
 * - A newer version (a later `modified`) of such an object updates the copy the importer may edit
 *   (their organisation's, readable, not recalled; from a TAXII feed, only a copy that feed brought
 *   in): a new version under the label it already has. A revoked one is reported and stays until a
 *   releasing officer recalls it. Anything else the importer may not edit is as if absent.
 * - An object recalled here — by its originator's node (a tombstone) or by this node, under its id
 *   or in a record an import made of it — is refused with the reason: no import brings back a
 *   recalled record, nor its content under a new id.
 * - Relationships between incidents and actors, indicators or incidents become links by the
 *   `PUT /links` rule: both ends readable by the importer, the incident editable by them; a link
 *   added to an incident here is a new version of it.
 * - Supporting objects (identities, markings, extension definitions) are not records; anything
 *   else is reported as not mapped. Every import, dry runs included, is audited with the records
 *   it wrote (or would write).
 */
import { may } from '../policy/policy';
import { z } from 'zod';
import { tlpRank } from '../../../shared/vocab/levels';
import { INCIDENT_DOMAINS } from '../../../shared/vocab/incident-types';
import { labelInputSchema } from '../../../shared/labels/label';
import { canRead } from '../../../shared/labels/read-rule';
import { validateLabel } from '../../../shared/labels/validate-label';
import { futureOccurrences, isoDateTime, unstorableText } from '../../../shared/contracts/common';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { linkRepository } from '../../db/repositories/link-repository';
import { releaseApprovalRepository } from '../../db/repositories/release-approval-repository';
import { stixImportRepository } from '../../db/repositories/stix-import-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { recordAccessFailure } from '../audit/access-failures';
import { loadLabelDirectory } from '../directory/directory-service';
import { incidentRecords, recordIncidentVersion } from '../incidents/incident-service';
import { actorRecords } from '../actors/actor-service';
import { indicatorRecords } from '../indicators/indicator-service';
import { draftLabel, storedLabel, validateLabels } from '../release/release-workflow';
import { loadImportLookup } from './stix-import-lookup';
import { EXTENSIONS, STIX_UUID, TLP_BY_MARKING, uuidOfStixId } from './stix-vocab';
import { incidentExtensionSchema, incidentRow } from '../incidents/incident-stix';
import { actorExtensionSchema, foreignActor } from '../actors/actor-stix';
import { indicatorExtensionSchema, indicatorName, indicatorValue } from '../indicators/indicator-stix';
import { commonSchema, labelExtensionSchema, storedLabelSchema, checkLabelExtension, labelLookups } from './stix-records';
import type { Label } from '../../../shared/labels/label';
import type { LabelIssue } from '../../../shared/labels/validate-label';
import type { Tlp } from '../../../shared/vocab/levels';
import type { Context } from '../../context';
import { replicatedKindOfType } from '../records/registry';
import { addRecords, addVersions } from '../release/record-intake';
import type { ContentUpdate } from '../release/record-intake';
import type { ImportKind, ImportTarget } from '../../db/repositories/stix-import-repository';
import type { DB } from '../../db/schema';
import type { AuditEvent } from '../audit/audit-log';
import type { UserActor } from '../auth/actor';
import type { Insertable } from 'kysely';

export const stixImportRequestSchema = z.strictObject({
  bundle: z.object({
    type: z.literal('bundle', { message: 'Send a STIX 2.1 bundle (type "bundle").' }),
    id: z.string(),
    objects: z.array(z.looseObject({ type: z.string().min(1), id: z.string().min(3) })).max(100_000),
  }),
  /** The label for objects that carry no Concord label (other producers' indicators and actors). */
  label: labelInputSchema.optional(),
  dryRun: z.boolean().default(false),
});
export type StixImportRequest = z.infer<typeof stixImportRequestSchema>;

export interface StixImportReport {
  objects: number;
  imported: { incidents: number; actors: number; indicators: number; links: number };
  /** Another producer's objects imported before, updated by a newer version. */
  updated: { actors: number; indicators: number };
  skipped: { id: string; reason: string }[];
  dryRun: boolean;
}

/** Not records: the objects records refer to. */
const SUPPORTING = new Set(['identity', 'marking-definition', 'extension-definition', 'language-content', 'location']);
/** A record's companion (its location, its observable, the relationship to it): derived from the record, which is imported. */
const isCompanion = (object: Record<string, unknown>) =>
  (object.extensions as Record<string, unknown> | undefined)?.[EXTENSIONS.companion] !== undefined;

/** Timestamps the import reads from any object, beyond the ones its schemas check. */
const READ_TIMESTAMPS = ['created', 'modified', 'valid_from'] as const;
const stixTimestamp = isoDateTime('A STIX timestamp such as 2026-11-27T03:00:00Z');

/** What in an object the database could not store: text it refuses, timestamps out of range. */
function unstorableParts(raw: Record<string, unknown>): string[] {
  const problems = unstorableText(raw).map((issue) => `${issue.path}: ${issue.message}`);
  for (const key of READ_TIMESTAMPS) {
    const result = raw[key] === undefined ? null : stixTimestamp.safeParse(raw[key]);
    if (result && !result.success) problems.push(`${key}: ${result.error.issues[0]?.message ?? 'not a timestamp'}.`);
  }
  return problems;
}

/** One answer for a relationship end that is unknown here and for one the importer may not read. */
const END_NOT_HERE = 'One end of the relationship is neither in the bundle nor a record you may read here.';
/** The same version of an object sent again (TAXII 2.1, 5.5: not an error for that object). */
export const ALREADY_PRESENT = 'Already present.';
const OLDER_VERSION = 'An older version';
/** Whether a skip means the node already holds this version of the object or a newer one (a feed counts these as present). */
export const heldAlready = (reason: string) => reason === ALREADY_PRESENT || reason.startsWith(OLDER_VERSION);
const RECALLED = 'Recalled: a record recalled here or by its originator is not brought back, under its id or another.';
/** Audit entries name at most this many records each. */
const AUDIT_RECORDS_PER_ENTRY = 1_000;

/** The kind a bundle's object of `type` becomes, if any (the shared picture's: records/registry.ts). */
const importedKindOfType = (type: string): ImportKind | null => replicatedKindOfType(type) ?? null;

/** The kind of Concord record a STIX id names, by its type; null: none Concord maps. */
const kindOfStixId = (stixId: string): ImportKind | null => importedKindOfType(stixId.slice(0, Math.max(0, stixId.indexOf('--'))));

type Row<T extends keyof DB> = Insertable<DB[T]>;

/** A record object that passed every check of its content; what happens to it depends on what is here. */
type Checked = {
  stixId: string;
  label: Label;
  /** A Concord record of the importer's organisation (keeps its id where it can), or another producer's object. */
  form: 'restore' | 'foreign';
  modified: Date;
  revoked: boolean;
  marked: Tlp[];
  /** Another producer's indicator or actor: the columns a newer version sets. */
  update?: { set: Record<string, unknown> };
} & ({ kind: 'incident'; row: Row<'incidents'> } | { kind: 'actor'; row: Row<'actors'> } | { kind: 'indicator'; row: Row<'indicators'> });

/** What an import found here for an object of the bundle, or made of it. */
interface Resolved {
  kind: ImportKind;
  id: string;
  /** Written by this import (its links are part of its first version here), under this label. */
  created: boolean;
  label?: Label;
  row?: ImportTarget;
}

interface Written {
  kind: ImportKind;
  id: string;
  stixId: string;
  change: 'create' | 'update' | 'link';
}

interface Plan {
  incidents: Row<'incidents'>[];
  actors: Row<'actors'>[];
  indicators: Row<'indicators'>[];
  updates: ({ kind: 'actor' | 'indicator' } & ContentUpdate)[];
  links: Row<'record_links'>[];
  /** Incidents here whose links this import adds to: each gets a new version. */
  relinked: Map<string, { stixId: string }>;
  provenance: Row<'imported_records'>[];
  written: Written[];
}

/**
 * `releaseForeign`: objects without a Concord label are released under the given label at once
 * (a TAXII subscription, whose label a releasing officer chose for the feed) instead of arriving
 * as drafts. `feed`: the subscription importing, which may update only what it brought in.
 */
export async function importStixBundle(
  ctx: Context,
  actor: UserActor,
  request: StixImportRequest,
  options: { releaseForeign?: boolean; feed?: string } = {},
): Promise<StixImportReport> {
  if (!may(actor, 'record.release')) {
    throw new AppError('FORBIDDEN', 'Only a releasing officer may import a STIX bundle: it restores released records.');
  }
  const db = ctx.database.db;
  const objects = request.bundle.objects;
  const issues: LabelIssue[] = [];
  const skipped: StixImportReport['skipped'] = [];
  const problem = (index: number, message: string) => issues.push({ path: `bundle.objects.${index}`, message });
  /** A bundle with problems imports nothing: the refusal is audited and every problem named. */
  const refuseBundle = async (): Promise<never> => {
    await recordAccessFailure(
      ctx,
      actor,
      'stix.import',
      { bundle: request.bundle.id, dryRun: request.dryRun, ...(options.feed ? { feed: options.feed } : {}), problems: issues.slice(0, 20) },
      'rejected',
    );
    throw new AppError('VALIDATION_FAILED', `The bundle has ${issues.length} problem(s); nothing was imported.`, issues.slice(0, 200));
  };
  const skip = (id: string, reason: string) => void skipped.push({ id, reason });
  const now = ctx.clock.now();

  // Nothing the database would refuse is looked up or kept (a feed stores what it skips).
  objects.forEach((raw, index) => unstorableParts(raw).forEach((message) => problem(index, message)));
  if (issues.length > 0) await refuseBundle();

  // Markings: TLP (1.0 and 2.0 ids), Concord labels; anything else is unknown.
  const concordLabels = new Map<string, z.infer<typeof labelExtensionSchema>>();
  for (const object of objects) {
    if (object.type !== 'marking-definition') continue;
    const extension = (object.extensions as Record<string, unknown> | undefined)?.[EXTENSIONS.label];
    if (extension === undefined) continue;
    const parsed = labelExtensionSchema.safeParse(extension);
    if (parsed.success) concordLabels.set(object.id, parsed.data);
  }

  const given = request.label ? (await validateLabels(ctx, actor, 'stix', [{ path: 'label', input: request.label }], 1))[0] : undefined;
  // Restored incidents' field labels (sources) are labels too: checked against the same directory.
  const fieldLabels = objects.flatMap((o) => {
    const sources = incidentExtensionSchema.shape.sources.safeParse(
      ((o.extensions as Record<string, Record<string, unknown>> | undefined)?.[EXTENSIONS.incident] ?? {}).sources,
    );
    return sources.success && sources.data?.label ? [sources.data.label] : [];
  });
  const directory = await loadLabelDirectory(db, [...labelLookups([...concordLabels.values()]), ...fieldLabels]);

  /** The label an object is written with, or a reason it cannot be. */
  const labelFor = (
    index: number,
    object: { object_marking_refs: string[] },
  ): { kind: 'concord'; label: Label } | { kind: 'foreign'; label: Label } | null => {
    const refs = object.object_marking_refs;
    const unknown = refs.filter((ref) => !TLP_BY_MARKING[ref] && !concordLabels.has(ref));
    if (unknown.length > 0) {
      problem(index, `Unknown marking ${unknown[0]}: markings Concord does not know are refused.`);
      return null;
    }
    const concord = refs.map((ref) => concordLabels.get(ref)).find(Boolean);
    if (concord) {
      if (concord.originator.nation !== actor.org.nation) {
        problem(index, `Originated by ${concord.originator.nation}: records of other nations arrive by federation, not by file import.`);
        return null;
      }
      if (concord.originator.org !== actor.org.id) {
        problem(
          index,
          `Originated by another organisation (${concord.originator.org}): a file import restores your own organisation's records only.`,
        );
        return null;
      }
      const checked = checkLabelExtension(concord, directory);
      if (!checked.ok) {
        for (const reason of checked.reasons) problem(index, reason);
        return null;
      }
      return { kind: 'concord', label: checked.label };
    }
    if (!given) {
      problem(index, 'This object carries no Concord label: send `label` to import it under a label you choose.');
      return null;
    }
    const tlps = refs.map((ref) => TLP_BY_MARKING[ref]).filter((t): t is Tlp => t !== undefined);
    const strictest = tlps.sort((a, b) => tlpRank(b) - tlpRank(a))[0];
    if (strictest && tlpRank(strictest) > tlpRank(given.tlp)) {
      problem(
        index,
        `Marked TLP:${strictest}, stricter than the label given (TLP:${given.tlp}); import it with a label at least as strict.`,
      );
      return null;
    }
    return { kind: 'foreign', label: options.releaseForeign ? { ...given, version: 1 } : { ...draftLabel(given), version: 1 } };
  };

  // First every object's content, which alone decides whether it can be imported.
  const checked: Checked[] = [];
  const seen = new Set<string>();
  const foreignRelease = { version: 1, release_state: options.releaseForeign ? 'released' : 'draft' };
  objects.forEach((raw, index) => {
    const concordActor =
      raw.type === 'identity' && (raw.extensions as Record<string, unknown> | undefined)?.[EXTENSIONS.actor] !== undefined;
    if ((SUPPORTING.has(raw.type) && !concordActor) || raw.type === 'relationship' || isCompanion(raw)) return;
    if (importedKindOfType(raw.type) === null) {
      return skip(raw.id, `${raw.type} objects are not mapped to Concord records.`);
    }
    if (!STIX_UUID.test(uuidOfStixId(raw.id))) return void problem(index, `${raw.id} is not a STIX identifier (type--UUID).`);
    if (seen.has(raw.id)) return skip(raw.id, 'Given more than once in the bundle: only its first object is read.');
    seen.add(raw.id);
    const common = commonSchema.safeParse(raw);
    if (!common.success) return void problem(index, common.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(' '));
    const object = common.data;
    const labelled = labelFor(index, object);
    if (!labelled) return;
    const label = labelled.label;
    const modified = new Date(object.modified ?? object.created);
    const base = {
      stixId: raw.id,
      label,
      form: labelled.kind === 'concord' ? ('restore' as const) : ('foreign' as const),
      modified,
      revoked: raw.revoked === true,
      marked: object.object_marking_refs.map((ref) => TLP_BY_MARKING[ref]).filter((t): t is Tlp => t !== undefined),
    };
    const ext = object.extensions;
    const releaseOf = (r: { version: number; release_state: string; proposed_label?: z.infer<typeof storedLabelSchema> | undefined }) => ({
      version: r.version,
      release_state: r.release_state,
      proposed_label: JSON.stringify(r.proposed_label ?? storedLabel(label)),
    });
    if (raw.type === 'incident') {
      const parsed = incidentExtensionSchema.safeParse(ext[EXTENSIONS.incident]);
      if (!parsed.success || labelled.kind !== 'concord') {
        return skip(raw.id, 'Incidents without Concord incident fields (type, time, place) are not mapped.');
      }
      const e = parsed.data;
      const future = futureOccurrences({ occurred_at: e.occurred_at }, now);
      if (future.length > 0) return void future.forEach((issue) => problem(index, `${issue.path}: ${issue.message}`));
      if (e.sources?.label) {
        const field = validateLabel(e.sources.label, label.originator, directory);
        if (!field.ok) return void field.issues.forEach((issue) => problem(index, `sources label: ${issue.message}`));
      }
      if (!(INCIDENT_DOMAINS[e.domain as keyof typeof INCIDENT_DOMAINS] as readonly string[] | undefined)?.includes(e.subtype)) {
        return void problem(index, `Unknown incident type ${e.domain}/${e.subtype}.`);
      }
      const row = incidentRow(uuidOfStixId(raw.id), object, e, label, actor.user.id, e.proposed_label ?? storedLabel(label));
      checked.push({ ...base, kind: 'incident', row });
      return;
    }
    if (raw.type === 'indicator') {
      const parsed = indicatorExtensionSchema.safeParse(ext[EXTENSIONS.indicator]);
      const mapped = indicatorValue(raw, parsed.success ? parsed.data : null);
      if (!mapped.ok) return 'skip' in mapped ? skip(raw.id, mapped.skip) : void problem(index, mapped.problem);
      const e = parsed.success && labelled.kind === 'concord' ? parsed.data : null;
      const future = e ? futureOccurrences({ first_seen: e.first_seen, last_seen: e.last_seen }, now) : [];
      if (future.length > 0) return void future.forEach((issue) => problem(index, `${issue.path}: ${issue.message}`));
      const validFrom = typeof raw.valid_from === 'string' ? new Date(raw.valid_from) : null;
      const { type, value, warnings } = mapped;
      const name = indicatorName(object.name, value);
      checked.push({
        ...base,
        kind: 'indicator',
        row: {
          id: uuidOfStixId(raw.id),
          ...(e ? releaseOf(e) : releaseOf(foreignRelease)),
          type,
          value,
          name,
          description: object.description,
          first_seen: e ? (e.first_seen ? new Date(e.first_seen) : null) : validFrom,
          last_seen: e?.last_seen ? new Date(e.last_seen) : null,
          warnings,
          created_by: actor.user.id,
          created_at: new Date(object.created),
          updated_at: modified,
          ...labelToColumns(label),
        },
        ...(e
          ? {}
          : {
              update: {
                set: { type, value, name, warnings, description: object.description, first_seen: validFrom },
              },
            }),
      });
      return;
    }
    // Actors: threat actors and intrusion sets from anyone; identities only when Concord exported them as actors.
    const parsed = actorExtensionSchema.safeParse(ext[EXTENSIONS.actor]);
    if (raw.type === 'identity' && !parsed.success) return;
    const e = parsed.success && labelled.kind === 'concord' ? parsed.data : null;
    const foreign = foreignActor(raw, object.name);
    checked.push({
      ...base,
      kind: 'actor',
      row: {
        id: uuidOfStixId(raw.id),
        ...(e ? releaseOf(e) : releaseOf(foreignRelease)),
        kind: e?.kind ?? foreign.kind,
        name: foreign.name,
        aliases: e?.aliases ?? foreign.aliases,
        description: object.description,
        country: e?.country ?? null,
        created_by: actor.user.id,
        created_at: new Date(object.created),
        updated_at: modified,
        ...labelToColumns(label),
      },
      // Identities are Concord's own actors: another producer's newer version updates threat actors and intrusion sets only.
      ...(e || raw.type === 'identity' ? {} : { update: { set: { ...foreign, description: object.description } } }),
    });
  });

  // Relationships: their ends, looked up with the records.
  const relationships = objects.map((raw, index) => ({ raw, index })).filter(({ raw }) => raw.type === 'relationship' && !isCompanion(raw));
  const ends = relationships.flatMap(({ raw }) => {
    const source = String(raw.source_ref ?? '');
    const target = String(raw.target_ref ?? '');
    const toKind = kindOfStixId(target);
    return [
      ...(source.startsWith('incident--') ? [{ kind: 'incident' as const, stixId: source }] : []),
      ...(toKind ? [{ kind: toKind, stixId: target }] : []),
    ];
  });
  const lookup = await loadImportLookup(
    ctx,
    actor,
    [...checked.map((c) => ({ kind: c.kind, stixId: c.stixId })), ...ends],
    checked.filter((c) => c.form === 'restore').map((c) => ({ kind: c.kind, id: uuidOfStixId(c.stixId) })),
    options.feed,
  );

  const plan: Plan = {
    incidents: [],
    actors: [],
    indicators: [],
    updates: [],
    links: [],
    relinked: new Map(),
    provenance: [],
    written: [],
  };
  const resolved = new Map<string, Resolved>();
  const create = (c: Checked, id: string) => {
    if (c.kind === 'incident') plan.incidents.push({ ...c.row, id });
    else if (c.kind === 'actor') plan.actors.push({ ...c.row, id });
    else plan.indicators.push({ ...c.row, id });
    plan.provenance.push({
      record_kind: c.kind,
      record_id: id,
      stix_id: c.stixId,
      feed_id: options.feed ?? null,
      imported_by: actor.user.id,
      imported_at: now,
    });
    plan.written.push({ kind: c.kind, id, stixId: c.stixId, change: 'create' });
    resolved.set(c.stixId, { kind: c.kind, id, created: true, label: c.label });
  };

  for (const c of checked) {
    if (lookup.recalled(c.kind, c.stixId)) {
      skip(c.stixId, RECALLED);
      continue;
    }
    if (c.form === 'restore') {
      const here = lookup.present(c.kind, c.stixId);
      if (here) {
        resolved.set(c.stixId, { kind: c.kind, id: here.id, created: false, row: here });
        skip(c.stixId, ALREADY_PRESENT);
        continue;
      }
      // An id held by a record the importer may not read: the record is restored as a copy, answered as if the id were free.
      const id = uuidOfStixId(c.stixId);
      create(c, lookup.taken(c.kind, id) ? ctx.ids.uuid() : id);
      continue;
    }
    const mine = lookup.ownCopy(c.kind, c.stixId);
    if (!mine) {
      create(c, ctx.ids.uuid());
      continue;
    }
    const here = mine.row;
    resolved.set(c.stixId, { kind: c.kind, id: here.id, created: false, row: here });
    const updatedAlready = plan.updates.some((u) => u.kind === c.kind && u.id === here.id);
    if (c.update && c.kind !== 'incident' && !updatedAlready && c.modified < new Date(here.updated_at)) {
      skip(
        c.stixId,
        `${OLDER_VERSION} (modified ${c.modified.toISOString()}) than the one here (${new Date(here.updated_at).toISOString()}): only a newer version updates it.`,
      );
      continue;
    }
    if (!c.update || c.kind === 'incident' || updatedAlready || !(c.modified > new Date(here.updated_at))) {
      skip(c.stixId, ALREADY_PRESENT);
      continue;
    }
    if (mine.recalled) {
      skip(c.stixId, 'Recalled here: a newer version does not bring it back; a releasing officer decides.');
      continue;
    }
    if (c.revoked) {
      skip(c.stixId, 'Revoked by its producer: the record here stays until a releasing officer recalls it.');
      continue;
    }
    // A newer version of another producer's object: the record's content moves on, its label stays.
    const label = labelFromColumns(here);
    const stricter = c.marked.find((tlp) => tlpRank(tlp) > tlpRank(label.tlp));
    if (stricter) {
      skip(
        c.stixId,
        `Now marked TLP:${stricter}, stricter than its label here (TLP:${label.tlp}): not updated; a releasing officer decides.`,
      );
      continue;
    }
    plan.updates.push({ kind: c.kind, id: here.id, from: here.version, set: { ...c.update.set, updated_at: c.modified } });
    plan.written.push({ kind: c.kind, id: here.id, stixId: c.stixId, change: 'update' });
  }

  // Relationships from incidents become links, by the PUT /links rule.
  const planned = new Set<string>();
  for (const { raw, index } of relationships) {
    const source = String(raw.source_ref ?? '');
    const target = String(raw.target_ref ?? '');
    if (!source.startsWith('incident--')) {
      skip(raw.id, 'Only relationships from incidents are mapped.');
      continue;
    }
    const toKind = kindOfStixId(target);
    if (!toKind) {
      skip(raw.id, 'Only relationships to actors, indicators and incidents are mapped.');
      continue;
    }
    const malformed = [source, target].find((ref) => !STIX_UUID.test(uuidOfStixId(ref)));
    if (malformed) {
      problem(index, `${malformed} is not a STIX identifier.`);
      continue;
    }
    const endHere = (kind: ImportKind, stixId: string): Resolved | undefined => {
      const inBundle = resolved.get(stixId);
      if (inBundle) return inBundle.kind === kind ? inBundle : undefined;
      const row = lookup.end(kind, stixId);
      return row ? { kind, id: row.id, created: false, row } : undefined;
    };
    // Both ends readable by the importer: records found here are; one this import writes may carry a label they do not pass.
    const readable = (end: Resolved | undefined) => end !== undefined && (!end.label || canRead(actor.reader, end.label));
    const from = endHere('incident', source);
    const to = endHere(toKind, target);
    if (!from || !to || !readable(from) || !readable(to)) {
      skip(raw.id, END_NOT_HERE);
      continue;
    }
    if (from.row && from.row.originator_org !== actor.org.id) {
      skip(raw.id, "Only the originating organisation's analysts may link this incident.");
      continue;
    }
    if (from.row?.state === 'recalled') {
      skip(raw.id, 'A recalled incident cannot be linked.');
      continue;
    }
    if (to.kind === 'incident' && to.id === from.id) {
      skip(raw.id, 'An incident cannot link to itself.');
      continue;
    }
    const key = `${from.id}:${to.kind}:${to.id}`;
    if (planned.has(key)) continue;
    planned.add(key);
    const type = String(raw.relationship_type ?? 'related-to');
    plan.links.push({
      from_kind: 'incident',
      from_id: from.id,
      relation: to.kind !== 'incident' ? to.kind : ['duplicate-of', 'part-of'].includes(type) ? type : 'related',
      to_kind: to.kind,
      to_id: to.id,
      created_by: actor.user.id,
      created_at: typeof raw.created === 'string' ? new Date(raw.created) : now,
    });
    if (!from.created) plan.relinked.set(from.id, { stixId: source });
  }
  // Links already here are no change (their targets are readable: only those were planned).
  const present = await linkRepository(db).linksFromMany('incident', [...plan.relinked.keys()]);
  const presentKeys = new Set(present.map((l) => `${l.from_id}:${l.to_kind}:${l.to_id}`));
  plan.links = plan.links.filter((l) => !presentKeys.has(`${l.from_id}:${l.to_kind}:${l.to_id}`));
  const relinked = new Set(plan.links.map((l) => l.from_id));
  for (const id of [...plan.relinked.keys()]) if (!relinked.has(id)) plan.relinked.delete(id);
  for (const [id, { stixId }] of plan.relinked) plan.written.push({ kind: 'incident', id, stixId, change: 'link' });

  if (issues.length > 0) await refuseBundle();
  const report: StixImportReport = {
    objects: objects.length,
    imported: {
      incidents: plan.incidents.length,
      actors: plan.actors.length,
      indicators: plan.indicators.length,
      links: plan.links.length,
    },
    updated: {
      actors: plan.updates.filter((u) => u.kind === 'actor').length,
      indicators: plan.updates.filter((u) => u.kind === 'indicator').length,
    },
    skipped,
    dryRun: request.dryRun,
  };
  const audit = auditEntries(request, report, plan.written, options.feed);
  if (request.dryRun) {
    // A dry run is a probe like any other: audited, with what it would have written.
    await ctx.database.transaction((tx) => appendAudit(tx.db, ctx.clock, actor, audit));
    return report;
  }
  await ctx.database.transaction(async (tx) => {
    const repo = stixImportRepository(tx.db);
    // What the plan changes is locked and checked again: it was planned on what the importer could edit then.
    const changedMeanwhile = () =>
      new AppError('CONFLICT', 'Records changed while this import was written; nothing was imported: import again.');
    const incidents = new Map((await repo.lock('incident', [...plan.relinked.keys()])).map((r) => [r.id, r]));
    for (const id of plan.relinked.keys()) {
      const row = incidents.get(id);
      if (!row || row.state === 'recalled' || row.originator_org !== actor.org.id) throw changedMeanwhile();
    }
    // Links first: a created incident's first version lists its links.
    await repo.insertLinks(plan.links);
    // Through the same verbs as the API's writes (release/record-intake.ts): the same guards, versions and change records.
    const lost = [
      ...(await addRecords(tx.db, ctx, actor, actorRecords, plan.actors, 'import-stix')),
      ...(await addRecords(tx.db, ctx, actor, indicatorRecords, plan.indicators, 'import-stix')),
      ...(await addRecords(tx.db, ctx, actor, incidentRecords, plan.incidents, 'import-stix')),
    ];
    if (lost.length > 0) throw changedMeanwhile();
    const updatesOf = (kind: 'actor' | 'indicator') => plan.updates.filter((u) => u.kind === kind);
    await addVersions(tx.db, ctx, actor, actorRecords, updatesOf('actor'), 'import-stix-update', changedMeanwhile);
    await addVersions(tx.db, ctx, actor, indicatorRecords, updatesOf('indicator'), 'import-stix-update', changedMeanwhile);
    // A link added to an incident here is a new version of it, as by PUT /links.
    for (const [id] of plan.relinked) {
      const locked = incidents.get(id);
      if (!locked) throw changedMeanwhile();
      await repo.bumpIncident(id, locked.version + 1, now);
      const row = await incidentRepository(tx.db).findForUpdate(id);
      if (!row) throw new Error('incident vanished');
      await recordIncidentVersion(tx.db, ctx, actor, row, 'link');
    }
    // Like any edit, a link voids a first approval waiting for a second (it approved other content).
    const approvals = releaseApprovalRepository(tx.db);
    for (const [id] of plan.relinked) await approvals.clear('incident', id);
    await repo.insertProvenance(plan.provenance);
    await appendAudit(tx.db, ctx.clock, actor, audit);
  });
  return report;
}

/** The import's audit entries: its counts, and each record it wrote (or, in a dry run, would write) with the STIX id it stands for. */
function auditEntries(request: StixImportRequest, report: StixImportReport, written: Written[], feed: string | undefined): AuditEvent[] {
  const common = {
    bundle: request.bundle.id,
    dryRun: request.dryRun,
    ...(feed ? { feed } : {}),
    imported: report.imported,
    updated: report.updated,
    skipped: report.skipped.length,
  };
  const parts: Written[][] = [];
  for (let i = 0; i < written.length; i += AUDIT_RECORDS_PER_ENTRY) parts.push(written.slice(i, i + AUDIT_RECORDS_PER_ENTRY));
  if (parts.length === 0) parts.push([]);
  return parts.map((records) => ({ action: 'stix.import', details: { ...common, records } }));
}

/** The problems of a refused import by the index of the object they are about (several joined). */
export function problemsByObject(error: AppError): Map<number, string> {
  const problems = new Map<number, string>();
  for (const issue of error.issues ?? []) {
    const index = Number(/^bundle\.objects\.(\d+)/.exec(issue.path)?.[1]);
    if (Number.isInteger(index)) problems.set(index, [problems.get(index), issue.message].filter(Boolean).join(' '));
  }
  return problems;
}
