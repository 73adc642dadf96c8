/**
 * The publisher: turns change records into published STIX objects (`stix_objects`), one version
 * per row, each with its version's label. It runs as a job, one process at a time (an advisory
 * lock held for the transaction), in the order of the change records — so the published rows'
 * `seq` follows their commit order and a TAXII cursor over it never skips a row.
 *
 * Change sequence numbers are taken before commit: a missing number may still be committing. The
 * publisher stops before it and waits (as the live feed does) until it appears or is older than a
 * few seconds (a rolled-back transaction leaves a hole for ever).
 *
 * This nation's records are signed by this node (record-signature.ts). Partners' records are
 * written here by federation apply as their originators signed them, before the publisher sees
 * their change records (so it skips them); peers are only ever served this nation's own records.
 * After a commit that published something a peer may receive, that peer is poked to pull now.
 */
import { nodeRepository } from '../../db/repositories/node-repository';
import { liveRepository } from '../../db/repositories/live-repository';
import { publishedRow, stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { alertObject, alertResponseObject, deskLabel, deskObject } from '../stix/stix-hotline';
import { crisisEntryObject, crisisObject } from '../stix/stix-crisis';
import { publishedForm, versionObjects } from '../stix/stix-versions';
import { pokePeersFor } from '../federation/poke';
import { publishReferences } from './reference-publisher';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { VersionObject as Published } from '../stix/stix-versions';

const POSITION = 'stix-publisher-position';
const HOLE_TIMEOUT_MS = 5_000;
/** The kinds published. */
export const PUBLISHED_KINDS = ['incident', 'actor', 'indicator', 'desk', 'alert', 'alert-response', 'crisis', 'crisis-entry'] as const;

const holesSeen = new WeakMap<Context, Map<number, number>>();

/**
 * Publishes what the change records name after the position, and in the same transaction the
 * references of what was published (reference-publisher.ts); returns how many change records and
 * published rows it went through.
 */
export async function publishDue(ctx: Context, batch = 500): Promise<number> {
  const { consumed, labels } = await publishBatch(ctx, batch);
  if (labels.length > 0) pokePeersFor(ctx, labels);
  return consumed;
}

async function publishBatch(ctx: Context, batch: number): Promise<{ consumed: number; labels: Label[] }> {
  return ctx.database.transaction(async (tx) => {
    const objects = stixObjectRepository(tx.db);
    const settings = nodeRepository(tx.db);
    await objects.lockPublisher();
    const position = Number((await settings.getSetting(POSITION)) ?? 0);
    const changes = await liveRepository(tx.db).changesAfter(position, batch);
    const holes = holesSeen.get(ctx) ?? new Map<number, number>();
    holesSeen.set(ctx, holes);
    let upTo = position;
    const taken: typeof changes = [];
    for (const change of changes) {
      const seq = Number(change.seq);
      if (seq !== upTo + 1) {
        const since = holes.get(upTo + 1) ?? Date.now();
        holes.set(upTo + 1, since);
        if (Date.now() - since < HOLE_TIMEOUT_MS) break;
        holes.delete(upTo + 1);
      }
      upTo = seq;
      taken.push(change);
    }
    if (upTo === position) return { consumed: await publishReferences(ctx, tx, batch * 4), labels: [] };
    const ids = (kind: string) => [...new Set(taken.filter((c) => c.record_kind === kind).map((c) => c.record_id))];
    // A crisis entry is published once, as written; its moves travel as update entries of their own.
    const writtenEntries = [...new Set(taken.filter((c) => c.record_kind === 'crisis-entry' && c.version === 1).map((c) => c.record_id))];
    const [incidents, actors, indicators, desks, alerts, responses, crises, entries] = await Promise.all([
      objects.incidents(ids('incident')),
      objects.actors(ids('actor')),
      objects.indicators(ids('indicator')),
      objects.ownDesks(ids('desk')),
      objects.alerts(ids('alert')),
      objects.alertResponses(ids('alert-response')),
      objects.ownCrises(ids('crisis')),
      objects.crisisEntries(writtenEntries),
    ]);
    const [nations, targets] = await Promise.all([
      desks.length > 0 ? objects.nations() : Promise.resolve([]),
      objects.alertTargetDesks(alerts.map((a) => a.id)),
    ]);
    // Records' versions are built as the bundle export builds them (stix-versions.ts).
    const built: Published[] = [
      ...incidents.flatMap((row) => versionObjects({ kind: 'incident', row })),
      ...actors.flatMap((row) => versionObjects({ kind: 'actor', row })),
      ...indicators.flatMap((row) => versionObjects({ kind: 'indicator', row })),
      ...desks.map((row) => {
        const label = deskLabel(row, row.org_id, nations);
        const modified = row.updated_at ?? row.created_at;
        return { kind: 'desk', id: row.id, version: row.version, modified, label, object: deskObject(row, label) };
      }),
      ...alerts.map((row) => {
        const label = labelFromColumns(row);
        const deskIds = targets.filter((t) => t.alert_id === row.id).map((t) => t.desk_id);
        return {
          kind: 'alert',
          id: row.id,
          version: row.version,
          modified: row.raised_at,
          label,
          object: alertObject(row, deskIds, label),
        };
      }),
      ...responses.map((row) => {
        const label = labelFromColumns(row);
        return {
          kind: 'alert-response',
          id: row.id,
          version: 1,
          modified: row.responded_at,
          label,
          object: alertResponseObject(row, label),
        };
      }),
      ...crises.map((row) => {
        const label = labelFromColumns(row);
        const modified = row.closed_at ?? row.declared_at;
        return { kind: 'crisis', id: row.id, version: row.version, modified, label, object: crisisObject(row, label) };
      }),
      ...entries.map((row) => {
        const label = labelFromColumns(row);
        const object = crisisEntryObject(row, row.offer_requester, label);
        return { kind: 'crisis-entry', id: row.id, version: 1, modified: row.entered_at, label, object };
      }),
    ];
    const dateAdded = await objects.nextDateAdded(ctx.clock.now());
    const labels: Label[] = [];
    // Every published object leaves without null properties and empty lists, signed or not.
    const sign = (object: Published['object'], label: Label) => publishedForm(object, label, ctx.node);
    await objects.insert(
      built.map(({ kind, id, version, modified, label, object, stripped }) => {
        if (label.originator.nation === ctx.node.nation) labels.push(label);
        return publishedRow({
          object: sign(object, label),
          stripped: stripped ? sign(stripped, label) : null,
          kind,
          recordId: id,
          version,
          modified: new Date(modified),
          dateAdded,
          originNode: ctx.node.nodeId,
          label,
        });
      }),
    );
    await settings.setSetting(POSITION, upTo);
    return { consumed: taken.length + (await publishReferences(ctx, tx, batch * 4)), labels };
  });
}
