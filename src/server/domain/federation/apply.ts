/**
 * Apply: what a peer sent, checked object by object and written in one transaction with the pull
 * cursor (so a crash repeats a page, never loses one).
 *
 * Every object must be signed by the peer that sent it, originated by that peer's nation (a node
 * never forwards another nation's record) under a label that releases it to this node. Apply is
 * idempotent on (id, version) and order-free: an older version arriving after a newer one only
 * joins the history; a recall arriving before its record leaves a tombstone the record cannot
 * pass; a duplicate changes nothing. Refused objects are kept with their reason (rejects).
 *
 * Each kind says how it is received (records/registry.ts): the shared picture's kinds are kept as
 * replicas, checked and written together with a few statements; the others (desks, alerts and a
 * desk's answers, crises and their entries) are applied one by one after the page's replicas, in
 * registry order, so a parent comes before its children.
 *
 * A recall counts only when the record's originator node signed it: the kind it names must be its
 * id's type, and the record here (if it is) must be the signing nation's. It purges the record —
 * its row, versions, links, attachments, saved-search hits and published objects —, keeps a
 * tombstone bound to that nation and the id (so to the object type), and publishes a receipt
 * signed by this node, which the originator pulls like anything else; the purged tables are
 * compacted afterwards, off this path (purge-compaction.ts). A recall from anyone else is refused
 * with its reason. One that arrives before its record cannot be checked yet: its tombstone blocks
 * only the signing nation's record, and when another nation's record of that id arrives, the
 * recall is shown forged — refused, its tombstone and receipt withdrawn.
 */
