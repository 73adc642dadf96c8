/**
 * Published references (decision 0024): the marking definitions and identities that published
 * objects name — a label's own marking, the TLP 2.0 marking, the originator organisation's
 * identity, and Concord's identity that a label marking names — written as rows of their own so a
 * TAXII reader can resolve every reference of every object it gets.
 *
 * A label's marking and an organisation's identity carry the label of the objects that name them:
 * their readers are exactly the readers of that label (a marking holds nothing but its label; an
 * identity is named by every object of the label). One row per (object, label): an identity named
 * under several labels has a row for each, and TAXII serves it once per reader, at the first row
 * that reader may read. Objects read through a parent (crisis entries) hold rows of their own, so
 * the parent decides for them too and they go with their record. The TLP 2.0 markings and
 * Concord's identity are public (the same on every node, naming no one's records): one row each,
 * for every reader. The rows are written in the publisher's transaction, after every published row
 * not yet gone through (the publisher's own, recalls', federation's, and on the first run every row
 * published before references were), so nothing is skipped.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { PUBLIC_REFERENCE_KIND, REFERENCE_KIND, publishedRow, stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { isReadThroughParent } from '../../../shared/vocab/record-kinds';
import { nodeRepository } from '../../db/repositories/node-repository';
import { definitions } from '../stix/stix-definitions';
import { labelMarkingOf, markingOf, organisationIdentity, tlpMarking } from '../stix/stix-export';
import { omitEmpty } from '../stix/stix-omit-empty';
import { CONCORD_IDENTITY, EXTENSIONS, TLP2_MARKINGS, TLP_BY_MARKING } from '../stix/stix-vocab';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { ReferringRow } from '../../db/repositories/stix-object-repository';
import type { Transaction } from '../../db/database';
import type { StixObject } from '../stix/stix-export';

const POSITION = 'stix-reference-position';
const CONCORD = definitions().find((d) => d.id === CONCORD_IDENTITY)!;
/** Public objects, the same on every node, that name no one's records: every reader may have them. */
const PUBLIC = new Set([CONCORD_IDENTITY, ...Object.values(TLP2_MARKINGS)]);
const publicLabel = (nation: string): Label => ({
  originator: { nation, org: '' },
  classification: 'UNCLASSIFIED',
  relTo: [],
  caveats: [],
  tlp: 'CLEAR',
  recipients: { orgs: [], users: [] },
  state: 'active',
  version: 1,
});

/** The ids an object names as its creator and markings. */
function namedBy(object: { created_by_ref?: unknown; object_marking_refs?: unknown }): string[] {
  const refs = Array.isArray(object.object_marking_refs) ? (object.object_marking_refs as unknown[]) : [];
  return [...refs, object.created_by_ref].filter((ref): ref is string => typeof ref === 'string');
}

/**
 * Writes the references of the rows published after the last run (at most `batch` of them) and
 * returns how many rows it went through. Runs in the publisher's transaction, under its lock.
 */
export async function publishReferences(ctx: Context, tx: Transaction, batch: number): Promise<number> {
  const objects = stixObjectRepository(tx.db);
  const settings = nodeRepository(tx.db);
  const position = Number((await settings.getSetting(POSITION)) ?? 0);
  const rows = await objects.referringAfter(position, batch, EXTENSIONS.signature);
  if (rows.length === 0) return 0;
  const organisations = new Map(
    (await objects.organisations([...new Set(rows.map((r) => r.originator_org))])).map((org) => [org.id, organisationIdentity(org)]),
  );
  const dateAdded = await objects.nextDateAdded(ctx.clock.now());
  const written = new Map<string, ReturnType<typeof publishedRow>>();
  // The rows of one label and kind name the same objects: each set is worked out once a batch.
  const named = new Map<string, StixObject[]>();
  for (const row of rows) {
    const label = labelFromColumns(row);
    const same = JSON.stringify([label, row.created_by_ref, row.object_marking_refs]);
    const references = named.get(same) ?? referencesOf(row, organisations);
    named.set(same, references);
    for (const object of references) {
      // Public ones once for everyone; others held for the label, state aside (a recalled row names
      // the marking of its label as released), or for a read-through record.
      const heldFor = PUBLIC.has(object.id)
        ? { kind: PUBLIC_REFERENCE_KIND, id: PUBLIC_REFERENCE_KIND }
        : isReadThroughParent(row.record_kind)
          ? { kind: row.record_kind, id: row.record_id }
          : { kind: REFERENCE_KIND, id: markingOf({ ...label, state: 'active' }).id };
      const key = `${object.id} ${heldFor.id}`;
      const existing = written.get(key);
      // Several rows of one label in a batch: active if any of them is.
      if (existing && (existing.state === 'active' || row.state !== 'active')) continue;
      written.set(
        key,
        publishedRow({
          object,
          kind: heldFor.kind,
          recordId: heldFor.id,
          version: 1,
          modified: new Date(String(object.modified ?? object.created)),
          dateAdded,
          originNode: ctx.node.nodeId,
          // A public row's label decides nothing (every reader gets it): the plainest one of this node.
          label: PUBLIC.has(object.id) ? publicLabel(ctx.node.nation) : label,
        }),
      );
    }
  }
  await objects.insertReferences([...written.values()]);
  await settings.setSetting(POSITION, rows.at(-1)!.seq);
  return rows.length;
}

/** The objects a row's object names that this node can give: unknown ids (a partner's unknown organisation) are left out. */
function referencesOf(row: ReferringRow, organisations: Map<string, StixObject>): StixObject[] {
  const label: Label = labelFromColumns(row);
  const own = new Map<string, StixObject>();
  // The object's label marking was derived from the label as published (active, or recalled).
  for (const state of ['active', 'recalled'] as const) {
    const marking = markingOf({ ...label, state });
    own.set(marking.id, marking);
  }
  // A version published before labels were canonical names the marking of its label as it was
  // then (lists in the order given): the label its signature carries gives that one.
  if (row.signature !== null && row.signature !== undefined) {
    const published = labelMarkingOf({ type: 'x', id: 'x', extensions: { [EXTENSIONS.signature]: row.signature } }, label);
    own.set(published.id, published);
  }
  const found = new Map<string, StixObject>();
  const resolve = (id: string): StixObject | undefined => {
    const tlp = TLP_BY_MARKING[id];
    if (tlp !== undefined) return tlpMarking(tlp);
    if (id === CONCORD_IDENTITY) return CONCORD;
    return own.get(id) ?? organisations.get(id.slice('identity--'.length));
  };
  const visit = (object: { created_by_ref?: unknown; object_marking_refs?: unknown }) => {
    for (const id of namedBy(object)) {
      if (found.has(id)) continue;
      const referenced = resolve(id);
      // Only what is the very object named (a TLP 1.0 id names no object of this node's).
      if (referenced?.id !== id) continue;
      found.set(id, referenced);
      visit(referenced as { created_by_ref?: unknown });
    }
  };
  visit(row);
  return [...found.values()].map((object) => omitEmpty(object));
}
