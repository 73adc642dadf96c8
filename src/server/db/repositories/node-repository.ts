import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { DB, NodeIdentityTable } from '../schema';

export function nodeRepository(db: Kysely<DB>) {
  return {
    findIdentity: () => db.selectFrom('node_identity').selectAll().where('id', '=', 1).executeTakeFirst(),
    insertIdentityIfAbsent: (row: Omit<Insertable<NodeIdentityTable>, 'id'>) =>
      db
        .insertInto('node_identity')
        .values({ id: 1, ...row })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute(),
    /** Empties the private key column once the key is in its key file; whether it held one. */
    eraseStoredPrivateKey: async () =>
      Number(
        (
          await db
            .updateTable('node_identity')
            .set({ private_key: null })
            .where('id', '=', 1)
            .where('private_key', 'is not', null)
            .executeTakeFirst()
        ).numUpdatedRows,
      ) > 0,
    /** Rewrites the table so that the erased key's old row versions leave its files (outside a transaction). */
    compactIdentity: () => sql`vacuum full node_identity`.execute(db),
    /** Moves the public key from `from` to `to`; whether it was `from`. */
    rotatePublicKey: async (from: string, to: string) =>
      Number(
        (
          await db
            .updateTable('node_identity')
            .set({ public_key: to })
            .where('id', '=', 1)
            .where('public_key', '=', from)
            .executeTakeFirst()
        ).numUpdatedRows,
      ) > 0,
    deleteSetting: (key: string) => db.deleteFrom('node_settings').where('key', '=', key).execute(),
    getSetting: async (key: string) =>
      (await db.selectFrom('node_settings').select('value').where('key', '=', key).executeTakeFirst())?.value as unknown,
    /** Stores a setting unless one is there already (the first writer wins). */
    initSetting: (key: string, value: unknown) =>
      db
        .insertInto('node_settings')
        .values({ key, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute(),
    setSetting: (key: string, value: unknown) =>
      db
        .insertInto('node_settings')
        .values({ key, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
        .execute(),
  };
}
