import { can } from '../policy/policy';
import canonicalize from 'canonicalize';
/**
 * The release workflow every record kind of the shared picture follows (incidents, actors,
 * indicators). A new record is a draft: its working label lets only the author's organisation read
 * it (TLP:AMBER+STRICT to that organisation, relTo the originator nation), and the label proposed
 * for release waits beside it. A releasing officer of the originator nation releases it — a new
 * version under the released label; later releases may only widen (narrowing is a partial recall).
 * Where the node's rule asks for it, a second releasing officer must approve the same label.
 */
import { classificationRank } from '../../../shared/vocab/levels';
import { needsSecondApprover } from '../../../shared/vocab/release-policy';
import { keepsEveryReader, validateLabel } from '../../../shared/labels/validate-label';
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { directoryRepository } from '../../db/repositories/directory-repository';
import { releaseApprovalRepository } from '../../db/repositories/release-approval-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import type { AuditEvent } from '../audit/audit-log';
import { recordAccessFailure } from '../audit/access-failures';
import { loadLabelDirectory } from '../directory/directory-service';
import type { Label, LabelInput, Reader } from '../../../shared/labels/label';
import type { LabelDirectory, LabelIssue } from '../../../shared/labels/validate-label';
import type { Context } from '../../context';
import type { LabelColumns, DB } from '../../db/schema';
import type { UserActor } from '../auth/actor';
import type { Kysely } from 'kysely';

export type StoredLabelFields = Pick<Label, 'classification' | 'relTo' | 'caveats' | 'tlp' | 'recipients'>;
export const storedLabel = (label: Label): StoredLabelFields => ({
  classification: label.classification,
  relTo: label.relTo,
  caveats: label.caveats,
  tlp: label.tlp,
  recipients: label.recipients,
});

const pickStored = (fields: StoredLabelFields): StoredLabelFields => ({
  classification: fields.classification,
  relTo: fields.relTo,
  caveats: fields.caveats,
  tlp: fields.tlp,
  recipients: fields.recipients,
});

/** The working label of a draft: readable by the author's organisation only. */
export function draftLabel(proposed: Label): Label {
  return {
    ...proposed,
    relTo: [proposed.originator.nation],
    tlp: 'AMBER+STRICT',
    recipients: { orgs: [proposed.originator.org], users: [] },
  };
}

export type LabelCheck = { ok: true; labels: Label[] } | { ok: false; error: AppError; audit: AuditEvent };

/**
 * Checks labels written by `actor` against a loaded directory (fails closed), without writing
 * anything. `authorUser` is the record's author when that is not the actor (a release): a TLP:RED
 * label names them.
 */
export function checkLabels(
  directory: LabelDirectory,
  actor: UserActor,
  kind: string,
  inputs: { path: string; input: LabelInput }[],
  version: number,
  authorUser: string = actor.user.id,
): LabelCheck {
  const author = { nation: actor.org.nation, org: actor.org.id, user: authorUser };
  const issues: LabelIssue[] = [];
  const labels = inputs.map(({ path, input }) => {
    const result = validateLabel(input, author, directory, version);
    if (!result.ok) issues.push(...result.issues.map((i) => ({ path: `${path}.${i.path}`, message: i.message })));
    // Clearance and caveats bind the originating organisation too: a label its writer could not read is refused.
    if (classificationRank(input.classification) > classificationRank(actor.user.clearance))
      issues.push({
        path: `${path}.classification`,
        message: `${input.classification} is above your clearance (${actor.user.clearance}): you could not read what you label.`,
      });
    for (const caveat of new Set(input.caveats))
      if (!actor.user.caveats.includes(caveat))
        issues.push({ path: `${path}.caveats`, message: `You do not hold the caveat ${caveat}: you could not read what you label.` });
    return result.ok ? result.label : null;
  });
  if (issues.length === 0) return { ok: true, labels: labels as Label[] };
  return {
    ok: false,
    error: new AppError('VALIDATION_FAILED', `The label is not valid: ${issues.map((i) => i.message).join(' ')}`, issues),
    audit: { action: `${kind}.label`, outcome: 'rejected', details: { reason: 'label rejected', issues } },
  };
}

