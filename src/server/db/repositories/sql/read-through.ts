/**
 * Kinds read through a parent record: a record of such a kind is readable (or receivable) only where
 * its own label AND its parents' current labels pass — its parent's, and the parent's parent's where
 * the parent is read through one in turn (minutes → agenda item → meeting). Crisis entries are read
 * through their crisis: an entry never reaches anyone its crisis does not. Every path that serves a
 * record of a named kind by its (kind, id) — the live stream, TAXII and peers' pulls — takes the
 * parents from here.
 */
import { sql } from 'kysely';
import { LABELLED_TABLES, RECORD_TABLES } from '../../record-tables';
import type { LabelledKind } from '../../record-tables';
import { LABEL_COLUMN_NAMES } from '../../../../shared/labels/label-columns';
import type { RawBuilder } from 'kysely';
import type { LabelColumns } from '../../schema';

export interface ParentLink {
  /** The child kind's own table. */
  table: string;
  /** Its column naming the parent. */
  key: string;
  /** The parent's kind and table (it carries the label columns). */
  parentKind: LabelledKind;
  parentTable: string;
}

/**
 * The tables of each kind with a parent in RECORD_TABLES (src/server/db/record-tables.ts); a test
 * holds the kinds equal to PARENT_KIND (src/shared/vocab/record-kinds.ts), which the web app reads.
 */
export const READ_THROUGH: Readonly<Record<string, ParentLink>> = Object.fromEntries(
  Object.entries(RECORD_TABLES as Record<string, { table: string; parent?: { kind: string; key: string } }>).flatMap(([kind, t]) =>
    t.parent
      ? [
          [
            kind,
            {
              table: t.table,
              key: t.parent.key,
              parentKind: t.parent.kind as LabelledKind,
              parentTable: LABELLED_TABLES[t.parent.kind as LabelledKind],
            },
          ],
        ]
      : [],
  ),
);

/** The links from a kind up to its root, nearest first. */
export function linksUp(kind: string): ParentLink[] {
  const links: ParentLink[] = [];
  for (let at = kind; Object.hasOwn(READ_THROUGH, at); at = READ_THROUGH[at]!.parentKind) {
    if (links.length > Object.keys(READ_THROUGH).length) throw new Error(`the parents of ${kind} go round in a loop`);
    links.push(READ_THROUGH[at]!);
  }
  return links;
}

/**
 * `from <kind's table> child join <parent> p1 … join <root> pN`: a record with each of its parents
 * (aliases `p1` nearest, up to `pN`); a record whose parents are not all here has no row.
 */
export function withParents(kind: string, child = 'child'): { from: RawBuilder<unknown>; aliases: string[] } {
  const links = linksUp(kind);
  const aliases = links.map((_, i) => `${child}_p${i + 1}`);
  const joins = links.map(
    (link, i) =>
      sql`join ${sql.table(link.parentTable)} as ${sql.ref(aliases[i]!)} on ${sql.ref(`${aliases[i]!}.id`)} = ${sql.ref(`${i === 0 ? child : aliases[i - 1]!}.${link.key}`)}`,
  );
  return {
    from: sql`${sql.table(LABELLED_TABLES[kind as LabelledKind])} as ${sql.ref(child)} ${sql.join(joins, sql` `)}`,
    aliases,
  };
}

/**
 * For rows naming a record by `kindColumn` and `idColumn`: true where the record's kind has no
 * parent, or its parents are here and pass — `passes(kind, childAlias)` says, for a record of `kind`
 * in the alias, what its parents must pass (compileCondition of `parentRule`).
 */
export function parentPasses(
  kindColumn: string,
  idColumn: string,
  passes: (kind: string, childAlias: string) => RawBuilder<boolean>,
): RawBuilder<boolean> {
  const kinds = Object.keys(READ_THROUGH);
  const branches = Object.entries(READ_THROUGH).map(
    ([kind, link]) =>
      sql<boolean>`(${sql.ref(kindColumn)} = ${kind} and exists (select 1 from ${sql.table(link.table)} child
        where child.id = ${sql.ref(idColumn)} and ${passes(kind, 'child')}))`,
  );
  return sql<boolean>`(${sql.ref(kindColumn)} not in (${sql.join(kinds)}) or ${sql.join(branches, sql` or `)})`;
}

const labelObject = (alias: string) =>
  sql`json_build_object(${sql.raw(LABEL_COLUMN_NAMES.map((c) => `'${c}', ${alias}.${c}`).join(', '))})`;

/**
 * For rows naming a record by `kindColumn` and `idColumn`: the label columns of the record's
 * parents as a JSON array, nearest first (null where the kind has no parent, or a parent is not
 * here) — for saying why a record does not reach someone when its own label would.
 */
export function parentLabels(kindColumn: string, idColumn: string): RawBuilder<LabelColumns[] | null> {
  const branches = Object.keys(READ_THROUGH).map((kind) => {
    const { from, aliases } = withParents(kind);
    return sql`when ${sql.ref(kindColumn)} = ${kind} then (select json_build_array(${sql.join(aliases.map(labelObject))})
        from ${from} where child.id = ${sql.ref(idColumn)})`;
  });
  return sql<LabelColumns[] | null>`(case ${sql.join(branches, sql` `)} end)`;
}
