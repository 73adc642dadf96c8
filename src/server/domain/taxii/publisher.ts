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
import { publishedForm } from '../stix/stix-versions';
import { PUBLISHED } from '../records/registry';
import { pokePeersFor } from '../federation/poke';
import { publishReferences } from './reference-publisher';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { VersionObject as Published } from '../stix/stix-versions';

const POSITION = 'stix-publisher-position';
const HOLE_TIMEOUT_MS = 5_000;

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
    // Every published kind's objects, built as the bundle export builds them (stix-versions.ts).
    const built: Published[] = (
      await Promise.all(
        PUBLISHED.map(({ kind, publish }) =>
          publish(
            objects,
            taken.filter((change) => change.record_kind === kind),
          ),
        ),
      )
    ).flat();
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
