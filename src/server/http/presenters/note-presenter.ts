/**
 * The one place a note becomes wire JSON: drops the field groups the reader may not see (absent,
 * not null) and attaches what the reader may do.
 */
import { canOn } from '../../domain/records/registry';
import { canReadField, fieldLabelOf } from '../../../shared/labels/field-labels';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { presentLabel } from './label-presenter';
import type { Note } from '../../../shared/contracts/notes';
import type { Label } from '../../../shared/labels/label';
import type { NoteRow } from '../../db/repositories/note-repository';
import type { UserActor } from '../../domain/auth/actor';

export function presentNote(row: NoteRow, actor: UserActor): Note {
  const label = labelFromColumns(row);
  const note: Note = {
    id: row.id,
    version: row.version,
    title: row.title,
    body: row.body,
    label: presentLabel(label),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    can: canOn('note', actor, row),
  };
  if (row.sources_text !== null) {
    const own = row.sources_label as Omit<Label, 'originator' | 'state' | 'version'> | null;
    const sourcesLabel = own ? fieldLabelOf(label, own) : label;
    if (canReadField(actor.reader, label, sourcesLabel)) {
      note.sources = { text: row.sources_text, label: presentLabel(sourcesLabel) };
    }
  }
  return note;
}
