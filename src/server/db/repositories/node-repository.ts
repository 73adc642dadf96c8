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