import { z } from 'zod';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { peerRepository } from '../../db/repositories/peer-repository';
import { recallRepository } from '../../db/repositories/recall-repository';
import { replicaRepository } from '../../db/repositories/replica-repository';
import { changeRepository } from '../../db/repositories/change-repository';
import { tombstoneRepository } from '../../db/repositories/tombstone-repository';
import { RECALL_RECEIPT_TYPE, RECALL_TYPE, publishedRow, stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { loadLabelDirectory } from '../directory/directory-service';
import { storedLabel } from '../release/release-workflow';
import { commonSchema, checkLabelExtension, labelExtensionSchema, labelLookups } from '../stix/stix-records';
import { EXTENSIONS, STIX_UUID, derivedUuid, uuidOfStixId } from '../stix/stix-vocab';
import { decodePublicKey } from '../node/node-keys';
import { nodeAudienceOf, nodeMayReceive } from './node-audience';
import { signObject, verifyObjects, withheldForm } from './record-signature';
import { Rejected, reject } from './rejected';
import { ensureRemoteAuthors, remoteAuthorId } from './remote-authors';
import { companionsOf } from '../stix/stix-companions';
import { APPLIED_ONE_BY_ONE, RELEASABLE_KINDS, REPLICATED, replicaOf, replicatedKindOfType, stixOf } from '../records/registry';
import { requestCompaction, wakeCompaction } from './purge-compaction';
import { CLASSIFICATION_LEVELS } from '../../../shared/vocab/levels';
import type { Insertable, Kysely } from 'kysely';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { StixObject } from '../stix/stix-export';
import type { PeerRow } from './peer-service';
import type { Verified } from './record-signature';
import type { Received } from './received';
import type { RecordKindName, ReplicatedKind } from '../records/registry';

type ApplyLater = (ctx: Context, db: Kysely<DB>, peer: PeerRow, received: Received, dateAdded: Date) => Promise<boolean>;
/**
 * What is applied after a page's replicas, by STIX type, in this order: the kinds received one by
 * one (registry order: parents first), then recalls and their receipts.
 */
const LATER = new Map<string, { order: number; apply: ApplyLater }>([
  ...APPLIED_ONE_BY_ONE.map(({ kind, apply }, order) => [kindType(kind), { order, apply }] as const),
  [RECALL_TYPE, { order: 100, apply: (ctx, db, peer, received) => applyRecall(ctx, db, peer, received.object, received.label) }],
  [RECALL_RECEIPT_TYPE, { order: 101, apply: (ctx, db, peer, received) => applyReceipt(ctx, db, peer, received.object) }],
]);
function kindType(kind: RecordKindName): string {
  const types = stixOf(kind)?.types ?? [];
  if (types.length !== 1) throw new Error(`A kind applied one by one has one STIX type: ${kind} has ${types.length}`);
  return types[0]!;
}

export const recallExtensionSchema = z.object({
  recalled_ref: z.string(),
  record_kind: z.enum(RELEASABLE_KINDS),
  reason: z.string(),
  recalled_at: z.iso.datetime({ offset: true }),
});
export const receiptExtensionSchema = z.object({
  recall_ref: z.string(),
  recalled_ref: z.string(),
  node_id: z.string(),
  applied_at: z.iso.datetime({ offset: true }),
});

export interface ApplyOutcome {
  applied: number;
  duplicates: number;
  rejected: { stixId: string | null; reason: string }[];
}

/** Checks the signatures of a page from `peer` (off the event loop); `applyObjects` takes the result. */
export const verifyPage = (peer: PeerRow, objects: unknown[]) => verifyObjects(objects, peer.node_id, decodePublicKey(peer.public_key));

/**
 * Applies a page of objects from `peer` and moves its pull cursor, in one transaction; `verified`
 * is the page's `verifyPage`, when the caller checked it ahead; `fetchedWith`, the cursor the page
 * came from (null: the start), kept as the last good one.
 */
export async function applyObjects(
  ctx: Context,
  peer: PeerRow,
  objects: unknown[],
  cursor: string | undefined,
  verified?: Verified[],
  fetchedWith?: string | null,
): Promise<ApplyOutcome> {
  const signatures = verified ?? (await verifyPage(peer, objects));
  const outcome: ApplyOutcome = { applied: 0, duplicates: 0, rejected: [] };
  const labels = objects.flatMap((o) => {
    const parsed = labelExtensionSchema.safeParse(
      (o as { extensions?: Record<string, { label?: unknown }> }).extensions?.[EXTENSIONS.signature]?.label,
    );
    return parsed.success ? [parsed.data] : [];
  });
  const directory = await loadLabelDirectory(ctx.database.db, labelLookups(labels));
  const own = await nodeAudienceOf(ctx.database.db, {
    nation: ctx.node.nation,
    accreditation: CLASSIFICATION_LEVELS.at(-1)!,
    caveats: [...directory.caveats],
  });

  await ctx.database.transaction(async (tx) => {
    const db = tx.db;
    const store = stixObjectRepository(db);
    await store.lockPublisher();
    const now = ctx.clock.now();
    const dateAdded = await store.nextDateAdded(now);

    // Labels repeat across a page: each distinct one is checked once.
    const checkedLabels = new Map<string, Label | Rejected>();
    const labelOf = (object: Record<string, unknown>, index: number): Label => {
      const verified = signatures[index]!;
      if (!verified.ok) return reject(verified.reason);
      const key = `${String(object.type === RECALL_RECEIPT_TYPE)}:${JSON.stringify(verified.signedBy.label)}`;
      let checked = checkedLabels.get(key);
      if (!checked) {
        try {
          checked = checkLabel(object.type === RECALL_RECEIPT_TYPE, verified.signedBy.label);
        } catch (error) {
          if (!(error instanceof Rejected)) throw error;
          checked = error;
        }
        checkedLabels.set(key, checked);
      }
      if (checked instanceof Rejected) throw checked;
      return checked;
    };
    const checkLabel = (receipt: boolean, signedLabel: unknown): Label => {
      const parsed = labelExtensionSchema.safeParse(signedLabel);
      if (!parsed.success) return reject('the signed label is not a Concord label');
      const l = parsed.data;
      if (l.originator.nation !== peer.nation)
        return reject(`originated by ${l.originator.nation}: a node only sends its own nation's records`);
      // A receipt is the node's own word, in its node id's name, not an organisation's record.
      if (receipt) return l.originator.org === `node:${peer.node_id}` ? labelFromExtension(l) : reject('a receipt not in its node’s name');
      const checked = checkLabelExtension(l, directory);
      return checked.ok ? checked.label : reject(checked.reasons[0]!);
    };

    const planned: Planned[] = [];
    const later: { stixId: string | null; object: Record<string, unknown>; label: Label }[] = [];
    for (const [index, raw] of objects.entries()) {
      const object = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const stixId = typeof object.id === 'string' ? object.id : null;
      try {
        if (!stixId || typeof object.type !== 'string') reject('not a STIX object (type and id)');
        const label = labelOf(object, index);
        const type = object.type as string;
        if (type === RECALL_TYPE || type === RECALL_RECEIPT_TYPE) {
          // After the page's records: a recall in the same page as its record still purges it.
          later.push({ stixId, object, label });
          continue;
        }
        if (LATER.has(type)) {
          if (!nodeMayReceive(own, label)) reject('its label does not release it to this node');
          later.push({ stixId, object, label });
          continue;
        }
        const kind = replicatedKindOfType(type) ?? reject(`${type} objects are not replicated`);
        const id = uuidOfStixId(stixId!);
        if (!STIX_UUID.test(id)) reject('the id is not type--UUID');
        if (!nodeMayReceive(own, label)) reject('its label does not release it to this node');
        const common = commonSchema.safeParse(object);
        if (!common.success) reject(`not valid: ${common.error.issues[0]?.message ?? ''}`);
        planned.push(planRecord(kind, stixId!, id, object, common.data!, label, peer, dateAdded));
      } catch (error) {
        if (!(error instanceof Rejected)) throw error;
        outcome.rejected.push({ stixId, reason: error.message });
      }
    }
    const records = await applyRecords(db, planned, peer, now);
    outcome.applied += records.applied;
    outcome.duplicates += records.duplicates;
    outcome.rejected.push(...records.rejected);
    // Desks before the alerts naming them, alerts before their answers, crises before their entries, recalls last.
    later.sort((a, b) => LATER.get(String(a.object.type))!.order - LATER.get(String(b.object.type))!.order);
    for (const { stixId, object, label } of later) {
      try {
        const done = await LATER.get(String(object.type))!.apply(ctx, db, peer, { stixId: stixId!, object, label }, dateAdded);
        if (done) outcome.applied++;
        else outcome.duplicates++;
      } catch (error) {
        if (!(error instanceof Rejected)) throw error;
        outcome.rejected.push({ stixId, reason: error.message });
      }
    }
    await peerRepository(db).applied(peer.node_id, now, outcome, { next: cursor, fetchedWith });
  });
  if (outcome.rejected.length > 0) {
    ctx.logger.warn(
      { peer: peer.node_id, rejected: outcome.rejected.slice(0, 5) },
      `refused ${outcome.rejected.length} object(s) from a peer`,
    );
  }
  // A recall may have purged something: its tables are compacted now, after the commit, by the job.
  if (objects.some((o) => (o as { type?: unknown } | null)?.type === RECALL_TYPE)) wakeCompaction(ctx);
  return outcome;
}

const labelFromExtension = (l: z.infer<typeof labelExtensionSchema>): Label => ({
  originator: l.originator,
  classification: l.classification,
  relTo: l.rel_to,
  caveats: l.caveats,
  tlp: l.tlp,
  recipients: l.recipients,
  state: l.state,
  version: l.version,
});

/** A received record version, checked and ready to write. */
interface Planned {
  kind: ReplicatedKind;
  stixId: string;
  id: string;
  version: number;
  org: string;
  row: object;
  versionRow: Insertable<DB['incident_versions']>;
  stixRow: Insertable<DB['stix_objects']>;
  /** The version's companions (an incident's location), derived here: peers never send them. */
  companionRows: Insertable<DB['stix_objects']>[];
}

/** Checks a record object against its kind's schema and builds the rows it becomes (no I/O). */
function planRecord(
  kind: ReplicatedKind,
  stixId: string,
  id: string,
  raw: Record<string, unknown>,
  object: z.infer<typeof commonSchema>,
  label: Label,
  peer: PeerRow,
  dateAdded: Date,
): Planned {
  const replica = replicaOf(kind)!;
  const extensionId = stixOf(kind)!.extension;
  const parsed = replica.schema.safeParse(object.extensions[extensionId]);
  if (!parsed.success) return reject(`not a Concord ${kind}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const author = remoteAuthorId(label.originator.org);
  const proposed = parsed.data.proposed_label ?? storedLabel(label);
  const row = replica.row(id, object, parsed.data, label, author, proposed);
  const version = parsed.data.version;
  const modified = new Date(object.modified ?? object.created);
  const signed = { ...raw, type: String(raw.type), id: stixId };
  // Parts under a stricter label than the record's are kept twice here, as at their origin: readers
  // outside their label are served the record without them (taxii-service.ts `objectFor`).
  const withheld = replica.withheld?.(parsed.data) ?? [];
  return {
    kind,
    stixId,
    id,
    version,
    org: label.originator.org,
    row,
    versionRow: {
      id,
      version,
      change: 'federation',
      changed_by: author,
      changed_at: modified,
      snapshot: JSON.stringify({ title: object.name, received_from: peer.node_id }),
      ...labelToColumns(label),
    },
    stixRow: publishedRow({
      object: signed,
      stripped: withheld.length > 0 ? withheldForm(signed, extensionId, [...withheld]) : null,
      kind,
      recordId: id,
      version,
      modified,
      dateAdded,
      originNode: peer.node_id,
      label,
    }),
    companionRows: companionsOf(signed).map((object) =>
      publishedRow({ object, kind, recordId: id, version, modified, dateAdded, originNode: peer.node_id, label }),
    ),
  };
}

/**
 * Writes a page of record versions with a few statements: versions here already or recalled are
 * duplicates; a record of this id from another originator is refused; of the rest, each record's
 * newest version replaces its row when newer than what is here, and every version joins the
 * history and the published log.
 */
async function applyRecords(
  db: Kysely<DB>,
  planned: Planned[],
  peer: PeerRow,
  now: Date,
): Promise<{ applied: number; duplicates: number; rejected: ApplyOutcome['rejected'] }> {
  const result = { applied: 0, duplicates: 0, rejected: [] as ApplyOutcome['rejected'] };
  if (planned.length === 0) return result;
  const stixIds = [...new Set(planned.map((p) => p.stixId))];
  const [tombstoned, present] = await Promise.all([tombstoneRepository(db).of(stixIds), replicaRepository(db).presentVersions(stixIds)]);
  const skip = new Set([...present.map((p) => `${p.stix_id}@${p.version}`)]);
  // A tombstone blocks its own nation's record; one left by a recall checked against the record here blocks the id for anyone.
  const recalledBySender = new Set(tombstoned.filter((t) => t.originator_nation === peer.nation).map((t) => t.stix_id));
  const recalledForGood = new Set(tombstoned.filter((t) => t.record_held).map((t) => t.stix_id));
  const fresh: Planned[] = [];
  for (const p of planned) {
    const key = `${p.stixId}@${p.version}`;
    if (recalledBySender.has(p.stixId) || skip.has(key)) {
      result.duplicates++;
      continue;
    }
    if (recalledForGood.has(p.stixId)) {
      result.rejected.push({ stixId: p.stixId, reason: `${p.stixId} was recalled by its originator: a recalled id does not come back` });
      continue;
    }
    skip.add(key);
    fresh.push(p);
  }
  const current = new Map<string, { version: number; originator_nation: string }>();
  for (const { kind } of REPLICATED) {
    const ids = fresh.filter((p) => p.kind === kind).map((p) => p.id);
    if (ids.length === 0) continue;
    const rows = await replicaRepository(db).lockedCurrent(kind, ids);
    for (const r of rows) current.set(`${kind}:${r.id}`, r);
  }
  const accepted = fresh.filter((p) => {
    const here = current.get(`${p.kind}:${p.id}`);
    if (here && here.originator_nation !== peer.nation) {
      result.rejected.push({ stixId: p.stixId, reason: `${p.kind} ${p.id} belongs to another originator` });
      return false;
    }
    return true;
  });
  if (accepted.length === 0) return result;
  // Other nations' recalls of these ids that came before them were forged: the record shows whose it is.
  const acceptedIds = new Set(accepted.map((p) => p.stixId));
  for (const forged of tombstoned.filter((t) => acceptedIds.has(t.stix_id) && t.originator_nation !== peer.nation))
    await withdrawForgedRecall(db, forged, peer.nation, now);
  await ensureRemoteAuthors(db, [...new Set(accepted.map((p) => p.org))]);
  // Per record, its newest version here replaces the row when it is newer than the row.
  const newest = new Map<string, Planned>();
  for (const p of accepted) {
    const key = `${p.kind}:${p.id}`;
    const best = newest.get(key);
    if ((!best || best.version < p.version) && p.version > (current.get(key)?.version ?? 0)) newest.set(key, p);
  }
  for (const { kind, replica } of REPLICATED) {
    const rows = [...newest.values()].filter((p) => p.kind === kind).map((p) => p.row);
    // Safe without a conflict: the apply holds the publisher's lock and has locked the rows that exist (`current`).
    if (rows.length > 0) await replica.write(db, rows, (row) => !current.has(`${kind}:${(row as { id: string }).id}`));
    const versions = accepted.filter((p) => p.kind === kind).map((p) => p.versionRow);
    // A version already here is kept (as the row would be by an insert's `on conflict do nothing`).
    if (versions.length > 0) await replica.writeVersions(db, versions);
  }
  await changeRepository(db).record(
    [...newest.values()].map((p) => ({ at: new Date(), record_kind: p.kind, record_id: p.id, version: p.version, change: 'federation' })),
  );
  // None of these versions is here (checked above, under the publisher's lock), nor their companions: they come with their record.
  await stixObjectRepository(db).insert(
    accepted.flatMap((p) => [p.stixRow, ...p.companionRows]),
    { new: true },
  );
  result.applied += accepted.length;
  return result;
}

/** Deletes a record's content here: its row, versions, links, attachments, hits and published objects. */
export async function purgeRecord(db: Kysely<DB>, kind: string, id: string, stixId: string): Promise<void> {
  await replicaRepository(db).purge(kind, id);
  await stixObjectRepository(db).purge(stixId, kind, id);
}

async function applyRecall(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Record<string, unknown>, label: Label): Promise<boolean> {
  const parsed = recallExtensionSchema.safeParse((object.extensions as Record<string, unknown>)[EXTENSIONS.recall]);
  if (!parsed.success) return reject('not a Concord recall');
  const recall = parsed.data;
  const ref = recall.recalled_ref;
  const type = ref.slice(0, Math.max(0, ref.indexOf('--')));
  const kind = replicatedKindOfType(type);
  if (!kind) return reject(`a recall of ${ref}: only ${RELEASABLE_KINDS.join(', ')} records are recalled`);
  if (kind !== recall.record_kind) return reject(`a recall naming ${ref} as an ${recall.record_kind}: its id is of a ${type}`);
  const recordId = uuidOfStixId(ref);
  if (!STIX_UUID.test(recordId)) return reject('the recalled id is not type--UUID');
  const tombstones = tombstoneRepository(db);
  // The signer is the peer (its nation signed the label): it must be the record's originator.
  const originator = await tombstones.originatorOf(kind, recordId);
  // A record purged here by a checked recall still shows whose it was: its tombstone.
  const known = originator ?? (await tombstones.of([ref])).find((t) => t.record_held)?.originator_nation ?? null;
  if (known !== null && known !== peer.nation)
    return reject(`a recall of ${ref}, which ${known} originated: only its originator's node recalls a record`);
  const now = ctx.clock.now();
  const kept = await tombstones.insert({
    stix_id: ref,
    record_kind: kind,
    record_id: recordId,
    originator_nation: peer.nation,
    recall_stix_id: String(object.id),
    recalled_at: new Date(recall.recalled_at),
    reason: recall.reason.slice(0, 500),
    sent_by: peer.node_id,
    record_held: originator !== null,
  });
  if (!kept) return false;
  if (originator !== null) {
    // Checked against the record: any other nation's recall of this id that came first was forged.
    for (const forged of (await tombstones.of([ref])).filter((t) => t.originator_nation !== peer.nation))
      await withdrawForgedRecall(db, forged, peer.nation, now);
    await purgeRecord(db, kind, recordId, ref);
    await requestCompaction(db, kind, now);
    await changeRepository(db).record([{ at: now, record_kind: kind, record_id: recordId, version: label.version, change: 'recall' }]);
  }
  await publishReceipt(ctx, db, peer, String(object.id), ref, label.originator.org);
  return true;
}

/**
 * A recall from `forged.originator_nation` of an id the record shows to be `realOriginator`'s: it
 * is refused (a reject against the node that sent it), and its tombstone and receipt withdrawn.
 */
async function withdrawForgedRecall(
  db: Kysely<DB>,
  forged: { stix_id: string; originator_nation: string; sent_by: string | null; recall_stix_id: string },
  realOriginator: string,
  now: Date,
): Promise<void> {
  const tombstones = tombstoneRepository(db);
  await tombstones.remove(forged.stix_id, forged.originator_nation);
  await stixObjectRepository(db).withdrawReceipt(forged.recall_stix_id);
  await tombstones.refuseRecall(
    forged.sent_by,
    forged.originator_nation,
    now,
    forged.recall_stix_id,
    `a recall of ${forged.stix_id}, which ${realOriginator} originated: only its originator's node recalls a record`,
  );
}

/**
 * A receipt for a recall applied here, signed by this node, for the originator to pull. It names a
 * record this node's people may never have read: it is addressed to the record's originating
 * organisation (TLP:AMBER+STRICT), which lives on the originator's node — no one here reads it.
 */
async function publishReceipt(
  ctx: Context,
  db: Kysely<DB>,
  peer: PeerRow,
  recallRef: string,
  recalledRef: string,
  recordOrg: string,
): Promise<void> {
  const now = ctx.clock.now();
  const label: Label = {
    originator: { nation: ctx.node.nation, org: `node:${ctx.node.nodeId}` },
    classification: 'UNCLASSIFIED',
    relTo: [peer.nation],
    caveats: [],
    tlp: 'AMBER+STRICT',
    recipients: { orgs: [recordOrg], users: [] },
    state: 'active',
    version: 1,
  };
  const id = `${RECALL_RECEIPT_TYPE}--${derivedUuid('receipt', `receipt:${recallRef}:${ctx.node.nodeId}`)}`;
  const object: StixObject = {
    type: RECALL_RECEIPT_TYPE,
    spec_version: '2.1',
    id,
    created: now.toISOString(),
    modified: now.toISOString(),
    extensions: {
      [EXTENSIONS.recallReceipt]: {
        extension_type: 'new-sdo',
        recall_ref: recallRef,
        recalled_ref: recalledRef,
        node_id: ctx.node.nodeId,
        applied_at: now.toISOString(),
      },
    },
  };
  await stixObjectRepository(db).insert([
    publishedRow({
      object: signObject(object, label, ctx.node),
      kind: 'recall-receipt',
      recordId: recallRef,
      version: 1,
      modified: now,
      dateAdded: now,
      originNode: ctx.node.nodeId,
      label,
    }),
  ]);
}

async function applyReceipt(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Record<string, unknown>): Promise<boolean> {
  const parsed = receiptExtensionSchema.safeParse((object.extensions as Record<string, unknown>)[EXTENSIONS.recallReceipt]);
  if (!parsed.success) return reject('not a Concord recall receipt');
  if (parsed.data.node_id !== peer.node_id) return reject('a receipt for another node');
  const recall = await recallRepository(db).idOf(parsed.data.recalled_ref);
  if (!recall) return reject('a receipt for a recall this node did not make');
  return recallRepository(db).addReceipt({
    recall_id: recall,
    node_id: peer.node_id,
    applied_at: new Date(parsed.data.applied_at),
    received_at: ctx.clock.now(),
    receipt: JSON.stringify(object),
  });
}
