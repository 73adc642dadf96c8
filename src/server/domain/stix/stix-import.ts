/**
 * Imports a STIX 2.1 bundle: every object is checked first and nothing is written unless all pass.
 *
 * - Objects Concord exported (its label marking and extensions present) come back with their
 *   label, versions state and content — only for records originated by the importer's nation (a
 *   releasing officer restores their own nation's records; other nations' records arrive by
 *   federation).
 * - Other producers' indicators (single-comparison patterns) and threat actors / intrusion sets
 *   arrive as drafts under the label the importer gives; an object marked with a stricter TLP than
 *   that label is refused rather than silently widened. Unknown markings are refused.
 * - Relationships between incidents and actors, indicators or incidents become links.
 * - Objects already present (same id) are skipped — except another producer's indicator or actor
 *   this nation imported before, which a newer version (a later `modified`) updates in place: a
 *   new version of the record, under the label it already has. A revoked one is reported, and
 *   stays until a releasing officer recalls it. Supporting objects (identities, markings,
 *   extension definitions) are not records; anything else is reported as not mapped.
 */
import { z } from 'zod';
import { hasPermission } from '../../../shared/vocab/roles';
import { tlpRank } from '../../../shared/vocab/levels';
import { INCIDENT_DOMAINS } from '../../../shared/vocab/incident-types';
import { labelInputSchema } from '../../../shared/labels/label';
import { futureOccurrences, isoDateTime, unstorableText } from '../../../shared/contracts/common';
import { LABEL_COLUMN_NAMES, labelFromColumns, labelToColumns } from '../../db/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { linkRepository } from '../../db/repositories/link-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { loadLabelDirectory } from '../directory/directory-service';
import { normaliseIndicator } from '../indicators/normalise-indicator';
import { draftLabel, storedLabel, validateLabels } from '../release/release-workflow';
import { EXTENSIONS, STIX_UUID, TLP_BY_MARKING, parseSimplePattern, uuidOfStixId } from './stix-vocab';
import {
  actorExtensionSchema,
  commonSchema,
  incidentExtensionSchema,
  indicatorExtensionSchema,
  labelExtensionSchema,
  storedLabelSchema,
  checkLabelExtension,
  incidentRow,
  labelLookups,
} from './stix-records';
import type { Label } from '../../../shared/labels/label';
import type { LabelIssue } from '../../../shared/labels/validate-label';
import type { Tlp } from '../../../shared/vocab/levels';
import type { IndicatorType } from '../../../shared/vocab/picture-records';
import type { Context } from '../../context';
import type { DB, LabelColumns } from '../../db/schema';
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

type Row<T extends keyof DB> = Insertable<DB[T]>;
interface Plan {
  incidents: Row<'incidents'>[];
  incidentVersions: Row<'incident_versions'>[];
  actors: Row<'actors'>[];
  indicators: Row<'indicators'>[];
  versions: Row<'record_versions'>[];
  links: Row<'record_links'>[];
  /** Newer versions of another producer's objects imported before: the columns they change. */
  updates: { kind: 'actor' | 'indicator'; id: string; set: Record<string, unknown> }[];
}

/** A newer version of this object may update the record here: another producer's, imported by this nation. */
const updatable = (here: Existing | undefined, nation: string, modified: Date) =>
  here !== undefined && here.kind !== 'incident' && here.originator_nation === nation && modified > new Date(here.updated_at);

/**
 * `releaseForeign`: objects without a Concord label are released under the given label at once
 * (a TAXII subscription, whose label a releasing officer chose for the feed) instead of arriving
 * as drafts.
 */
