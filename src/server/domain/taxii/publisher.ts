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
import { stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { labelToColumns } from '../../db/label-columns';
import { actorObject, incidentObject, indicatorObject, recordFields } from '../stix/stix-export';
import { signObject } from '../federation/record-signature';
import { pokePeersFor } from '../federation/poke';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { StixObject } from '../stix/stix-export';

const POSITION = 'stix-publisher-position';
const HOLE_TIMEOUT_MS = 5_000;
/** The kinds published so far. */
export const PUBLISHED_KINDS = ['incident', 'actor', 'indicator'] as const;

const holesSeen = new WeakMap<Context, Map<number, number>>();

/** Publishes what the change records name after the position; returns how many change records it went through. */
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
    if (upTo === position) return { consumed: 0, labels: [] };
    const ids = (kind: string) => [...new Set(taken.filter((c) => c.record_kind === kind).map((c) => c.record_id))];
    const [incidents, actors, indicators] = await Promise.all([
      objects.incidents(ids('incident')),
      objects.actors(ids('actor')),
      objects.indicators(ids('indicator')),
    ]);
    const built: {
      kind: string;
      id: string;
      row: Parameters<typeof recordFields>[0] & { version: number; updated_at: Date | string };
      object: StixObject;
      stripped?: StixObject | undefined;
    }[] = [
      ...incidents.map((row) => {
        const fields = recordFields(row, false);
        // Sources under a stricter label than the record's leave only to readers of that label.
        const stricterSources = row.sources !== null && row.sources_label !== null;
        return {
          kind: 'incident',
          id: row.id,
          row,
          object: incidentObject(row, fields, () => true),
          stripped: stricterSources ? incidentObject(row, fields, () => false) : undefined,
        };
      }),
      ...actors.map((row) => ({ kind: 'actor', id: row.id, row, object: actorObject(row, recordFields(row, false)) })),
      ...indicators.map((row) => ({ kind: 'indicator', id: row.id, row, object: indicatorObject(row, recordFields(row, false)) })),
    ];
    const dateAdded = await objects.nextDateAdded(ctx.clock.now());
    const labels: Label[] = [];
    const sign = (object: StixObject, label: Label) =>
      label.originator.nation === ctx.node.nation ? signObject(object, label, ctx.node) : object;
    await objects.insert(
      built.map(({ kind, id, row, object, stripped }) => {
        const label = recordFields(row, false).label;
        if (label.originator.nation === ctx.node.nation) labels.push(label);
        return {
          stix_id: object.id,
          stix_type: object.type,
          modified: new Date(row.updated_at),
          version: row.version,
          record_kind: kind,
          record_id: id,
          date_added: dateAdded,
          object: JSON.stringify(sign(object, label)),
          stripped: stripped ? JSON.stringify(sign(stripped, label)) : null,
          origin_node: ctx.node.nodeId,
          ...labelToColumns(label),
        };
      }),
    );
    await settings.setSetting(POSITION, upTo);
    return { consumed: taken.length, labels };
  });
}
