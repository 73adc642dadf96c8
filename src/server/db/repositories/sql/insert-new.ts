/**
 * Many records at once: new ones written in chunks, each skipped when its id is taken meanwhile
 * (the ids not written are answered, and nothing of the record holding them is changed), and many
 * read in id order.
 */
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../schema';

const CHUNK = 500;

/** Inserts rows whose id may be taken by now; answers the ids that were (those rows are not written). */
export async function insertNewRows<T extends 'incidents' | 'actors' | 'indicators'>(
  db: Kysely<DB>,
  table: T,
  rows: Insertable<DB[T]>[],
): Promise<string[]> {
  const lost: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const written = await db
      .insertInto(table)
      .values(chunk as never)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    const ids = new Set(written.map((r) => (r as { id: string }).id));
    for (const row of chunk) if (!ids.has(String((row as { id: unknown }).id))) lost.push(String((row as { id: unknown }).id));
  }
  return lost;
}

/**
 * Rows fetched for a list of ids a chunk at a time, in id order (so concurrent writers locking them
 * lock in one order): `fetch` is given each chunk of sorted, distinct ids.
 */
export async function inIdOrder<Row>(ids: readonly string[], fetch: (chunk: string[]) => Promise<Row[]>): Promise<Row[]> {
  const sorted = [...new Set(ids)].sort();
  const rows: Row[] = [];
  for (let i = 0; i < sorted.length; i += CHUNK) rows.push(...(await fetch(sorted.slice(i, i + CHUNK))));
  return rows;
}
