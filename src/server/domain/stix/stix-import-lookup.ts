/**
 * Which records here a STIX import may see and touch (docs/decisions/0010). Every answer is taken
 * among the records the importer may read: one they may not read is never found, so the import
 * answers for its id exactly as for an id nobody holds — except `taken`, which only decides
 * whether a restored record keeps its id or is written as a copy under a new one, and is never
 * shown.
 *
 * A record an import may update is the importer's organisation's, readable by them, editable by
 * them (the PATCH routes' rule) and, for a TAXII feed, one that feed brought in itself.
 */
import { may } from '../policy/policy';
import { stixImportRepository } from '../../db/repositories/stix-import-repository';
import { STIX_UUID, uuidOfStixId } from './stix-vocab';
import type { Context } from '../../context';
import type { ImportKind, ImportTarget } from '../../db/repositories/stix-import-repository';
import type { UserActor } from '../auth/actor';

export interface ImportLookup {
  /** A restored object's record: the one at its id, or the organisation's copy of it, that the importer may read. */
  present(kind: ImportKind, stixId: string): ImportTarget | undefined;
  /** Whether a record of the kind holds this id, whoever may read it. */
  taken(kind: ImportKind, id: string): boolean;
  /**
   * Another producer's object: the record here that stands for it and that the importer may update
   * (`recalled`: theirs and readable, but recalled — never updated).
   */
  ownCopy(kind: ImportKind, stixId: string): { row: ImportTarget; recalled: boolean } | undefined;
  /**
   * Whether the object was recalled here — by a partner (a tombstone) or by this node (a record at
   * its id, or one an import made of it) — whoever may read what: a recall is never undone by an
   * import, under the object's id or a new one.
   */
  recalled(kind: ImportKind, stixId: string): boolean;
  /** A relationship's end that is not in the bundle: the record it names that the importer may read. */
  end(kind: ImportKind, stixId: string): ImportTarget | undefined;
}

/**
 * Loads, in a few queries, what the lookups answer from: the records at the objects' ids and the
 * copies imports made of them, as far as the importer may read them; and which restored ids are taken.
 */
export async function loadImportLookup(
  ctx: Context,
  actor: UserActor,
  wanted: { kind: ImportKind; stixId: string }[],
  restored: { kind: ImportKind; id: string }[],
  feed: string | undefined,
): Promise<ImportLookup> {
  const repo = stixImportRepository(ctx.database.db);
  const valid = wanted.filter((w) => STIX_UUID.test(uuidOfStixId(w.stixId)));
  const copies = await repo.copiesOf([...new Set(valid.map((w) => w.stixId))]);
  const kinds = ['incident', 'actor', 'indicator'] as const;
  const idsOf = (kind: ImportKind) => [
    ...new Set([
      ...valid.filter((w) => w.kind === kind).map((w) => uuidOfStixId(w.stixId)),
      ...copies.filter((c) => c.record_kind === kind).map((c) => c.record_id),
    ]),
  ];
  const stixIdsOf = (kind: ImportKind) => [...new Set(valid.filter((w) => w.kind === kind).map((w) => w.stixId))];
  const [readable, taken, recalled] = await Promise.all([
    Promise.all(kinds.map((kind) => repo.readable(kind, idsOf(kind), actor.reader))),
    Promise.all(kinds.map((kind) => repo.taken(kind, [...new Set(restored.filter((r) => r.kind === kind).map((r) => r.id))]))),
    Promise.all(kinds.map((kind) => repo.recalled(kind, stixIdsOf(kind), stixIdsOf(kind).map(uuidOfStixId)))),
  ]);
  const byKey = new Map<string, ImportTarget>();
  kinds.forEach((kind, i) => {
    for (const row of readable[i] ?? []) byKey.set(`${kind}:${row.id}`, row);
  });
  const takenIds = new Map(kinds.map((kind, i) => [kind, taken[i] ?? new Set<string>()]));
  const readableAt = (kind: ImportKind, id: string) => byKey.get(`${kind}:${id}`);
  const ours = (row: ImportTarget) => row.originator_org === actor.org.id;
  const copiesByObject = new Map<string, typeof copies>();
  for (const copy of copies) copiesByObject.set(copy.stix_id, [...(copiesByObject.get(copy.stix_id) ?? []), copy]);
  /** The readable copies imports made of this object, oldest first. */
  const readableCopies = (kind: ImportKind, stixId: string, onlyFeed?: string) =>
    (copiesByObject.get(stixId) ?? [])
      .filter((c) => c.record_kind === kind && (onlyFeed === undefined || c.feed_id === onlyFeed))
      .map((c) => readableAt(kind, c.record_id))
      .filter((row): row is ImportTarget => row !== undefined);

  return {
    present: (kind, stixId) => readableAt(kind, uuidOfStixId(stixId)) ?? readableCopies(kind, stixId).find(ours),
    taken: (kind, id) => takenIds.get(kind)?.has(id) ?? false,
    recalled: (kind, stixId) => {
      const found = recalled[kinds.indexOf(kind)];
      return (found?.stixIds.has(stixId) || found?.ids.has(uuidOfStixId(stixId))) ?? false;
    },
    ownCopy: (kind, stixId) => {
      if (!may(actor, 'record.edit')) return undefined;
      // A feed's own copies only; a person's: any of their organisation's, the record at the object's own id first
      // (records imported before copies were kept apart have the object's id).
      const exact = feed === undefined ? readableAt(kind, uuidOfStixId(stixId)) : undefined;
      const candidates = [...(exact ? [exact] : []), ...readableCopies(kind, stixId, feed)].filter(ours);
      const editable = candidates.find((row) => row.state !== 'recalled');
      if (editable) return { row: editable, recalled: false };
      const recalled = candidates[0];
      return recalled ? { row: recalled, recalled: true } : undefined;
    },
    end: (kind, stixId) => {
      const copiesHere = readableCopies(kind, stixId);
      return readableAt(kind, uuidOfStixId(stixId)) ?? copiesHere.find(ours) ?? copiesHere[0];
    },
  };
}
