/**
 * Bulk writes as one statement with one parameter: the rows travel as a JSON array and PostgreSQL
 * unpacks them with jsonb_to_recordset. Far fewer bound parameters than a multi-row VALUES list,
 * which is what made per-row parameter binding the bottleneck of imports (bench/RESULTS.md, P1).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from './schema';

/** Column name → PostgreSQL type, in insert order. */
export type ColumnTypes = Record<
  string,
  'text' | 'integer' | 'smallint' | 'bigint' | 'double precision' | 'timestamptz' | 'jsonb' | 'text[]'
>;

export async function bulkInsert(
  db: Kysely<DB>,
  table: keyof DB,
  columns: ColumnTypes,
  rows: Record<string, unknown>[],
  onConflictDoNothing = false,
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const definitions = sql.raw(names.map((name) => `"${name}" ${columns[name]}`).join(', '));
  const conflict = onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
    select ${sql.join(names.map((n) => sql.ref(`r.${n}`)))} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${definitions})${conflict}`.execute(
    db,
  );
}

export const LABEL_COLUMN_TYPES: ColumnTypes = {
  originator_nation: 'text',
  originator_org: 'text',
  classification: 'text',
  classification_rank: 'smallint',
  rel_to: 'text[]',
  caveats: 'text[]',
  tlp: 'text',
  recipient_orgs: 'text[]',
  recipient_users: 'text[]',
  state: 'text',
  label_version: 'integer',
};
