/**
 * The SQL form of the releasability rule: compiles the one definition in
 * src/shared/labels/read-rule.ts into a WHERE condition over a table's label columns.
 * Repositories put it inside their queries; nothing filters after fetching.
 */
import { sql } from 'kysely';
import { anyText, textArray } from './text-array';
import type { RawBuilder } from 'kysely';
import { nodeRule, readRule } from '../../../../shared/labels/read-rule';
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

export function compileCondition(condition: Condition, table: string): RawBuilder<boolean> {
  switch (condition.kind) {
    case 'all':
      return condition.of.length === 0
        ? sql<boolean>`true`
        : sql<boolean>`(${sql.join(
            condition.of.map((c) => compileCondition(c, table)),
            sql` and `,
          )})`;
    case 'any':
      return condition.of.length === 0
        ? sql<boolean>`false`
        : sql<boolean>`(${sql.join(
            condition.of.map((c) => compileCondition(c, table)),
            sql` or `,
          )})`;
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

/** `WHERE receivable(node)` — the node rule (RELEASABILITY.md) for a table that carries the label columns. */
export function receivableBy(node: NodeAudience, table: string): RawBuilder<boolean> {
  return compileCondition(nodeRule(node), table);
}