/** Validates labels written by `actor` (fails closed); a rejected label is audited as an access failure. */
export async function validateLabels(
  ctx: Context,
  actor: UserActor,
  kind: string,
  inputs: { path: string; input: LabelInput }[],
  version: number,
  authorUser: string = actor.user.id,
): Promise<Label[]> {
  const directory = await loadLabelDirectory(
    ctx.database.db,
    inputs.map((i) => i.input),
    actor.labelDirectory,
  );
  const check = checkLabels(directory, actor, kind, inputs, version, authorUser);
  if (!check.ok) {
    await recordAccessFailure(ctx, actor, check.audit.action, check.audit.details ?? {}, 'rejected');
    throw check.error;
  }
  return check.labels;
}

export interface ReleasableRow extends LabelColumns {
  id: string;
  version: number;
  created_by: string;
  release_state: string;
  proposed_label: unknown;
}

/** What the workflow needs of a record kind's storage. */
/** `New`: a new record's row as it is inserted. */
export interface ReleasableRecords<Row extends ReleasableRow, New extends object = object> {
  kind: string;
  /** Human name in messages ("incident", "actor"). */
  noun: string;
  /** The STIX id a record is published under (recalls name it). */
  stixIdOf(row: Row): string;
  findReadable(db: Kysely<DB>, id: string, reader: Reader): Promise<Row | undefined>;
  findForUpdate(db: Kysely<DB>, id: string): Promise<Row | undefined>;
  update(
    db: Kysely<DB>,
    id: string,
    set: LabelColumns & { release_state: string; proposed_label: string; version: number; updated_at: Date },
  ): Promise<unknown>;
  /** Keeps the new versions (each with its label) and their change records, in a few statements. */
  recordVersions(db: Kysely<DB>, ctx: Context, actor: UserActor, rows: Row[], change: string): Promise<void>;
  /** Inserts new records; answers the ids another writer took meanwhile (those rows are not written). */
  insertNew(db: Kysely<DB>, rows: New[]): Promise<string[]>;
  /**
   * For a kind with a bulk path: writes new records whose ids were just drawn (nothing can hold
   * them), with their first versions and change records, by COPY where the database offers it.
   */
  copyNew?(db: Kysely<DB>, ctx: Context, actor: UserActor, rows: New[], change: string): Promise<void>;
  /** The records of these ids, locked until the transaction ends. */
  findManyForUpdate(db: Kysely<DB>, ids: string[]): Promise<Row[]>;
  /** Changes a record's content columns (never its label). */
  updateContent(db: Kysely<DB>, id: string, set: Record<string, unknown>): Promise<unknown>;
  /** What a version of the record holds (its content, not its label, number or time): an edit that leaves it alone is no edit. */
  content(db: Kysely<DB>, row: Row): Promise<unknown>;
}

/**
 * The version a request edits (`If-Match`), checked against the record's: a stale one is a
 * conflict, never a silent overwrite of what someone else changed meanwhile.
 */
export function checkVersion(noun: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new AppError(
      'CONFLICT',
      `The ${noun} changed since you read it: you sent version ${expected}, it is at version ${current} now. Reload it and make your change again.`,
    );
  }
}

/** Who may edit a record's content: the originating organisation's analysts, never a recalled record. */
function guardEdit(actor: UserActor, row: ReleasableRow, noun: string): void {
  if (!can(actor, 'record.edit', row)) {
    throw new AppError('FORBIDDEN', `Only the originating organisation's analysts may edit this ${noun}.`);
  }
  if (row.state === 'recalled') throw new AppError('CONFLICT', `A recalled ${noun} cannot be edited.`);
}

const sameLabel = (a: Label, b: Label) => canonicalize(storedLabel(a)) === canonicalize(storedLabel(b));

/** What came of a release: released (or widened), waiting for a second approver, or nothing to do (the label it has). */
export type ReleaseOutcome = 'released' | 'awaiting-second-approval' | 'unchanged';

/**
 * Releases a draft under its proposed label (or a label given now), or widens a released record.
 * A widening keeps every current reader; anything that would cut one off is refused — narrowing is
 * a partial recall. Releasing the label a record already has changes nothing. Where a second
 * releasing officer must approve, the first approval binds the label AND the record's version.
 */
