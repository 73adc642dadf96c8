import type { Insertable, Kysely } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { AttachmentsTable, DB } from '../schema';

const META = ['a.id', 'a.incident_id', 'a.file_name', 'a.media_type', 'a.size', 'a.sha256', 'a.created_at'] as const;

/** Attachments are read through their incident: the incident's releasability decides. */
export function attachmentRepository(db: Kysely<DB>) {
  const readable = (reader: Reader) =>
    db.selectFrom('attachments as a').innerJoin('incidents as i', 'i.id', 'a.incident_id').where(readableBy(reader, 'i'));
  return {
    insert: (row: Insertable<AttachmentsTable>) => db.insertInto('attachments').values(row).execute(),
    listReadable: (incidentId: string, reader: Reader) =>
      readable(reader).select(META).where('a.incident_id', '=', incidentId).orderBy('a.created_at').execute(),
    findReadable: (id: string, reader: Reader) =>
      readable(reader)
        .select([...META, 'a.content'])
        .where('a.id', '=', id)
        .executeTakeFirst(),
    exists: async (id: string) => (await db.selectFrom('attachments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
    countFor: async (incidentId: string) =>
      Number(
        (
          await db
            .selectFrom('attachments')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('incident_id', '=', incidentId)
            .executeTakeFirstOrThrow()
        ).n,
      ),
  };
}
