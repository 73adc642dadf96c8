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
 * A recall purges the record here — its row, versions, links, attachments, saved-search hits and
 * published objects — keeps a tombstone, and publishes a receipt signed by this node, which the
 * originator pulls like anything else.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { validateLabel } from '../../../shared/labels/validate-label';
import { labelToColumns } from '../../db/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { RECALL_RECEIPT_TYPE, RECALL_TYPE, stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { loadLabelDirectory } from '../directory/directory-service';
import { storedLabel } from '../release/release-workflow';
import {
  actorExtensionSchema,
  actorRow,
  commonSchema,
  incidentExtensionSchema,
  incidentRow,
  indicatorExtensionSchema,
  indicatorRow,
  labelExtensionSchema,
} from '../stix/stix-records';
import { EXTENSIONS, stableUuid } from '../stix/stix-vocab';
import { decodePublicKey } from '../node/node-identity';
import { nodeAudienceOf, nodeMayReceive } from './node-audience';
import { signObject, verifyObject } from './record-signature';
import { CLASSIFICATION_LEVELS } from '../../../shared/vocab/levels';
import type { Kysely } from 'kysely';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { StixObject } from '../stix/stix-export';
import type { PeerRow } from './peer-service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RECORD_TYPES: Record<string, 'incident' | 'actor' | 'indicator'> = {
  incident: 'incident',
  'threat-actor': 'actor',
  'intrusion-set': 'actor',
  identity: 'actor',
  indicator: 'indicator',
};

