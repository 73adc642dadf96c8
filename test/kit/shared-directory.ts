/** Partner nodes know the same directory: copies one node's directory rows to others (rows already there are kept). */
import type { Context } from '../../src/server/context';

const DIRECTORY_TABLES = ['nations', 'communities', 'community_memberships', 'caveats', 'organisations', 'users'] as const;

export async function shareDirectory(from: Context, ...to: Context[]): Promise<void> {
  for (const table of DIRECTORY_TABLES) {
    const rows = await from.database.db.selectFrom(table).selectAll().execute();
    if (rows.length === 0) continue;
    for (const node of to)
      await node.database.db
        .insertInto(table)
        .values(rows as never)
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
}
