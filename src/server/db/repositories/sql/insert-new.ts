/**
 * New records written in chunks, each skipped when its id is taken meanwhile: the ids not written
 * are answered, and nothing of the record holding them is changed.
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
