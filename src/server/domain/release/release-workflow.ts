import canonicalize from 'canonicalize';
/**
 * The release workflow every record kind of the shared picture follows (incidents, actors,
 * indicators). A new record is a draft: its working label lets only the author's organisation read
 * it (TLP:AMBER+STRICT to that organisation, relTo the originator nation), and the label proposed
 * for release waits beside it. A releasing officer of the originator nation releases it — a new
 * version under the released label; later releases may only widen (narrowing is a partial recall).
 * Where the node's rule asks for it, a second releasing officer must approve the same label.
 */
import { hasPermission } from '../../../shared/vocab/roles';
import { needsSecondApprover } from '../../../shared/vocab/release-policy';
import { isWidening, validateLabel } from '../../../shared/labels/validate-label';
import { labelFromColumns, labelToColumns } from '../../db/label-columns';
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

/** Checks labels written by `actor` against a loaded directory (fails closed), without writing anything. */
export function checkLabels(
  directory: LabelDirectory,
  actor: UserActor,
  kind: string,
  inputs: { path: string; input: LabelInput }[],
  version: number,
): LabelCheck {
  const author = { nation: actor.org.nation, org: actor.org.id };
  const issues: LabelIssue[] = [];
  const labels = inputs.map(({ path, input }) => {
    const result = validateLabel(input, author, directory, version);
    if (!result.ok) issues.push(...result.issues.map((i) => ({ path: `${path}.${i.path}`, message: i.message })));
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
): Promise<Label[]> {
  const directory = await loadLabelDirectory(
    ctx.database.db,
    inputs.map((i) => i.input),
    actor.labelDirectory,
  );
  const check = checkLabels(directory, actor, kind, inputs, version);
  if (!check.ok) {
    await recordAccessFailure(ctx, actor, check.audit.action, check.audit.details ?? {}, 'rejected');
    throw check.error;
  }
  return check.labels;
}

export interface ReleasableRow extends LabelColumns {
  id: string;
  version: number;
  release_state: string;
  proposed_label: unknown;
}

/** What the workflow needs of a record kind's storage. */
export interface ReleasableRecords<Row extends ReleasableRow> {
  kind: string;
  /** Human name in messages ("incident", "actor"). */
  noun: string;
  findReadable(db: Kysely<DB>, id: string, reader: Reader): Promise<Row | undefined>;
  findForUpdate(db: Kysely<DB>, id: string): Promise<Row | undefined>;
  update(
    db: Kysely<DB>,
    id: string,
    set: LabelColumns & { release_state: string; proposed_label: string; version: number; updated_at: Date },
  ): Promise<unknown>;
  /** Keeps the new version (with its label) and its change record. */
  recordVersion(db: Kysely<DB>, ctx: Context, actor: UserActor, row: Row, change: string): Promise<void>;
}

/**
 * Releases a draft under its proposed label (or a label given now), or widens a released record.
 * Narrowing is refused: it is a partial recall.
 */
export async function releaseRecord<Row extends ReleasableRow>(
  ctx: Context,
  actor: UserActor,
  records: ReleasableRecords<Row>,
  id: string,
  labelInput?: LabelInput,
): Promise<void> {
  const { kind, noun } = records;
  const current = await records.findReadable(ctx.database.db, id, actor.reader);
  if (!current) throw AppError.notFound(kind);
  if (current.originator_nation !== actor.org.nation || !hasPermission(actor.user.roles, 'record.release')) {
    throw new AppError('FORBIDDEN', `Only a releasing officer of the originating nation may release this ${noun}.`);
  }
  const proposed = current.proposed_label as StoredLabelFields;
  const [label] = await validateLabels(ctx, actor, kind, [{ path: 'label', input: labelInput ?? proposed }], current.label_version + 1);
  if (!label) throw new Error('unreachable');
  const released = { ...label, originator: { nation: current.originator_nation, org: current.originator_org } };
  if (current.release_state === 'released' && !isWidening(labelFromColumns(current), released)) {
    throw new AppError('CONFLICT', 'This label narrows the release; narrowing is a partial recall, not a release.');
  }
  const needsSecond = needsSecondApprover(ctx.config.secondApprover, released);
  // Compared canonically (RFC 8785): jsonb does not keep key order.
  const labelKey = canonicalize(storedLabel(released));
  await ctx.database.transaction(async (tx) => {
    const approvals = releaseApprovalRepository(tx.db);
    const locked = await records.findForUpdate(tx.db, id);
    if (!locked || locked.version !== current.version)
      throw new AppError('CONFLICT', `The ${noun} changed meanwhile; reload and release again.`);
    if (locked.state === 'recalled') throw new AppError('CONFLICT', `A recalled ${noun} cannot be released.`);
    let secondApprovalOf: string | null = null;
    if (needsSecond) {
      const pending = await approvals.find(kind, id);
      const sameLabel = pending !== undefined && canonicalize(pending.label) === labelKey;
      if (sameLabel && pending.approved_by === actor.user.id) {
        throw new AppError('CONFLICT', 'You approved this release already; a second releasing officer must approve it.');
      }
      if (!sameLabel) {
        await approvals.put({
          record_kind: kind,
          record_id: id,
          label: storedLabel(released),
          approved_by: actor.user.id,
          approved_at: ctx.clock.now(),
        });
        await appendAudit(tx.db, ctx.clock, actor, [
          { action: `${kind}.release-approval`, target: { kind, id }, details: { first: true, relTo: released.relTo, tlp: released.tlp } },
        ]);
        return;
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
    await records.recordVersion(tx.db, ctx, actor, row, locked.release_state === 'draft' ? 'release' : 'widen');
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
          ...(secondApprovalOf ? { firstApprover: secondApprovalOf } : {}),
        },
      },
    ]);
  });
}

/**
 * Edits a record's content (never its label) as a new version: the originating organisation's
 * analysts only, never a recalled record, and a record the editor may not read answers as missing.
 * `apply` writes the kind's own fields together with `bump` (the next version and the time).
 */
export async function editRecord<Row extends ReleasableRow>(
  ctx: Context,
  actor: UserActor,
  records: ReleasableRecords<Row>,
  id: string,
  fields: string[],
  apply: (db: Kysely<DB>, current: Row, bump: { version: number; updated_at: Date }) => Promise<unknown>,
): Promise<void> {
  const { kind, noun } = records;
  await ctx.database.transaction(async (tx) => {
    const current = await records.findForUpdate(tx.db, id);
    if (!current || !(await records.findReadable(tx.db, id, actor.reader))) throw AppError.notFound(kind);
    if (current.originator_org !== actor.org.id || !hasPermission(actor.user.roles, 'incident.edit')) {
      throw new AppError('FORBIDDEN', `Only the originating organisation's analysts may edit this ${noun}.`);
    }
    if (current.state === 'recalled') throw new AppError('CONFLICT', `A recalled ${noun} cannot be edited.`);
    await apply(tx.db, current, { version: current.version + 1, updated_at: ctx.clock.now() });
    const row = await records.findForUpdate(tx.db, id);
    if (!row) throw new Error(`${noun} vanished`);
    await records.recordVersion(tx.db, ctx, actor, row, 'edit');
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: `${kind}.edit`, target: { kind, id }, details: { version: row.version, fields } },
    ]);
  });
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
  if (!pending) return null;
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