export async function importStixBundle(
  ctx: Context,
  actor: UserActor,
  request: StixImportRequest,
  options: { releaseForeign?: boolean } = {},
): Promise<StixImportReport> {
  if (!hasPermission(actor.user.roles, 'record.release')) {
    throw new AppError('FORBIDDEN', 'Only a releasing officer may import a STIX bundle: it restores released records.');
  }
  const db = ctx.database.db;
  const objects = request.bundle.objects;
  const issues: LabelIssue[] = [];
  const skipped: StixImportReport['skipped'] = [];
  const problem = (index: number, message: string) => issues.push({ path: `bundle.objects.${index}`, message });
  const refuse = () =>
    new AppError('VALIDATION_FAILED', `The bundle has ${issues.length} problem(s); nothing was imported.`, issues.slice(0, 200));
  const now = ctx.clock.now();

  // Nothing the database would refuse is looked up or kept (a feed stores what it skips).
  objects.forEach((raw, index) => unstorableParts(raw).forEach((message) => problem(index, message)));
  if (issues.length > 0) throw refuse();

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
  const directory = await loadLabelDirectory(db, labelLookups([...concordLabels.values()]));
  const existing = await existingRecords(
    ctx,
    objects.map((o) => uuidOfStixId(o.id)).filter((id) => STIX_UUID.test(id)),
  );

  const plan: Plan = { incidents: [], incidentVersions: [], actors: [], indicators: [], versions: [], links: [], updates: [] };
  const imported = new Map<string, 'incident' | 'actor' | 'indicator'>();

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

  const versionRow = (id: string, versionNo: number, label: Label, snapshot: Record<string, unknown>, change: string) => ({
    id,
    version: versionNo,
    change,
    changed_by: actor.user.id,
    changed_at: now,
    snapshot: JSON.stringify(snapshot),
    ...labelToColumns(label),
  });

  const foreignRelease = { version: 1, release_state: options.releaseForeign ? 'released' : 'draft' };
  objects.forEach((raw, index) => {
    const concordActor =
      raw.type === 'identity' && (raw.extensions as Record<string, unknown> | undefined)?.[EXTENSIONS.actor] !== undefined;
    if ((SUPPORTING.has(raw.type) && !concordActor) || raw.type === 'relationship' || isCompanion(raw)) return;
    const id = uuidOfStixId(raw.id);
    if (!['incident', 'threat-actor', 'intrusion-set', 'identity', 'indicator'].includes(raw.type)) {
      skipped.push({ id: raw.id, reason: `${raw.type} objects are not mapped to Concord records.` });
      return;
    }
    if (!STIX_UUID.test(id)) return void problem(index, `${raw.id} is not a STIX identifier (type--UUID).`);
    const here = existing.get(id);
    const foreignObject = !raw.object_marking_refs || !(raw.object_marking_refs as unknown[]).some((ref) => concordLabels.has(String(ref)));
    const newer = typeof raw.modified === 'string' ? new Date(raw.modified) : new Date(0);
    const mayUpdate = foreignObject && ['indicator', 'threat-actor', 'intrusion-set'].includes(raw.type);
    if (here && !(mayUpdate && updatable(here, actor.org.nation, newer)))
      return void skipped.push({ id: raw.id, reason: 'Already present.' });
    if (here && raw.revoked === true)
      return void skipped.push({
        id: raw.id,
        reason: 'Revoked by its producer: the record here stays until a releasing officer recalls it.',
      });
    const common = commonSchema.safeParse(raw);
    if (!common.success) return void problem(index, common.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(' '));
    const object = common.data;
    const labelled = labelFor(index, object);
    if (!labelled) return;
    const created = new Date(object.created);
    const modified = new Date(object.modified ?? object.created);
    if (here) {
      // A newer version of another producer's object: the record's content moves on, its label stays.
      const label = labelFromColumns(here);
      const marked = object.object_marking_refs.map((ref) => TLP_BY_MARKING[ref]).filter((t): t is Tlp => t !== undefined);
      const stricter = marked.find((tlp) => tlpRank(tlp) > tlpRank(label.tlp));
      if (stricter)
        return void skipped.push({
          id: raw.id,
          reason: `Now marked TLP:${stricter}, stricter than its label here (TLP:${label.tlp}): not updated; a releasing officer decides.`,
        });
      if ((raw.type === 'indicator') !== (here.kind === 'indicator')) return void skipped.push({ id: raw.id, reason: 'Already present.' });
      const version = here.version + 1;
      const update = (set: Record<string, unknown>, snapshot: Record<string, unknown>) => {
        plan.updates.push({ kind: here.kind as 'actor' | 'indicator', id, set: { ...set, version, updated_at: modified } });
        plan.versions.push({ record_kind: here.kind, ...versionRow(id, version, label, snapshot, 'import-stix-update') });
      };
      if (raw.type === 'indicator') {
        const mapped = indicatorValue(raw, null);
        if (!mapped.ok)
          return 'skip' in mapped ? void skipped.push({ id: raw.id, reason: mapped.skip }) : void problem(index, mapped.problem);
        const firstSeen = typeof raw.valid_from === 'string' ? new Date(raw.valid_from) : null;
        const { type, value, warnings } = mapped;
        return update({ type, value, warnings, description: object.description, first_seen: firstSeen }, { type, value });
      }
      const mapped = foreignActor(raw, object.name);
      return update({ ...mapped, description: object.description }, { name: mapped.name });
    }
    const ext = object.extensions;
    const releaseOf = (r: { version: number; release_state: string; proposed_label?: z.infer<typeof storedLabelSchema> | undefined }) => ({
      version: r.version,
      release_state: r.release_state,
      proposed_label: JSON.stringify(r.proposed_label ?? storedLabel(labelled.label)),
    });
    if (raw.type === 'incident') {
      const parsed = incidentExtensionSchema.safeParse(ext[EXTENSIONS.incident]);
      if (!parsed.success || labelled.kind !== 'concord') {
        return void skipped.push({ id: raw.id, reason: 'Incidents without Concord incident fields (type, time, place) are not mapped.' });
      }
      const e = parsed.data;
      const future = futureOccurrences({ occurred_at: e.occurred_at }, now);
      if (future.length > 0) return void future.forEach((issue) => problem(index, `${issue.path}: ${issue.message}`));
      if (!(INCIDENT_DOMAINS[e.domain as keyof typeof INCIDENT_DOMAINS] as readonly string[] | undefined)?.includes(e.subtype)) {
        return void problem(index, `Unknown incident type ${e.domain}/${e.subtype}.`);
      }
      const label = labelled.label;
      plan.incidents.push(incidentRow(id, object, e, label, actor.user.id, e.proposed_label ?? storedLabel(label)));
      plan.incidentVersions.push(
        versionRow(id, e.version, label, { title: object.name, domain: e.domain, subtype: e.subtype }, 'import-stix'),
      );
      imported.set(raw.id, 'incident');
      return;
    }
    if (raw.type === 'indicator') {
      const parsed = indicatorExtensionSchema.safeParse(ext[EXTENSIONS.indicator]);
      const mapped = indicatorValue(raw, parsed.success ? parsed.data : null);
      if (!mapped.ok)
        return 'skip' in mapped ? void skipped.push({ id: raw.id, reason: mapped.skip }) : void problem(index, mapped.problem);
      const e = parsed.success && labelled.kind === 'concord' ? parsed.data : null;
      const future = e ? futureOccurrences({ first_seen: e.first_seen, last_seen: e.last_seen }, now) : [];
      if (future.length > 0) return void future.forEach((issue) => problem(index, `${issue.path}: ${issue.message}`));
      const validFrom = typeof raw.valid_from === 'string' ? new Date(raw.valid_from) : null;
      plan.indicators.push({
        id,
        ...(e ? releaseOf(e) : releaseOf(foreignRelease)),
        type: mapped.type,
        value: mapped.value,
        description: object.description,
        first_seen: e ? (e.first_seen ? new Date(e.first_seen) : null) : validFrom,
        last_seen: e?.last_seen ? new Date(e.last_seen) : null,
        warnings: mapped.warnings,
        created_by: actor.user.id,
        created_at: created,
        updated_at: modified,
        ...labelToColumns(labelled.label),
      });
      plan.versions.push({
        record_kind: 'indicator',
        ...versionRow(id, e?.version ?? 1, labelled.label, { type: mapped.type, value: mapped.value }, 'import-stix'),
      });
      imported.set(raw.id, 'indicator');
      return;
    }
    // Actors: threat actors and intrusion sets from anyone; identities only when Concord exported them as actors.
    const parsed = actorExtensionSchema.safeParse(ext[EXTENSIONS.actor]);
    if (raw.type === 'identity' && !parsed.success) return;
    const e = parsed.success && labelled.kind === 'concord' ? parsed.data : null;
    const foreign = foreignActor(raw, object.name);
    plan.actors.push({
      id,
      ...(e ? releaseOf(e) : releaseOf(foreignRelease)),
      kind: e?.kind ?? foreign.kind,
      name: foreign.name,
      aliases: e?.aliases ?? foreign.aliases,
      description: object.description,
      country: e?.country ?? null,
      created_by: actor.user.id,
      created_at: created,
      updated_at: modified,
      ...labelToColumns(labelled.label),
    });
    plan.versions.push({ record_kind: 'actor', ...versionRow(id, e?.version ?? 1, labelled.label, { name: object.name }, 'import-stix') });
    imported.set(raw.id, 'actor');
  });

  // Relationships from incidents become links, when both ends are (or will be) here.
  objects.forEach((raw, index) => {
    if (raw.type !== 'relationship' || isCompanion(raw)) return;
    const source = String(raw.source_ref ?? '');
    const target = String(raw.target_ref ?? '');
    if (!source.startsWith('incident--')) return void skipped.push({ id: raw.id, reason: 'Only relationships from incidents are mapped.' });
    const toKind = target.startsWith('indicator--') ? 'indicator' : target.startsWith('incident--') ? 'incident' : 'actor';
    const fromHere = imported.get(source) === 'incident' || existing.get(uuidOfStixId(source))?.kind === 'incident';
    const toHere = imported.has(target) || existing.has(uuidOfStixId(target));
    if (!fromHere || !toHere)
      return void skipped.push({ id: raw.id, reason: 'One end of the relationship is neither in the bundle nor on this node.' });
    if (!STIX_UUID.test(uuidOfStixId(target))) return void problem(index, `${target} is not a STIX identifier.`);
    const type = String(raw.relationship_type ?? 'related-to');
    plan.links.push({
      from_kind: 'incident',
      from_id: uuidOfStixId(source),
      relation:
        toKind === 'actor'
          ? 'actor'
          : toKind === 'indicator'
            ? 'indicator'
            : type === 'related-to'
              ? 'related'
              : ['duplicate-of', 'part-of'].includes(type)
                ? type
                : 'related',
      to_kind: toKind,
      to_id: uuidOfStixId(target),
      created_by: actor.user.id,
      created_at: typeof raw.created === 'string' ? new Date(raw.created) : now,
    });
  });

  const present = await linkRepository(db).linksFromMany('incident', [...new Set(plan.links.map((l) => l.from_id))]);
  const presentKeys = new Set(present.map((l) => `${l.from_id}:${l.to_kind}:${l.to_id}`));
  plan.links = plan.links.filter((l) => !presentKeys.has(`${l.from_id}:${l.to_kind}:${l.to_id}`));

  if (issues.length > 0) throw refuse();
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
  if (request.dryRun) return report;
  await ctx.database.transaction(async (tx) => {
    const chunks = <T>(rows: T[], write: (rows: T[]) => Promise<unknown>) =>
      rows.reduce<Promise<unknown>>(
        (previous, _, i) => (i % 500 === 0 ? previous.then(() => write(rows.slice(i, i + 500))) : previous),
        Promise.resolve(),
      );
    await chunks(plan.incidents, (rows) => tx.db.insertInto('incidents').values(rows).execute());
    await chunks(plan.incidentVersions, (rows) => tx.db.insertInto('incident_versions').values(rows).execute());
    await chunks(plan.actors, (rows) => tx.db.insertInto('actors').values(rows).execute());
    await chunks(plan.indicators, (rows) => tx.db.insertInto('indicators').values(rows).execute());
    for (const update of plan.updates)
      await tx.db
        .updateTable(update.kind === 'actor' ? 'actors' : 'indicators')
        .set(update.set)
        .where('id', '=', update.id)
        .execute();
    await chunks(plan.versions, (rows) => tx.db.insertInto('record_versions').values(rows).execute());
    await chunks(plan.links, (rows) =>
      tx.db
        .insertInto('record_links')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute(),
    );
    const changes = [
      ...plan.incidents.map((r) => ({ kind: 'incident', id: r.id, version: r.version })),
      ...plan.actors.map((r) => ({ kind: 'actor', id: r.id, version: r.version })),
      ...plan.indicators.map((r) => ({ kind: 'indicator', id: r.id, version: r.version })),
      ...plan.updates.map((u) => ({ kind: u.kind, id: u.id, version: Number(u.set.version) })),
    ];
    await chunks(changes, (rows) =>
      changeRepository(tx.db).record(
        rows.map((c) => ({ at: now, record_kind: c.kind, record_id: c.id, version: c.version, change: 'import-stix' })),
      ),
    );
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'stix.import', details: { ...report.imported, updated: plan.updates.length, skipped: skipped.length } },
    ]);
  });
  return report;
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