export async function releaseRecord<Row extends ReleasableRow>(
  ctx: Context,
  actor: UserActor,
  records: ReleasableRecords<Row>,
  id: string,
  labelInput?: LabelInput,
  expectedVersion?: number,
): Promise<ReleaseOutcome> {
  const { kind, noun } = records;
  const db = ctx.database.db;
  const current = await records.findReadable(db, id, actor.reader);
  if (!current) throw AppError.notFound(kind);
  if (!can(actor, 'record.release', current)) {
    throw new AppError('FORBIDDEN', `Only a releasing officer of the originating nation may release this ${noun}.`);
  }
  checkVersion(noun, current.version, expectedVersion);
  const proposed = current.proposed_label as StoredLabelFields;
  const [label] = await validateLabels(
    ctx,
    actor,
    kind,
    [{ path: 'label', input: labelInput ?? proposed }],
    current.label_version + 1,
    current.created_by,
  );
  if (!label) throw new Error('unreachable');
  const released = { ...label, originator: { nation: current.originator_nation, org: current.originator_org } };
  if (current.release_state === 'released') {
    const previous = labelFromColumns(current);
    if (sameLabel(previous, released)) return 'unchanged';
    const named = await directoryRepository(db).usersByIds(previous.recipients.users);
    const orgOf = new Map(named.map((u) => [u.id, u.org]));
    if (!keepsEveryReader(previous, released, (user) => orgOf.get(user))) {
      throw new AppError(
        'CONFLICT',
        `This label would take the ${noun} away from some of the people who read it now (a higher level, a new caveat, a nation, organisation or named person left out, or a stricter TLP). Widening keeps every reader; to narrow, recall the ${noun} — every node that received it confirms the purge — and release a corrected one.`,
      );
    }
  }
  // A draft released under another label than the one proposed: the audit says what was proposed.
  const proposedKey = canonicalize(storedLabel({ ...released, ...pickStored(proposed) }));
  const changedAtRelease =
    labelInput !== undefined && current.release_state === 'draft' && proposedKey !== canonicalize(storedLabel(released))
      ? { proposed: { classification: proposed.classification, relTo: proposed.relTo, caveats: proposed.caveats, tlp: proposed.tlp } }
      : {};
  const needsSecond = needsSecondApprover(ctx.config.secondApprover, released);
  // Compared canonically (RFC 8785): jsonb does not keep key order.
  const labelKey = canonicalize(storedLabel(released));
  return ctx.database.transaction(async (tx): Promise<ReleaseOutcome> => {
    const approvals = releaseApprovalRepository(tx.db);
    const locked = await records.findForUpdate(tx.db, id);
    if (!locked || locked.version !== current.version)
      throw new AppError('CONFLICT', `The ${noun} changed meanwhile; reload and release again.`);
    if (locked.state === 'recalled') throw new AppError('CONFLICT', `A recalled ${noun} cannot be released.`);
    let secondApprovalOf: string | null = null;
    if (needsSecond) {
      const pending = await approvals.find(kind, id);
      // The first approval counts for this label and this version only: an edit since voids it.
      const approvedThis = pending !== undefined && canonicalize(pending.label) === labelKey && pending.record_version === locked.version;
      if (approvedThis && pending.approved_by === actor.user.id) {
        throw new AppError('CONFLICT', 'You approved this release already; a second releasing officer must approve it.');
      }
      if (!approvedThis) {
        await approvals.put({
          record_kind: kind,
          record_id: id,
          label: storedLabel(released),
          approved_by: actor.user.id,
          approved_at: ctx.clock.now(),
          record_version: locked.version,
        });
        await appendAudit(tx.db, ctx.clock, actor, [
          {
            action: `${kind}.release-approval`,
            target: { kind, id },
            details: {
              first: true,
              version: locked.version,
              relTo: released.relTo,
              tlp: released.tlp,
              ...changedAtRelease,
              ...(pending ? { replaces: { approvedBy: pending.approved_by, version: pending.record_version } } : {}),
            },
          },
        ]);
        return 'awaiting-second-approval';
      }
      secondApprovalOf = pending.approved_by;
    }
    await approvals.clear(kind, id);
    await records.update(tx.db, id, {
      ...labelToColumns(released),
      release_state: 'released',
      proposed_label: JSON.stringify(storedLabel(released)),
      version: locked.version + 1,
      updated_at: ctx.clock.now(),
    });
    const row = await records.findForUpdate(tx.db, id);
    if (!row) throw new Error(`${noun} vanished`);
    await records.recordVersions(tx.db, ctx, actor, [row], locked.release_state === 'draft' ? 'release' : 'widen');
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: `${kind}.release`,
        target: { kind, id },
        details: {
          version: row.version,
          labelVersion: row.label_version,
          relTo: released.relTo,
          classification: released.classification,
          tlp: released.tlp,
          ...changedAtRelease,
          ...(secondApprovalOf ? { firstApprover: secondApprovalOf, approvedVersion: locked.version } : {}),
        },
      },
    ]);
    return 'released';
  });
}