export const recallExtensionSchema = z.object({
  recalled_ref: z.string(),
  record_kind: z.enum(['incident', 'actor', 'indicator']),
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

class Rejected extends Error {}
const reject = (reason: string): never => {
  throw new Rejected(reason);
};

/** Applies a page of objects from `peer` and moves its pull cursor, in one transaction. */
export async function applyObjects(ctx: Context, peer: PeerRow, objects: unknown[], cursor: string | undefined): Promise<ApplyOutcome> {
  const publicKey = decodePublicKey(peer.public_key);
  const outcome: ApplyOutcome = { applied: 0, duplicates: 0, rejected: [] };
  const labels = objects.flatMap((o) => {
    const ext = (o as { extensions?: Record<string, { label?: unknown }> }).extensions?.[EXTENSIONS.signature]?.label;
    const parsed = labelExtensionSchema.safeParse(ext);
    return parsed.success
      ? [
          {
            classification: parsed.data.classification,
            relTo: parsed.data.rel_to,
            caveats: parsed.data.caveats,
            tlp: parsed.data.tlp,
            // The originating organisation is looked up with the named ones.
            recipients: { ...parsed.data.recipients, orgs: [...parsed.data.recipients.orgs, parsed.data.originator.org] },
          },
        ]
      : [];
  });
  const directory = await loadLabelDirectory(ctx.database.db, labels);
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
    const last = await store.lastDateAdded();
    const dateAdded = last && new Date(last) > now ? new Date(last) : now;

    const labelOf = (object: Record<string, unknown>): Label => {
      const receipt = object.type === RECALL_RECEIPT_TYPE;
      const verified = verifyObject(object, peer.node_id, publicKey);
      if (!verified.ok) return reject(verified.reason);
      const parsed = labelExtensionSchema.safeParse(verified.signedBy.label);
      if (!parsed.success) return reject('the signed label is not a Concord label');
      const l = parsed.data;
      if (l.originator.nation !== peer.nation)
        return reject(`originated by ${l.originator.nation}: a node only sends its own nation's records`);
      // A receipt is the node's own word, in its node id's name, not an organisation's record.
      if (receipt) return l.originator.org === `node:${peer.node_id}` ? labelFromExtension(l) : reject('a receipt not in its node’s name');
      const org = directory.orgs.get(l.originator.org);
      if (!org || org.nation !== l.originator.nation) return reject(`unknown originating organisation ${l.originator.org}`);
      const checked = validateLabel(
        { classification: l.classification, relTo: l.rel_to, caveats: l.caveats, tlp: l.tlp, recipients: l.recipients },
        l.originator,
        directory,
        l.version,
      );
      if (!checked.ok) return reject(`label: ${checked.issues[0]?.message ?? 'not valid'}`);
      return { ...checked.label, state: l.state };
    };

    for (const raw of objects) {
      const object = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const stixId = typeof object.id === 'string' ? object.id : null;
      try {
        if (!stixId || typeof object.type !== 'string') reject('not a STIX object (type and id)');
        const label = labelOf(object);
        const type = object.type as string;
        if (type === RECALL_TYPE) {
          if (await applyRecall(ctx, db, peer, object, label)) outcome.applied++;
          else outcome.duplicates++;
          continue;
        }
        if (type === RECALL_RECEIPT_TYPE) {
          if (await applyReceipt(ctx, db, peer, object)) outcome.applied++;
          else outcome.duplicates++;
          continue;
        }
        const kind = RECORD_TYPES[type] ?? reject(`${type} objects are not replicated`);
        const id = stixId!.slice(stixId!.indexOf('--') + 2);
        if (!UUID.test(id)) reject('the id is not type--UUID');
        if (!nodeMayReceive(own, label)) reject('its label does not release it to this node');
        if (await db.selectFrom('tombstones').select('stix_id').where('stix_id', '=', stixId!).executeTakeFirst()) {
          outcome.duplicates++; // recalled: it may not come back
          continue;
        }
        const common = commonSchema.safeParse(object);
        if (!common.success) reject(`not valid: ${common.error.issues[0]?.message ?? ''}`);
        const extensions = common.data!.extensions;
        const version = await applyRecord(db, kind, stixId!, id, common.data!, extensions, label, peer);
        if (version === null) {
          outcome.duplicates++;
          continue;
        }
        await store.insert([
          {
            stix_id: stixId!,
            stix_type: type,
            modified: new Date(common.data!.modified ?? common.data!.created),
            version,
            record_kind: kind,
            record_id: id,
            date_added: dateAdded,
            object: JSON.stringify(object),
            stripped: null,
            origin_node: peer.node_id,
            ...labelToColumns(label),
          },
        ]);
        outcome.applied++;
      } catch (error) {
        if (!(error instanceof Rejected)) throw error;
        outcome.rejected.push({ stixId, reason: error.message });
      }
    }
    if (outcome.rejected.length > 0) {
      await db
        .insertInto('federation_rejects')
        .values(outcome.rejected.map((r) => ({ peer_node_id: peer.node_id, at: now, stix_id: r.stixId, reason: r.reason.slice(0, 500) })))
        .execute();
    }
    await db
      .updateTable('peers')
      .set({
        ...(cursor ? { pull_cursor: cursor } : {}),
        objects_in: sql`objects_in + ${outcome.applied}`,
        rejects: sql`rejects + ${outcome.rejected.length}`,
        last_pull_at: now,
        last_contact_at: now,
        last_error: null,
        last_error_at: null,
        ...(outcome.applied > 0 ? { last_object_at: now } : {}),
      })
      .where('node_id', '=', peer.node_id)
      .execute();
  });
  if (outcome.rejected.length > 0) {
    ctx.logger.warn(
      { peer: peer.node_id, rejected: outcome.rejected.slice(0, 5) },
      `refused ${outcome.rejected.length} object(s) from a peer`,
    );
  }
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

/** The placeholder author of a partner's records here: a disabled account of the originating organisation. */
async function remoteAuthor(db: Kysely<DB>, org: string): Promise<string> {
  const id = `remote:${org}`;
  await db
    .insertInto('users')
    .values({
      id,
      username: `remote.${org}`,
      display_name: `${org} (partner node)`,
      org_id: org,
      roles: [],
      clearance: 'UNCLASSIFIED',
      caveats: [],
      language: 'en',
      password_hash: '!',
      totp_secret: null,
      disabled_at: new Date(0),
      locked_until: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return id;
}

/**
 * Writes a record version: a newer version replaces the row; an older one (out of order) only
 * joins the history. Null when this (id, version) is here already.
 */
async function applyRecord(
  db: Kysely<DB>,
  kind: 'incident' | 'actor' | 'indicator',
  stixId: string,
  id: string,
  object: z.infer<typeof commonSchema>,
  extensions: Record<string, unknown>,
  label: Label,
  peer: PeerRow,
): Promise<number | null> {
  const table = kind === 'incident' ? 'incidents' : kind === 'actor' ? 'actors' : 'indicators';
  const schema = kind === 'incident' ? incidentExtensionSchema : kind === 'actor' ? actorExtensionSchema : indicatorExtensionSchema;
  const parsed = schema.safeParse(extensions[EXTENSIONS[kind]]);
  if (!parsed.success) return reject(`not a Concord ${kind}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const version = parsed.data.version;
  if (await stixObjectRepository(db).has(stixId, version)) return null;
  const current = await db.selectFrom(table).select(['version', 'originator_nation']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (current && current.originator_nation !== peer.nation) return reject(`${kind} ${id} belongs to another originator`);
  const author = await remoteAuthor(db, label.originator.org);
  const proposed = (parsed.data as { proposed_label?: unknown }).proposed_label ?? storedLabel(label);
  const row =
    kind === 'incident'
      ? incidentRow(id, object, parsed.data as z.infer<typeof incidentExtensionSchema>, label, author, proposed)
      : kind === 'actor'
        ? actorRow(id, object, parsed.data as z.infer<typeof actorExtensionSchema>, label, author, proposed)
        : indicatorRow(id, object, parsed.data as z.infer<typeof indicatorExtensionSchema>, label, author, proposed);
  const snapshot = JSON.stringify({ title: object.name, received_from: peer.node_id });
  const versionRow = {
    id,
    version,
    change: 'federation',
    changed_by: author,
    changed_at: new Date(object.modified ?? object.created),
    snapshot,
    ...labelToColumns(label),
  };
  if (!current || current.version < version) {
    const { id: _id, created_by: _by, ...update } = row as typeof row & { id: string; created_by: string };
    await (db.insertInto(table) as ReturnType<Kysely<DB>['insertInto']>)
      .values(row as never)
      .onConflict((oc) => oc.column('id').doUpdateSet(update as never))
      .execute();
    await changeRepository(db).record([{ at: new Date(), record_kind: kind, record_id: id, version, change: 'federation' }]);
  }
  if (kind === 'incident')
    await db
      .insertInto('incident_versions')
      .values(versionRow)
      .onConflict((oc) => oc.doNothing())
      .execute();
  else
    await db
      .insertInto('record_versions')
      .values({ record_kind: kind, ...versionRow })
      .onConflict((oc) => oc.doNothing())
      .execute();
  return version;
}

/** Deletes a record's content here: its row, versions, links, attachments, hits and published objects. */
export async function purgeRecord(db: Kysely<DB>, kind: string, id: string, stixId: string): Promise<void> {
  if (kind === 'incident') {
    await db.deleteFrom('attachments').where('incident_id', '=', id).execute();
    await db.deleteFrom('saved_search_hits').where('incident_id', '=', id).execute();
    await db.deleteFrom('incident_versions').where('id', '=', id).execute();
    await db.deleteFrom('incidents').where('id', '=', id).execute();
  } else {
    await db.deleteFrom('record_versions').where('record_kind', '=', kind).where('id', '=', id).execute();
    await db
      .deleteFrom(kind === 'actor' ? 'actors' : 'indicators')
      .where('id', '=', id)
      .execute();
  }
  await db
    .deleteFrom('record_links')
    .where((eb) =>
      eb.or([eb.and([eb('from_kind', '=', kind), eb('from_id', '=', id)]), eb.and([eb('to_kind', '=', kind), eb('to_id', '=', id)])]),
    )
    .execute();
  await stixObjectRepository(db).purge(stixId);
}

async function applyRecall(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Record<string, unknown>, label: Label): Promise<boolean> {
  const parsed = recallExtensionSchema.safeParse((object.extensions as Record<string, unknown>)[EXTENSIONS.recall]);
  if (!parsed.success) return reject('not a Concord recall');
  const recall = parsed.data;
  const recordId = recall.recalled_ref.slice(recall.recalled_ref.indexOf('--') + 2);
  if (!UUID.test(recordId)) return reject('the recalled id is not type--UUID');
  const held = await db
    .selectFrom(recall.record_kind === 'incident' ? 'incidents' : recall.record_kind === 'actor' ? 'actors' : 'indicators')
    .select('originator_nation')
    .where('id', '=', recordId)
    .executeTakeFirst();
  if (held && held.originator_nation !== peer.nation) return reject('a recall of a record its sender did not originate');
  const inserted = await db
    .insertInto('tombstones')
    .values({
      stix_id: recall.recalled_ref,
      record_kind: recall.record_kind,
      record_id: recordId,
      originator_nation: label.originator.nation,
      recall_stix_id: String(object.id),
      recalled_at: new Date(recall.recalled_at),
      reason: recall.reason.slice(0, 500),
    })
    .onConflict((oc) => oc.column('stix_id').doNothing())
    .returning('stix_id')
    .execute();
  if (inserted.length === 0) return false;
  await purgeRecord(db, recall.record_kind, recordId, recall.recalled_ref);
  await changeRepository(db).record([
    { at: ctx.clock.now(), record_kind: recall.record_kind, record_id: recordId, version: label.version, change: 'recall' },
  ]);
  await publishReceipt(ctx, db, peer, String(object.id), recall.recalled_ref);
  return true;
}

/** A receipt for a recall applied here, signed by this node, for the originator to pull. */
async function publishReceipt(ctx: Context, db: Kysely<DB>, peer: PeerRow, recallRef: string, recalledRef: string): Promise<void> {
  const now = ctx.clock.now();
  const label: Label = {
    originator: { nation: ctx.node.nation, org: `node:${ctx.node.nodeId}` },
    classification: 'UNCLASSIFIED',
    relTo: [peer.nation],
    caveats: [],
    tlp: 'GREEN',
    recipients: { orgs: [], users: [] },
    state: 'active',
    version: 1,
  };
  const id = `${RECALL_RECEIPT_TYPE}--${stableUuid(`receipt:${recallRef}:${ctx.node.nodeId}`)}`;
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
    {
      stix_id: id,
      stix_type: RECALL_RECEIPT_TYPE,
      modified: now,
      version: 1,
      record_kind: 'recall-receipt',
      record_id: recallRef,
      date_added: now,
      object: JSON.stringify(signObject(object, label, ctx.node)),
      stripped: null,
      origin_node: ctx.node.nodeId,
      ...labelToColumns(label),
    },
  ]);
}

async function applyReceipt(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Record<string, unknown>): Promise<boolean> {
  const parsed = receiptExtensionSchema.safeParse((object.extensions as Record<string, unknown>)[EXTENSIONS.recallReceipt]);
  if (!parsed.success) return reject('not a Concord recall receipt');
  if (parsed.data.node_id !== peer.node_id) return reject('a receipt for another node');
  const recall = await db.selectFrom('recalls').select('id').where('stix_id', '=', parsed.data.recalled_ref).executeTakeFirst();
  if (!recall) return reject('a receipt for a recall this node did not make');
  const inserted = await db
    .insertInto('recall_receipts')
    .values({
      recall_id: recall.id,
      node_id: peer.node_id,
      applied_at: new Date(parsed.data.applied_at),
      received_at: ctx.clock.now(),
      receipt: JSON.stringify(object),
    })
    .onConflict((oc) => oc.columns(['recall_id', 'node_id']).doNothing())
    .returning('recall_id')
    .execute();
  return inserted.length > 0;
}
