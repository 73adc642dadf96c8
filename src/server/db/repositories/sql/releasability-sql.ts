/**
 * The SQL form of the releasability rule: compiles the one definition in
 * src/shared/labels/read-rule.ts into a WHERE condition over a table's label columns.
 * Repositories put it inside their queries; nothing filters after fetching.
 */
import { sql } from 'kysely';
import { anyText, textArray } from './text-array';
import type { RawBuilder } from 'kysely';
import { nodeRule, parentRule, readRule, recordRule } from '../../../../shared/labels/read-rule';
import { READ_THROUGH } from './read-through';
import type { ArrayField, Condition, NodeAudience, RankField, ScalarField } from '../../../../shared/labels/read-rule';
import type { Reader } from '../../../../shared/labels/label';

const SCALAR_COLUMNS: Record<ScalarField, string> = {
  originatorOrg: 'originator_org',
  originatorNation: 'originator_nation',
  state: 'state',
  tlp: 'tlp',
};
const ARRAY_COLUMNS: Record<ArrayField, string> = {
  relTo: 'rel_to',
  caveats: 'caveats',
  recipientOrgs: 'recipient_orgs',
  recipientUsers: 'recipient_users',
};
const RANK_COLUMNS: Record<RankField, string> = { classificationRank: 'classification_rank' };

function column(table: string, name: string) {
  return sql.ref(`${table}.${name}`);
}

/**
 * `condition` as SQL over the label columns of `table` (a table or alias holding records of `kind`;
 * the kind is needed only where the condition asks of the record's parent, and a condition asked of
 * the parent is compiled for the parent's kind, so a chain of parents compiles to nested checks).
 */
export function compileCondition(condition: Condition, table: string, kind?: string): RawBuilder<boolean> {
  switch (condition.kind) {
    case 'all':
      return condition.of.length === 0
        ? sql<boolean>`true`
        : sql<boolean>`(${sql.join(
            condition.of.map((c) => compileCondition(c, table, kind)),
            sql` and `,
          )})`;
    case 'any':
      return condition.of.length === 0
        ? sql<boolean>`false`
        : sql<boolean>`(${sql.join(
            condition.of.map((c) => compileCondition(c, table, kind)),
            sql` or `,
          )})`;
    case 'parent': {
      const link = kind !== undefined && Object.hasOwn(READ_THROUGH, kind) ? READ_THROUGH[kind] : undefined;
      if (!link) throw new Error(`records of ${kind ?? 'an unnamed kind'} have no parent to read through`);
      const parent = `${table}_parent`;
      return sql<boolean>`exists (select 1 from ${sql.table(link.parentTable)} as ${sql.ref(parent)}
        where ${sql.ref(`${parent}.id`)} = ${sql.ref(`${table}.${link.key}`)} and ${compileCondition(condition.of, parent, link.parentKind)})`;
    }
    case 'equals':
      return sql<boolean>`${column(table, SCALAR_COLUMNS[condition.field])} = ${condition.value}`;
    case 'oneOf':
      return sql<boolean>`${column(table, SCALAR_COLUMNS[condition.field])} = ${anyText(condition.values)}`;
    case 'atMost':
      return sql<boolean>`${column(table, RANK_COLUMNS[condition.field])} <= ${condition.value}`;
    case 'subsetOf':
      return sql<boolean>`${column(table, ARRAY_COLUMNS[condition.field])} <@ ${textArray(condition.values)}`;
    case 'intersects':
      return sql<boolean>`${column(table, ARRAY_COLUMNS[condition.field])} && ${textArray(condition.values)}`;
  }
}

/** `WHERE readable(reader)` for a table (or alias) that carries the label columns. */
export function readableBy(reader: Reader, table: string): RawBuilder<boolean> {
  return compileCondition(readRule(reader), table);
}

/** `WHERE readable(reader)` for records of `kind` in `table`: their own labels, and their parents' for a kind read through one. */
export function readableRecordBy(kind: string, reader: Reader, table: string): RawBuilder<boolean> {
  return compileCondition(recordRule(kind, readRule(reader)), table, kind);
}

/** For a record of `kind` in `table`: its parents pass the read rule (true for a kind without parents). */
export function parentsReadableBy(reader: Reader): (kind: string, table: string) => RawBuilder<boolean> {
  const rule = readRule(reader);
  return (kind, table) => compileCondition(parentRule(kind, rule) ?? { kind: 'all', of: [] }, table, kind);
}

/** For a record of `kind` in `table`: its parents pass the node rule (true for a kind without parents). */
export function parentsReceivableBy(node: NodeAudience): (kind: string, table: string) => RawBuilder<boolean> {
  const rule = nodeRule(node);
  return (kind, table) => compileCondition(parentRule(kind, rule) ?? { kind: 'all', of: [] }, table, kind);
}

/** `WHERE receivable(node)` — the node rule (RELEASABILITY.md) for a table that carries the label columns. */
export function receivableBy(node: NodeAudience, table: string): RawBuilder<boolean> {
  return compileCondition(nodeRule(node), table);
}