type Existing = LabelColumns & { id: string; kind: 'incident' | 'actor' | 'indicator'; version: number; updated_at: Date | string };

/** Which of these ids already exist as incidents, actors or indicators (whoever may read them), with their version and label. */
async function existingRecords(ctx: Context, ids: string[]): Promise<Map<string, Existing>> {
  if (ids.length === 0) return new Map();
  const db = ctx.database.db;
  const columns = ['id', 'version', 'updated_at', ...LABEL_COLUMN_NAMES] as const;
  const [incidents, actors, indicators] = await Promise.all([
    db.selectFrom('incidents').select(columns).where('id', 'in', ids).execute(),
    db.selectFrom('actors').select(columns).where('id', 'in', ids).execute(),
    db.selectFrom('indicators').select(columns).where('id', 'in', ids).execute(),
  ]);
  return new Map(
    [
      ...incidents.map((r) => ({ ...r, kind: 'incident' as const })),
      ...actors.map((r) => ({ ...r, kind: 'actor' as const })),
      ...indicators.map((r) => ({ ...r, kind: 'indicator' as const })),
    ].map((r) => [r.id, r]),
  );
}

const PATTERNS_MAPPED = 'Only single-comparison patterns on addresses, domains, URLs, e-mail addresses and file hashes are mapped.';

