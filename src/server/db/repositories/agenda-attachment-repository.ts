import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable } from 'kysely';
import { readableRecordBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { AgendaAttachmentsTable, DB } from '../schema';

/** An attachment as listed: everything but the file's bytes, and who attached it. */
export type AgendaAttachmentRow = Omit<Selectable<AgendaAttachmentsTable>, 'content'> & { created_by_name: string };

const META = [
  'a.id',
  'a.agenda_item_id',
  'a.meeting_id',
  'a.version',
  'a.file_name',
  'a.media_type',
  'a.size',
  'a.sha256',
  'a.created_by',
  'a.created_at',
  'a.originator_nation',
  'a.originator_org',
  'a.classification',
  'a.classification_rank',
  'a.rel_to',
  'a.caveats',
  'a.tlp',
  'a.recipient_orgs',
  'a.recipient_users',
  'a.state',
  'a.label_version',
] as const;

/**
 * Files attached to agenda items. Every query asks the rule for the kind — the attachment's own
 * label, its item's and the item's meeting's — and who wrote it: the item must be the meeting
 * host's, and the file the host's or the nation leading the item's. Records arrive from partners
 * in any order, so this is where one written before its item was here to refuse it is kept from
 * being shown (and a file of a nation that no longer leads the item is no longer shown).
 */
export function agendaAttachmentRepository(db: Kysely<DB>) {
  const readable = (reader: Reader) =>
    db
      .selectFrom('agenda_attachments as a')
      .innerJoin('users', 'users.id', 'a.created_by')
      .select(META)
      .select('users.display_name as created_by_name')
      .where(readableRecordBy('agenda-attachment', reader, 'a'))
      .where(
        sql<boolean>`exists (select 1 from agenda_items i join meetings m on m.id = i.meeting_id
          where i.id = a.agenda_item_id and i.meeting_id = a.meeting_id and i.originator_nation = m.originator_nation
            and a.originator_nation in (m.originator_nation, i.owner_nation))`,
      );
  return {
    /** A meeting's attachments the reader may read, per item in the order attached. */
    ofMeeting: (reader: Reader, meetingId: string): Promise<AgendaAttachmentRow[]> =>
      readable(reader).where('a.meeting_id', '=', meetingId).orderBy('a.created_at').orderBy('a.id').execute(),
    ofItem: (reader: Reader, itemId: string): Promise<AgendaAttachmentRow[]> =>
      readable(reader).where('a.agenda_item_id', '=', itemId).orderBy('a.created_at').orderBy('a.id').execute(),
    /** One attachment with its bytes if the reader may read it; otherwise nothing, exactly as if it did not exist. */
    findReadable: (id: string, reader: Reader) => readable(reader).select('a.content').where('a.id', '=', id).executeTakeFirst(),
    /** How many files of `nation` an item holds that `reader` may read (a file out of reach is not counted: it does not exist for them). */
    countReadable: async (reader: Reader, itemId: string, nation: string) =>
      (await readable(reader).where('a.agenda_item_id', '=', itemId).where('a.originator_nation', '=', nation).execute()).length,
    /** How many files of `nation` an item holds here, whoever may read them (a partner's flood is refused). */
    countOf: async (itemId: string, nation: string) =>
      Number(
        (
          await db
            .selectFrom('agenda_attachments')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('agenda_item_id', '=', itemId)
            .where('originator_nation', '=', nation)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    insert: (row: Insertable<AgendaAttachmentsTable>) => db.insertInto('agenda_attachments').values(row).execute(),
  };
}
