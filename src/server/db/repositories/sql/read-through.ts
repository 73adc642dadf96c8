/**
 * Kinds read through a parent record: a record of such a kind is readable (or receivable) only where
 * its own label AND its parent's current label pass. Crisis entries are read through their crisis:
 * an entry never reaches anyone its crisis does not. Every path that serves a record of a named
 * kind by its (kind, id) — the live stream, TAXII and peers' pulls — takes the parent from here.
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
  /** The parent's table (it carries the label columns). */
  parentTable: string;
}

/**
 * The tables of each kind with a parent in RECORD_TABLES (src/server/db/record-tables.ts); a test
 * holds the kinds equal to PARENT_KIND (src/shared/vocab/record-kinds.ts), which the web app reads.
 */
export const READ_THROUGH: Readonly<Record<string, ParentLink>> = Object.fromEntries(
  Object.entries(RECORD_TABLES as Record<string, { table: string; parent?: { kind: string; key: string } }>).flatMap(([kind, t]) =>
    t.parent ? [[kind, { table: t.table, key: t.parent.key, parentTable: LABELLED_TABLES[t.parent.kind as LabelledKind] }]] : [],
  ),
);

/**
 * For rows naming a record by `kindColumn` and `idColumn`: true where the record's kind has no
 * parent, or its parent is here and passes `passes` (given the parent's alias). A parent that is
 * not here (yet) does not pass.
 */
export function parentPasses(
  kindColumn: string,
  idColumn: string,
  passes: (parentAlias: string) => RawBuilder<boolean>,
): RawBuilder<boolean> {
  const kinds = Object.keys(READ_THROUGH);
  const branches = Object.entries(READ_THROUGH).map(
    ([kind, link]) =>
      sql<boolean>`(${sql.ref(kindColumn)} = ${kind} and exists (select 1 from ${sql.table(link.table)} child
        join ${sql.table(link.parentTable)} parent on parent.id = ${sql.ref(`child.${link.key}`)}
        where child.id = ${sql.ref(idColumn)} and ${passes('parent')}))`,
  );
  return sql<boolean>`(${sql.ref(kindColumn)} not in (${sql.join(kinds)}) or ${sql.join(branches, sql` or `)})`;
}

/**
 * For rows naming a record by `kindColumn` and `idColumn`: the label columns of the record's parent
 * as JSON (null where the kind has no parent, or the parent is not here) — for saying why a record
 * does not reach someone when its own label would.
 */
export function parentLabel(kindColumn: string, idColumn: string): RawBuilder<LabelColumns | null> {
  const columns = sql.raw(LABEL_COLUMN_NAMES.map((c) => `'${c}', parent.${c}`).join(', '));
  const branches = Object.entries(READ_THROUGH).map(
    ([kind, link]) =>
      sql`when ${sql.ref(kindColumn)} = ${kind} then (select json_build_object(${columns}) from ${sql.table(link.table)} child
        join ${sql.table(link.parentTable)} parent on parent.id = ${sql.ref(`child.${link.key}`)} where child.id = ${sql.ref(idColumn)})`,
  );
  return sql<LabelColumns | null>`(case ${sql.join(branches, sql` `)} end)`;
}