type Normalised = Extract<ReturnType<typeof normaliseIndicator>, { ok: true }>;

/**
 * An indicator's type and normalised value: from Concord's indicator fields when it has them, else
 * from its single-comparison pattern. Not mapped (`skip`), or a pattern that does not normalise
 * (`problem`).
 */
function indicatorValue(
  raw: Record<string, unknown>,
  fields: { type: string; value: string } | null,
):
  | { ok: true; type: string; value: string; warnings: Normalised['warnings'] }
  | { ok: false; skip: string }
  | { ok: false; problem: string } {
  const typeAndValue = fields ?? parseSimplePattern(String(raw.pattern ?? ''));
  if (!typeAndValue) return { ok: false, skip: PATTERNS_MAPPED };
  const normalised = normaliseIndicator(typeAndValue.type as IndicatorType, typeAndValue.value);
  if (!normalised.ok) return { ok: false, problem: `pattern: ${normalised.message}` };
  return { ok: true, type: typeAndValue.type, value: normalised.value, warnings: normalised.warnings };
}

/** Another producer's threat actor or intrusion set: the kind its types suggest, its name and aliases. */
function foreignActor(raw: Record<string, unknown>, name: string) {
  const types = Array.isArray(raw.threat_actor_types) ? (raw.threat_actor_types as unknown[]) : [];
  return {
    kind: types.includes('crime-syndicate') || types.includes('criminal') ? 'criminal-network' : 'armed-group',
    name: name.slice(0, 200) || 'Unnamed',
    aliases: Array.isArray(raw.aliases) ? raw.aliases.filter((a): a is string => typeof a === 'string') : [],
  };
}