/** Thrown inside an edit's transaction when the content stays as it was: rolls the edit back. */
class NothingChanged extends Error {}

/**
 * Edits a record's content (never its label) as a new version: the originating organisation's
 * analysts only, never a recalled record, and a record the editor may not read answers as missing.
 * `apply` writes the kind's own fields together with `bump` (the next version and the time).
 * `expectedVersion` is the version the editor saw (a stale one is a conflict). An edit that
 * changes nothing makes no version; a real one voids a first approval waiting for a second.
 */
export async function editRecord<Row extends ReleasableRow>(
  ctx: Context,
  actor: UserActor,
  records: ReleasableRecords<Row>,
  id: string,
  fields: string[],
  apply: (db: Kysely<DB>, current: Row, bump: { version: number; updated_at: Date }) => Promise<unknown>,
  expectedVersion?: number,
  change = 'edit',
): Promise<{ changed: boolean }> {
  const { kind, noun } = records;
  try {
    await ctx.database.transaction(async (tx) => {
      const current = await records.findForUpdate(tx.db, id);
      if (!current || !(await records.findReadable(tx.db, id, actor.reader))) throw AppError.notFound(kind);
      guardEdit(actor, current, noun);
      checkVersion(noun, current.version, expectedVersion);
      const before = canonicalize(await records.content(tx.db, current));
      await apply(tx.db, current, { version: current.version + 1, updated_at: ctx.clock.now() });
      const row = await records.findForUpdate(tx.db, id);
      if (!row) throw new Error(`${noun} vanished`);
      if (canonicalize(await records.content(tx.db, row)) === before) throw new NothingChanged();
      const approvalVoided = await releaseApprovalRepository(tx.db).clear(kind, id);
      await records.recordVersions(tx.db, ctx, actor, [row], change);
      await appendAudit(tx.db, ctx.clock, actor, [
        {
          action: `${kind}.${change}`,
          target: { kind, id },
          details: { version: row.version, fields, ...(approvalVoided ? { approvalVoided: true } : {}) },
        },
      ]);
    });
  } catch (error) {
    if (error instanceof NothingChanged) return { changed: false };
    throw error;
  }
  return { changed: true };
}

export interface PendingRelease {
  label: Label;
  approvedBy: string;
  approvedAt: string;
  byMe: boolean;
}

/** The release waiting for a second approver, shown to the originating organisation only. */
export async function pendingRelease(ctx: Context, actor: UserActor, kind: string, row: ReleasableRow): Promise<PendingRelease | null> {
  if (row.originator_org !== actor.org.id) return null;
  const pending = await releaseApprovalRepository(ctx.database.db).find(kind, row.id);
  // An approval of another version (the record was edited since) is void.
  if (!pending || pending.record_version !== row.version) return null;
  const label = {
    ...(pending.label as StoredLabelFields),
    originator: { nation: row.originator_nation, org: row.originator_org },
    state: 'active' as const,
    version: row.label_version + 1,
  };
  return {
    label,
    approvedBy: pending.approved_by,
    approvedAt: new Date(pending.approved_at).toISOString(),
    byMe: pending.approved_by === actor.user.id,
  };
}
