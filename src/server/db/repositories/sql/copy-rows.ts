/**
 * Bulk writes through COPY: rows encoded in PostgreSQL's COPY text format and sent as one COPY …
 * FROM STDIN. The statement travels through Kysely like any other (so it runs on the transaction's
 * connection); the two connection layers recognise it and stream the data — pg-copy-streams on
 * PostgreSQL (dialects/copy-aware-pg-pool.ts), the /dev/blob device on PGlite
 * (dialects/pglite-pool.ts). Several times cheaper per row than an INSERT (bench/RESULTS.md, P1).
 */
import { CompiledQuery, sql } from 'kysely';
import type { Kysely } from 'kysely';
import { anyText } from './text-array';
import type { ColumnTypes } from './bulk-insert';
import type { DB } from '../../schema';

/** `copy "table" ("a", "b") from stdin` with the data as its only parameter. */
export const COPY_FROM_STDIN = /^copy\s+"[a-z_]+"\s*\([^)]*\)\s+from\s+stdin$/i;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/g;
// Most fields (JSON text included) hold none of these: a search first skips building a copy of each.
const escapeText = (value: string) => (value.search(SPECIAL) === -1 ? value : value.replace(SPECIAL, (c) => ESCAPES[c] as string));

/** An array literal: every element quoted, quotes and backslashes escaped. */
function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/** One field in COPY text format: `\N` for null, the type's text form otherwise, escaped. */
export function copyField(value: unknown, type: ColumnTypes[string]): string {
  if (value === null || value === undefined) return '\\N';
  if (type === 'jsonb') return escapeText(JSON.stringify(value));
  // A `json` column keeps its text as given (a signed object, say); a value that is not text is encoded.
  if (type === 'json') return escapeText(typeof value === 'string' ? value : JSON.stringify(value));
  if (type === 'text[]') return escapeText(arrayLiteral(value as unknown[]));
  if (value instanceof Date) return value.toISOString();
  return escapeText(String(value));
}

export function encodeCopyRows(columns: ColumnTypes, rows: Record<string, unknown>[]): string {
  const names = Object.keys(columns);
  let text = '';
  for (const row of rows) text += `${names.map((name) => copyField(row[name], columns[name] as ColumnTypes[string])).join('\t')}\n`;
  return text;
}

export async function copyRows(db: Kysely<DB>, table: keyof DB, columns: ColumnTypes, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns)
    .map((name) => `"${name}"`)
    .join(', ');
  await db.executeQuery(CompiledQuery.raw(`copy "${String(table)}" (${names}) from stdin`, [encodeCopyRows(columns, rows)]));
}

/**
 * COPY of the rows whose key (two columns) is neither in the table yet nor earlier in `rows`: an
 * insert that keeps what is there, at COPY's cost. The caller holds a lock that keeps other
 * writers of these keys out until it commits (federation apply and the publisher: the publisher's).
 */
export async function copyNewRows(
  db: Kysely<DB>,
  table: keyof DB,
  columns: ColumnTypes,
  rows: Record<string, unknown>[],
  key: readonly [string, string],
): Promise<void> {
  if (rows.length === 0) return;
  const [first, second] = key;
  const held = await sql<Record<string, unknown>>`select ${sql.ref(first)}, ${sql.ref(second)} from ${sql.table(table)}
    where ${sql.ref(first)} = ${anyText([...new Set(rows.map((r) => String(r[first])))])}`.execute(db);
  const seen = new Set(held.rows.map((r) => `${String(r[first])}@${String(r[second])}`));
  const fresh = rows.filter((r) => {
    const k = `${String(r[first])}@${String(r[second])}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  await copyRows(db, table, columns, fresh);
}
