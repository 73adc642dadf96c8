/**
 * Bulk writes as one statement with one parameter: the rows travel as a JSON array and PostgreSQL
 * unpacks them with jsonb_to_recordset. Far fewer bound parameters than a multi-row VALUES list,
 * which is what made per-row parameter binding the bottleneck of imports (bench/RESULTS.md, P1).
 */
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { DB } from '../../schema';

/** Column name → PostgreSQL type, in insert order. */
export type ColumnTypes = Record<
  string,
  'text' | 'integer' | 'smallint' | 'bigint' | 'double precision' | 'timestamptz' | 'json' | 'jsonb' | 'text[]'
>;

/** `insert into table (columns) select … from jsonb_to_recordset(rows)`, optionally only `where` a condition holds. */
export function recordsetInsert(
  table: keyof DB,
  columns: ColumnTypes,
  rows: Record<string, unknown>[],
  options: { where?: RawBuilder<unknown>; onConflictDoNothing?: boolean; upsertOn?: string } = {},
): RawBuilder<unknown> {
  const names = Object.keys(columns);
  const definitions = sql.raw(names.map((name) => `"${name}" ${columns[name]}`).join(', '));
  const where = options.where ? sql` where ${options.where}` : sql``;
  // `upsertOn`: the key column; every other column takes the new row's value.
  const conflict = options.upsertOn
    ? sql.raw(
        ` on conflict ("${options.upsertOn}") do update set ${names
          .filter((n) => n !== options.upsertOn)
          .map((n) => `"${n}" = excluded."${n}"`)
          .join(', ')}`,
      )
    : options.onConflictDoNothing
      ? sql` on conflict do nothing`
      : sql``;
  return sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
    select ${sql.join(names.map((n) => sql.ref(`r.${n}`)))} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${definitions})${where}${conflict}`;
}

export async function bulkInsert(
  db: Kysely<DB>,
  table: keyof DB,
  columns: ColumnTypes,
  rows: Record<string, unknown>[],
  onConflictDoNothing = false,
): Promise<void> {
  if (rows.length === 0) return;
  await recordsetInsert(table, columns, rows, { onConflictDoNothing }).execute(db);
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

export const INCIDENT_COLUMN_TYPES: ColumnTypes = {
  id: 'text',
  version: 'integer',
  release_state: 'text',
  domain: 'text',
  subtype: 'text',
  title: 'text',
  narrative: 'text',
  occurred_at: 'timestamptz',
  time_precision: 'text',
  country: 'text',
  admin1: 'text',
  admin2: 'text',
  place_name: 'text',
  lat: 'double precision',
  lon: 'double precision',
  geo_precision: 'text',
  uncertainty_km: 'double precision',
  killed: 'jsonb',
  wounded: 'jsonb',
  abducted: 'jsonb',
  sources: 'jsonb',
  sources_label: 'jsonb',
  proposed_label: 'jsonb',
  created_by: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  ...LABEL_COLUMN_TYPES,
};

export const INCIDENT_VERSION_COLUMN_TYPES: ColumnTypes = {
  id: 'text',
  version: 'integer',
  change: 'text',
  changed_by: 'text',
  changed_at: 'timestamptz',
  snapshot: 'jsonb',
  ...LABEL_COLUMN_TYPES,
};

export const CHANGE_COLUMN_TYPES: ColumnTypes = {
  at: 'timestamptz',
  record_kind: 'text',
  record_id: 'text',
  version: 'integer',
  change: 'text',
};

export const AUDIT_COLUMN_TYPES: ColumnTypes = {
  seq: 'bigint',
  at: 'timestamptz',
  actor_id: 'text',
  actor: 'text',
  action: 'text',
  outcome: 'text',
  target_kind: 'text',
  target_id: 'text',
  details: 'jsonb',
  prev_hash: 'text',
  hash: 'text',
};

export const STIX_OBJECT_COLUMN_TYPES: ColumnTypes = {
  stix_id: 'text',
  stix_type: 'text',
  modified: 'timestamptz',
  version: 'integer',
  record_kind: 'text',
  record_id: 'text',
  date_added: 'timestamptz',
  object: 'json',
  stripped: 'json',
  origin_node: 'text',
  ...LABEL_COLUMN_TYPES,
};

export const DELIVERY_COLUMN_TYPES: ColumnTypes = {
  peer_node_id: 'text',
  stix_id: 'text',
  version: 'integer',
  delivered_at: 'timestamptz',
};

/** `recordsetInsert` that returns the named columns of the rows it inserted. */
export function recordsetInsertReturning<Row>(
  table: keyof DB,
  columns: ColumnTypes,
  rows: Record<string, unknown>[],
  returning: readonly string[],
  options: { where?: RawBuilder<unknown> } = {},
): RawBuilder<Row> {
  return sql<Row>`${recordsetInsert(table, columns, rows, options)} returning ${sql.join(returning.map((c) => sql.ref(c)))}`;
}
